"""Every figure of §3 and §3.1 of the paper (and of the press reports the profile cites) in `clusterkit audit mn2013`.

CHECKLIST is the list of what §3 and §3.1 of El Idrissi et al. (2020) state about Maroc Numeric 2013,
then what secondary-facts.md and the cited press articles add, each with the text the audit prints
for it: ``figures`` are spelled the same in every human format (``3,000 companies``,
``0.76 billion MAD (2008)``, ``less than 71 %``); ``rows`` are the Markdown table cells that hold
them, to show each figure where it belongs (whitespace collapsed). docs/audit.md lists the same.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

Cli = Callable[..., Result]

# (where, what the source says, figures as printed in every human format, Markdown rows that hold them)
CHECKLIST: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("§3", "adopted in 2008", ("2008",), ("| adopted | 2008 | el-idrissi-2020 §3 |",)),
    ("§3", "from 2008 to 2013", ("2008-2013",), ("| period | 2008-2013 | el-idrissi-2020 §3 |",)),
    ("§3", "the IT sector: 7 % of GDP", ("7 %",), ("| IT sector's share of GDP | 7 % |",)),
    ("§3", "25 % of growth", ("25 %",), ("| IT sector's share of growth | 25 % |",)),
    ("§3", "60 % of employment", ("60 %",), ("| IT sector's share of employment | 60 % |",)),
    (
        "§3",
        "an investment of 5.2 billion DH",
        ("5.2 billion MAD",),
        ("| total | 5.2 billion MAD | el-idrissi-2020 §3 |",),
    ),
    ("§3", "30000 profiles trained in IT until 2013", ("30,000 profiles (2013)",), ()),
    (
        "§3",
        "3000 profiles trained in offshoring, emergency plan until 2013",
        ("3,000 profiles (2013)", "Emergency plan for IT offshoring profiles"),
        (),
    ),
    (
        "§3",
        "three strategic priorities",
        ("Make high-speed Internet available to citizens",),
        (
            "| priorities | 3: Make high-speed Internet available to citizens; Bring the administration closer to the"
            " needs of the user through an innovative e-government programme; Encourage the computerisation of SMEs"
            " and develop the IT sector by supporting local actors |",
        ),
    ),
    (
        "§3",
        "MNC sets out five major agreements",
        ("5 agreements",),
        ("| Major agreements MNC sets out | 5 agreements |",),
    ),
    (
        "§3",
        "four strategic programmes (axes), by name",
        (
            "Social transformation",
            "User-oriented public services",
            "Computerisation of SMEs",
            "Development of the IT industry",
        ),
        (
            "| axes | 4: Social transformation; User-oriented public services (e-government);"
            " Computerisation of SMEs; Development of the IT industry |",
        ),
    ),
    (
        "§3",
        "two accompanying measures",
        ("Human capital development", "Numeric confidence"),
        ("| accompanying measures | 2: Human capital development; Numeric confidence |",),
    ),
    (
        "§3",
        "about 5.19 billion DH",
        ("about 5.19 billion MAD",),
        ("| total (other source) | about 5.19 billion MAD | el-idrissi-2020 §3 |",),
    ),
    (
        "§3",
        "axes 1 and 2: almost 83 % of the budget",
        ("almost 83 %",),
        ("| share of Social transformation + User-oriented public services (e-government) | almost 83 % |",),
    ),
    (
        "§3.1",
        "the Court of Auditors' evaluation in 2014",
        ("Court of Auditors' evaluation of the Maroc Numeric 2013 strategy (2014)",),
        (),
    ),
    ("§3.1", "the progress report as at 30 June 2013", ("as at 30 June 2013",), ()),
    (
        "§3.1",
        "the 4 axes' amounts, no funding sources",
        ("each of the 4 axes, without presenting the funding sources",),
        (),
    ),
    (
        "§3.1",
        "no budget for human capital",
        ("0 %",),
        ("| share of Human capital development (measure) | 0 % |",),
    ),
    ("§3.1", "the CNTI has not been established", ("(CNTI) has not been established",), ()),
    ("§3.1", "a general delay", ("general delay in the implementation of all the actions and projects planned",), ()),
    (
        "§3.1",
        "axis 1: 11 % of the actions achieved",
        ("11 %",),
        ("| Social transformation | unknown | 11 % |",),
    ),
    (
        "§3.1",
        "Nafida and Injaz (Nafid@, INJAZ) successfully implemented",
        ("Nafida (also Nafid@)", "Injaz (also INJAZ)", "have been successfully implemented"),
        (),
    ),
    (
        "§3.1",
        "GENIE plan delayed: below 71 % in multimedia suitcases (VMM)",
        ("GENIE plan", "less than 71 %"),
        (
            "| GENIE: multimedia suitcases (VMM) produced | Social transformation | unknown | 100 %"
            " | less than 71 % | less than 71 % |",
        ),
    ),
    (
        "§3.1",
        "24 % in multimedia room equipment",
        ("24 %",),
        ("| GENIE: multimedia room equipment produced | Social transformation | unknown | 100 % | 24 % | 24 % |",),
    ),
    ("§3.1", "satellite schools with almost 1 million pupils", ("almost 1,000,000 pupils",), ()),
    ("§3.1", '"(nearly 13451 in total)"', ("almost 13,451 in total",), ()),
    (
        "§3.1",
        "20 % of the initial projects cancelled or never started, three named",
        ("University information system", "Promotion of low-cost equipment", "GENIE-Sup (also GENI-SUP)"),
        ('Social transformation: cancelled or not started ("were cancelled or have never started"): 20 %',),
    ),
    ("§3.1", "household Internet from 14 % to 39 % between 2008 and 2012", ("14 % (2008)", "39 % (2012)"), ()),
    (
        "§3.1",
        "urban 51 %, rural 16 %",
        ("51 %", "16 %"),
        (
            "| Household Internet penetration, urban | Social transformation | unknown | unknown | 51 % |",
            "| Household Internet penetration, rural | Social transformation | unknown | unknown | 16 % |",
        ),
    ),
    (
        "§3.1",
        "axis 2: 69 projects; 36 % operational, 3 % in progress, 38 % late or problematic, 22 % did not start",
        ("69 projects", '"late or problematic"'),
        (
            "| User-oriented public services (e-government) | 69 projects | 25* (36 %) | 2* (3 %)"
            " | 26* (38 %) | 15* (22 %) |",
        ),
    ),
    (
        "§3.1",
        'of the 13 "Must have" projects only electronic certification implemented',
        ("13 priority projects", "1 priority project", "Electronic certification"),
        ("| 13 priority projects | 1 priority project | 7.7 % |",),
    ),
    ("§3.1", "e-consulat in progress", ("e-consulat", "was in progress"), ()),
    (
        "§3.1",
        "of the 11 overdue projects, the local authorities' information system not launched",
        ("11 projects", "Local authorities' information system", "had not yet been launched"),
        ("| Overdue e-government projects | 11 projects |",),
    ),
    (
        "§3.1",
        "e-government services and projects: 42 of the 89 planned",
        ("89 projects", "42 projects"),
        ("| 89 projects | 42 projects | 47.2 % |",),
    ),
    (
        "§3.1",
        "axis 3: 9 actions, 2 carried out (22 %), 5 in progress (56 %), 1 blocked (Rawaj TI), 1 not achieved",
        ("9 actions", "Rawaj TI", "Training action for correspondents and accountants", '"was not achieved"'),
        (
            "| Computerisation of SMEs | 9 actions | 2 (22 %) | 5 (56 %) | unknown | unknown | 1 (11.1 %*) |",
            '"was not achieved": 1 (11.1 %*)',
        ),
    ),
    (
        "§3.1",
        "Moussanada TI: 295 of the 3000 targeted companies (10 % of the objective)",
        ("Moussanada TI", "3,000 companies", "295 companies", "9.8 % (stated: 10 %)"),
        ("| 3,000 companies | 295 companies | 9.8 % (stated: 10 %) |",),
    ),
    (
        "§3.1",
        '"Infatih": 3040 SME managers of the 10,000 targeted (30 %)',
        ("Infatih (also Infitah)", "10,000 SME managers", "3,040 SME managers", "30.4 % (stated: 30 %)"),
        ("| 10,000 SME managers | 3,040 SME managers | 30.4 % (stated: 30 %) |",),
    ),
    (
        "§3.1",
        "axis 4: 14 actions in 15 projects; 4 carried out (27 %), 9 in progress (60 %), two did not start",
        ("14 actions (15 projects)",),
        (
            "| Development of the IT industry | 14 actions (15 projects) | 4 (27 %) | 9 (60 %)"
            " | unknown | 2 (14.3 %*) |",
        ),
    ),
    (
        "§3.1",
        "the main actions implemented",
        ("Moroccan Innovation Centre", "Maroc Numeric Fund", "Technopark Casa", "Cluster TI"),
        (),
    ),
    (
        "§3.1",
        "5 actions of human capital, three not started, named",
        (
            "5 actions",
            "Mechanism to manage training plans",
            "PPP (Public, Private, and Partnership) training initiatives",
            "Improving the employability of second-cycle university graduates",
        ),
        ("| Human capital development (measure) | 5 actions | unknown | unknown | unknown | 3 (60 %*) |",),
    ),
    (
        "§3.1",
        "of the five indicators, only one monitored",
        ("5 indicators", "1 indicator"),
        ("| Indicators set for the axis | 5 indicators |", "| Indicators monitored | 1 indicator |"),
    ),
    (
        "§3.1",
        "IT offshoring turnover: 0.76 billion DH (2008) to almost 2 billion DH (2012), against 6 billion DH",
        ("0.76 billion MAD (2008)", "6 billion MAD", "almost 2 billion MAD (2012)", "almost 23.7 %"),
        ("| 0.76 billion MAD (2008) | 6 billion MAD | almost 2 billion MAD (2012) | almost 23.7 % |",),
    ),
    (
        "§3.1",
        "3000 IT offshoring profiles created",
        ("3,000 profiles",),
        ("| 3,000 profiles (2013) | 3,000 profiles | 100 % |",),
    ),
    ("§3.1", "information lacking on the 30,000 profiles", ('"information is lacking to assess the progress',), ()),
    ("§3.1", "no sectoral strategies", ("not complemented by sectoral strategies",), ()),
    ("§3.1", "no strategy for the human capital measure", ("no specific strategy detailing its content",), ()),
    (
        "§3.1",
        "no prioritisation: GENIE-Sup delayed against the time-limited Nafid@ and INJAZ",
        ("GENIE-Sup was delayed compared with the time-limited Nafid@ and INJAZ programmes",),
        (),
    ),
    (
        "§3.1",
        "unique identifiers of citizens and companies",
        ("Unique identifier of citizens", "Unique identifier of companies"),
        (),
    ),
    # secondary-facts.md (Court of Auditors, as the press reported it) and the telquel.ma article it cites
    (
        "secondary",
        "community access centres: 74 of 400",
        ("400 centres", "74 centres", "18.5 % (stated: 18 %)"),
        ("| 400 centres | 74 centres | 18.5 % (stated: 18 %) |",),
    ),
    (
        "secondary",
        "SME aid: 22.9 MDH of 59 MDH",
        ("59 million MAD", "22.9 million MAD"),
        ("| 59 million MAD | 22.9 million MAD | 38.8 % |",),
    ),
    (
        "secondary",
        "53 actions over 4 axes and 2 measures",
        ("53 actions",),
        ("| planned actions | 53 actions | court-of-auditors-2014 |",),
    ),
    (
        "secondary",
        "budget 5.19 bn DH",
        ("5.19 billion MAD",),
        ("| total (other source) | 5.19 billion MAD | court-of-auditors-2014 |",),
    ),
    (
        "secondary",
        "one outlet quotes 5.9 bn DH (for 2009-2013): a disagreement",
        ("5.9 billion MAD", "5.9 billion MAD does not", "2009-2013 does not agree with 2008-2013"),
        ("| total (other source) | 5.9 billion MAD | telquel-2014 (article of 23 January 2015) |",),
    ),
)
# Amounts of money: every one is printed with its currency and scale.
AMOUNTS = ("5.2 billion MAD", "5.19 billion MAD", "5.9 billion MAD", "0.76 billion MAD", "6 billion MAD")
AMOUNTS += ("almost 2 billion MAD", "59 million MAD", "22.9 million MAD")


def squeeze(out: str) -> str:
    """Whitespace collapsed, so that a table's padding and a wrapped line read as one space."""
    return " ".join(out.split())


def page_text(page: str) -> str:
    """What a reader sees of an HTML page: no style, script or tags, entities decoded."""
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return squeeze(html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    """``clusterkit audit mn2013`` in each human format, as the entry point prints it."""
    from typer.testing import CliRunner

    from clusterkit.cli import app

    runner = CliRunner()
    found = {}
    for fmt in ("markdown", "html", "table"):
        result = runner.invoke(app, ["audit", "mn2013", "--format", fmt], env={"COLUMNS": "120", "NO_COLOR": "1"})
        assert result.exit_code == 0, result.output
        found[fmt] = page_text(result.stdout) if fmt == "html" else squeeze(result.stdout)
    return found


def test_the_checklist_covers_both_sections_and_the_secondary_facts() -> None:
    where = {entry[0] for entry in CHECKLIST}
    assert where == {"§3", "§3.1", "secondary"}
    assert len(CHECKLIST) >= 50


@pytest.mark.parametrize("entry", CHECKLIST, ids=[f"{e[0]} {e[1]}" for e in CHECKLIST])
def test_every_figure_appears_in_the_markdown_output(outputs: dict[str, str], entry: tuple[Any, ...]) -> None:
    _, what, figures, rows = entry
    missing = [f for f in (*figures, *rows) if f not in outputs["markdown"]]
    assert missing == [], what


@pytest.mark.parametrize("fmt", ["html", "table"])
def test_every_figure_appears_on_the_page_and_on_the_terminal(outputs: dict[str, str], fmt: str) -> None:
    missing = [(what, f) for _, what, figures, _ in CHECKLIST for f in figures if f not in outputs[fmt]]
    assert missing == []


@pytest.mark.parametrize("fmt", ["markdown", "html", "table"])
def test_amounts_carry_their_currency_and_scale(outputs: dict[str, str], fmt: str) -> None:
    out = outputs[fmt]
    assert [amount for amount in AMOUNTS if amount not in out] == []
    if fmt == "markdown":
        # No figure of a target, programme or other figure is a bare number: each has its unit or its %.
        tables = out[out.index("## Targets") : out.index("## Budget")]
        assert re.findall(r"\| (?:almost |less than |about )?\d[\d,.]* (?:\(\d{4}\) )?\|", tables) == []


def test_every_target_figure_is_printed_with_its_unit(cli: Cli) -> None:
    doc = json.loads(cli("audit", "mn2013", "--format", "json").stdout)
    markdown = squeeze(cli("audit", "mn2013", "--format", "markdown").stdout)
    for target in doc["targets"]:
        for name in ("baseline", "target", "actual"):
            value = target[name]
            if value is None:
                continue
            if target["measure"] == "share":
                assert f"{round(value * 100):g} %" in markdown, (target["id"], name)
            else:
                number = f"{value:,.2f}".rstrip("0").rstrip(".")
                unit = target["unit"][:-1] if value == 1 else target["unit"]
                assert re.search(rf"{re.escape(number)} {re.escape(unit)}\b", markdown), (target["id"], name)


def test_the_json_keeps_its_shape_and_adds_the_new_fields(cli: Cli) -> None:
    doc = json.loads(cli("audit", "mn2013", "--format", "json").stdout)
    assert {"strategy", "axes", "targets", "budget", "findings", "inconsistencies", "index"} <= set(doc)
    assert {"programmes", "figures", "notes"} <= set(doc)
    targets = {t["id"]: t for t in doc["targets"]}
    genie = targets["genie-multimedia-suitcases"]
    assert (genie["actual"], genie["qualifiers"], genie["attainment_qualifier"]) == (
        0.71,
        {"actual": "less_than"},
        "less_than",
    )
    assert (
        targets["moussanada-ti"]["stated_attainment"] == 0.1 and targets["offshoring-turnover"]["measure"] == "amount"
    )
    assert (doc["index"]["value"], doc["index"]["qualifier"]) == (0.3055, "less_than")
    axes = {a["id"]: a for a in doc["axes"]}
    assert axes["axis-2"]["statuses"]["late"]["wording"] == "late or problematic"
    assert [o["wording"] for o in axes["axis-3"]["other"]] == ["was not achieved"]
    programmes = {p["id"]: p for p in doc["programmes"]}
    assert [n["name"] for n in programmes["infatih"]["other_names"]] == ["Infitah"]
