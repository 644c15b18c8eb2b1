"""Results of ``list`` and ``show``: the clusters on the search path, and one cluster in full."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel

from clusterkit.models import Alternative, Cluster, Fact
from clusterkit.tabular import Column, Table

QUALIFIER_WORDS = {
    "exact": "",
    "about": "about ",
    "more_than": "more than ",
    "at_least": "at least ",
    "almost": "almost ",
    "less_than": "less than ",
}


def fact_text(fact: Fact | Alternative, share: bool = False) -> str:
    """A fact's value as people read it, with its qualifier (``more than 100``, ``70 %``)."""
    value = fact.value
    if isinstance(value, BaseModel):
        data = value.model_dump(exclude_none=True)
        if {"amount", "currency"} <= data.keys():
            amount = data["amount"]
            shown = (
                f"{amount / 1e9:g} bn" if amount >= 1e9 else f"{amount / 1e6:g} M" if amount >= 1e6 else f"{amount:g}"
            )
            value = f"{shown} {data['currency']}" + (f" ({data['year']})" if "year" in data else "")
        else:
            value = ", ".join(f"{k}={v}" for k, v in data.items())
    elif isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    elif share and isinstance(value, int | float):
        value = f"{value * 100:g} %"
    elif isinstance(value, int) and not isinstance(value, bool) and value >= 10_000:
        value = f"{value:,}"
    return f"{QUALIFIER_WORDS[fact.qualifier]}{value}"


def cluster_row(cluster: Cluster) -> dict[str, Any]:
    """The summary row of a cluster, as ``list`` shows it."""
    founded = cluster.founded
    founded_text: Any = None
    if founded is not None:
        founded_text = founded.value
        if founded.alternatives:
            founded_text = " or ".join(
                str(v) for v in dict.fromkeys([founded.value, *(a.value for a in founded.alternatives)])
            )
    return {
        "id": cluster.id,
        "name": cluster.name,
        "acronym": cluster.acronym,
        "country": cluster.location.country,
        "city": cluster.location.city,
        "region": cluster.location.region,
        "founded": founded_text,
        "sectors": list(cluster.sectors.value) if cluster.sectors else [],
        "status": cluster.status.value if cluster.status else None,
        "latitude": cluster.location.latitude,
        "longitude": cluster.location.longitude,
    }


@dataclass
class ClusterList:
    """The clusters on the search path (the result of ``clusterkit list``)."""

    payload_name: ClassVar[str] = "clusters"
    clusters: list[Cluster]

    def rows(self) -> list[dict[str, Any]]:
        return [cluster_row(c) for c in self.clusters]

    def payload(self) -> Any:
        return self.rows()

    def tables(self) -> list[Table]:
        return [
            Table(
                "clusters",
                f"{len(self.clusters)} clusters",
                [
                    Column("id", "id"),
                    Column("name", "name"),
                    Column("country", "country"),
                    Column("city", "city"),
                    Column("founded", "founded"),
                    Column("sectors", "sectors"),
                    Column("status", "status"),
                ],
                self.rows(),
                primary=True,
            )
        ]


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


def _flatten(obj: Any, path: str, rows: list[dict[str, Any]]) -> None:
    if obj is None:
        return
    if isinstance(obj, Fact):
        share = path.endswith("_share")
        rows.append({"field": path, "value": fact_text(obj, share), "source": obj.source, "note": obj.note})
        for alt in obj.alternatives:
            value = fact_text(alt, share) + (f" ({alt.note})" if alt.note else "")
            rows.append({"field": f"{path} (also)", "value": value, "source": alt.source, "note": alt.note})
        return
    if isinstance(obj, BaseModel):
        fields = type(obj).model_fields
        if "source" in fields:
            data = {
                k: v for k, v in obj.model_dump(exclude_none=True).items() if k not in ("source", "coordinates_source")
            }
            text = data.pop("name", None) or data.pop("text", None) or data.pop("topic", None)
            rest = "; ".join(f"{k}: {v}" for k, v in data.items())
            value = f"{text} ({rest})" if text and rest else text or rest
            rows.append({"field": path, "value": value, "source": getattr(obj, "source", None), "note": None})
            return
        for name in fields:
            _flatten(getattr(obj, name), f"{path}.{name}" if path else name, rows)
        return
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            _flatten(item, f"{path}.{i}", rows)
        return
    if isinstance(obj, dict):
        for key, item in obj.items():
            _flatten(item, f"{path}.{key}", rows)
        return
    rows.append({"field": path, "value": str(obj), "source": "", "note": None})


@dataclass
class ClusterView:
    """One cluster in full, every fact with its citation (the result of ``clusterkit show``)."""

    payload_name: ClassVar[str] = "cluster"
    cluster: Cluster
    shadowed: str | None = None

    def payload(self) -> Any:
        # NOTE: under its own key, so the profile's kind and schema_version never mix with the envelope's.
        return {"cluster": self.cluster.model_dump(mode="json", exclude_none=True)}

    def tables(self) -> list[Table]:
        rows: list[dict[str, Any]] = []
        data = self.cluster
        for name in type(data).model_fields:
            if name in ("kind", "schema_version", "assessments", "target"):
                continue
            _flatten(getattr(data, name), name, rows)
        assessed = [
            {
                "field": f"assessments.{a.date or 'undated'}",
                "value": f"{len(a.levels)} indicators assessed ({a.framework})",
                "source": None,
            }
            for a in data.assessments
        ]
        return [
            Table(
                "facts",
                f"{data.name} ({data.id})",
                [Column("field", "field"), Column("value", "value"), Column("source", "source")],
                rows + assessed,
                primary=True,
            )
        ]
