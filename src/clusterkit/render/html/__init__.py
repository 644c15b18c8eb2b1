"""HTML: one self-contained page, readable on screen and printed to PDF.

The page draws ``page_sections(view)``: a report's own sections (cards, inline SVG charts with
numbered figures, lists, records, references) or, for any other view, one section per table. It
holds one ``<style>`` block (``style.css``, shipped in the package and inlined), no script, and
nothing a browser would fetch: no external ``src`` or ``href`` (links point only at anchors in the
page, URLs are shown as text), and a Content-Security-Policy that forbids loading anything. Every
chart has a caption citing its sources and a text alternative (a description and a table of the
plotted values). Every text is escaped; the same view gives the same bytes.
"""

from __future__ import annotations

from importlib import resources

from clusterkit import __version__
from clusterkit.i18n import _, current_language
from clusterkit.render import RenderOptions
from clusterkit.render.html.markup import esc
from clusterkit.render.html.page import Page, card_html, page_sections, section_html
from clusterkit.views import View

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def style() -> str:
    """The page's style sheet, read from the package."""
    return resources.files("clusterkit.render.html").joinpath("style.css").read_text(encoding="utf-8").strip()


def _head(title: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(current_language())}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="clusterkit {esc(__version__)}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n<style>\n{style()}\n</style>\n</head>\n<body>\n"
    )


def _foot(options: RenderOptions) -> str:
    stamp = " · " + esc(_("generated {time}").format(time=options.timestamp)) if options.timestamp else ""
    return f"<footer>clusterkit {esc(__version__)}{stamp}</footer>\n</div>\n</body>\n</html>\n"


def _header(page: Page, view: View) -> str:
    title = f'<header class="top"><h1>{esc(view.title)}</h1>'
    if not view.meta and not view.cards:
        return f'{title}<p class="meta">clusterkit {esc(view.kind)}</p></header>\n'
    parts = [title, "\n"]
    if view.meta:
        parts.append('<p class="meta">' + " · ".join(page.inline(line) for line in view.meta) + "</p>\n")
    if view.cards:
        parts.append(f'<div class="cards">{"".join(card_html(c) for c in view.cards)}</div>')
    parts.append("</header>\n")
    return "".join(parts)


def render(view: View, options: RenderOptions) -> str:
    """The page of a view."""
    page = Page(view)
    sections = page_sections(view)
    parts = [_head(view.title), '<div class="page">\n', _header(page, view)]
    if view.contents:
        toc = "".join(f'<li><a href="#{esc(s.id)}">{esc(s.title)}</a></li>' for s in sections)
        contents = esc(_("Contents"))
        parts.append(f'<nav class="toc" aria-label="{contents}"><ol>{toc}</ol></nav>\n')
    parts.append("<main>\n")
    # NOTE: a section titled like the page (the first table of a result) does not repeat the title.
    parts += [section_html(page, s, labelled=view.contents, heading=s.title != view.title) for s in sections]
    parts.append("</main>\n")
    parts.append(_foot(options))
    return "".join(parts)
