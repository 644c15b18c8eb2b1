"""Strict YAML loading, located errors, and the search path."""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import clusterkit
from clusterkit.errors import LoadError, Notes, NotFoundError, Problem, short_repr
from clusterkit.loading import (
    BASE_LOADER,
    Catalog,
    bundled_profiles_dir,
    load_document,
    load_profile,
    parse_yaml,
    search_dirs,
)
from clusterkit.models import Cluster

WriteProfile = Callable[[Path, str, str | bytes], Path]

BUNDLED_CLUSTERS = ["agrinnov", "ahp", "c2tm", "ce3m", "chtc", "cise", "emc", "le2c", "mdc", "menara", "mnc", "solar"]


def problems(exc: pytest.ExceptionInfo[LoadError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


# --- strict YAML ------------------------------------------------------------------------------


def test_the_c_parser_is_used_when_libyaml_is_present() -> None:
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was built without libyaml")
    assert BASE_LOADER is yaml.CSafeLoader


def test_yaml_11_booleans_and_dates_stay_text() -> None:
    text = "country: NO\na: yes\nb: on\nc: off\nd: y\ne: No\nf: 2011-01-01\ng: 2011-01-01 10:00:00\n"
    assert parse_yaml(text, "x.yaml").data == {
        "country": "NO",
        "a": "yes",
        "b": "on",
        "c": "off",
        "d": "y",
        "e": "No",
        "f": "2011-01-01",
        "g": "2011-01-01 10:00:00",
    }


def test_only_true_and_false_are_booleans_and_numbers_stay_numbers() -> None:
    data = parse_yaml("a: true\nb: False\nc: 12\nd: 0.5\ne: null\nf: ~\ng: '12'\n", "x.yaml").data
    assert data == {"a": True, "b": False, "c": 12, "d": 0.5, "e": None, "f": None, "g": "12"}


def test_positions_are_one_based_and_fall_back_to_the_nearest_parent() -> None:
    parsed = parse_yaml("kind: cluster\nmembers:\n  total:\n    value: 3\n", "x.yaml")
    assert parsed.locate(("members", "total", "value")) == (4, 12)
    assert parsed.locate(("members", "total"), key=True) == (3, 3)
    assert parsed.locate(("members", "total", "source")) == (4, 5)


def test_a_duplicate_key_in_a_nested_mapping_names_both_lines() -> None:
    with pytest.raises(LoadError) as caught:
        parse_yaml("kind: cluster\nmembers:\n  total: 1\n  smes: 2\n  total: 3\n", "x.yaml")
    assert problems(caught) == ["x.yaml:5:3: members.total: duplicate key 'total' (first defined on line 3)"]


def test_a_complex_key_is_refused() -> None:
    with pytest.raises(LoadError) as caught:
        parse_yaml("kind: cluster\n? [a, b]\n: 1\n", "x.yaml")
    assert problems(caught) == ["x.yaml:2:3: mapping keys must be plain text"]


def test_a_tag_on_a_collection_is_refused() -> None:
    with pytest.raises(LoadError) as caught:
        parse_yaml("kind: cluster\nx: !!set {a, b}\n", "x.yaml")
    assert problems(caught) == ["x.yaml:2:4: x: unsupported YAML tag 'tag:yaml.org,2002:set'"]


def test_a_tab_after_a_key_is_named_in_the_message() -> None:
    with pytest.raises(LoadError) as caught:
        parse_yaml("kind: cluster\nlocation:\n  country: MA\n\tcity: Rabat\n", "x.yaml")
    assert problems(caught)[0].endswith("(indent with spaces, not tabs)")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('!!int ""', "cannot read '' as !!int: write a whole number in plain decimal, such as 12"),
        ("!!int", "cannot read '' as !!int: write a whole number in plain decimal, such as 12"),
        ("!!int 0x1F", "cannot read '0x1F' as !!int: write a whole number in plain decimal, such as 12"),
        ('!!float ""', "cannot read '' as !!float: write a number in plain decimal, such as 0.5"),
        ("!!float abc", "cannot read 'abc' as !!float: write a number in plain decimal, such as 0.5"),
        ('!!bool ""', "cannot read '' as !!bool: write true or false"),
        ("!!bool yes", "cannot read 'yes' as !!bool: write true or false"),
        ("!!null x", "cannot read 'x' as !!null: write null or leave the value empty"),
    ],
)
@pytest.mark.parametrize("locate", [True, False])
def test_an_explicit_tag_on_a_value_it_cannot_hold_is_a_located_error(value: str, message: str, locate: bool) -> None:
    with pytest.raises(LoadError) as caught:
        parse_yaml(f"kind: cluster\nmembers:\n  total:\n    value: {value}\n", "x.yaml", locate=locate)
    assert problems(caught) == [f"x.yaml:4:12: members.total.value: {message}"]


def test_an_explicit_tag_on_a_value_it_can_hold() -> None:
    text = 'a: !!null ""\nb: !!str\nc: !!int "12"\nd: !!float "1e5"\ne: !!float 3\nf: !!bool "True"\ng: !!str 12\n'
    for locate in (True, False):
        assert parse_yaml(text, "x.yaml", locate=locate).data == {
            "a": None,
            "b": "",
            "c": 12,
            "d": 100000.0,
            "e": 3.0,
            "f": True,
            "g": "12",
        }


def test_yaml_11_number_forms_stay_text() -> None:
    forms = ["1:30", "010", "0o10", "0x1F", "0b101", "1_000", "1_000.5", "=", "1e5", "-2E-3", "+.5"]
    text = "".join(f"k{i}: {form}\n" for i, form in enumerate(forms))
    for locate in (True, False):
        assert parse_yaml(text, "x.yaml", locate=locate).data == {f"k{i}": form for i, form in enumerate(forms)}


def test_decimal_numbers_and_yaml_11_floats_stay_numbers() -> None:
    text = "a: 0\nb: -12\nc: +7\nd: 0.5\ne: -1.\nf: .5\ng: 1.0e+5\nh: 010.5\n"
    data = parse_yaml(text, "x.yaml").data
    assert data == {"a": 0, "b": -12, "c": 7, "d": 0.5, "e": -1.0, "f": 0.5, "g": 100000.0, "h": 10.5}
    assert isinstance(data["a"], int) and isinstance(data["d"], float)


def test_infinity_and_nan_are_read_as_floats_and_refused_by_the_models(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    data = parse_yaml("a: .inf\nb: -.Inf\nc: +.INF\nd: .nan\ne: .NaN\n", "x.yaml").data
    assert data["a"] == data["c"] == math.inf and data["b"] == -math.inf
    assert math.isnan(data["d"]) and math.isnan(data["e"])
    path = write_profile(tmp_path, "demo.yaml", cluster_yaml().replace("city: Rabat", "latitude: .inf\n  longitude: 0"))
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert problems(caught) == [f"{path}:7:13: location.latitude: Input should be a finite number, got inf"]


def test_a_yaml_12_exponent_is_a_number_where_the_model_asks_for_one(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    # NOTE: text fields keep '1e3' as text: a YAML 1.1 dumper (PyYAML, clusterkit's own YAML output)
    # writes that text unquoted.
    text = cluster_yaml().replace("Demo Cluster", "1e3").replace("city: Rabat", "latitude: 1e1\n  longitude: -2E-3")
    path = write_profile(tmp_path, "demo.yaml", text)
    doc = load_document(path)
    assert isinstance(doc, Cluster)
    assert doc.name == "1e3"
    assert doc.location.latitude == 10.0 and doc.location.longitude == -0.002

    path = write_profile(tmp_path, "demo.yaml", text.replace("latitude: 1e1", "latitude: 1e308"))
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert problems(caught) == [f"{path}:7:13: location.latitude: Input should be less than or equal to 90, got 1e+308"]

    path = write_profile(tmp_path, "demo.yaml", text.replace("latitude: 1e1", 'latitude: "1e1"'))
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert problems(caught) == [f"{path}:7:13: location.latitude: Input should be a valid number, got str '1e1'"]


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("010", "write numbers in plain decimal: 10"),
        ("-0o17", "write numbers in plain decimal: -15"),
        ("0b101", "write numbers in plain decimal: 5"),
        ("1_000", "write numbers in plain decimal: 1000"),
        ("1:20:30", "write numbers in plain decimal: base-60 forms such as 1:30 are text"),
    ],
)
def test_a_number_field_given_a_yaml_11_number_form_says_how_to_write_it(
    value: str, hint: str, tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    extra = f"members:\n  total:\n    value: {value}\n    source: el-idrissi-2020\n"
    path = write_profile(tmp_path, "demo.yaml", cluster_yaml("demo", extra))
    with pytest.raises(LoadError) as caught:
        load_document(path)
    expected = f"{path}:11:12: members.total.value: Input should be a valid integer, got str {value!r} ({hint})"
    assert problems(caught) == [expected]


def test_an_echoed_value_is_cut_short() -> None:
    assert short_repr("MA") == "'MA'"
    assert short_repr("A" * 1_000_000) == "'" + "A" * 60 + "\u2026' (1,000,000 characters)"
    assert short_repr(int("9" * 4000)) == "9" * 60 + "\u2026 (4,000 digits)"
    assert short_repr(12) == "12"
    # A model's own message that quotes a long value is cut the same way, on stderr and in JSON.
    problem = Problem("x.yaml", f"reference key {'k' * 5000!r} is defined twice", 3, 5, "references")
    assert (
        str(problem)
        == "x.yaml:3:5: references: reference key '" + "k" * 60 + "\u2026' (5,000 characters) is defined twice"
    )
    assert problem.to_dict()["message"] == str(problem).split(": ", 2)[2]
    assert len(str(Problem("x.yaml", "unknown field", 1, 1, "k" * 5000))) < 300


# --- documents --------------------------------------------------------------------------------


def test_every_model_error_of_a_file_is_reported_in_line_order(tmp_path: Path, write_profile: WriteProfile) -> None:
    path = write_profile(
        tmp_path,
        "demo.yaml",
        "kind: cluster\nschema_version: 1\nid: demo\nname: 12\nlocation:\n  country: ma\n  source: x\n"
        "economy:\n  currency: MAD\nmembers:\n  total: {value: -1, source: x}\n",
    )
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert problems(caught) == [
        f"{path}:4:7: name: Input should be a valid string, got int 12",
        f"{path}:6:12: location.country: 'ma' is not a country code: two capital letters"
        " (ISO 3166-1 alpha-2, e.g. 'MA', 'IT', 'NO')",
        f"{path}:9:3: economy.currency: unknown field; expected one of: turnover, employees,"
        " exporting_members_share, countries_reached, national_production_share",
        f"{path}:11:18: members.total.value: Input should be greater than or equal to 0, got -1",
    ]


def test_a_missing_required_field_points_at_its_parent(tmp_path: Path, write_profile: WriteProfile) -> None:
    path = write_profile(
        tmp_path, "demo.yaml", "kind: cluster\nschema_version: 1\nid: demo\nname: D\nlocation:\n  country: MA\n"
    )
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert problems(caught) == [f"{path}:5:1: location.source: required field is missing"]


@pytest.mark.parametrize(
    ("kind_line", "message"),
    [
        ("kind: clustr", "kind: unknown kind 'clustr'; did you mean 'cluster'?"),
        (
            "kind: widget",
            "kind: unknown kind 'widget'; expected one of: cluster, strategy, references, framework, practices",
        ),
        (
            "kind: [cluster]",
            "kind: unknown kind ['cluster']; expected one of: cluster, strategy, references, framework, practices",
        ),
    ],
)
def test_an_unknown_kind_is_named(tmp_path: Path, write_profile: WriteProfile, kind_line: str, message: str) -> None:
    path = write_profile(tmp_path, "demo.yaml", f"{kind_line}\nschema_version: 1\nid: demo\n")
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert problems(caught) == [f"{path}:1:7: {message}"]


def test_a_missing_kind_is_named(tmp_path: Path, write_profile: WriteProfile) -> None:
    path = write_profile(tmp_path, "demo.yaml", "schema_version: 1\nid: demo\n")
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert problems(caught) == [
        f"{path}:1:1: kind: required field is missing;"
        " expected one of: cluster, strategy, references, framework, practices"
    ]


def test_the_folder_says_which_kind_is_expected(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "strategies/demo.yaml", cluster_yaml())
    catalog = Catalog(search_dirs([tmp_path], env=""))
    with pytest.raises(LoadError) as caught:
        catalog.read(next(e for e in catalog.entries if e.stem == "demo"))
    assert problems(caught)[0].endswith("1:7: kind: a 'strategy' document was expected here, found 'cluster'")


def test_a_file_name_that_is_not_an_id_is_explained(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    path = write_profile(tmp_path, "My Cluster.yaml", cluster_yaml())
    with pytest.raises(LoadError) as caught:
        load_document(path)
    assert problems(caught) == [
        f"{path}:3:5: id: id 'demo' does not match the file name 'My Cluster' (and the file name 'My Cluster'"
        " is not a valid id: use lowercase letters, digits, '-' and '_')"
    ]


def test_a_missing_file() -> None:
    with pytest.raises(LoadError) as caught:
        load_document("no/such/file.yaml")
    assert problems(caught) == ["no/such/file.yaml: no such file"]


# --- the search path --------------------------------------------------------------------------


def test_search_order_is_profiles_dirs_then_clusterkit_path_then_bundled(tmp_path: Path) -> None:
    a, b, c, d = (tmp_path / n for n in "abcd")
    for folder in (a, b, c, d):
        folder.mkdir()
    dirs = search_dirs([a, b], env=os.pathsep.join([str(c), "", str(d)]))
    assert dirs == [a, b, c, d, bundled_profiles_dir()]


def test_clusterkit_path_is_read_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLUSTERKIT_PATH", str(tmp_path))
    assert search_dirs() == [tmp_path, bundled_profiles_dir()]


def test_a_folder_named_twice_is_searched_once(tmp_path: Path) -> None:
    assert search_dirs([tmp_path, tmp_path, bundled_profiles_dir()], env=str(tmp_path)) == [
        tmp_path,
        bundled_profiles_dir(),
    ]


def test_missing_and_non_folder_search_entries_are_noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "file.txt").write_text("x")
    monkeypatch.chdir(tmp_path)
    catalog = Catalog(search_dirs(["missing", "file.txt"], env=""))
    assert catalog.notes.items == [
        "missing: profiles folder does not exist; skipped",
        "file.txt: not a folder; skipped",
    ]
    assert catalog.ids("cluster") == BUNDLED_CLUSTERS


def test_bundled_profiles_are_found_from_any_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert (bundled_profiles_dir() / "references.yaml").is_file()
    assert Catalog(search_dirs(env="")).ids("cluster") == BUNDLED_CLUSTERS


def test_a_user_profile_shadows_a_bundled_one_with_a_note(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_profile(tmp_path, "clusters/mnc.yaml", cluster_yaml("mnc").replace("Demo Cluster", "My MNC"))
    monkeypatch.chdir(tmp_path)
    notes = Notes()
    catalog = Catalog(search_dirs([tmp_path], env=""), notes)
    assert catalog.cluster("mnc").name == "My MNC"
    assert notes.items == [
        f"note: clusters/mnc.yaml shadows cluster 'mnc' from {bundled_profiles_dir() / 'clusters' / 'mnc.yaml'}"
    ]


def test_a_copy_of_the_bundled_profiles_says_once_that_it_shadows_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    shutil.copytree(bundled_profiles_dir() / "clusters", tmp_path / "copy" / "clusters")
    monkeypatch.chdir(tmp_path)
    notes = Notes()
    catalog = Catalog(search_dirs([Path("copy")], env=""), notes)
    assert catalog.ids("cluster") == BUNDLED_CLUSTERS
    assert notes.items == [
        "note: 12 documents in copy shadow the bundled ones of the same id"
        " (cluster agrinnov, cluster ahp, cluster c2tm and 9 more)"
    ]
    # Asking again adds nothing.
    catalog.ids("cluster")
    assert len(notes.items) == 1


def test_files_outside_the_kind_folders_are_read_to_tell_their_kind(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "mine/demo.yaml", cluster_yaml())
    write_profile(tmp_path, "mine/broken.yaml", "kind: [")
    catalog = Catalog(search_dirs([tmp_path], env=""))
    assert "demo" in catalog.ids("cluster")
    assert "demo" not in catalog.ids("strategy")


def test_an_unknown_id_suggests_the_closest() -> None:
    catalog = Catalog(search_dirs(env=""))
    with pytest.raises(NotFoundError, match=r"^no cluster with id 'nmc' on the search path; did you mean 'mnc'\?$"):
        catalog.cluster("nmc")
    with pytest.raises(NotFoundError, match=r"no cluster with id 'zzzzzz' on the search path \(known: agrinnov, ahp,"):
        catalog.cluster("zzzzzz")


def test_load_profile_reads_a_cluster_by_id_from_the_search_path(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    write_profile(tmp_path, "clusters/demo.yaml", cluster_yaml())
    assert load_profile("demo", [tmp_path]).name == "Demo Cluster"
    assert clusterkit.load_profile("mnc").id == "mnc"  # type: ignore[attr-defined]


def test_every_file_read_is_remembered_as_an_input(
    tmp_path: Path, write_profile: WriteProfile, cluster_yaml: Callable[..., str]
) -> None:
    path = write_profile(tmp_path, "demo.yaml", cluster_yaml())
    catalog = Catalog([tmp_path])
    catalog.cluster("demo")
    assert path.resolve() in catalog.files_read
    # Each catalog keeps its own: nothing is remembered from one run to the next.
    assert Catalog([tmp_path]).files_read == []


def test_a_problem_is_one_line_whatever_the_key_holds(tmp_path: Path, write_profile: WriteProfile) -> None:
    text = "kind: cluster\nschema_version: 1\nid: demo\nname: D\nlocation: {country: MA, source: x}\n"
    text += '"a\\nb\\e[31m[0]": 1\n'
    path = write_profile(tmp_path, "demo.yaml", text)
    with pytest.raises(LoadError) as caught:
        load_document(path)
    [line] = problems(caught)
    assert line.startswith(f"{path}:6:1: a\\nb\\x1b[31m[0]: unknown field; expected one of: schema_version, id, kind,")
    assert "\n" not in line and "\x1b" not in line
