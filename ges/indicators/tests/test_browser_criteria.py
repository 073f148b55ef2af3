"""An agency editor fills in 3-level criteria, tries a result, saves, and sees the table."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import log_in, screenshot
from ges.frameworks.models import Component, FiscalYear, Framework, FrameworkKind
from ges.indicators.models import Baseline, Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPLANATION = (
    "ผลการดำเนินงาน 87.5 อยู่ระหว่างเป้าหมายมาตรฐาน 85 (75 คะแนน) และเป้าหมายขั้นสูง 90"
    " (100 คะแนน): 75 + 25 × (87.5 − 85) ÷ (90 − 85) = 87.500"
)


@pytest.fixture
def indicator(world):
    framework = Framework.objects.create(
        fiscal_year=FiscalYear.objects.create(year=2566),
        kind=FrameworkKind.DEPARTMENTS,
        name_th="กรอบการประเมินส่วนราชการ ประจำปีงบประมาณ พ.ศ. 2566",
    )
    component = Component.objects.create(
        framework=framework, code="PB", name_th="Performance Base", weight=Decimal(70)
    )
    indicator = Indicator.objects.create(
        framework=framework,
        organization=world.department,
        component=component,
        number="1",
        name_th="ร้อยละของการเบิกจ่ายงบประมาณรายจ่ายในภาพรวม",
        weight=Decimal(20),
        unit="ร้อยละ",
    )
    for order, (year, value) in enumerate([(2562, 70), (2563, 75), (2564, 80), (2565, 85)]):
        Baseline.objects.create(indicator=indicator, year=year, value=Decimal(value), order=order)
    return indicator


def test_it_fills_in_three_level_criteria_tries_a_result_and_saves(world, indicator, page):
    log_in(page, "editor")
    page.goto(f"/indicators/{indicator.pk}/")
    page.locator(f"a[href='/indicators/{indicator.pk}/criteria/']").first.click()
    expect(page).to_have_url(re.compile(rf"/indicators/{indicator.pk}/criteria/$"))
    expect(page.locator("#id_kind")).to_have_value("levels")

    page.fill("#id_levels-rows-0-threshold", "80")
    page.fill("#id_levels-rows-1-threshold", "85")
    page.fill("#id_levels-rows-2-threshold", "90")
    page.fill("#id_whatif-result", "87.5")
    expect(page.locator("#criteria-preview .explanation")).to_have_text(EXPLANATION)
    expect(page.locator(".whatif-score__value")).to_have_text("87.500")
    expect(page.locator("#id_criteria_json")).to_contain_text('"thresholds": [\n    80,')
    screenshot(page, "criteria-editor")

    # Typing on: the score follows, and a wrong order is explained instead of scored.
    page.fill("#id_whatif-result", "95")
    expect(page.locator(".whatif-score__value")).to_have_text("100.000")
    page.fill("#id_levels-rows-2-threshold", "84")
    expect(page.locator("#criteria-preview .problem-list")).to_contain_text("84")
    expect(page.locator(".whatif-score__value")).to_have_count(0)
    screenshot(page, "criteria-editor-problem")
    page.get_by_role("button", name=re.compile("Save the criteria|บันทึก")).click()
    expect(page.locator("#criteria-problems")).to_be_visible()
    expect(page.locator("#id_levels-rows-2-threshold_error")).to_be_visible()
    screenshot(page, "criteria-editor-errors")

    page.fill("#id_levels-rows-2-threshold", "90")
    page.get_by_role("button", name=re.compile("Save the criteria|บันทึก")).click()
    expect(page).to_have_url(re.compile(rf"/indicators/{indicator.pk}/$"))
    table = page.locator("table.criteria--levels")
    expect(table).to_be_visible()
    expect(table.locator("tbody td")).to_have_text(["80", "85", "90"])
    page.locator("#section-criteria").scroll_into_view_if_needed()
    screenshot(page, "criteria-saved-indicator")
    indicator.refresh_from_db()
    assert indicator.criteria["thresholds"] == [80, 85, 90]


def test_it_switches_kinds_and_uses_suggested_thresholds(world, indicator, page):
    log_in(page, "editor")
    page.goto(f"/indicators/{indicator.pk}/criteria/")
    expect(page.locator("#criteria-suggestions .suggestion-table td")).to_have_text(
        ["80.75", "85", "89.25"]
    )
    page.select_option("#id_kind", "milestone")
    expect(page.locator("#id_milestone-levels-0-steps")).to_be_visible()
    page.fill("#id_milestone-levels-0-steps", "จัดทำแผน\nเสนอผู้บริหารอนุมัติ")
    page.fill("#id_milestone-levels-1-steps", "ดำเนินการตามแผน")
    page.fill("#id_milestone-levels-2-steps", "รายงานผล")
    page.locator("#criteria-whatif-inputs").get_by_label("จัดทำแผน").check()
    page.locator("#criteria-whatif-inputs").get_by_label("เสนอผู้บริหารอนุมัติ").check()
    expect(page.locator("#criteria-preview .explanation")).to_contain_text(
        "ขั้นตอนที่ทำแล้ว: จัดทำแผน, เสนอผู้บริหารอนุมัติ"
    )
    screenshot(page, "criteria-editor-milestone")

    page.get_by_role("button", name=re.compile("Use these thresholds|ใช้")).click()
    expect(page.locator("#id_kind")).to_have_value("levels")
    expect(page.locator("#id_levels-rows-0-threshold")).to_have_value("80.75")
    expect(page.locator("#id_levels-rows-2-threshold")).to_have_value("89.25")
    page.fill("#id_whatif-result", "85")
    expect(page.locator(".whatif-score__value")).to_have_text("75.000")
    screenshot(page, "criteria-editor-suggested")

    page.select_option("#id_levels-count", "5")
    expect(page.locator("#id_levels-rows-4-score")).to_have_value("100")
    expect(page.locator("#id_levels-rows-0-threshold")).to_have_value("80.75")
    expect(page.locator("#criteria-preview .problem-list")).to_be_visible()  # 2 targets to go
    indicator.refresh_from_db()
    assert indicator.criteria is None  # nothing is saved until the person saves
