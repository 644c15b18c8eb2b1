"""The choices of the scoring method, written once: scoring takes them, the CLI offers them.

A light module (no pydantic), so the command line can build its options without loading models.
"""

from __future__ import annotations

from typing import Literal

# Unknown indicators: left out of the means ("ignore") or counted as level 0 ("zero").
Missing = Literal["ignore", "zero"]
# Weighted arithmetic or geometric mean, within and across dimensions.
Aggregation = Literal["arithmetic", "geometric"]
# Measured indicators: the framework's fixed thresholds, or min-max across the collection.
Normalisation = Literal["thresholds", "minmax"]

# A cluster whose known share of the weight (overall, or of the dimension ranked) is below this is not
# ranked, as composite-indicator practice sets a data-availability threshold (COINr's `dat_thresh`).
DEFAULT_MIN_COVERAGE = 0.5
