"""The views of ``clusterkit list`` (the clusters on the search path) and ``clusterkit show`` (one in full)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from clusterkit import text
from clusterkit.bibliography import Bibliography
from clusterkit.i18n import N_, _, ngettext
from clusterkit.listing import cluster_row as cluster_row  # re-exported: the row is a cluster's summary
from clusterkit.models import Alternative, Cluster, Fact, YearAlternative, YearFact
from clusterkit.views import Column, Table, View
from clusterkit.views.blocks import Section
from clusterkit.views.clusters import clusters_view
from clusterkit.views.references import reference_list_table, reference_payload, references_blocks

# What ``show`` calls each field, by its path in the profile; a path not listed is named by its last
# part, underscores as spaces.
FIELD_LABELS: dict[str, str] = {
    "id": "id",
    "name": N_("name"),
    "acronym": N_("acronym"),
    "location": N_("location"),
    "founded": N_("founded"),
    "sectors": N_("sectors"),
    "status": N_("status"),
    "description": N_("description"),
    "financing": N_("financing"),
    "members.total": N_("members, total"),
    "members.companies": N_("members, companies"),
    "members.smes": N_("members, SMEs"),
    "members.large_companies": N_("members, large companies"),
    "members.universities": N_("members, universities"),
    "members.research_centres": N_("members, research centres"),
    "members.universities_and_research_centres": N_("members, universities and research centres"),
    "members.training_institutions": N_("members, training institutions"),
    "members.public_bodies": N_("members, public bodies"),
    "members.financial_institutions": N_("members, financial institutions"),
    "members.associations": N_("members, associations"),
    "members.types": N_("member types"),
    "economy.turnover": N_("turnover"),
    "economy.employees": N_("employees"),
    "economy.exporting_members_share": N_("exporting members, share"),
    "economy.countries_reached": N_("countries reached"),
    "economy.national_production_share": N_("share of national production"),
    "management.staff_fte": N_("management staff (FTE)"),
    "management.english_website": N_("English website"),
    "management.website": N_("website"),
}
# What ``show`` calls one item of a list, by the list's path: ``partnership 2`` (numbered when there
# are several).
ITEM_LABELS: dict[str, str] = {
    "labels": N_("label"),
    "networks": N_("network"),
    "partnerships": N_("partnership"),
    "supporters": N_("supporter"),
    "specialisations": N_("specialisation"),
    "thematic_poles": N_("thematic pole"),
    "work_axes": N_("work axis"),
    "commitments": N_("commitment"),
    "milestones": N_("milestone"),
    "reviews": N_("review"),
    "notes": N_("note"),
}
# Member types (slugs of the profile) in words.
MEMBER_TYPE_WORDS: dict[str, str] = {
    "companies": N_("companies"),
    "smes": N_("smes"),  # NOTE: as the English output always spelled it
    "large_companies": N_("large companies"),
    "universities": N_("universities"),
    "research_centres": N_("research centres"),
    "training_institutions": N_("training institutions"),
    "public_bodies": N_("public bodies"),
    "financial_institutions": N_("financial institutions"),
    "associations": N_("associations"),
    "education_and_research": N_("education and research"),
}
# The fields of a record inside a profile (a partnership's ``since``), in words.
RECORD_FIELDS: dict[str, str] = {
    "description": N_("description"),
    "since": N_("since"),
    "level": N_("level"),
    "year": N_("year"),
    "note": N_("note"),
    "findings": N_("findings"),
    "questions": N_("questions"),
    "country": N_("country"),
    "city": N_("city"),
    "region": N_("region"),
    "latitude": N_("latitude"),
    "longitude": N_("longitude"),
    "precision": N_("precision"),
}
ALSO = " (also)"
ALSO_TEXT = N_(" (also)")


def fact_text(fact: Fact | Alternative, share: bool = False) -> str:
    """A fact's value as people read it, with its qualifier (``more than 100``, ``70 %``, ``4.5 million EUR``).

    ``share``: the value is a fraction 0-1, shown as a percentage. Years stay as written (``2011``).
    """
    value = fact.value
    shown: str
    if isinstance(value, BaseModel):
        data = value.model_dump(exclude_none=True)
        if {"amount", "currency"} <= data.keys():
            shown = text.money(data["amount"], data["currency"], data.get("year"))
        else:
            shown = ", ".join(f"{k}={v}" for k, v in data.items())
    elif isinstance(value, list):
        shown = ", ".join(str(v) for v in value)
    elif isinstance(fact, YearFact | YearAlternative):
        shown = str(value)
    elif share and isinstance(value, int | float) and not isinstance(value, bool):
        shown = text.share(value)
    elif isinstance(value, int | float):
        shown = text.number(value)
    else:
        shown = str(value)
    return text.qualified(shown, fact.qualifier)


def cluster_list_view(clusters: Sequence[Cluster]) -> View:
    """What ``clusterkit list`` shows of these clusters (see :func:`clusterkit.views.clusters.clusters_view`)."""
    return clusters_view([cluster_row(c) for c in clusters])


def field_label(path: str, items: int = 1) -> str:
    """What ``show`` calls the field at a dotted ``path``, in words: ``members.total`` -> ``members, total``,
    ``partnerships.1`` -> ``partnership 2`` (``label`` alone when its list holds ``items`` = 1), a path's
    ``(also)`` kept. Never a dotted path nor a bare index."""
    also = path.endswith(ALSO)
    parts = path.removesuffix(ALSO).split(".")
    if len(parts) > 1 and parts[-1].isdigit():
        listed = ".".join(parts[:-1])
        noun = _(ITEM_LABELS[listed]) if listed in ITEM_LABELS else text.words(parts[-2])
        label = f"{noun} {int(parts[-1]) + 1}" if items > 1 else noun
    else:
        field = ".".join(parts)
        label = _(FIELD_LABELS[field]) if field in FIELD_LABELS else text.words(parts[-1])
    return label + (_(ALSO_TEXT) if also else "")


def _list_path(path: str) -> str | None:
    """The path of the list an item's path is in (``partnerships`` for ``partnerships.1``); None for no item."""
    head, _, last = path.removesuffix(ALSO).rpartition(".")
    return head if head and last.isdigit() else None


def _labelled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with each dotted path (``path``) named in words (``field``), list items numbered when several."""
    items: dict[str, int] = {}
    for row in rows:
        listed = _list_path(row["path"])
        if listed is not None and not row["path"].endswith(ALSO):
            items[listed] = items.get(listed, 0) + 1
    return [{**row, "field": field_label(row["path"], items.get(_list_path(row["path"]) or "", 1))} for row in rows]


def _flatten(obj: Any, path: str, rows: list[dict[str, Any]]) -> None:
    """Append one row per fact (and per alternative) below ``obj``, with its dotted path (``path``)."""
    if obj is None:
        return
    if isinstance(obj, Fact):
        share = path.endswith("_share")
        value = fact_text(obj, share)
        # NOTE: member types are slugs (large_companies); people read words, as the report shows them.
        if path == "members.types" and isinstance(obj.value, list):
            words = [_(MEMBER_TYPE_WORDS[t]) if t in MEMBER_TYPE_WORDS else text.words(str(t)) for t in obj.value]
            value = text.qualified(", ".join(words), obj.qualifier)
        rows.append({"path": path, "value": value, "source": obj.source, "note": obj.note})
        for alt in obj.alternatives:
            value = fact_text(alt, share) + (f" ({alt.note})" if alt.note else "")
            rows.append({"path": f"{path}{ALSO}", "value": value, "source": alt.source, "note": alt.note})
        return
    if isinstance(obj, BaseModel):
        fields = type(obj).model_fields
        if "source" in fields:
            data = {
                k: v for k, v in obj.model_dump(exclude_none=True).items() if k not in ("source", "coordinates_source")
            }
            name = data.pop("name", None) or data.pop("text", None) or data.pop("topic", None)
            # NOTE: the record's other fields as written (coordinates keep every decimal).
            rest = "; ".join(
                _("{field}: {value}").format(field=_(RECORD_FIELDS[k]) if k in RECORD_FIELDS else k, value=v)
                for k, v in data.items()
            )
            value = f"{name} ({rest})" if name and rest else name or rest
            rows.append({"path": path, "value": value, "source": getattr(obj, "source", None), "note": None})
            return
        for field_name in fields:
            _flatten(getattr(obj, field_name), f"{path}.{field_name}" if path else field_name, rows)
        return
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            _flatten(item, f"{path}.{i}", rows)
        return
    if isinstance(obj, dict):
        for key, item in obj.items():
            _flatten(item, f"{path}.{key}", rows)
        return
    rows.append({"path": path, "value": str(obj), "source": "", "note": None})


def cluster_view(cluster: Cluster, cited: Bibliography | None = None) -> View:
    """What ``clusterkit show`` shows: every field of a profile with its citation, then, given what the
    profile cites (:func:`clusterkit.bibliography.cited_by`), those references in full.

    The payload holds the profile under its own key, so its ``kind`` and ``schema_version`` never mix
    with the envelope's; with ``cited``, ``references`` lists the references cited.
    """
    rows: list[dict[str, Any]] = []
    for name in type(cluster).model_fields:
        if name in ("kind", "schema_version", "assessments", "target"):
            continue
        _flatten(getattr(cluster, name), name, rows)
    # NOTE: each row keeps its dotted path; people read the field in words.
    rows = _labelled(rows)
    rows += [
        {
            "path": f"assessments.{a.date or 'undated'}",
            "field": _("assessment {date}").format(date=text.date(a.date)) if a.date else _("assessment (undated)"),
            "value": ngettext(
                "{count} indicator assessed ({framework})", "{count} indicators assessed ({framework})", len(a.levels)
            ).format(count=text.number(len(a.levels)), framework=a.framework),
            "source": None,
        }
        for a in cluster.assessments
    ]
    table = Table(
        "facts",
        f"{cluster.name} ({cluster.id})",
        [Column("field", _("field")), Column("value", _("value")), Column("source", _("source"))],
        rows,
        primary=True,
    )
    payload: dict[str, Any] = {"cluster": cluster.model_dump(mode="json", exclude_none=True)}
    if cited is None:
        return View(kind="cluster", title=table.title, tables=[table], payload=payload)
    refs = reference_list_table(cited)
    payload["references"] = [reference_payload(ref) for ref in cited.references]
    sections = (
        Section("facts", table.title, (table,)),
        Section("references", _("References"), references_blocks(cited)),
    )
    return View(kind="cluster", title=table.title, tables=[table, refs], payload=payload, sections=sections)
