"""The evaluation report of an agency that reported through a round: the scores the engine
stored for the round that counts, the results reported in it, and which round that is."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from ges.assessments import actions
from ges.assessments.models import AgencyScore, IndicatorScore, Submission
from ges.assessments.tests.scenario import (
    Scenario,
    fill,
    make_indicators,
    make_round,
    scenario,
)
from ges.audit.log import Actor
from ges.indicators.models import EvaluationItem, Indicator, ItemKind
from ges.reports.builder import Report, build_report
from ges.reports.render import as_json, as_text
from ges.reports.rounds import RoundSource
from ges.reports.tests.test_report_page import QUERIES, item_rows, text_of
from ges.scoring import round_half_up
from ges.testing import SYSTEM

__all__ = ["scenario"]

pytestmark = pytest.mark.django_db

ROUND_LINE = "คะแนนจากรอบการประเมิน"


def submitted(s: Scenario, world: World) -> None:
    fill(s, Actor(world.editor))
    actions.submit(Actor(world.approver), Submission.objects.get(pk=s.submission.pk))


def confirm_levels(s: Scenario, world: World, value: str) -> None:
    """The evaluator confirms indicator 2 at `value` instead of the agency's 87.5."""
    result = s.result("levels")
    actions.confirm(
        Actor(world.evaluator),
        result,
        sequence=result.sequence,
        items={s.items["number"].pk: value},
        done=[],
        justification="หลักฐานแสดงร้อยละ " + value,
    )


def stored(s: Scenario) -> tuple[AgencyScore, dict[str, IndicatorScore]]:
    score = AgencyScore.objects.get(round=s.round, organization=s.agency)
    lines = {line.indicator.number: line for line in score.lines.select_related("indicator")}
    return score, lines


def shown(value: Decimal | None, s: Scenario) -> str:
    assert value is not None
    return format(round_half_up(value, s.framework.decimals), "f")


def page_url(s: Scenario) -> str:
    return reverse("reports:agency", args=[s.agency.pk, s.framework.fiscal_year.year])


def by_number(report: Report) -> dict[str, Any]:
    return {indicator.number: indicator for indicator in report.all_indicators()}


def test_it_takes_the_scores_the_round_stored(world: World, scenario: Scenario) -> None:
    submitted(scenario, world)
    confirm_levels(scenario, world, "80")
    score, lines = stored(scenario)

    report = build_report(scenario.agency, scenario.framework)

    assert score.total is not None and report.total == score.total
    assert report.level == score.level and report.level
    assert report.round == RoundSource(scenario.round.pk, 12, final=False)
    assert report.problems == []
    points = {entry["code"]: Decimal(entry["points"]) for entry in score.components}
    assert {c.code: c.score for c in report.components} == points
    indicators = by_number(report)
    assert set(indicators) == set(lines) == {"1", "2", "3", "3.1", "3.2"}
    for number, line in lines.items():
        indicator = indicators[number]
        assert (indicator.score, indicator.points) == (line.score, line.points)
        assert indicator.explanation == line.explanation and line.explanation
        assert indicator.explanation_en == line.explanation_en
    # The evaluator's confirmed 80 is what was scored, not the agency's 87.5.
    assert indicators["2"].result == "80"
    assert indicators["2"].score != Decimal("87.5")
    assert indicators["3"].points == lines["3"].points is not None


def test_it_shows_the_rounds_total_level_scores_and_results(
    world: World, login: Any, scenario: Scenario
) -> None:
    # An e-SAR result on an item the round also has, and a new item only e-SAR has.
    number = scenario.items["number"]
    EvaluationItem.objects.filter(pk=number.pk).update(result_value=Decimal(99))
    submitted(scenario, world)
    confirm_levels(scenario, world, "80")
    EvaluationItem.objects.create(
        indicator=number.indicator,
        order=3,
        text="ประเด็นจาก e-SAR",
        kind=ItemKind.TEXT,
        result_text="ผลจากรายงาน e-SAR",
    )
    score, lines = stored(scenario)

    response = login(world.viewer).get(page_url(scenario))

    assert response.status_code == 200
    content = response.content
    page = text_of(content)
    head = content.decode().split('class="report-head"')[1].split("</header>")[0]
    assert shown(score.total, scenario) in head and score.level in head
    said = re.search(r'<p class="report-head__round report-head__round--open">(.*?)</p>', head)
    assert said is not None and "12" in said.group(1)
    assert 'id="problems-title"' not in content.decode()
    for line in lines.values():
        assert shown(line.score, scenario) in page
    opened = login(world.viewer).get(f"{page_url(scenario)}?explain={lines['2'].indicator_id}")
    assert lines["2"].explanation in text_of(opened.content)  # the confirmed 80 explained
    rows = dict(item_rows(content))
    assert rows["ประเด็น 2.1"] == "87.5 (ร้อยละ)"  # the round's result, not e-SAR's 99
    assert rows["ประเด็นจาก e-SAR"] == "ผลจากรายงาน e-SAR"  # the round has none
    assert "ผ่าน" in rows["ประเด็น 1.1"] and "ไม่ผ่าน" in rows["ประเด็น 1.3"]
    assert login(world.outsider).get(page_url(scenario)).status_code == 404


def test_it_says_the_scores_are_final_once_the_evaluation_is_closed(
    world: World, login: Any, scenario: Scenario
) -> None:
    submitted(scenario, world)
    confirm_levels(scenario, world, "80")
    actions.close_evaluation(SYSTEM, scenario.round)
    score, _lines = stored(scenario)

    report = build_report(scenario.agency, scenario.framework)
    head = login(world.viewer).get(page_url(scenario)).content.decode()
    head = head.split('class="report-head"')[1].split("</header>")[0]
    text = as_text(report).split("\n")
    data = as_json(report)

    assert report.round is not None and report.round.final
    assert "report-head__round--final" in head and "report-head__round--open" not in head
    assert data["round"] == {"months": 12, "final": True}
    assert data["score"] == shown(score.total, scenario) and data["level"] == score.level
    scores = {entry["number"]: entry for entry in data["indicators"]}
    assert scores["2"]["score"] == shown(_lines["2"].score, scenario)
    line = "คะแนนจากรอบการประเมิน 12 เดือน (ผลการประเมินเป็นที่สุดแล้ว)"
    # Under the header: after the result level, before the header's closing blank line.
    assert text.index(line) == text.index("สรุปผลการประเมิน") + 2
    assert text[text.index(line) + 1] == ""


def test_a_closed_round_counts_before_a_longer_open_one(world: World, scenario: Scenario) -> None:
    submitted(scenario, world)
    six = make_round(scenario.framework, months=6)
    actions.open_submission(SYSTEM, six, scenario.agency)  # nothing reported: no total

    report = build_report(scenario.agency, scenario.framework)
    assert report.round is not None and report.round.months == 12  # the most months

    actions.close_evaluation(SYSTEM, six)
    report = build_report(scenario.agency, scenario.framework)

    assert report.round == RoundSource(six.pk, 6, final=True)
    assert report.total is None and report.level is None
    stored_problems = AgencyScore.objects.get(round=six, organization=scenario.agency).problems
    assert [p.to_json() for p in report.problems] == stored_problems and stored_problems
    assert all(indicator.score is None for indicator in report.all_indicators())
    assert as_json(report)["round"] == {"months": 6, "final": True}
    assert "ยังไม่มีผลการดำเนินงาน" in "".join(p.message for p in report.problems)


def test_without_a_round_score_the_report_is_as_before(world: World, scenario: Scenario) -> None:
    """CGD has e-SAR results in the same framework but no submission: the engine scores them."""
    submitted(scenario, world)
    items = make_indicators(scenario.framework, world.sibling)
    steps = {"kind": "milestone", "levels": [{"score": 100, "steps": ["1", "2", "3"]}]}
    Indicator.objects.filter(organization=world.sibling, number="1").update(criteria=steps)
    values = {"m1": True, "m2": True, "m3": True, "p1": True, "p2": True}
    for name, passed in values.items():
        EvaluationItem.objects.filter(pk=items[name].pk).update(result_passed=passed)
    for name, value in {"number": "90", "small": "80"}.items():
        EvaluationItem.objects.filter(pk=items[name].pk).update(result_value=Decimal(value))

    report = build_report(world.sibling, scenario.framework)

    assert report.round is None
    assert report.total == Decimal(100)  # every indicator at its top level
    assert as_json(report)["round"] is None
    assert ROUND_LINE not in as_text(report)
    assert not AgencyScore.objects.filter(organization=world.sibling).exists()


def test_it_reads_the_rounds_scores_in_a_fixed_number_of_queries(
    world: World, login: Any, scenario: Scenario, django_assert_num_queries: Any
) -> None:
    submitted(scenario, world)
    client = login(world.viewer)
    client.get(page_url(scenario))  # the session and the user, once
    # With a round score: its IndicatorScore lines and ItemResult rows; no agency values.
    with django_assert_num_queries(QUERIES + 1) as few:
        client.get(page_url(scenario))
    parent = Indicator.objects.get(organization=scenario.agency, number="3")
    for order in range(10):
        more = Indicator.objects.create(
            framework=scenario.framework,
            organization=scenario.agency,
            parent=parent,
            number=f"3.{order + 3}",
            order=10 + order,
            weight=Decimal(0),
            criteria={"kind": "passfail"},
        )
        EvaluationItem.objects.create(indicator=more, order=1, text="ก", kind=ItemKind.PASS_FAIL)
    actions.open_submission(SYSTEM, scenario.round, scenario.agency)

    with django_assert_num_queries(QUERIES + 1) as many:
        response = client.get(page_url(scenario))

    assert len(few) == len(many)
    assert len(response.context["report"].all_indicators()) == 15
