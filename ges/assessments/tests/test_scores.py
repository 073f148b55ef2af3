"""Scores: the engine's shape of a result, previews, and recompute (AgencyScore rows)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ges.agreements.models import Agreement, AgreementIndicator, IndicatorVersion
from ges.assessments import actions, scores
from ges.assessments.models import AgencyScore, IndicatorResult, IndicatorScore
from ges.assessments.scores import ItemValue, done_choices, engine_result
from ges.assessments.tests.scenario import (
    LEVELS,
    MILESTONE,
    PASSFAIL,
    Scenario,
    build,
    fill,
    make_framework,
    make_round,
    report,
    scenario,
)
from ges.frameworks.models import Round
from ges.indicators.models import AgencyValue, ItemKind
from ges.orgs.models import Organization
from ges.testing import SYSTEM, make_org

__all__ = ["scenario"]

GROUPS = {
    "kind": "groups",
    "by": "prev",
    "groups": [
        {"min": None, "max": 400, "criteria": {"kind": "levels", "thresholds": [1, 2, 3]}},
        {
            "min": 400,
            "max": None,
            "criteria": {"kind": "levels", "thresholds": ["prev", "prev + 2%", "prev + 4%"]},
        },
    ],
}
HYBRID = {
    "kind": "hybrid",
    "milestones": {"levels": [{"score": 20, "steps": ["plan"]}, {"score": 40, "steps": ["pilot"]}]},
    "measured": {"thresholds": [60, 70, 80]},
}
POINTS = {
    "kind": "points",
    "blocks": [
        {"id": "base", "points": 50, "items": ["x", "y"]},
        {"id": "extra", "points": 50, "requires": ["base"]},
    ],
}


def number(value: str | None) -> ItemValue:
    return ItemValue(ItemKind.NUMBER, value=None if value is None else Decimal(value))


def passed(value: bool | None) -> ItemValue:
    return ItemValue(ItemKind.PASS_FAIL, passed=value)


def test_it_takes_the_first_number_for_levels_and_groups() -> None:
    items = [passed(True), number("87.5"), number("3")]
    assert engine_result(LEVELS, items, [], {}) == Decimal("87.5")
    assert engine_result(GROUPS, items, [], {}) == Decimal("87.5")
    assert engine_result(LEVELS, [number(None)], [], {}) is None
    assert engine_result(LEVELS, [], [], {}) is None


def test_it_passes_only_when_every_pass_fail_item_passed() -> None:
    assert engine_result(PASSFAIL, [passed(True), passed(True)], [], {}) is True
    assert engine_result(PASSFAIL, [passed(True), passed(False)], [], {}) is False
    assert engine_result(PASSFAIL, [passed(True), passed(None)], [], {}) is None
    assert engine_result(PASSFAIL, [], [], {}) is None


def test_it_takes_done_ids_for_milestones_points_and_hybrids() -> None:
    assert engine_result(MILESTONE, [passed(True)], ["a"], {}) == {"done": ["a"]}
    assert engine_result(POINTS, [], ["x", "y"], {}) == {"done": ["x", "y"]}
    assert engine_result(HYBRID, [number("65")], ["plan"], {}) == {
        "done": ["plan"],
        "value": Decimal("65"),
    }
    assert engine_result(HYBRID, [number(None)], ["plan"], {}) == {"done": ["plan"]}


def test_it_waits_for_every_condition_and_unknown_criteria() -> None:
    assert engine_result(LEVELS, [number("90")], [], {"signed": None}) is None
    assert engine_result(LEVELS, [number("90")], [], {"signed": False}) == Decimal("90")
    assert engine_result(None, [number("90")], [], {}) is None
    assert engine_result({"kind": "nonsense"}, [number("90")], [], {}) is None


def test_it_lists_the_ids_done_may_hold() -> None:
    assert done_choices(MILESTONE) == ["a", "b", "c"]
    assert done_choices(POINTS) == ["x", "y", "extra"]
    assert done_choices(HYBRID) == ["plan", "pilot"]
    assert done_choices(LEVELS) == []
    assert done_choices(
        {"kind": "groups", "groups": [{"criteria": MILESTONE}, {"criteria": MILESTONE}]}
    ) == ["a", "b", "c"]


def test_it_previews_what_is_typed_without_saving(scenario: Scenario) -> None:
    result = scenario.result("levels")
    item = scenario.items["number"]
    what = scores.preview(result, {item.pk: "๘๗.๕"}, [])
    assert what is not None and what.score == Decimal("87.5")
    assert "87.5" in what.explanation_en
    assert scores.preview(result, {item.pk: "lots"}, []) is None
    assert scores.preview(result, {item.pk: Decimal("95")}, []).score == Decimal(100)  # type: ignore[union-attr]
    result.refresh_from_db()
    assert result.self_score is None and not result.items.exists()
    assert scores.preview(result, {item.pk: "87.5"}, [], {"signed": False}).score == 0  # type: ignore[union-attr]


def test_it_scores_the_agency_whole_once_every_result_is_in(scenario: Scenario) -> None:
    fill(scenario)
    score = AgencyScore.objects.get(round=scenario.round, organization=scenario.agency)
    assert score.complete and score.problems == []
    assert score.total == Decimal("84.375")
    assert score.self_total == Decimal("84.375")
    assert score.level == "ระดับมาตรฐานขั้นสูง"
    assert score.components == [
        {"code": "PB", "points": "56.250000"},
        {"code": "PT", "points": "28.125000"},
    ]
    lines = {line.indicator.number: line for line in score.lines.select_related("indicator")}
    assert set(lines) == {"1", "2", "3", "3.1", "3.2"}
    assert lines["1"].score == 75 and lines["1"].points == 30
    assert lines["3"].score == Decimal("93.75") and lines["3"].points == Decimal("28.125")
    assert lines["2"].result == "87.5" and lines["2"].criteria == LEVELS
    assert "87.5" in lines["2"].explanation_en and lines["2"].explanation
    assert lines["3"].result is None and lines["1"].result == {"done": ["a", "b"]}


def test_it_says_why_there_is_no_total_and_scores_what_it_can(scenario: Scenario) -> None:
    report(SYSTEM, scenario.result("levels"), {scenario.items["number"].pk: "90"})
    score = AgencyScore.objects.get(round=scenario.round, organization=scenario.agency)
    assert not score.complete and score.total is None and score.self_total is None
    paths = [problem["path"] for problem in score.problems]
    assert paths == ["indicators[1]", "indicators[3.1]", "indicators[3.2]"]
    assert all(problem["message"] and problem["message_en"] for problem in score.problems)
    lines = {line.indicator.number: line for line in score.lines.select_related("indicator")}
    assert lines["2"].score == 100 and lines["2"].points is None
    assert lines["1"].score is None and lines["3"].score is None


def test_confirmed_results_count_and_the_self_total_stays_beside(scenario: Scenario) -> None:
    fill(scenario)
    IndicatorResult.objects.filter(pk=scenario.levels.pk).update(confirmed_result="80")
    scores.recompute(scenario.round)
    score = AgencyScore.objects.get(round=scenario.round, organization=scenario.agency)
    assert score.total == Decimal("84.375") - Decimal("26.25") + Decimal("15")
    assert score.self_total == Decimal("84.375")


def test_it_uses_the_agency_values_for_groups(world: object, scenario: Scenario) -> None:
    from ges.indicators.models import Indicator

    Indicator.objects.filter(number="2", organization=scenario.agency).update(criteria=GROUPS)
    AgencyValue.objects.create(
        framework=scenario.framework, organization=scenario.agency, name="prev", value=Decimal(80)
    )
    fill(scenario)
    line = IndicatorScore.objects.get(
        indicator__number="2", agency_score__organization=scenario.agency
    )
    # 87.5 against 80 / 81.6 / 83.2: beyond the last target
    assert line.score == 100


def test_it_records_the_agreed_version_of_the_criteria(world: object, scenario: Scenario) -> None:
    from ges.indicators.models import Indicator

    top = Indicator.objects.get(number="3", organization=scenario.agency)
    agreement = Agreement.objects.create(
        framework=scenario.framework,
        organization=scenario.agency,
        state_changed_at="2026-01-01T00:00Z",
    )
    version = IndicatorVersion.objects.create(indicator=top, number=1, kind="proposal", snapshot={})
    AgreementIndicator.objects.create(
        agreement=agreement, indicator=top, submitted=version, version=version
    )
    fill(scenario)
    lines = {
        line.indicator.number: line.version_id
        for line in IndicatorScore.objects.filter(
            agency_score__organization=scenario.agency
        ).select_related("indicator")
    }
    assert lines == {"1": None, "2": None, "3": version.pk, "3.1": version.pk, "3.2": version.pk}


def test_it_scores_an_agency_without_indicators_with_a_problem(world: object) -> None:
    framework = make_framework()
    round = make_round(framework)
    empty = make_org(code="EMPTY")
    assert scores.recompute(round, [empty]) == 1
    score = AgencyScore.objects.get(round=round, organization=empty)
    assert not score.complete and score.problems[0]["message_en"] == "the agency has no indicators"
    assert scores.recompute(round) == 0  # nobody opened a submission


def test_it_reports_an_invalid_document_as_problems(scenario: Scenario) -> None:
    from ges.indicators.models import Indicator

    Indicator.objects.filter(number="1", organization=scenario.agency).update(weight=Decimal(10))
    fill(scenario)
    score = AgencyScore.objects.get(round=scenario.round, organization=scenario.agency)
    assert not score.complete and score.total is None
    assert any("PB" in problem["message_en"] for problem in score.problems)
    assert IndicatorScore.objects.get(agency_score=score, indicator__number="1").score == 75


def _agencies(count: int) -> tuple[Round, list[Organization]]:
    framework = make_framework()
    round = make_round(framework)
    agencies = []
    for index in range(count):
        agency = make_org(code=f"AG{index}")
        fill(build(agency, framework, round))
        agencies.append(agency)
    return round, agencies


@pytest.mark.parametrize("count", [1, 10])
def test_it_recomputes_in_a_fixed_number_of_queries(
    world: object, count: int, django_assert_num_queries: Any
) -> None:
    round, agencies = _agencies(count)
    with django_assert_num_queries(10):
        assert scores.recompute(round, agencies) == count
    with django_assert_num_queries(11):
        assert scores.recompute(round) == count
    assert AgencyScore.objects.filter(round=round, complete=True).count() == count
    assert IndicatorScore.objects.filter(agency_score__round=round).count() == 5 * count


def test_recompute_keeps_the_agency_score_rows(scenario: Scenario) -> None:
    fill(scenario)
    before = AgencyScore.objects.get(round=scenario.round, organization=scenario.agency)
    actions.save_result(
        SYSTEM,
        scenario.result("levels"),
        sequence=scenario.result("levels").sequence,
        items={scenario.items["number"].pk: "80"},
        done=[],
        conditions={},
    )
    after = AgencyScore.objects.get(round=scenario.round, organization=scenario.agency)
    assert after.pk == before.pk and after.total == Decimal("84.375") - Decimal("26.25") + Decimal(
        "15"
    )
    assert IndicatorScore.objects.filter(agency_score=after).count() == 5
