"""`ges report`: an agency's evaluation report as e-SAR text or JSON (HTML: test_report_page)."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ges.frameworks.models import Framework
from ges.indicators import esar
from ges.indicators.imports import SYSTEM, ensure_framework, import_esar_file
from ges.indicators.models import EvaluationItem, Indicator
from ges.orgs.models import Organization, OrganizationKind
from ges.reports.builder import build_report, indicator_result
from ges.reports.render import as_json, as_text
from ges.testing import make_org

SEED = Path(__file__).resolve().parents[2] / "demo_seeds" / "000_f2d4ae963f1b8038.txt"
SEED_LINES = esar.source_lines(SEED.read_text(encoding="utf-8"))
LEVELS = {"kind": "levels", "thresholds": [80, 85, 90], "scores": [50, 75, 100]}

pytestmark = pytest.mark.django_db


def report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def report_json(*args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(report(*args, "--format", "json"))
    return data


@pytest.fixture
def imported() -> Organization:
    assert import_esar_file(SEED, 2566).ok
    return Organization.objects.get(name_th="สำนักงบประมาณ")


@pytest.fixture
def scored_agency() -> Organization:
    """PB 70: indicator 1 (levels, 87.5 -> 87.5). PT 30: indicator 2 (pass/fail, passed -> 100,
    weight 10) and indicator 3 (weight 20) = 3.1 (60%, levels, 85 -> 75) + 3.2 (40%, passed)."""
    framework = ensure_framework(SYSTEM, 2566, "departments")
    components = {c.code: c for c in framework.components.all()}
    ministry = make_org(kind=OrganizationKind.MINISTRY, code="MOF", name_th="กระทรวงการคลัง")
    agency = make_org(ministry, code="CGD", name_th="กรมบัญชีกลาง")

    def indicator(number: str, weight: int, **values: Any) -> Indicator:
        return Indicator.objects.create(
            framework=framework,
            organization=agency,
            number=number,
            order=int(number.split(".")[-1]),
            name_th=f"ตัวชี้วัด {number}",
            weight=Decimal(weight),
            **values,
        )

    def item(owner: Indicator, text: str, **values: Any) -> None:
        EvaluationItem.objects.create(indicator=owner, order=1, text=text, **values)

    first = indicator("1", 70, component=components["PB"], criteria=LEVELS)
    item(first, "ร้อยละการเบิกจ่าย", kind="number", unit="ร้อยละ", result_value=Decimal("87.5"))
    second = indicator("2", 10, component=components["PT"], criteria={"kind": "passfail"})
    item(second, "จัดทำรายงาน", kind="passfail", result_passed=True)
    parent = indicator("3", 20, component=components["PT"], cascade="same_as", strategic_kpi="ก")
    child = indicator("3.1", 60, parent=parent, criteria=LEVELS)
    item(child, "ร้อยละความพึงพอใจ", kind="number", unit="ร้อยละ", result_value=Decimal(85))
    other = indicator("3.2", 40, parent=parent, criteria={"kind": "passfail"})
    item(other, "มีระบบ", kind="passfail", result_passed=True)
    return agency


def test_it_prints_an_imported_page_back_line_for_line(imported: Organization) -> None:
    text = report("--org", "สำนักงบประมาณ", "--year", "2566")

    assert text.split("\n")[:-1] == SEED_LINES


def test_it_finds_the_agency_by_code_or_name(imported: Organization) -> None:
    by_code = report("--org", imported.code.lower(), "--year", "2566")

    assert by_code == report(
        "--org", "สำนักงบประมาณ", "--year", "2566", "--framework-kind", "departments"
    )


@pytest.mark.parametrize(
    ("org", "year"),
    [("หน่วยงานที่ไม่มี", "2566"), ("สำนักงบประมาณ", "2567"), ("สำนักนายกรัฐมนตรี", "2555")],
)
def test_it_says_what_it_cannot_find(imported: Organization, org: str, year: str) -> None:
    with pytest.raises(CommandError):
        report("--org", org, "--year", year)


def test_it_asks_which_of_two_namesakes(imported: Organization) -> None:
    make_org(code="BB2", name_th="สำนักงบประมาณ")

    with pytest.raises(CommandError) as raised:
        report("--org", "สำนักงบประมาณ", "--year", "2566")

    assert "BB2" in str(raised.value) and imported.code in str(raised.value)


def test_it_gives_the_structure_as_json(imported: Organization) -> None:
    data = report_json("--org", imported.code, "--year", "2566")

    assert data["agency"]["name_th"] == "สำนักงบประมาณ"
    assert data["parent"]["name_th"] == "สำนักนายกรัฐมนตรี"
    assert (data["fiscal_year"], data["weight"]) == (2566, "100")
    assert [c["code"] for c in data["components"]] == ["PB", "PT"]
    indicators = data["indicators"]
    assert [i["number"] for i in indicators] == [str(n) for n in range(1, 13)]
    assert [c["number"] for c in indicators[6]["children"]] == ["7.1", "7.2"]
    assert indicators[7]["cascade"] == {
        "kind": "proxy_of",
        "strategic_kpi": "ระดับความสำเร็จของปริมาณการโอนเปลี่ยนแปลงงบประมาณลดลง",
    }
    assert indicators[2]["items"] == [
        {
            "order": 1,
            "text": "ร้อยละการใช้จ่ายงบประมาณรายจ่ายภาพรวม",
            "kind": "number",
            "unit": "ร้อยละ",
            "result": {"passed": None, "value": "99.63", "text": "99.63"},
            "display": "99.63 (ร้อยละ)",
        }
    ]
    assert indicators[0]["items"][0]["result"]["passed"] is True
    assert indicators[0]["details"]["data_source"] == "สำนักงบประมาณ"
    assert len(indicators[0]["steps"]) == 3
    assert indicators[6]["children"][0]["plan"][2] == {
        "text": "จัดทำขอบเขตของงาน (TOR) พร้อมราคากลาง (ตุลาคม 65)",
        "months": [0],
    }
    # Imported pages have no criteria: no scores, and the report says why.
    assert (data["score"], data["level"]) == (None, None)
    assert all(i["score"] is None for i in indicators)
    assert {p["path"] for p in data["scoring_problems"]} >= {"indicators[1]", "indicators[7.1]"}


def test_it_scores_the_agency_with_the_engine(scored_agency: Organization) -> None:
    data = report_json("--org", "CGD", "--year", "2566")

    assert (data["score"], data["level"]) == ("88.250", "ระดับมาตรฐานขั้นสูง")
    assert data["scoring_problems"] == []
    assert [(c["code"], c["score"]) for c in data["components"]] == [
        ("PB", "61.250"),
        ("PT", "27.000"),
    ]
    first, second, parent = data["indicators"]
    assert (first["score"], first["points"], first["result"]) == ("87.500", "61.250", "87.5")
    assert "87.500" in first["explanation"]
    assert (second["score"], second["result"]) == ("100.000", True)
    assert parent["score"] == "85.000"
    assert [c["score"] for c in parent["children"]] == ["75.000", "100.000"]


def test_it_prints_the_score_and_level_in_the_header(scored_agency: Organization) -> None:
    lines = report("--org", "CGD", "--year", "2566").split("\n")

    assert lines[:12] == [
        "รายงานผลการประเมิน",
        "",
        "กรมบัญชีกลาง",
        "",
        "/ กระทรวงการคลัง",
        "น้ำหนัก",
        "100",
        "คะแนนการประเมิน",
        "88.250",
        "สรุปผลการประเมิน",
        "ระดับมาตรฐานขั้นสูง",
        "",
    ]
    assert "ร้อยละการเบิกจ่าย 87.5 (ร้อยละ)" in lines
    assert "3.1 ตัวชี้วัด 3.1" in lines  # a parent lists its sub-indicators
    assert "• เป็นตัวชี้วัดที่ถ่ายทอดเป็นตัวเดียวกับ Strategic KPIs “ก”" in lines


def test_it_scores_what_it_can_when_the_agency_cannot_be_scored_whole(
    scored_agency: Organization,
) -> None:
    Indicator.objects.filter(number="2").update(criteria=None)

    data = report_json("--org", "CGD", "--year", "2566")

    assert (data["score"], data["level"]) == (None, None)
    assert [p["path"] for p in data["scoring_problems"]] == ["indicators[2]"]
    first, second, parent = data["indicators"]
    assert (first["score"], first["points"]) == ("87.500", None)
    assert second["score"] is None
    assert parent["score"] == "85.000"
    assert report("--org", "CGD", "--year", "2566").split("\n")[8:10] == [
        "สรุปผลการประเมิน",
        "-",
    ]


def test_it_lists_the_engines_problems_when_the_weights_do_not_add_up(
    scored_agency: Organization,
) -> None:
    Indicator.objects.filter(number="1").update(weight=Decimal(60))

    data = report_json("--org", "CGD", "--year", "2566")

    assert data["score"] is None
    assert data["scoring_problems"]
    assert data["indicators"][0]["score"] == "87.500"


@pytest.mark.parametrize(
    ("criteria", "items", "result"),
    [
        (LEVELS, [esar.Item("ก", "number", value=Decimal(3))], Decimal(3)),
        (LEVELS, [esar.Item("ก", "number"), esar.Item("ข", "number")], None),
        ({"kind": "passfail"}, [esar.Item("ก", "passfail", passed=True)] * 2, True),
        (
            {"kind": "passfail"},
            [esar.Item("ก", "passfail", passed=True), esar.Item("ข", "passfail", passed=False)],
            False,
        ),
        ({"kind": "passfail"}, [esar.Item("ก", "passfail", passed=None)], None),
        (
            {"kind": "milestone", "levels": []},
            [esar.Item("ก", "passfail", passed=True), esar.Item("ข", "passfail", passed=False)],
            {"done": ["1"]},
        ),
        (
            {"kind": "hybrid"},
            [esar.Item("ก", "passfail", passed=True), esar.Item("ข", "number", value=Decimal(5))],
            {"done": ["1"], "value": Decimal(5)},
        ),
        (
            {"kind": "groups", "groups": [{"criteria": LEVELS}, {"criteria": LEVELS}]},
            [esar.Item("ก", "number", value=Decimal(7))],
            Decimal(7),
        ),
        (None, [esar.Item("ก", "number", value=Decimal(7))], None),
    ],
)
def test_it_reads_an_indicators_result_from_its_items(criteria, items, result) -> None:
    assert indicator_result(criteria, items) == result


def test_it_builds_the_report_in_a_fixed_number_of_queries(
    imported: Organization, tmp_path: Path
) -> None:
    body = SEED_LINES[11:]
    page = [*SEED_LINES[:11], *body * 3]
    page[2] = "หน่วยงานใหญ่"
    (tmp_path / "large.txt").write_text("\n".join(page), encoding="utf-8")
    assert import_esar_file(tmp_path / "large.txt", 2566).ok
    framework = Framework.objects.select_related("fiscal_year").get()
    agencies = Organization.objects.select_related("parent")

    counts = []
    for agency in (agencies.get(pk=imported.pk), agencies.get(name_th="หน่วยงานใหญ่")):
        with CaptureQueriesContext(connection) as queries:
            built = build_report(agency, framework)
            as_text(built)
            as_json(built)
        counts.append(len(queries))

    assert len(built.all_indicators()) == 3 * 14
    # indicators, items, steps, plan rows, components, the round score (none), agency values
    assert counts[0] == counts[1] <= 7


def test_it_prints_formatted_text_as_plain_lines(scored_agency: Organization) -> None:
    Indicator.objects.filter(number="1").update(
        benefits="<ul><li>ประชาชนได้รับบริการเร็วขึ้น</li><li>ลดค่าใช้จ่าย &amp; เวลา</li></ul>"
    )

    lines = report("--org", "CGD", "--year", "2566").split("\n")
    data = report_json("--org", "CGD", "--year", "2566")

    start = lines.index("ประโยชน์ที่คาดว่าประชาชนจะได้รับ :")
    assert lines[start + 1 : start + 3] == ["- ประชาชนได้รับบริการเร็วขึ้น", "- ลดค่าใช้จ่าย & เวลา"]
    assert data["indicators"][0]["details"]["benefits"].startswith("<ul><li>")
