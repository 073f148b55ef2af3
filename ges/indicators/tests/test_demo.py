"""The demo indicators: OPS-MOF's six of seed 001, the FY2566 standard ones, FY2555's of seed 004."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import nh3
import pytest
from django.apps import apps
from django.core.management import call_command

from ges.frameworks.models import Framework, FrameworkKind
from ges.indicators import demo
from ges.indicators.models import AgencyValue, EvaluationItem, Indicator, ItemKind
from ges.orgs.models import Organization
from ges.scoring import validate_criteria, validate_document

SEEDS = Path(demo.__file__).resolve().parent.parent / "demo_seeds"
FORMATTED_TAGS = {
    *("p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "u"),
    *("table", "thead", "tbody", "tr", "th", "td", "sup", "sub"),
}
TEXT_FIELDS = (
    "name_th",
    "responsible_unit_name",
    "unit",
    "description",
    "definitions",
    "scope",
    "data_collection",
    "data_source",
    "formula",
    "six_month_target",
    "benefits",
    "conditions",
    "criteria_note",
    "national_strategy",
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    call_command("load_demo", stdout=StringIO())


def fy2566() -> Framework:
    return Framework.objects.get(fiscal_year__year=2566, kind=FrameworkKind.DEPARTMENTS)


def ops_mof(number: str) -> Indicator:
    return Indicator.objects.get(
        framework__fiscal_year__year=2566, organization__code="OPS-MOF", number=number
    )


def criteria_of(number: str) -> dict[str, Any]:
    criteria = ops_mof(number).criteria
    assert isinstance(criteria, dict)
    return criteria


def seed_text(name: str) -> str:
    return re.sub(r"\s+", " ", (SEEDS / name).read_text(encoding="utf-8"))


def fragments(value: str) -> Iterator[str]:
    for part in re.split(r"<[^>]+>", value):
        text = re.sub(r"\s+", " ", part).strip()
        if text:
            yield text


def criteria_texts(criteria: Any) -> Iterator[str]:
    """Steps, block ids and items: the words of the criteria, not the format's keys."""
    if isinstance(criteria, dict):
        for key, value in criteria.items():
            if key in ("steps", "items", "requires"):
                yield from value
            elif key == "id":
                yield value
            else:
                yield from criteria_texts(value)
    elif isinstance(criteria, list):
        for value in criteria:
            yield from criteria_texts(value)


def every_text(indicator: Indicator) -> Iterator[str]:
    for name in TEXT_FIELDS:
        yield from fragments(getattr(indicator, name))
    yield from (step.text for step in indicator.steps.all())
    yield from (activity.text for activity in indicator.plan.all())
    yield from (item.text for item in indicator.items.all())
    for baseline in indicator.baselines.all():
        yield from (baseline.series, baseline.value_text, baseline.note)
    yield from criteria_texts(indicator.criteria)


def test_it_loads_the_six_indicators_of_ops_mof(loaded: None) -> None:
    indicators = Indicator.objects.of_agency(
        Organization.objects.get(code="OPS-MOF"), fy2566()
    ).order_by("order")

    rows = [(i.number, i.component.code if i.component else "", i.weight) for i in indicators]
    assert rows == [
        (number, component, Decimal(weight))
        for number, component, weight in (
            ("1", "PB", 20),
            ("2", "PB", 20),
            ("3", "PB", 15),
            ("4", "PB", 15),
            ("5", "PT", 15),
            ("6", "PT", 15),
        )
    ]
    assert indicators[0].name_th == "ระดับความสำเร็จของการตรวจติดตามหน่วยงานในสังกัดกระทรวงการคลัง"
    assert indicators[5].name_th == "การประเมินสถานะของหน่วยงานในการเป็นระบบราชการ 4.0 (PMQA 4.0)"
    assert [(i.responsible_unit.code if i.responsible_unit else "") for i in indicators] == [
        "OPS-MOF-IAE",
        "OPS-MOF-PSB",
        "",
        "OPS-MOF-ICT",
        "",
        "",
    ]
    assert indicators[1].responsible_unit_name == "สำนักนโยบายและยุทธศาสตร์"
    assert [i.national_strategy for i in indicators] == ["ภารกิจหลักของส่วนราชการ"] * 4 + [""] * 2


def test_it_transcribes_the_baselines_with_their_notes(loaded: None) -> None:
    plan = ops_mof("2")
    rows = [(b.year, b.value, b.value_text, b.note) for b in plan.baselines.all()]

    assert rows == [
        (2562, Decimal("96.11"), "96.11", ""),
        (2563, Decimal(100), "100", ""),
        (2564, Decimal("74.29"), "74.29", ""),
        (2565, Decimal("83.33"), "83.33", "ผลการดำเนินงาน ณ ไตรมาสที่ 3/2565"),
    ]
    inspection = [(b.series, b.year, b.value_text) for b in ops_mof("1").baselines.all()]
    assert inspection[:4] == [
        ("จำนวนหน่วยงานทั้งหมด", 2562, "900 หน่วย"),
        ("จำนวนหน่วยงานทั้งหมด", 2563, "- 900 หน่วย"),
        ("จำนวนหน่วยงานทั้งหมด", 2564, "826 หน่วย"),
        ("จำนวนหน่วยงานทั้งหมด", 2565, "826 หน่วย"),
    ]
    assert {series for series, _, _ in inspection[4:]} == {"ผลการดำเนินงาน"}
    assert [(b.value, b.value_text) for b in ops_mof("3").baselines.all()] == [(None, "-")] * 4
    assert [(b.year, b.value) for b in ops_mof("6").baselines.all()] == [
        (2564, Decimal("407.69")),
        (2565, Decimal("431.73")),
    ]


def test_it_transcribes_the_criteria_tables(loaded: None) -> None:
    assert ops_mof("2").criteria == {
        "kind": "levels",
        "direction": "higher",
        "thresholds": [80, 85, 90],
        "scores": [50, 75, 100],
    }
    levels = criteria_of("4")["levels"]
    assert [(level["score"], level["steps"]) for level in levels] == [
        (50, ["กำหนดรูปแบบชุดข้อมูล"]),
        (75, ["วางแผนการดำเนินงานและออกแบบระบบ"]),
        (100, ["เชื่อมโยงและแลกเปลี่ยนข้อมูลได้สำเร็จ"]),
    ]
    assert criteria_of("3")["levels"][1]["steps"] == ["มีการลงนามในสัญญา"]
    assert criteria_of("1")["levels"][1]["steps"] == [
        "ตรวจติดตามได้ 826 หน่วย และมีรายงานสรุปข้อเสนอแนะจากการตรวจราชการไตรมาส 1 - 3"
    ]
    blocks = criteria_of("5")["blocks"]
    assert [block["points"] for block in blocks] == [50, 15, 10, 20, 5]
    assert len(blocks[0]["items"]) == 3
    group = criteria_of("6")["groups"][0]
    assert group["criteria"]["thresholds"] == ["400", "prev", "prev + 2%"]
    assert "379.27" in ops_mof("6").criteria_note


def test_it_transcribes_the_monthly_plans_into_the_next_year(loaded: None) -> None:
    inspection = [(a.text, a.months) for a in ops_mof("1").plan.all()]
    assert inspection[0] == ("จัดทำแผนการตรวจราชการของผู้ตรวจราชการกระทรวงการคลัง", [0])
    assert inspection[1] == ("ลงพื้นที่ตรวจราชการ", [2])
    assert inspection[3][1] == [3, 6, 9, 12]
    assert inspection[5][1] == [5, 8, 11, 14]
    gfmis = [(a.text, a.months) for a in ops_mof("3").plan.all()]
    assert gfmis[0][1] == []  # the heading row of the seed's table
    assert gfmis[3] == ("ขั้นตอนที่ 3 การลงนามในสัญญา", [12])
    exim = [a.months for a in ops_mof("4").plan.all()]
    assert exim == [[2], [1, 2], [2, 3], [4, 5], [6, 7, 8, 9, 10, 11], [12, 13], [14]]
    assert not ops_mof("2").plan.exists()


def test_it_transcribes_every_part_of_the_definitions(loaded: None) -> None:
    inspection = ops_mof("1")
    assert inspection.definitions == (
        "หน่วยรับตรวจ หมายถึง หน่วยงานในสังกัดกระทรวงการคลังทั้งในส่วนกลางและส่วนภูมิภาค"
    )
    assert inspection.scope == "1 ตุลาคม 2565 – 30 กันยายน 2566"
    assert inspection.data_collection == "เก็บข้อมูลตลอดช่วงปีงบประมาณ พ.ศ. 2566"
    assert inspection.data_source == "รายงานผลการตรวจราชการ"
    assert inspection.criteria_note.startswith("รายงานผลการดำเนินงานตามข้อเสนอแนะ")
    assert inspection.steps.count() == 7
    assert inspection.benefits.count("<li>") == 2
    assert ops_mof("2").unit == "ร้อยละ"
    assert ops_mof("2").six_month_target.endswith("ภายในไตรมาสแรก")
    assert ops_mof("3").six_month_target == "มีการลงนามในสัญญา"
    assert "28 พ.ค. 62" in ops_mof("3").conditions
    assert ops_mof("4").conditions == ""  # "เงื่อนไข (ถ้ามี) -"
    assert ops_mof("4").steps.count() == 7
    digitize = ops_mof("5")
    assert digitize.definitions.count("<strong>") == 5
    assert "Mandatory Metadata" in digitize.description
    assert "(21 สาขา)" in digitize.scope
    assert digitize.conditions.count("<li>") == 2
    assert "Template 2 (Metadata)" in digitize.six_month_target
    assert ops_mof("6").steps.count() == 3


def test_it_copies_every_word_from_the_seeds(loaded: None) -> None:
    seed = seed_text("001_3591153ba24c71a1.txt")
    agency = Indicator.objects.filter(framework=fy2566()).exclude(organization__code="BB")
    assert agency.count() == 8  # six of OPS-MOF and two standard ones
    for indicator in agency:
        for text in every_text(indicator):
            assert re.sub(r"\s+", " ", text) in seed, (indicator.number, text)
    slides = re.sub(r"\s+", "", seed_text("004_0353db2dc096dccb.txt"))
    for indicator in Indicator.objects.filter(framework__fiscal_year__year=2555):
        assert re.sub(r"\s+", "", indicator.name_th) in slides, indicator.number


def test_it_keeps_formatted_text_within_the_allowed_tags(loaded: None) -> None:
    for indicator in Indicator.objects.exclude(organization__code="BB"):
        for name in TEXT_FIELDS:
            value = getattr(indicator, name)
            assert nh3.clean(value, tags=FORMATTED_TAGS, attributes={}) == value, name


def test_it_lists_evaluation_items_for_every_indicator(loaded: None) -> None:
    kinds = {
        number: [(item.kind, item.unit) for item in ops_mof(number).items.all()]
        for number in "123456"
    }

    assert kinds["1"] == kinds["3"] == kinds["4"] == [(ItemKind.PASS_FAIL, "")] * 3
    assert kinds["2"] == [(ItemKind.NUMBER, "ร้อยละ")]
    assert kinds["5"] == [(ItemKind.PASS_FAIL, "")] * 7
    assert kinds["6"] == [(ItemKind.NUMBER, "คะแนน")]
    levels = criteria_of("1")["levels"]
    assert [item.text for item in ops_mof("1").items.all()] == [
        level["steps"][0] for level in levels
    ]


def test_it_adopts_the_standard_indicators_with_their_owners(loaded: None) -> None:
    standards = {i.number: i for i in Indicator.objects.standard().filter(framework=fy2566())}

    assert set(standards) == {"5", "6"}
    assert standards["5"].owner is not None and standards["5"].owner.code == "NSO"
    assert standards["6"].owner is not None and standards["6"].owner.code == "OPDC"
    assert ops_mof("5").standard == standards["5"]
    assert ops_mof("6").standard == standards["6"]
    assert ops_mof("6").criteria == standards["6"].criteria
    assert not standards["6"].baselines.exists()  # baselines belong to each agency
    value = AgencyValue.objects.get(framework=fy2566(), organization__code="OPS-MOF")
    assert (value.name, value.value) == ("prev", Decimal("431.73"))


def test_it_writes_only_criteria_the_engine_accepts(loaded: None) -> None:
    written = (
        Indicator.objects.exclude(criteria__isnull=True)
        .exclude(organization__code="BB")
        .select_related("framework")
    )
    assert written.count() == 8

    for indicator in written:
        values: dict[str, object] = {"prev": Decimal("431.73")}
        if indicator.organization_id is not None:
            values = {
                v.name: v.value
                for v in AgencyValue.objects.filter(
                    framework=indicator.framework, organization=indicator.organization_id
                )
            }
        problems = validate_criteria(
            indicator.criteria, scale=indicator.framework.scale, known_values=values
        )
        assert problems == [], (indicator.number, problems)


def test_it_adds_up_ops_mof_weights_as_the_engine_requires(loaded: None) -> None:
    framework = fy2566()
    agency = Organization.objects.get(code="OPS-MOF")
    values = {v.name: str(v.value) for v in agency.values.filter(framework=framework)}
    document = {
        "scale": str(framework.scale),
        "decimals": framework.decimals,
        "result_levels": framework.result_levels,
        "agency": agency.code,
        "context": values,
        "components": [
            {"code": c.code, "weight": str(c.weight)} for c in framework.components.all()
        ],
        "indicators": [
            {
                "code": i.number,
                "component": i.component.code if i.component else None,
                "weight": str(i.weight),
                "criteria": json.loads(json.dumps(i.criteria)),
            }
            for i in Indicator.objects.of_agency(agency, framework).select_related("component")
        ],
    }

    assert validate_document(document) == []


def test_it_adds_up_the_fy2555_standard_weights(loaded: None) -> None:
    framework = Framework.objects.get(fiscal_year__year=2555, kind=FrameworkKind.DEPARTMENTS)
    top = Indicator.objects.standard().top_level().filter(framework=framework)

    assert top.count() == 12
    for component in framework.components.exclude(parent=None):
        weights = [i.weight for i in top.filter(component=component)]
        assert sum(weights) == component.weight, component.code
    parent = top.get(number="1")
    assert [(c.number, c.weight) for c in parent.children.order_by("order")] == [
        ("1.1", Decimal(75)),
        ("1.2", Decimal(25)),
    ]
    assert top.get(number="8").owner == Organization.objects.get(code="CGD")
    assert top.get(number="8").name_th == "ร้อยละความสำเร็จของการเบิกจ่ายเงินงบประมาณตามแผน"


def test_it_changes_nothing_when_loaded_twice(loaded: None) -> None:
    models = apps.get_models()
    counts = {model._meta.label: model._default_manager.count() for model in models}

    call_command("load_demo", stdout=StringIO())

    assert {model._meta.label: model._default_manager.count() for model in models} == counts
    transcribed = Indicator.objects.exclude(organization__code="BB")
    assert transcribed.count() == 2 + 6 + 12 + 2  # FY2566 standard, OPS-MOF, FY2555 (+1.1, 1.2)
    assert counts["indicators.PlanActivity"] > 0


def test_it_imports_the_budget_bureau_from_the_e_sar_page_of_seed_000(loaded: None) -> None:
    bureau = Indicator.objects.filter(framework=fy2566(), organization__code="BB")

    assert bureau.exists()
    items = EvaluationItem.objects.filter(indicator__in=bureau)
    assert items.filter(result_value=Decimal("99.63"), unit="ร้อยละ").exists()
    assert items.filter(result_value=Decimal("454.38"), unit="คะแนน").exists()


def test_it_leaves_an_indicator_an_editor_changed(loaded: None) -> None:
    inspection = ops_mof("1")
    inspection.weight = Decimal(25)
    inspection.save(update_fields=["weight"])
    inspection.steps.all().delete()

    call_command("load_demo", stdout=StringIO())

    inspection.refresh_from_db()
    assert inspection.weight == 25
    assert not inspection.steps.exists()
