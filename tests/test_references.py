"""The bibliography: ``clusterkit references`` through the real command line, the core as a library,
and the references that the view of ``show`` ends with."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from clusterkit.bibliography import Citation, bibliography, citations_by_key, cited_by
from clusterkit.errors import NotFoundError
from clusterkit.loading import Catalog, search_dirs
from clusterkit.models import Cluster, Reference
from clusterkit.render import formats_for, render
from clusterkit.views.listing import cluster_view

Cli = Callable[..., Result]
WriteProfile = Callable[[Path, str, str | bytes], Path]
FIELDS = ["key", "author", "year", "title", "publisher", "url", "doi", "accessed", "note"]

DEMO = """\
kind: cluster
schema_version: 1
id: demo
name: Demo Cluster
location:
  country: MA
  city: Rabat
  source: el-idrissi-2020 Table 1
founded:
  value: 2011
  source: el-idrissi-2020 §2.2
sectors:
  value: [ICT]
  source: nowhere-2099
"""


def run_json(cli: Cli, *args: str | Path) -> Any:
    result = cli("references", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def demo_dir(tmp_path: Path, write_profile: WriteProfile) -> Path:
    write_profile(tmp_path, "clusters/demo.yaml", DEMO)
    return tmp_path


# --- the command ---------------------------------------------------------------------------------


def test_every_reference_on_the_search_path_sorted_by_key_with_every_field(cli: Cli) -> None:
    doc = run_json(cli)
    assert (doc["schema_version"], doc["kind"]) == (1, "references")
    keys = [r["key"] for r in doc["references"]]
    assert keys == sorted(Catalog(search_dirs([])).references()) and "el-idrissi-2020" in keys
    assert all(list(r) == FIELDS for r in doc["references"])
    paper = next(r for r in doc["references"] if r["key"] == "el-idrissi-2020")
    assert (paper["year"], paper["doi"]) == (2020, "10.9770/IRD.2020.2.1(1)")


def test_the_keys_given_in_their_order_each_once(cli: Cli) -> None:
    doc = run_json(cli, "geonames", "el-idrissi-2020", "geonames")
    assert [r["key"] for r in doc["references"]] == ["geonames", "el-idrissi-2020"]


def test_an_unknown_key_exits_2_naming_it_and_the_closest_key(cli: Cli) -> None:
    result = cli("references", "el-idrissi-2020", "el-idrisi-2020")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "error: no reference with key 'el-idrisi-2020' on the search path; did you mean 'el-idrissi-2020'?\n"
    )


def test_the_table_shows_each_reference_and_its_year_as_written(cli: Cli) -> None:
    result = cli("references", "el-idrissi-2020")
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert shown.startswith("1 reference el-idrissi-2020 Comparative study between two innovative clusters")
    assert "year: 2020" in shown and "doi: 10.9770/IRD.2020.2.1(1)" in shown and "2,020" not in shown


def test_csv_has_one_column_per_field_and_blank_for_a_field_left_out(cli: Cli) -> None:
    result = cli("references", "geonames", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == FIELDS
    assert (rows[0]["key"], rows[0]["author"], rows[0]["publisher"]) == ("geonames", "", "GeoNames")


def test_cited_by_a_cluster_gives_each_key_with_where_it_is_cited(cli: Cli, demo_dir: Path) -> None:
    result = cli("references", "--cited-by", "demo", "-p", demo_dir, "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["cited_by"] == {"kind": "cluster", "id": "demo"}
    [paper] = doc["references"]
    assert paper["key"] == "el-idrissi-2020"
    assert paper["citations"] == [
        {"field": "location", "locator": "Table 1"},
        {"field": "founded", "locator": "§2.2"},
    ]
    # A key no references document defines is named, never dropped.
    assert doc["unresolved"] == [{"key": "nowhere-2099", "citations": [{"field": "sectors", "locator": None}]}]
    assert "note: cluster demo cites 'nowhere-2099', which no references document defines" in result.stderr


def test_cited_by_in_the_table_lists_the_places_by_locator(cli: Cli, demo_dir: Path) -> None:
    result = cli("references", "--cited-by", "demo", "-p", demo_dir)
    assert result.exit_code == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert shown.startswith("2 references cited by cluster demo")
    assert "cited at: - Table 1: location - §2.2: founded" in shown
    assert "nowhere-2099 (not defined in any references document)" in shown


def test_cited_by_a_strategy(cli: Cli) -> None:
    doc = run_json(cli, "--cited-by", "mn2013")
    assert doc["cited_by"] == {"kind": "strategy", "id": "mn2013"}
    assert "el-idrissi-2020" in [r["key"] for r in doc["references"]]
    assert all(r["citations"] for r in doc["references"])


def test_an_id_both_a_cluster_and_a_strategy_needs_its_kind(cli: Cli, demo_dir: Path) -> None:
    strategy = (Path(__file__).resolve().parents[1] / "profiles" / "strategies" / "mn2013.yaml").read_text("utf-8")
    (demo_dir / "strategies").mkdir()
    (demo_dir / "strategies" / "demo.yaml").write_text(strategy.replace("id: mn2013", "id: demo"), "utf-8")
    result = cli("references", "--cited-by", "demo", "-p", demo_dir)
    assert result.exit_code == 2 and result.stdout == ""
    assert "write cluster:demo or strategy:demo" in result.stderr
    assert run_json(cli, "--cited-by", "strategy:demo", "-p", demo_dir)["cited_by"]["kind"] == "strategy"
    assert run_json(cli, "--cited-by", "cluster:demo", "-p", demo_dir)["cited_by"]["kind"] == "cluster"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--cited-by", "mnx"], "error: no cluster with id 'mnx' on the search path; did you mean 'mnc'?"),
        (["--cited-by", "report:mnc"], "error: --cited-by 'report:mnc': write ID, cluster:ID or strategy:ID"),
        (["geonames", "--cited-by", "mnc"], "error: give reference keys or --cited-by, not both"),
    ],
)
def test_a_wrong_cited_by_exits_2(cli: Cli, args: list[str], message: str) -> None:
    result = cli("references", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == message + "\n"


def test_references_offers_the_formats_of_history() -> None:
    assert formats_for("references") == formats_for("history")


# --- the core ------------------------------------------------------------------------------------


def known() -> dict[str, Reference]:
    return {k: Reference(key=k, title=k.upper()) for k in ("b-2001", "a-2000")}


def test_the_library_sorts_every_reference_or_keeps_the_order_asked() -> None:
    assert [e.key for e in bibliography(known()).entries] == ["a-2000", "b-2001"]
    chosen = bibliography(known(), ["b-2001", "a-2000"])
    assert [r.key for r in chosen.references] == ["b-2001", "a-2000"] and chosen.cited_by is None
    with pytest.raises(NotFoundError, match="'b-2011' on the search path; did you mean 'b-2001'"):
        bibliography(known(), ["b-2011"])


def test_citations_are_split_into_the_fact_cited_and_the_locator() -> None:
    cluster = Cluster.model_validate(
        {
            "kind": "cluster",
            "schema_version": 1,
            "id": "x",
            "name": "X",
            "location": {"country": "MA", "city": "Fez", "source": "a-2000 p. 3"},
            "founded": {"value": 2010, "source": "b-2001", "alternatives": [{"value": 2011, "source": "a-2000"}]},
        }
    )
    assert citations_by_key(cluster) == {
        "a-2000": [Citation("location", "p. 3"), Citation("founded.alternatives.0", "")],
        "b-2001": [Citation("founded", "")],
    }
    bib = cited_by(cluster, {"a-2000": known()["a-2000"]}, "cluster", "x")
    assert [r.key for r in bib.references] == ["a-2000"] and bib.unresolved == ("b-2001",)


# --- show ----------------------------------------------------------------------------------------


def test_show_ends_with_the_references_the_profile_cites_in_full() -> None:
    catalog = Catalog(search_dirs([]))
    cluster = catalog.cluster("le2c")
    view = cluster_view(cluster, cited_by(cluster, catalog.references(), "cluster", "le2c"))
    cited = sorted(citations_by_key(cluster))
    assert [t.name for t in view.tables] == ["facts", "references"]
    assert [r["key"] for r in view.tables[-1].rows] == cited
    table = str(render(view, "table"))
    tail = table[table.index("\nReferences\n") :]
    assert "El Idrissi, N. E. A., Zerrouk, I., Zerrari, N., Monni, S. (2020). Comparative study" in " ".join(
        tail.split()
    )
    markdown = str(render(view, "markdown"))
    assert markdown.index("## References") > markdown.index("| assessment ")
    page = str(render(view, "html"))
    assert all(f'id="ref-{key}"' in page for key in cited)
    doc = json.loads(render(view, "json"))
    assert [r["key"] for r in doc["references"]] == cited and doc["cluster"]["id"] == "le2c"
    assert list(doc["references"][0]) == FIELDS
    # Without the bibliography, the view is what it always was.
    assert [t.name for t in cluster_view(cluster).tables] == ["facts"]


def test_show_through_the_command_line_ends_with_the_references(cli: Cli, demo_dir: Path) -> None:
    result = cli("show", "demo", "-p", demo_dir)
    assert result.exit_code == 0, result.stderr
    tail = " ".join(result.stdout[result.stdout.index("\nReferences\n") :].split())
    assert "el-idrissi-2020 El Idrissi, N. E. A., Zerrouk, I., Zerrari, N., Monni, S. (2020)." in tail
    assert "nowhere-2099 (not defined in any references document)" in tail
    doc = json.loads(cli("show", "demo", "-p", demo_dir, "--format", "json").stdout)
    assert [r["key"] for r in doc["references"]] == ["el-idrissi-2020"]
