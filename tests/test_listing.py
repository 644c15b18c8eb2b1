"""``list`` and ``show``: filtering clusters, and facts as people read them."""

from __future__ import annotations

from typing import Any

from clusterkit.listing import filter_rows, founded_years
from clusterkit.models import Cluster
from clusterkit.views.listing import cluster_list_view, cluster_row, cluster_view, fact_text


def profile(**extra: Any) -> Cluster:
    data: dict[str, Any] = {
        "kind": "cluster",
        "schema_version": 1,
        "id": "demo",
        "name": "Demo Cluster",
        "location": {"country": "MA", "city": "Fez", "source": "test"},
    }
    data.update(extra)
    return Cluster.model_validate(data)


def test_filter_by_country_and_sector() -> None:
    textile = cluster_row(profile(sectors={"value": ["Textile"], "source": "t"}))
    assert filter_rows([textile], country="ma", sector="text") == [textile]
    assert filter_rows([textile], country="it") == []
    assert filter_rows([textile], sector="energy") == []


def test_founded_keeps_every_year_the_sources_give() -> None:
    plain = profile(founded={"value": 2011, "source": "a"})
    both = profile(founded={"value": 2011, "source": "a", "alternatives": [{"value": 2010, "source": "b"}]})
    assert founded_years(plain) == [2011]
    assert cluster_row(plain)["founded"] == 2011
    assert cluster_row(both)["founded"] == "2011 or 2010"
    view = cluster_list_view([plain, both])
    assert view.kind == "clusters"
    assert view.payload == [cluster_row(plain), cluster_row(both)]
    assert view.tables[0].title == "2 clusters"
    assert [r["founded"] for r in view.tables[0].rows] == ["2011", "2011 or 2010"]  # a year, not "2,011"


def test_fact_text_spells_money_shares_years_and_qualifiers() -> None:
    cluster = profile(
        founded={"value": 2015, "source": "a"},
        members={"total": {"value": 140, "qualifier": "about", "source": "a"}},
        economy={
            "turnover": {"value": {"amount": 4_500_000, "currency": "EUR", "year": 2012}, "source": "a"},
            "exporting_members_share": {"value": 0.275, "source": "a"},
            "employees": {"value": 12000, "qualifier": "more_than", "source": "a"},
        },
    )
    assert cluster.founded is not None and cluster.members.total is not None
    assert fact_text(cluster.founded) == "2015"
    assert fact_text(cluster.members.total) == "about 140"
    economy = cluster.economy
    assert economy.turnover is not None and economy.exporting_members_share is not None
    assert economy.employees is not None
    assert fact_text(economy.turnover) == "4.5 million EUR (2012)"
    assert fact_text(economy.exporting_members_share, share=True) == "27.5 %"
    assert fact_text(economy.employees) == "more than 12,000"
    view = cluster_view(cluster)
    assert view.kind == "cluster"
    assert view.payload["cluster"]["id"] == "demo"
    rows = {r["field"]: r["value"] for r in view.tables[0].rows}
    assert rows["turnover"] == "4.5 million EUR (2012)"
    assert rows["exporting members, share"] == "27.5 %"


def test_show_labels_every_bundled_field_in_words() -> None:
    import re

    from clusterkit.loading import Catalog

    catalog = Catalog()
    for cluster in catalog.clusters():
        view = cluster_view(cluster)
        table = view.tables[0]
        labels = [row["field"] for row in table.rows]
        # Never a dotted path (labels.0, members.total) nor a bare index or an underscore slug.
        assert not [label for label in labels if re.search(r"\w\.\w|\.\d|_", label)], (cluster.id, labels)
        assert all(row["path"] for row in table.rows)
    mnc = {row["path"]: row["field"] for row in cluster_view(catalog.cluster("mnc")).tables[0].rows}
    assert mnc["members.total"] == "members, total"
    assert mnc["management.website"] == "website"
    assert mnc["partnerships.1"] == "partnership 2"
