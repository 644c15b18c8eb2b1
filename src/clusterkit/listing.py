"""The clusters on the search path, chosen by country and sector (``clusterkit list``).

What ``list`` and ``show`` display is built by :mod:`clusterkit.views.listing`.
"""

from __future__ import annotations

from collections.abc import Iterable

from clusterkit.models import Cluster
from clusterkit.records import unique


def filter_clusters(
    clusters: Iterable[Cluster], country: str | None = None, sector: str | None = None
) -> list[Cluster]:
    """Clusters in a country (ISO code, any case) whose sectors mention ``sector`` (any case)."""
    chosen = []
    for cluster in clusters:
        if country and cluster.location.country != country.upper():
            continue
        if sector:
            sectors = cluster.sectors.value if cluster.sectors else []
            if not any(sector.lower() in s.lower() for s in sectors):
                continue
        chosen.append(cluster)
    return chosen


def founded_years(cluster: Cluster) -> list[int]:
    """Every founding year the sources give, the profile's own first, each once (empty: unknown)."""
    founded = cluster.founded
    if founded is None:
        return []
    return unique([founded.value, *(a.value for a in founded.alternatives)])
