"""The clusters on the search path, each as its summary row, chosen by country and sector (``clusterkit list``).

A row is plain data (JSON's types), so a warm ``list`` takes the rows from the cache and reads no
profile. What ``list`` shows is built by :mod:`clusterkit.views.clusters`, what ``show`` shows by
:mod:`clusterkit.views.listing`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from clusterkit.records import unique

if TYPE_CHECKING:
    from clusterkit.models import Cluster

# The cache's name for the rows; the cache's fingerprint covers this module, so a new row is never stale.
ROWS_KEY = "cluster-rows"


def founded_years(cluster: Cluster) -> list[int]:
    """Every founding year the sources give, the profile's own first, each once (empty: unknown)."""
    founded = cluster.founded
    if founded is None:
        return []
    return unique([founded.value, *(a.value for a in founded.alternatives)])


def cluster_row(cluster: Cluster) -> dict[str, Any]:
    """The summary row of a cluster, as ``list`` gives it in JSON (and GeoJSON reads it).

    ``founded`` is the year, or every year the sources give joined by "or" (``2016 or 2015``).
    """
    years = founded_years(cluster)
    founded: Any = None
    if cluster.founded is not None:
        founded = " or ".join(str(y) for y in years) if cluster.founded.alternatives else cluster.founded.value
    return {
        "id": cluster.id,
        "name": cluster.name,
        "acronym": cluster.acronym,
        "country": cluster.location.country,
        "city": cluster.location.city,
        "region": cluster.location.region,
        "founded": founded,
        "sectors": list(cluster.sectors.value) if cluster.sectors else [],
        "status": cluster.status.value if cluster.status else None,
        "latitude": cluster.location.latitude,
        "longitude": cluster.location.longitude,
    }


def row_matches(row: dict[str, Any], country: str | None = None, sector: str | None = None) -> bool:
    """Whether a cluster's row is in a country (ISO code, any case) and has a sector that mentions ``sector``."""
    if country and row["country"] != country.upper():
        return False
    return not sector or any(sector.lower() in s.lower() for s in row["sectors"])


def filter_rows(
    rows: Iterable[dict[str, Any]], country: str | None = None, sector: str | None = None
) -> list[dict[str, Any]]:
    """The rows of the clusters in a country whose sectors mention ``sector`` (see :func:`row_matches`)."""
    return [row for row in rows if row_matches(row, country, sector)]
