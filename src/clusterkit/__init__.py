"""clusterkit: assess innovation cluster organisations with cited evidence.

The library behind the ``clusterkit`` command::

    from clusterkit import Catalog, compare, score, audit

    catalog = Catalog()
    framework = catalog.framework("default")
    mnc = score(catalog.cluster("mnc"), framework)
    le2c = score(catalog.cluster("le2c"), framework)
    result = compare(mnc, le2c, framework, catalog.practices())

Names are imported on first use, so ``import clusterkit`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Catalog": "clusterkit.loading",
    "load_document": "clusterkit.loading",
    "load_profile": "clusterkit.loading",
    "search_dirs": "clusterkit.loading",
    "score": "clusterkit.scoring",
    "rank": "clusterkit.scoring",
    "ClusterScore": "clusterkit.scoring",
    "compare": "clusterkit.comparison",
    "Comparison": "clusterkit.comparison",
    "audit": "clusterkit.audit",
    "render": "clusterkit.render",
    "ClusterkitError": "clusterkit.errors",
    "LoadError": "clusterkit.errors",
    "Cluster": "clusterkit.models",
    "Framework": "clusterkit.models",
    "Strategy": "clusterkit.models",
}

__all__ = [
    "Catalog",
    "Cluster",
    "ClusterScore",
    "ClusterkitError",
    "Comparison",
    "Framework",
    "LoadError",
    "Strategy",
    "__version__",
    "audit",
    "compare",
    "load_document",
    "load_profile",
    "rank",
    "render",
    "score",
    "search_dirs",
]

if TYPE_CHECKING:
    from clusterkit.audit import audit
    from clusterkit.comparison import Comparison, compare
    from clusterkit.errors import ClusterkitError, LoadError
    from clusterkit.loading import Catalog, load_document, load_profile, search_dirs
    from clusterkit.models import Cluster, Framework, Strategy
    from clusterkit.render import render
    from clusterkit.scoring import ClusterScore, rank, score


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'clusterkit' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
