"""The questionnaire as an XLSForm: pyxform (the reference converter) turns it into an XForm without a
warning, with one ``select_one`` per assessed indicator whose labels are the rubric, and the constraints
that keep a field interview's answers importable."""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pyxform.xls2xform import convert

from clusterkit.intake.xlsform import UNKNOWN, form_layout, xlsform, xlsform_sheets
from clusterkit.loading import Catalog, load_document, search_dirs
from clusterkit.models import Framework

TESTS = Path(__file__).resolve().parents[1]
XF = "{http://www.w3.org/2002/xforms}"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog(search_dirs([], env=""))


@pytest.fixture(scope="module")
def framework(catalog: Catalog) -> Framework:
    return catalog.framework("default")


def sheet_rows(data: bytes, title: str) -> list[dict[str, str]]:
    """A sheet of the workbook as records, read back with openpyxl (what pyxform reads)."""
    sheet = load_workbook(io.BytesIO(data), read_only=True)[title]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = [str(h) for h in rows[0]]
    return [{h: v for h, v in zip(header, row) if v is not None} for row in rows[1:]]


def xform(data: bytes, validate: bool = False) -> tuple[ET.Element, list[str]]:
    warnings: list[str] = []
    result = convert(data, warnings=warnings, validate=validate)
    return ET.fromstring(result.xform), warnings


def itext(root: ET.Element, language: str = "English (en)") -> dict[str, str]:
    """The texts of one language of a multilingual XForm, by their itext id."""
    translation = next(t for t in root.iter(f"{XF}translation") if t.attrib["lang"] == language)
    return {text.attrib["id"]: text.findtext(f"{XF}value") or "" for text in translation.iter(f"{XF}text")}


def choice_labels(root: ET.Element, list_id: str, language: str = "English (en)") -> list[str]:
    """The labels of a choice list, in one language."""
    texts = itext(root, language)
    choices = next(i for i in root.iter(f"{XF}instance") if i.attrib.get("id") == list_id)
    return [texts[item.findtext(f"{XF}itextId") or ""] for item in choices.iter(f"{XF}item")]


def binds(root: ET.Element) -> dict[str, dict[str, str]]:
    return {b.attrib["nodeset"]: b.attrib for b in root.iter(f"{XF}bind")}


def test_pyxform_converts_the_form_without_error_or_warning(framework: Framework) -> None:
    root, warnings = xform(xlsform(framework))
    assert warnings == []
    instance = root.find(f".//{XF}instance/{XF}data")
    assert instance is not None
    assert instance.attrib["id"] == "clusterkit_default"
    assert instance.attrib["version"]
    # One group per dimension, named by its id: exports name the columns resources-x or resources/x.
    groups = [child.tag.removeprefix(XF) for child in instance]
    assert groups[:5] == ["cluster_id", "date", "profile", "source", "source_title"]
    assert [g for g in groups if g in {d.id for d in framework.dimensions}] == [d.id for d in framework.dimensions]


@pytest.mark.skipif(shutil.which("java") is None, reason="ODK Validate (bundled with pyxform) needs Java")
def test_odk_validate_accepts_the_xform(catalog: Catalog, framework: Framework) -> None:
    """ODK Validate runs JavaRosa, the form engine of ODK Collect, over the XForm (expressions included)."""
    for cluster in (None, catalog.cluster("mnc")):
        _, warnings = xform(xlsform(framework, cluster), validate=True)
        assert warnings == []


def test_one_select_one_per_assessed_indicator_with_the_rubric_as_labels(framework: Framework) -> None:
    data = xlsform(framework)
    survey = sheet_rows(data, "survey")
    choices = sheet_rows(data, "choices")
    assessed = [i for i in framework.indicators if i.assessed]
    selects = [r for r in survey if r["type"].startswith("select_one ")]
    assert [r["name"] for r in selects] == [i.id for i in assessed]
    for row, ind in zip(selects, assessed):
        assert row["label::English (en)"] == ind.name
        assert row["required"] == "yes"
        list_name = row["type"].split(" ", 1)[1]
        listed = [c for c in choices if c["list_name"] == list_name]
        assert [c["name"] for c in listed] == ["0", "1", "2", "3", "4", UNKNOWN]
        assert [c["label::English (en)"] for c in listed[:5]] == [f"{n}: {text}" for n, text in enumerate(ind.levels)]
    # Measured indicators are computed from facts, never asked.
    assert not {r["name"] for r in survey} & {i.id for i in framework.indicators if not i.assessed}


def test_the_xform_offers_the_rubric_of_each_indicator(framework: Framework) -> None:
    root, _ = xform(xlsform(framework))
    ind = framework.indicator("strategy_documented")
    select = next(s for s in root.iter(f"{XF}select1") if s.attrib["ref"].endswith("/processes/strategy_documented"))
    itemset = select.find(f"{XF}itemset")
    assert itemset is not None
    list_id = itemset.attrib["nodeset"].split("'")[1]
    choices = next(i for i in root.iter(f"{XF}instance") if i.attrib.get("id") == list_id)
    values = [item.findtext(f"{XF}name") for item in choices.iter(f"{XF}item")]
    assert values == ["0", "1", "2", "3", "4", "unknown"]
    assert choice_labels(root, list_id)[:5] == [f"{n}: {text}" for n, text in enumerate(ind.levels)]


def test_constraints_keep_the_answers_importable(framework: Framework) -> None:
    root, _ = xform(xlsform(framework))
    bind = binds(root)
    assert bind["/data/cluster_id"]["constraint"] == "regex(., '^[a-z0-9][a-z0-9_-]{0,63}$')"
    assert bind["/data/cluster_id"]["required"] == "true()"
    assert bind["/data/date"]["type"] == "date"
    assert bind["/data/profile/country"]["constraint"] == "regex(., '^[A-Z]{2}$')"
    assert bind["/data/profile/founded"]["type"] == "int"
    assert bind["/data/profile/founded"]["constraint"] == ". >= 1800 and . <= 2100"
    assert bind["/data/profile/members"]["type"] == "int"
    assert bind["/data/profile/members"]["constraint"] == ". >= 0"
    assert bind["/data/source"]["required"] == "true()"
    assert bind["/data/source"]["constraint"].startswith("regex(., '^[a-z0-9]")
    # Evidence is asked once a level is chosen, and required unless the level is unknown.
    evidence = bind["/data/resources/sme_participation_evidence"]
    assert evidence["relevant"].split() == ["/data/resources/sme_participation", "!=", "''"]
    assert evidence["required"].split() == ["/data/resources/sme_participation", "!=", "'unknown'"]
    source = bind["/data/resources/sme_participation_source"]
    assert source["constraint"] == bind["/data/source"]["constraint"]


def test_settings_and_the_same_bytes_each_time(framework: Framework) -> None:
    data = xlsform(framework)
    assert data == xlsform(framework)
    assert load_workbook(io.BytesIO(data)).sheetnames == ["survey", "choices", "settings"]
    (settings,) = sheet_rows(data, "settings")
    assert settings["form_id"] == "clusterkit_default"
    assert settings["form_title"] == framework.name
    assert settings["default_language"] == "English (en)"
    assert len(settings["version"]) == 12


def test_a_changed_framework_gets_a_new_version(framework: Framework) -> None:
    changed = framework.model_copy(update={"name": framework.name + " (revised)"})
    old = xlsform_sheets(framework)["settings"][1][0]["version"]
    assert xlsform_sheets(changed)["settings"][1][0]["version"] != old


def test_a_re_assessment_form_starts_from_the_clusters_latest_answers(catalog: Catalog, framework: Framework) -> None:
    mnc = catalog.cluster("mnc")
    root, warnings = xform(xlsform(framework, mnc))
    assert warnings == []
    instance = root.find(f".//{XF}instance/{XF}data")
    assert instance is not None
    assert instance.attrib["id"] == "clusterkit_default_mnc"
    assert instance.findtext(f"{XF}profile/{XF}country") == "MA"
    levels = mnc.assessments[-1].levels
    level = levels["strategy_documented"].level
    assert instance.findtext(f"{XF}processes/{XF}strategy_documented") == str(level)
    # Texts become string literals set on first load: "mnc-2" or "(p. 3)" must not be read as XPath.
    setvalues = {s.attrib["ref"]: s.attrib["value"] for s in root.iter(f"{XF}setvalue")}
    assert setvalues["/data/cluster_id"] == "string('mnc')"
    first = levels["strategy_documented"].evidence[0]
    assert setvalues["/data/processes/strategy_documented_source"] == f"string('{first.source}')"


def test_odd_ids_and_formula_like_text_stay_valid(tmp_path: Path) -> None:
    """A dimension named like a fixed question, an id starting with a digit, a rubric starting with '='."""
    text = (TESTS / "positive" / "frameworks" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace("id: processes", "id: profile").replace("dimension: processes", "dimension: profile")
    text = text.replace("id: strategy", "id: 2-strategy").replace('"none", "ideas"', '"=none", "ideas"')
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    odd = load_document(path, "framework")
    assert isinstance(odd, Framework)
    layout = form_layout(odd)
    assert [(q.indicator, q.level) for q in layout.indicators] == [("2-strategy", ("dimension_profile", "_2-strategy"))]
    data = xlsform(odd)
    root, warnings = xform(data)
    assert warnings == []
    assert choice_labels(root, "levels__2-strategy")[0] == "0: =none"
    cell = load_workbook(io.BytesIO(data))["choices"]["C2"]
    assert (cell.value, cell.data_type) == ("0: =none", "s")


def test_a_framework_whose_names_collide_is_refused(tmp_path: Path) -> None:
    text = (TESTS / "positive" / "frameworks" / "mini.yaml").read_text(encoding="utf-8")
    text += (
        "  - id: strategy_evidence\n    name: Clash\n    dimension: processes\n    measures: x\n"
        '    esca_area: x\n    levels: ["a", "b", "c", "d", "e"]\n'
    )
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    clash = load_document(path, "framework")
    assert isinstance(clash, Framework)
    with pytest.raises(ValueError, match="'processes/strategy_evidence' and 'processes/strategy_evidence'"):
        form_layout(clash)
