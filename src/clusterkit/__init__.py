"""clusterkit: assess innovation cluster organisations with cited evidence.

The library behind the ``clusterkit`` command::

    from clusterkit import Catalog, compare, score, view_of
    from clusterkit.render import render

    catalog = Catalog()
    framework = catalog.framework("default")
    mnc = score(catalog.cluster("mnc"), framework)
    le2c = score(catalog.cluster("le2c"), framework)
    result = compare(mnc, le2c, framework, catalog.practices())
    print(render(view_of(result), "markdown"))

Names are imported on first use, so ``import clusterkit`` stays cheap. A strategy is audited with
``clusterkit.audit.audit`` and a view drawn with ``clusterkit.render.render``: those modules share
the functions' names, so the package does not re-export them.
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
    "Ranking": "clusterkit.scoring",
    "build_report": "clusterkit.report",
    "View": "clusterkit.views",
    "view_of": "clusterkit.views.of",
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
    "Ranking",
    "Strategy",
    "View",
    "__version__",
    "build_report",
    "compare",
    "load_document",
    "load_profile",
    "rank",
    "score",
    "search_dirs",
    "view_of",
]

if TYPE_CHECKING:
    from clusterkit.comparison import Comparison, compare
    from clusterkit.errors import ClusterkitError, LoadError
    from clusterkit.loading import Catalog, load_document, load_profile, search_dirs
    from clusterkit.models import Cluster, Framework, Strategy
    from clusterkit.report import build_report
    from clusterkit.scoring import ClusterScore, Ranking, rank, score
    from clusterkit.views import View
    from clusterkit.views.of import view_of


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'clusterkit' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
