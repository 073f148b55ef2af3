"""A small round to test the assessment actions on (import the fixtures into a test module).

The department (OPS) of the `world` fixture reports on a framework with components PB 70 and
PT 30:
- 1 milestone (PB 40): steps a / b / c score 50 / 75 / 100; three pass/fail items;
- 2 levels (PB 30): 80 / 85 / 90; one number item in ร้อยละ and a text item;
- 3 (PT 30) with sub-indicators 3.1 pass/fail (two items) and 3.2 levels 60 / 70 / 80 (one
  number item), 50 each.
The round is open: it opened 10 days ago, the deadline is in 10 days, grace 5 days more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ges.assessments import actions
from ges.assessments.models import IndicatorResult, Submission
from ges.audit.log import Actor
from ges.frameworks.models import Component, FiscalYear, Framework, Round
from ges.indicators.models import EvaluationItem, Indicator, ItemKind
from ges.orgs.models import Organization
from ges.testing import SYSTEM

MILESTONE = {
    "kind": "milestone",
    "levels": [
        {"score": 50, "steps": ["a"]},
        {"score": 75, "steps": ["b"]},
        {"score": 100, "steps": ["c"]},
    ],
}
LEVELS = {"kind": "levels", "thresholds": [80, 85, 90]}
PASSFAIL = {"kind": "passfail"}
SMALL_LEVELS = {"kind": "levels", "thresholds": [60, 70, 80]}


@dataclass
class Scenario:
    framework: Framework
    round: Round
    agency: Organization
    submission: Submission
    milestone: IndicatorResult
    levels: IndicatorResult
    sub_pass: IndicatorResult
    sub_levels: IndicatorResult
    items: dict[str, EvaluationItem]

    def result(self, name: str) -> IndicatorResult:
        found: IndicatorResult = getattr(self, name)
        found.refresh_from_db()
        return found


def make_framework(year: int = 2569) -> Framework:
    fiscal_year, _created = FiscalYear.objects.get_or_create(year=year)
    framework = Framework.objects.create(
        fiscal_year=fiscal_year, kind="departments", name_th=f"กรอบการประเมิน {year}"
    )
    Component.objects.create(framework=framework, code="PB", name_th="PB", weight=70, order=1)
    Component.objects.create(framework=framework, code="PT", name_th="PT", weight=30, order=2)
    return framework


def make_round(framework: Framework, *, months: int = 12, **dates: Any) -> Round:
    today = timezone.localdate()
    values = {
        "opens_on": today - dt.timedelta(days=10),
        "deadline": today + dt.timedelta(days=10),
        "grace_until": today + dt.timedelta(days=15),
    } | dates
    return Round.objects.create(framework=framework, months=months, **values)


def make_indicators(framework: Framework, agency: Organization) -> dict[str, EvaluationItem]:
    """The indicators of the module docstring; returns their items by name."""
    pb = Component.objects.get(framework=framework, code="PB")
    pt = Component.objects.get(framework=framework, code="PT")

    def indicator(number: str, order: int, **values: Any) -> Indicator:
        return Indicator.objects.create(
            framework=framework,
            organization=agency,
            number=number,
            order=order,
            name_th=f"ตัวชี้วัด {number}",
            **values,
        )

    def item(indicator: Indicator, order: int, kind: str, unit: str = "") -> EvaluationItem:
        return EvaluationItem.objects.create(
            indicator=indicator,
            order=order,
            text=f"ประเด็น {indicator.number}.{order}",
            kind=kind,
            unit=unit,
        )

    first = indicator("1", 1, weight=Decimal(40), component=pb, criteria=MILESTONE)
    second = indicator("2", 2, weight=Decimal(30), component=pb, criteria=LEVELS, unit="ร้อยละ")
    third = indicator("3", 3, weight=Decimal(30), component=pt)
    sub_pass = indicator("3.1", 4, weight=Decimal(50), parent=third, criteria=PASSFAIL)
    sub_levels = indicator("3.2", 5, weight=Decimal(50), parent=third, criteria=SMALL_LEVELS)
    return {
        "m1": item(first, 1, ItemKind.PASS_FAIL),
        "m2": item(first, 2, ItemKind.PASS_FAIL),
        "m3": item(first, 3, ItemKind.PASS_FAIL),
        "number": item(second, 1, ItemKind.NUMBER, "ร้อยละ"),
        "text": item(second, 2, ItemKind.TEXT),
        "p1": item(sub_pass, 1, ItemKind.PASS_FAIL),
        "p2": item(sub_pass, 2, ItemKind.PASS_FAIL),
        "small": item(sub_levels, 1, ItemKind.NUMBER, "คะแนน"),
    }


def build(
    agency: Organization, framework: Framework | None = None, round: Round | None = None
) -> Scenario:
    framework = framework or make_framework()
    round = round or make_round(framework)
    items = make_indicators(framework, agency)
    submission = actions.open_submission(SYSTEM, round, agency)
    results = {r.indicator.number: r for r in submission.results.select_related("indicator")}
    return Scenario(
        framework=framework,
        round=round,
        agency=agency,
        submission=submission,
        milestone=results["1"],
        levels=results["2"],
        sub_pass=results["3.1"],
        sub_levels=results["3.2"],
        items=items,
    )


def fill(scenario: Scenario, actor: Actor = SYSTEM) -> None:
    """Report every indicator: milestone a+b (75), 87.5 (87.5), pass (100), 75 (87.5)."""
    s, i = scenario, scenario.items
    report(
        actor,
        s.result("milestone"),
        {i["m1"].pk: "ผ่าน", i["m2"].pk: "ผ่าน", i["m3"].pk: "ไม่ผ่าน"},
        ["a", "b"],
    )
    report(actor, s.result("levels"), {i["number"].pk: "87.5", i["text"].pk: "ดำเนินการแล้ว"})
    report(actor, s.result("sub_pass"), {i["p1"].pk: "pass", i["p2"].pk: "true"})
    report(actor, s.result("sub_levels"), {i["small"].pk: "75"})


def report(
    actor: Actor,
    result: IndicatorResult,
    items: dict[int, str],
    done: list[str] | None = None,
    **values: Any,
) -> IndicatorResult:
    return actions.save_result(
        actor,
        result,
        sequence=result.sequence,
        items=items,
        done=done or [],
        conditions=values.pop("conditions", {}),
        **values,
    )


@pytest.fixture
def scenario(world: Any) -> Scenario:
    return build(world.department)
