"""The view of ``clusterkit references``: the bibliography, whole or by key, or what one document cites.

:func:`references_table` and :func:`references_blocks` also end the view of ``clusterkit show``.
"""

from __future__ import annotations

from typing import Any

from clusterkit import text
from clusterkit.bibliography import Bibliography, Citation, Entry
from clusterkit.i18n import N_, _, ngettext
from clusterkit.models import Reference
from clusterkit.records import unique
from clusterkit.views import Column, Table, View
from clusterkit.views.blocks import Block, Paragraph, References
from clusterkit.views.blocks import Reference as ReferenceEntry

UNDEFINED = N_("(not defined in any references document)")
FIELDS = ("author", "year", "title", "publisher", "url", "doi", "accessed", "note")
# The headers of a reference's fields (the keys stay in CSV).
FIELD_HEADERS: dict[str, str] = {
    "author": N_("author"),
    "year": N_("year"),
    "title": N_("title"),
    "publisher": N_("publisher"),
    "url": "url",
    "doi": "doi",
    "accessed": N_("accessed"),
    "note": N_("note"),
}


def full_reference(ref: Reference) -> str:
    """A reference as one entry of a bibliography, every field but the note: author (year). Title.
    Publisher. doi:DOI. URL (accessed DATE)."""
    head = " ".join(part for part in (ref.author, f"({ref.year})" if ref.year else None) if part)
    line = f"{head}. {ref.title}." if head else f"{ref.title}."
    if ref.publisher:
        line += f" {ref.publisher}."
    if ref.doi:
        line += f" doi:{ref.doi}."
    if ref.url:
        line += f" {ref.url}"
        if ref.accessed:
            line += _(" (accessed {date})").format(date=text.date(ref.accessed))
    elif ref.accessed:
        line += _(" Accessed {date}.").format(date=text.date(ref.accessed))
    return line


def citation_lines(citations: tuple[Citation, ...]) -> list[str]:
    """Where a key is cited, one line per locator: ``§3.1: founded, members.total``."""
    by_locator: dict[str, list[str]] = {}
    for c in citations:
        by_locator.setdefault(c.locator, []).append(c.path)
    nowhere = _("(no locator)")
    return [f"{locator or nowhere}: {', '.join(unique(paths))}" for locator, paths in by_locator.items()]


def _row(entry: Entry, cited: bool) -> dict[str, Any]:
    ref = entry.reference
    # NOTE: "id" too, which a terminal's records show on the title line; CSV and workbooks read "key".
    row: dict[str, Any] = {"key": entry.key, "id": entry.key}
    for name in FIELDS:
        value = getattr(ref, name) if ref is not None else None
        # A year is the name of a time, not a quantity: "2020", never "2,020". A field a reference
        # leaves out is blank: no entry has every field, and none of them is a fact that is unknown.
        row[name] = "" if value is None else str(value) if name == "year" else value
    if ref is not None and ref.accessed:
        row["accessed"] = text.date(ref.accessed)
    if ref is None:
        row["title"] = _(UNDEFINED)
    if cited:
        lines = citation_lines(entry.citations)
        row["citations"] = "; ".join(lines)
        row["citation_list"] = lines
    return row


def references_table(bib: Bibliography) -> Table:
    """One row per reference: every field, and with ``cited_by`` where the document cites it."""
    cited = bib.cited_by is not None
    headers = {name: _(header) for name, header in FIELD_HEADERS.items()}
    columns = [Column("key", _("key")), *(Column(name, headers[name]) for name in FIELDS)]
    display = [
        Column("id", _("key")),
        Column("title", headers["title"]),
        *(Column(n, headers[n]) for n in FIELDS if n != "title"),
    ]
    if cited:
        columns.append(Column("citations", _("citations")))
        display.append(Column("citation_list", _("cited at")))
    count = len(bib.entries)
    title = ngettext("{count} reference", "{count} references", count).format(count=text.number(count))
    if bib.cited_by is not None:
        kind, doc_id = bib.cited_by
        title = _("{references} cited by {kind} {id}").format(references=title, kind=kind, id=doc_id)
    return Table(
        "references",
        title,
        columns,
        [_row(e, cited) for e in bib.entries],
        primary=True,
        layout="records",
        display_columns=display,
    )


def reference_list_table(bib: Bibliography, title: str | None = None) -> Table:
    """The references in full, one line each, with their notes: the end of a document's view."""
    rows: list[dict[str, Any]] = [
        {
            "key": e.key,
            "id": e.key,
            "title": full_reference(e.reference) if e.reference else _(UNDEFINED),
            "note": e.reference.note if e.reference else None,
        }
        for e in bib.entries
    ]
    return Table(
        "references",
        _("References") if title is None else title,
        [Column("key", _("key")), Column("title", _("reference")), Column("note", _("note"))],
        rows,
        layout="records",
        display_columns=[Column("id", _("key")), Column("title", _("reference")), Column("note", _("note"))],
    )


def reference_payload(ref: Reference) -> dict[str, Any]:
    """A reference in JSON: its key and every field (absent ones null)."""
    return {"key": ref.key, **{name: getattr(ref, name) for name in FIELDS}}


def citations_payload(entry: Entry) -> list[dict[str, Any]]:
    return [{"field": c.path, "locator": c.locator or None} for c in entry.citations]


def references_payload(bib: Bibliography) -> dict[str, Any]:
    """The JSON/YAML payload: ``references`` (each with its ``citations`` when cited by a document),
    then, with ``cited_by``, the citing document and the keys no references document defines."""
    cited = bib.cited_by is not None
    refs: list[dict[str, Any]] = []
    for entry in bib.entries:
        if entry.reference is None:
            continue
        ref = reference_payload(entry.reference)
        if cited:
            ref["citations"] = citations_payload(entry)
        refs.append(ref)
    payload: dict[str, Any] = {"references": refs}
    if bib.cited_by is not None:
        kind, doc_id = bib.cited_by
        payload["cited_by"] = {"kind": kind, "id": doc_id}
        payload["unresolved"] = [
            {"key": e.key, "citations": citations_payload(e)} for e in bib.entries if e.reference is None
        ]
    return payload


def references_blocks(bib: Bibliography) -> tuple[Block, ...]:
    """A page's list of references: each in full with its note, then the keys no document defines."""
    entries = [ReferenceEntry(e.key, full_reference(e.reference), e.reference.note) for e in bib.entries if e.reference]
    entries += [ReferenceEntry(key, _(UNDEFINED), defined=False) for key in bib.unresolved]
    if not entries:
        return (Paragraph((_("Nothing cited."),), "unknown"),)
    return (References(tuple(entries)),)


def references_view(bib: Bibliography) -> View:
    """What ``clusterkit references`` shows: a table of references (CSV, workbook, terminal), a page, a payload."""
    table = references_table(bib)
    return View(kind="references", title=table.title, tables=[table], payload=references_payload(bib))
