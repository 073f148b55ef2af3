"""Factories for an agency's indicators, with the parts seed 001 shows (explicit rows)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ges.frameworks.models import Component, Framework
from ges.frameworks.tests.factories import make_component, make_framework
from ges.indicators.models import Baseline, EvaluationItem, Indicator, PlanActivity, Step
from ges.orgs.models import Organization

THREE_LEVELS = {"kind": "levels", "thresholds": [80, 85, 90]}


def make_year(year: int = 2566) -> tuple[Framework, Component, Component]:
    """A departments framework: Performance Base 70, Potential Base 30."""
    framework = make_framework(year)
    pb = make_component(framework, "PB", 70, name_th="Performance Base", order=1)
    pt = make_component(framework, "PT", 30, name_th="Potential Base", order=2)
    return framework, pb, pt


def make_indicator(
    framework: Framework,
    agency: Organization | None,
    number: str,
    component: Component | None = None,
    *,
    weight: int | str = 10,
    parent: Indicator | None = None,
    items: int = 0,
    **values: Any,
) -> Indicator:
    values.setdefault("name_th", f"ตัวชี้วัดที่ {number}")
    indicator = Indicator.objects.create(
        framework=framework,
        organization=agency,
        component=component,
        parent=parent,
        number=number,
        weight=Decimal(weight),
        **values,
    )
    EvaluationItem.objects.bulk_create(
        EvaluationItem(indicator=indicator, order=n, text=f"ประเด็น {n}", kind="passfail")
        for n in range(items)
    )
    return indicator


def make_seed_001_indicator(
    framework: Framework, agency: Organization, component: Component, unit: Organization
) -> Indicator:
    """Indicator 1 of seed 001, with its baseline, steps, criteria and a plan into FY2567."""
    indicator = make_indicator(
        framework,
        agency,
        "1",
        component,
        weight=20,
        name_th="ระดับความสำเร็จของการตรวจติดตามหน่วยงานในสังกัดกระทรวงการคลัง",
        responsible_unit=unit,
        unit="หน่วย",
        description="ติดตามการตรวจราชการ",
        definitions="หน่วยรับตรวจ หมายถึง หน่วยงานในสังกัดกระทรวงการคลัง",
        scope="1 ตุลาคม 2565 – 30 กันยายน 2566",
        data_collection="เก็บข้อมูลตลอดช่วงปีงบประมาณ พ.ศ. 2566",
        data_source="รายงานผลการตรวจราชการ",
        formula="จำนวนหน่วยงานที่ตรวจ",
        cascade="same_as",
        strategic_kpi="ร้อยละการตรวจติดตาม",
        criteria=THREE_LEVELS,
        criteria_note="รายงานไตรมาสที่ 3 - 4 เสนอเป็นเป้าหมายขั้นต่ำของปีงบประมาณถัดไป",
        six_month_target="ตรวจติดตามได้ 200 หน่วย",
        benefits="ประชาชนได้รับประโยชน์อย่างทั่วถึง",
        conditions="ต้องมีรายงานครบทุกไตรมาส",
        national_strategy="ยุทธศาสตร์ชาติด้านการปรับสมดุลภาครัฐ",
        master_plan="แผนแม่บทการบริการประชาชน",
        policy="ภารกิจหลักของส่วนราชการ",
    )
    Baseline.objects.bulk_create(
        [
            Baseline(
                indicator=indicator,
                series="จำนวนหน่วยงานทั้งหมด",
                year=2562,
                value=900,
                value_text="900 หน่วย",
                order=0,
            ),
            Baseline(
                indicator=indicator,
                series="จำนวนหน่วยงานทั้งหมด",
                year=2565,
                value=826,
                value_text="826 หน่วย",
                order=0,
                note="ณ ไตรมาสที่ 3/2565",
            ),
            Baseline(
                indicator=indicator,
                series="ผลการดำเนินงาน",
                year=2562,
                value=900,
                value_text="900 หน่วย",
                order=1,
            ),
            Baseline(
                indicator=indicator,
                series="ผลการดำเนินงาน",
                year=2565,
                value=826,
                value_text="826 หน่วย",
                order=1,
            ),
        ]
    )
    Step.objects.bulk_create(
        [
            Step(indicator=indicator, order=0, text="จัดทำแผนการตรวจราชการ"),
            Step(indicator=indicator, order=1, text="ลงพื้นที่ตรวจเยี่ยมหน่วยงาน"),
        ]
    )
    PlanActivity.objects.bulk_create(
        [
            PlanActivity(indicator=indicator, order=0, text="จัดทำแผนการตรวจราชการ", months=[0]),
            PlanActivity(
                indicator=indicator, order=1, text="จัดทำรายงานผลการตรวจ", months=[3, 6, 9, 12]
            ),
        ]
    )
    EvaluationItem.objects.bulk_create(
        [
            EvaluationItem(
                indicator=indicator,
                order=0,
                text="ตรวจติดตามหน่วยงาน",
                kind="number",
                unit="หน่วย",
                result_value=Decimal("826"),
            ),
            EvaluationItem(
                indicator=indicator,
                order=1,
                text="มีรายงานสรุปข้อเสนอแนะ",
                kind="passfail",
                result_passed=True,
            ),
        ]
    )
    return indicator
