"""A reader opens an agency's evaluation report, asks why an indicator scored what it did, and
reads it on a phone; the Ministry of Finance's demo indicator page is shot as well."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import World, log_in, screenshot
from ges.indicators.models import Indicator, PlanActivity, Step
from ges.orgs.demo import DEMO_PASSWORD
from ges.reports.tests.factories import (
    LEVELS,
    IndicatorSpec,
    ItemSpec,
    document,
    make_indicators,
    report_framework,
)
from ges.scoring import score_json

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def specs() -> list[IndicatorSpec]:
    return [
        IndicatorSpec(
            "1",
            Decimal(40),
            "PB",
            LEVELS,
            [
                ItemSpec(
                    "ร้อยละการเบิกจ่ายงบประมาณรายจ่ายภาพรวม", "number", Decimal("87.5"), unit="ร้อยละ"
                )
            ],
            name="ร้อยละของการเบิกจ่ายงบประมาณรายจ่ายในภาพรวม",
        ),
        IndicatorSpec(
            "2",
            Decimal(30),
            "PB",
            {
                "kind": "milestone",
                "levels": [
                    {"score": 50, "steps": ["1", "2"]},
                    {"score": 75, "steps": ["3"]},
                    {"score": 100, "steps": ["4"]},
                ],
            },
            [
                ItemSpec("แผนการตรวจราชการได้รับอนุมัติ", "passfail", passed=True),
                ItemSpec("ตรวจติดตามหน่วยงาน 200 หน่วย", "passfail", passed=True),
                ItemSpec("รายงานสรุปข้อเสนอแนะไตรมาส 1-3", "passfail", passed=True),
                ItemSpec("รายงานผลตามข้อเสนอแนะเสนอผู้บริหาร", "passfail", passed=False),
            ],
            name="ระดับความสำเร็จของการตรวจติดตามหน่วยงานในสังกัดกระทรวงการคลัง",
        ),
        IndicatorSpec(
            "3",
            Decimal(30),
            "PT",
            children=[
                IndicatorSpec(
                    "3.1",
                    Decimal(60),
                    "",
                    LEVELS,
                    [
                        ItemSpec(
                            "ร้อยละความพึงพอใจของผู้รับบริการ", "number", Decimal("83.3"), unit="ร้อยละ"
                        )
                    ],
                    name="ร้อยละความพึงพอใจของผู้รับบริการ",
                ),
                IndicatorSpec(
                    "3.2",
                    Decimal(40),
                    "",
                    {"kind": "passfail"},
                    [ItemSpec("เปิดให้บริการระบบงานดิจิทัล", "passfail", passed=True)],
                    name="การเปิดให้บริการระบบงานดิจิทัล",
                ),
            ],
            name="ความสำเร็จของการนำเทคโนโลยีดิจิทัลมาใช้ในการให้บริการ",
        ),
    ]


@pytest.fixture
def scored(world: World) -> tuple[list[Indicator], dict[str, Any]]:
    framework, components = report_framework()
    indicators = make_indicators(framework, components, world.department, specs())
    first = indicators[0]
    Indicator.objects.filter(pk=first.pk).update(
        cascade="same_as", strategic_kpi="ร้อยละการใช้จ่ายงบประมาณรายจ่ายภาพรวม"
    )
    for order, text in enumerate(["รวบรวมข้อมูลการเบิกจ่าย", "รายงานผลต่อผู้บริหารทุกไตรมาส"]):
        Step.objects.create(indicator=first, order=order, text=text)
    PlanActivity.objects.create(indicator=first, order=0, text="ติดตามการเบิกจ่าย", months=[0, 1, 2])
    return indicators, dict(score_json(document(framework, world.department, specs())))


def test_it_reads_the_report_and_asks_why_a_score(world: World, scored: Any, page: Any) -> None:
    indicators, engine = scored
    log_in(page, "viewer")
    page.goto(f"/reports/{world.department.pk}/2566/")

    expect(page.locator(".report-figures__score dd")).to_have_text(engine["total"])
    expect(page.locator(".report-head")).to_contain_text(engine["level"])
    first = page.locator(f"#indicator-{indicators[0].pk}")
    first.locator(".why summary").click()
    expect(first.locator(".why__text")).to_have_text(engine["indicators"][0]["explanation"])
    screenshot(page, "report-1280")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/reports/{world.department.pk}/2566/")
    child = page.locator(f"#indicator-{indicators[3].pk}")
    child.locator(".why summary").click()
    expect(child.locator(".why__text")).to_contain_text(
        engine["indicators"][2]["children"][0]["explanation"]
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"
    screenshot(page, "report-390")

    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".why").first).to_be_hidden()
    screenshot(page, "report-print")


def test_it_shows_the_ministry_of_finance_demo_indicator(page: Any) -> None:
    call_command("load_demo", verbosity=0)
    indicator = Indicator.objects.get(organization__code="OPS-MOF", number="2", parent=None)

    log_in(page, "mof.editor", DEMO_PASSWORD)
    page.goto(f"/indicators/{indicator.pk}/")
    expect(page.locator("h1")).to_contain_text(indicator.name_th)
    screenshot(page, "demo-indicator-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "demo-indicator-390")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/reports/{indicator.organization_id}/2566/")
    expect(page.locator(f"#indicator-{indicator.pk}")).to_be_visible()
    screenshot(page, "demo-report-1280")
