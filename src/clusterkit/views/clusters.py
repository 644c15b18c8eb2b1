"""The view of ``clusterkit list``: the clusters' summary rows as a table.

It needs only the rows (plain data), so a warm ``list`` loads no model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from clusterkit import text
from clusterkit.i18n import _, ngettext
from clusterkit.views import Column, Table, View


def clusters_view(rows: Sequence[dict[str, Any]]) -> View:
    """What ``clusterkit list`` shows: one row per cluster (:func:`clusterkit.listing.cluster_row`); the payload is
    the list of rows."""
    # A year is the name of a time, not a quantity: "2011", never "2,011".
    shown = [
        {
            **row,
            # NOTE: "2016 or 2015" in the row (JSON keeps it so); a table says "or" in the run's language.
            "founded": None if row["founded"] is None else _(" or ").join(str(row["founded"]).split(" or ")),
            "place": ", ".join(part for part in (row["city"], row["country"]) if part),
        }
        for row in rows
    ]
    count = ngettext("{count} cluster", "{count} clusters", len(rows)).format(count=text.number(len(rows)))
    table = Table(
        "clusters",
        count,
        [
            Column("id", "id"),
            Column("name", _("name")),
            Column("country", _("country")),
            Column("city", _("city")),
            Column("founded", _("founded")),
            Column("sectors", _("sectors")),
            Column("status", _("status")),
        ],
        shown,
        primary=True,
        # NOTE: city and country in one column on a terminal, so that the list keeps its grid at 80 columns.
        display_columns=[
            Column("id", "id"),
            Column("name", _("name")),
            Column("place", _("place")),
            Column("founded", _("founded")),
            Column("sectors", _("sectors")),
            Column("status", _("status")),
        ],
    )
    return View(kind="clusters", title=table.title, tables=[table], payload=list(rows))
