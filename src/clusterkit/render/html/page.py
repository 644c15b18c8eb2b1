"""The blocks of a page as HTML: tables, paragraphs with citations, lists, records, references, figures.

A :class:`Page` draws the blocks of one view, numbering figures in the order they appear and
turning citations into links to the page's reference list. A citation links only when the view
lists its reference in a :class:`~clusterkit.views.References` block; on a page with a reference
list any other citation is marked "not in the references", on a page without one it is plain text.
Every text is escaped; numbers in tables are spelled by :func:`clusterkit.text.cell`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from clusterkit import text as spell
from clusterkit.i18n import _
from clusterkit.render.html.charts import chart_svg, narrow_svg
from clusterkit.render.html.markup import esc, num
from clusterkit.views import NUMERIC_KINDS, Column, Table, View
from clusterkit.views.blocks import (
    Block,
    Card,
    Cite,
    Columns,
    Figure,
    Heading,
    Items,
    Paragraph,
    Records,
    References,
    Section,
    Strong,
    Text,
    cite,
    table_sections,
)


def page_sections(view: View) -> tuple[Section, ...]:
    """The sections a page draws: the view's own, else one per table."""
    return view.sections or table_sections(view.tables)


def reference_keys(view: View) -> frozenset[str]:
    """The keys of the references the page lists, which citations may link to."""
    keys: set[str] = set()
    for section in page_sections(view):
        for block in section.blocks:
            if isinstance(block, References):
                keys.update(e.key for e in block.entries if e.defined)
    return frozenset(keys)


def has_reference_list(view: View) -> bool:
    """Whether the page lists references (then citations can be checked against it)."""
    return any(isinstance(b, References) for s in page_sections(view) for b in s.blocks)


class Page:
    """Draws the blocks of one view; counts figures as it goes."""

    def __init__(self, view: View) -> None:
        self.known = reference_keys(view)
        self.checked = has_reference_list(view)
        self.figures = 0

    # --- citations and running text --------------------------------------------------------------

    def cite(self, citation: str, key: str) -> str:
        if key in self.known:
            return f'<a class="cite" href="#ref-{esc(key)}">[{esc(citation)}]</a>'
        if self.checked:
            missing = esc(_("not in the references"))
            return f'<span class="cite unresolved" title="{missing}">[{esc(citation)}]</span>'
        return f'<span class="cite">[{esc(citation)}]</span>'

    def cites(self, cited: Cite) -> str:
        pairs = dict(zip(cited.citations, cited.keys))
        if not pairs:
            return '<span class="unknown">' + esc(_("no source")) + "</span>"
        return " ".join(self.cite(c, k) for c, k in pairs.items())

    def sources(self, citations: Iterable[str]) -> str:
        """A table cell of citations: links, or nothing when there are none."""
        found = [str(c) for c in citations]
        if not found:
            return ""
        if not self.checked:
            return esc("; ".join(found))
        return self.cites(cite(found))

    def inline(self, text: Text) -> str:
        parts: list[str] = []
        for part in text:
            if isinstance(part, Cite):
                parts.append(self.cites(part))
            elif isinstance(part, Strong):
                parts.append(f"<b>{esc(part.text)}</b>")
            else:
                parts.append(esc(part))
        return "".join(parts)

    # --- blocks ----------------------------------------------------------------------------------

    def blocks(self, blocks: Sequence[Block], sep: str = "\n") -> str:
        return "".join(self.block(b) + sep for b in blocks)

    def block(self, block: Block) -> str:
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Paragraph):
            cls = "" if block.style == "plain" else f' class="{block.style}"'
            return f"<p{cls}>{self.inline(block.text)}</p>"
        if isinstance(block, Heading):
            return f"<h3>{esc(block.text)}</h3>"
        if isinstance(block, Items):
            return self.items(block)
        if isinstance(block, Records):
            return self.records(block)
        if isinstance(block, References):
            return self.references(block)
        if isinstance(block, Figure):
            return self.figure(block)
        return self.columns(block)

    def columns(self, block: Columns) -> str:
        inner = "".join(f"<div>{self.blocks(column, sep='')}</div>" for column in block.columns)
        return f'<div class="columns">{inner}</div>'

    def items(self, block: Items) -> str:
        if not block.items:
            return '<p class="unknown">' + esc(_("None.")) + "</p>"
        lis = []
        for item in block.items:
            tag = f'<span class="tag {esc(item.tag)}">{esc(item.tag_text or item.tag)}</span> ' if item.tag else ""
            note = f' <span class="note">{esc(item.note)}</span>' if item.note else ""
            lis.append(f"<li>{tag}{self.inline(item.text)}{note}</li>")
        cls = "findings" if block.style == "tagged" else "plain"
        return f'<ul class="{cls}">{"".join(lis)}</ul>'

    def records(self, block: Records) -> str:
        items = []
        for rec in block.records:
            body = "".join(self.block(p) for p in rec.body)
            steps = "".join(f"<li>{esc(step)}</li>" for step in rec.steps)
            items.append(
                f'<li class="rec p-{esc(rec.tag)}"><div class="rec-head"><span class="rank">#{rec.number}</span>'
                f'<span class="rec-title">{esc(rec.title)}</span><span class="tag {esc(rec.tag)}">'
                f"{esc(rec.tag_text)}</span></div>"
                f'<div class="rec-body"><div>{body}</div><div><p><b>{esc(rec.steps_title)}</b></p>'
                f"<ol>{steps}</ol></div></div>"
                f'<p class="cites">{self.inline(rec.footer)}</p></li>'
            )
        return f'<ol class="recs">{"".join(items)}</ol>'

    def references(self, block: References) -> str:
        items = []
        for ref in block.entries:
            key = f'<span class="key">[{esc(ref.key)}]</span>'
            if not ref.defined:
                items.append(f'<li>{key} <span class="cite unresolved">{esc(ref.text)}</span></li>')
                continue
            note = f' <span class="note">{esc(ref.note)}</span>' if ref.note else ""
            items.append(f'<li id="ref-{esc(ref.key)}">{key} {esc(ref.text)}{note}</li>')
        return f'<ol class="refs">{"".join(items)}</ol>'

    def figure(self, block: Figure) -> str:
        self.figures += 1
        # NOTE: the chart is drawn twice, wide and for a phone; the style sheet shows one of them.
        svg = chart_svg(block.id, block.chart) + "\n" + narrow_svg(block.id, block.chart)
        values = self.table_inner(block.values, caption=block.values.title, in_figure=True)
        number = _("Figure {number}.").format(number=spell.number(self.figures))
        return (
            f'<figure id="{esc(block.id)}">\n{svg}\n<figcaption><b>{esc(number)}</b> '
            f"{self.inline(block.caption)}</figcaption>\n"
            f'<div class="scroll"><table class="alt">{values}</table></div>\n</figure>'
        )

    # --- tables ----------------------------------------------------------------------------------

    def table(self, table: Table) -> str:
        cls = f' class="{esc(table.style)}"' if table.style else ""
        # NOTE: a wide table scrolls inside its own box on a narrow screen; the page never scrolls sideways.
        out = f'<div class="scroll"><table{cls}>{self.table_inner(table)}</table></div>'
        if table.note:
            out += f'<p class="note">{esc(table.note)}</p>'
        return out

    def table_inner(self, table: Table, caption: str | None = None, in_figure: bool = False) -> str:
        """The caption, head and body of a table; a figure's table of values has row headers and no bars."""
        # NOTE: a page has room for every column; the combined ones are for a terminal's 80 columns.
        columns = table.columns
        head = "".join(
            f'<th scope="col" class="num">{esc(c.header)}</th>'
            if c.kind in NUMERIC_KINDS
            else f'<th scope="col">{esc(c.header)}</th>'
            for c in columns
        )
        parts = [f"<caption>{esc(caption)}</caption>"] if caption else []
        parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
        if not table.rows:
            none = esc(_("None."))
            parts.append(f'<tr><td colspan="{len(columns)}" class="unknown">{none}</td></tr>')
        row_headers = table.row_headers or in_figure
        for row in table.rows:
            cells = [self.cell(row, c, header=row_headers and i == 0, plain=in_figure) for i, c in enumerate(columns)]
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody>")
        return "".join(parts)

    def cell(self, row: dict[str, Any], column: Column, *, header: bool, plain: bool) -> str:
        """One cell: numbers right-aligned, unknown marked, gaps coloured and scores barred (not in figures).

        The column's note shows under the cell: one text as it is, several (a list) collapsed in a
        ``<details>`` that opens without a script.
        """
        value = row.get(column.key)
        classes: list[str] = []
        if column.kind == "sources":
            inner = self.sources(_citations(value))
            classes.append("src")
        else:
            inner = esc(spell.cell(value, column.kind))
            if column.kind in NUMERIC_KINDS:
                classes.append("num")
            if value is None:
                classes.append("unknown")
            elif _is_number(value) and not plain:
                if column.kind in ("gap", "points") and value != 0:
                    classes.append("neg" if value < 0 else "pos")
                if column.kind == "score":
                    width = max(0.0, min(100.0, float(value)))
                    bar = f'<span class="bar" aria-hidden="true"><span style="width:{num(width, 1)}%"></span></span>'
                    inner = bar + inner
        note = row.get(column.note_key) if column.note_key else None
        if isinstance(note, list | tuple) and note:
            # NOTE: several lines (the evidence of a level) are collapsed, to be opened without a script.
            lines = "".join(f"<li>{esc(line)}</li>" for line in note)
            summary = esc(_("levels and evidence"))
            inner += f'<details class="evidence"><summary>{summary}</summary><ul>{lines}</ul></details>'
        elif note:
            inner += f'<br><span class="note">{esc(note)}</span>'
        tag = "th" if header else "td"
        scope = ' scope="row"' if header else ""
        cls = f' class="{" ".join(classes)}"' if classes else ""
        return f"<{tag}{scope}{cls}>{inner}</{tag}>"


def _citations(value: Any) -> list[str]:
    """A sources cell's citations: a list, or one text with citations separated by ``; ``."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [c for c in str(value).split("; ") if c] if value else []


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- the parts around the sections ----------------------------------------------------------------


def card_html(card: Card) -> str:
    cls = "v" if card.tone == "plain" else f"v {card.tone}"
    return (
        f'<div class="card"><div class="k">{esc(card.label)}</div><div class="{cls}">{esc(card.value)}</div>'
        f'<div class="s">{esc(card.sub)}</div></div>'
    )


def section_html(page: Page, section: Section, labelled: bool, heading: bool = True) -> str:
    """A section with its heading; ``labelled`` ties the heading to the section for assistive tools.

    Without ``heading`` the section has none (its title is the page's own, already shown above it).
    """
    sid = esc(section.id)
    if not heading:
        return f'<section id="{sid}">\n' + page.blocks(section.blocks) + "</section>\n"
    if labelled:
        head = f'<section id="{sid}" aria-labelledby="{sid}-h">\n<h2 id="{sid}-h">{esc(section.title)}</h2>\n'
    else:
        head = f'<section id="{sid}">\n<h2>{esc(section.title)}</h2>\n'
    return head + page.blocks(section.blocks) + "</section>\n"
