"""``clusterkit label --draws``: how close a call the readiness verdict is, as a user runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_cli_extras import Cli, WriteProfile, row_of, run_json, tiny_cluster, tiny_folder

FORMATS = ["table", "json", "csv", "markdown", "yaml", "html"]
# Every tiny indicator at level 4, or at level 0 (smes and staff are measured, the others assessed).
TOP = "members: {smes: {value: 200, source: test-src §2}}\nmanagement: {staff_fte: {value: 6, source: test-src §3}}\n"
BOTTOM = (
    "members: {smes: {value: 0, source: test-src §2}}\nmanagement: {staff_fte: {value: 0.1, source: test-src §3}}\n"
)
# All at level 4 but the SMEs (level 0, 12.5 % of the weight): 87.5 % at nominal weights, a close call.
NEAR = "members: {smes: {value: 0, source: test-src §2}}\nmanagement: {staff_fte: {value: 6, source: test-src §3}}\n"


def tiny_root(tmp_path: Path, write_profile: WriteProfile) -> Path:
    return tiny_folder(
        tmp_path / "mine",
        write_profile,
        {
            "top": tiny_cluster("top", TOP, {"projects": 4, "training": 4}),
            "bottom": tiny_cluster("bottom", BOTTOM, {"projects": 0, "training": 0}),
            "near": tiny_cluster("near", NEAR, {"projects": 4, "training": 4}),
        },
    )


def test_draws_add_the_probability_and_its_interval_to_the_json(cli: Cli) -> None:
    plain = run_json(cli, "label", "le2c")
    doc = run_json(cli, "label", "le2c", "--draws", "300", "--seed", "1")
    u = doc.pop("uncertainty")
    assert doc == plain  # the rest of the payload keeps its shape and values
    assert (u["draws"], u["seed"], u["spread"], u["threshold"]) == (300, 1, 0.25, 0.8)
    assert 0 <= u["probability"] <= u["probability_if_unknown_good"] <= 1
    assert 0 <= u["share"]["p5"] <= u["share"]["median"] <= u["share"]["p95"] <= 1
    assert u["method"]["weights"] == "each weight times U(0.75, 1.25)"


def test_a_close_call_is_neither_certain_nor_hopeless(cli: Cli, tmp_path: Path, write_profile: WriteProfile) -> None:
    root = tiny_root(tmp_path, write_profile)
    doc = run_json(cli, "label", "near", "--framework", "tiny", "-p", root, "--draws", "400", "--seed", "1")
    assert (doc["readiness"]["share"], doc["readiness"]["verdict"]) == (0.875, "ready")
    u = doc["uncertainty"]
    # Leaving staff out leaves the SMEs alone in their dimension: 50 %. Most draws still clear 80 %.
    assert 0.5 < u["probability"] < 1
    assert u["share"]["p5"] < 0.8 < u["share"]["median"]


def test_without_draws_nothing_changes(cli: Cli) -> None:
    assert "uncertainty" not in run_json(cli, "label", "mnc")
    out = cli("label", "mnc").stdout
    assert "How close a call" not in out
    assert cli("label", "mnc", "--format", "csv").stdout.startswith("requirement,status,value,sources")


def test_mnc_never_reaches_gold_under_any_draw(cli: Cli) -> None:
    u = run_json(cli, "label", "mnc", "--draws", "300", "--seed", "1")["uncertainty"]
    assert u["probability"] == 0.0 and u["probability_if_unknown_good"] == 0.0
    assert u["share"]["p95"] < 0.8


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_seed_same_output_in_every_format(cli: Cli, fmt: str) -> None:
    args = ("label", "le2c", "--draws", "200", "--seed", "4", "--format", fmt)
    first, second = cli(*args), cli(*args)
    assert first.exit_code == second.exit_code == 0
    assert first.stdout == second.stdout
    assert first.stdout != cli("label", "le2c", "--format", fmt).stdout  # the draws are in every format


def test_another_seed_may_give_another_probability(cli: Cli, tmp_path: Path, write_profile: WriteProfile) -> None:
    root = tiny_root(tmp_path, write_profile)
    args = ("label", "near", "--framework", "tiny", "-p", root, "--draws", "300")
    one = run_json(cli, *args, "--seed", "1")["uncertainty"]
    two = run_json(cli, *args, "--seed", "2")["uncertainty"]
    assert two["seed"] == 2
    # The shares drawn differ; a probability, a count of draws, may come out the same.
    assert one["share"] != two["share"]
    assert abs(one["probability"] - two["probability"]) < 0.1


def test_the_table_and_csv_show_the_draws(cli: Cli) -> None:
    out = cli("label", "le2c", "--draws", "300", "--seed", "1").stdout
    assert "How close a call: the share at level 3+ over 300 draws (seed 1)" in out
    probability = row_of(out, "probability it reaches 80 % (unknown counted as not met)")[1]
    assert probability.endswith(" %")
    assert "does not change a share of weight" in out
    csv_lines = cli("label", "le2c", "--draws", "300", "--seed", "1", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "measure,value"
    assert csv_lines[1].startswith("probability it reaches 80 % (unknown counted as not met),")
    shown = float(csv_lines[1].rsplit(",", 1)[1])
    assert run_json(cli, "label", "le2c", "--draws", "300", "--seed", "1")["uncertainty"]["probability"] == round(
        shown, 4
    )


def test_every_indicator_at_level_4_gives_probability_1_and_at_level_0_gives_0(
    cli: Cli, tmp_path: Path, write_profile: WriteProfile
) -> None:
    root = tiny_root(tmp_path, write_profile)
    top = run_json(cli, "label", "top", "--framework", "tiny", "-p", root, "--draws", "300")
    assert top["readiness"]["share"] == 1.0
    assert (top["uncertainty"]["probability"], top["uncertainty"]["probability_if_unknown_good"]) == (1.0, 1.0)
    assert top["uncertainty"]["share"] == {"median": 1.0, "p5": 1.0, "p95": 1.0}
    bottom = run_json(cli, "label", "bottom", "--framework", "tiny", "-p", root, "--draws", "300")
    assert bottom["readiness"]["share"] == 0.0
    assert (bottom["uncertainty"]["probability"], bottom["uncertainty"]["probability_if_unknown_good"]) == (0.0, 0.0)
    assert bottom["uncertainty"]["share"] == {"median": 0.0, "p5": 0.0, "p95": 0.0}


def test_the_command_defaults_are_the_librarys(cli: Cli) -> None:
    from clusterkit import Catalog, score
    from clusterkit.label import readiness
    from clusterkit.views.label import label_payload

    catalog = Catalog()
    framework = catalog.framework()
    scored = score(catalog.cluster("le2c"), framework)
    library = label_payload(readiness(catalog.cluster("le2c"), scored, framework, draws=100))
    assert run_json(cli, "label", "le2c", "--draws", "100")["uncertainty"] == library["uncertainty"]


def test_a_wider_spread_widens_the_interval(cli: Cli, tmp_path: Path, write_profile: WriteProfile) -> None:
    root = tiny_root(tmp_path, write_profile)
    args = ("label", "near", "--framework", "tiny", "-p", root, "--draws", "400", "--seed", "3")
    narrow = run_json(cli, *args, "--spread", "0.05")["uncertainty"]
    wide = run_json(cli, *args, "--spread", "0.5")["uncertainty"]
    assert (narrow["spread"], wide["spread"]) == (0.05, 0.5)
    assert wide["share"]["p95"] - wide["share"]["p5"] > narrow["share"]["p95"] - narrow["share"]["p5"]


@pytest.mark.parametrize("option", [["--draws", "0"], ["--draws", "10", "--spread", "1"], ["--spread", "-0.1"]])
def test_impossible_settings_are_refused(cli: Cli, option: list[str]) -> None:
    result = cli("label", "le2c", *option)
    assert result.exit_code == 2
    assert result.stdout == ""
