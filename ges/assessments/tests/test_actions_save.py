"""The agency editor's save of one indicator result: typed values by kind, the self-score,
refusals (nothing changed), stale forms, dates and failures in the middle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ges.assessments import actions, scores
from ges.assessments.errors import AssessmentError, StaleResult
from ges.assessments.models import IndicatorResult, ItemResult, ResultStatus
from ges.assessments.tests.scenario import Scenario, report, scenario
from ges.assessments.values import parse_number
from ges.audit.log import Actor
from ges.audit.models import AuditEntry
from ges.frameworks.models import Round
from ges.indicators.models import EvaluationItem
from ges.testing import SYSTEM

__all__ = ["scenario"]


def as_(user: Any) -> Actor:
    return Actor(user=user)


def state(scenario: Scenario) -> tuple[Any, ...]:
    """Everything a save may change, to prove a refusal changed nothing."""
    results = list(
        IndicatorResult.objects.filter(submission=scenario.submission)
        .order_by("pk")
        .values_list("status", "sequence", "self_result", "self_score", "performance", "done")
    )
    items = list(ItemResult.objects.order_by("pk").values_list("passed", "value", "text"))
    return results, items, AuditEntry.objects.count()


def test_it_saves_typed_values_by_kind_and_scores_them(world: Any, scenario: Scenario) -> None:
    items = scenario.items
    result = report(
        as_(world.editor),
        scenario.result("levels"),
        {items["number"].pk: "๘๗.๕", items["text"].pk: "  รายงานแล้ว "},
        performance="ดำเนินการตามแผน",
        obstacles="งบประมาณล่าช้า",
        suggestions="เร่งรัดการเบิกจ่าย",
    )
    result.refresh_from_db()
    assert result.sequence == 1 and result.status == ResultStatus.DRAFT
    assert result.self_result == "87.5" and result.self_score == Decimal("87.5")
    assert "87.5" in result.self_explanation
    assert (result.performance, result.obstacles, result.suggestions) == (
        "ดำเนินการตามแผน",
        "งบประมาณล่าช้า",
        "เร่งรัดการเบิกจ่าย",
    )
    rows = {row.item_id: row for row in result.items.all()}
    assert rows[items["number"].pk].value == Decimal("87.5")
    assert rows[items["text"].pk].text == "รายงานแล้ว"
    assert rows[items["number"].pk].updated_by == world.editor
    entry = AuditEntry.objects.filter(action="assessments.result.save").get()
    assert entry.actor == world.editor and entry.before and entry.after
    assert entry.before["items"] == {str(items["number"].pk): None, str(items["text"].pk): None}
    assert entry.after["items"][str(items["number"].pk)] == "87.5"
    assert entry.before["sequence"] == 0 and entry.after["sequence"] == 1
    assert entry.after["performance"] == "ดำเนินการตามแผน"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ผ่าน", True),
        ("ไม่ผ่าน", False),
        ("pass", True),
        ("FAIL", False),
        ("true", True),
        ("false", False),
        ("1", True),
        ("0", False),
        ("", None),
    ],
)
def test_it_reads_pass_and_fail_as_people_write_them(
    world: Any, scenario: Scenario, typed: str, expected: bool | None
) -> None:
    item = scenario.items["p1"]
    report(as_(world.editor), scenario.result("sub_pass"), {item.pk: typed})
    row = ItemResult.objects.filter(item=item).first()
    assert (row.passed if row else None) is expected


@pytest.mark.parametrize(
    ("typed", "unit", "expected"),
    [
        ("1,234.5", "", Decimal("1234.5")),
        ("๑,๒๓๔.๕", "", Decimal("1234.5")),
        ("85 ร้อยละ", "ร้อยละ", Decimal(85)),
        ("85%", "ร้อยละ", Decimal(85)),
        ("-3", "", Decimal(-3)),
        (".5", "", Decimal("0.5")),
    ],
)
def test_it_reads_numbers_as_people_type_them(typed: str, unit: str, expected: Decimal) -> None:
    assert parse_number(typed, unit) == expected


@pytest.mark.parametrize("typed", ["eighty", "1.2.3", "1.1234567", "1" * 15, "85 บาท", "--1"])
def test_it_refuses_what_is_not_a_number(typed: str) -> None:
    with pytest.raises(AssessmentError):
        parse_number(typed, "ร้อยละ")


def test_it_lists_every_bad_item_and_saves_nothing(world: Any, scenario: Scenario) -> None:
    report(as_(world.editor), scenario.result("levels"), {scenario.items["number"].pk: "80"})
    before = state(scenario)
    milestone = scenario.result("milestone")
    items = scenario.items
    with pytest.raises(AssessmentError) as refused:
        report(
            as_(world.editor),
            milestone,
            {items["m1"].pk: "maybe", items["m2"].pk: "ผ่าน", items["number"].pk: "90", 999: "x"},
            ["a", "z"],
            performance="changed",
        )
    assert set(refused.value.errors) == {items["m1"].pk, items["number"].pk, 999}
    assert "z" in refused.value.message
    assert state(scenario) == before


def test_a_number_item_refuses_words(world: Any, scenario: Scenario) -> None:
    before = state(scenario)
    item = scenario.items["number"]
    with pytest.raises(AssessmentError) as refused:
        report(as_(world.editor), scenario.result("levels"), {item.pk: "สูง"})
    assert list(refused.value.errors) == [item.pk]
    assert state(scenario) == before


def test_a_stale_form_is_refused_with_what_changed(world: Any, scenario: Scenario) -> None:
    items = scenario.items
    report(
        as_(world.editor), scenario.result("levels"), {items["number"].pk: "80"}, performance="ก"
    )
    report(
        as_(world.editor), scenario.result("levels"), {items["number"].pk: "82"}, performance="ก"
    )
    before = state(scenario)
    with pytest.raises(StaleResult) as stale:
        actions.save_result(
            as_(world.editor),
            scenario.result("levels"),
            sequence=0,  # the form of a second person, opened before both saves
            items={items["number"].pk: "95"},
            done=[],
            conditions={},
            performance="ข",
        )
    changes = {change.key: change for change in stale.value.changes}
    number = changes[f"items.{items['number'].pk}"]
    assert (number.before, number.after, number.by) == (None, "82", "editor")
    assert number.label == items["number"].text
    assert (changes["performance"].before, changes["performance"].after) == ("", "ก")
    assert stale.value.result.sequence == 2
    assert state(scenario) == before


def test_a_failure_in_the_middle_leaves_everything_as_it_was(
    world: Any, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    report(as_(world.editor), scenario.result("levels"), {scenario.items["number"].pk: "80"})
    before = state(scenario)

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("disk full")

    monkeypatch.setattr(scores, "recompute", broken)
    with pytest.raises(RuntimeError):
        report(
            as_(world.editor),
            scenario.result("levels"),
            {scenario.items["number"].pk: "95", scenario.items["text"].pk: "ใหม่"},
            performance="ใหม่",
        )
    assert state(scenario) == before


@pytest.mark.parametrize(
    "name",
    [
        "approver",
        "viewer",
        "evaluator",
        "owner",
        "outsider",
        "framework_admin",
        "org_admin",
        "nobody",
    ],
)
def test_only_the_agency_editor_saves(world: Any, scenario: Scenario, name: str) -> None:
    before = state(scenario)
    with pytest.raises(AssessmentError):
        report(
            as_(getattr(world, name)),
            scenario.result("levels"),
            {scenario.items["number"].pk: "90"},
        )
    assert state(scenario) == before


def test_an_editor_above_the_agency_may_save(world: Any, scenario: Scenario) -> None:
    from ges.orgs.models import Role
    from ges.testing import make_member

    ministry_editor = make_member(world.ministry, Role.AGENCY_EDITOR)
    report(as_(ministry_editor), scenario.result("levels"), {scenario.items["number"].pk: "90"})
    assert scenario.result("levels").self_score == 100


@pytest.mark.parametrize(
    "status",
    [ResultStatus.SUBMITTED, ResultStatus.QUESTION, ResultStatus.ACCEPTED, ResultStatus.CONFIRMED],
)
def test_it_refuses_results_out_of_the_agency_hands(
    world: Any, scenario: Scenario, status: str
) -> None:
    IndicatorResult.objects.filter(pk=scenario.levels.pk).update(status=status)
    before = state(scenario)
    with pytest.raises(AssessmentError):
        report(as_(world.editor), scenario.result("levels"), {scenario.items["number"].pk: "90"})
    assert state(scenario) == before


@pytest.mark.parametrize(
    "status", [ResultStatus.DRAFT, ResultStatus.RETURNED_BY_APPROVER, ResultStatus.RETURNED]
)
def test_it_saves_in_the_agency_states(world: Any, scenario: Scenario, status: str) -> None:
    IndicatorResult.objects.filter(pk=scenario.levels.pk).update(status=status)
    report(as_(world.editor), scenario.result("levels"), {scenario.items["number"].pk: "90"})
    assert scenario.result("levels").status == status


def past(round: Round, *, grace: bool = True) -> None:
    today = timezone.localdate()
    Round.objects.filter(pk=round.pk).update(
        opens_on=today - dt.timedelta(days=40),
        deadline=today - dt.timedelta(days=10),
        grace_until=today - dt.timedelta(days=1) if grace else None,
    )


def test_after_the_last_day_only_a_reopened_or_returned_result_saves(
    world: Any, scenario: Scenario
) -> None:
    past(scenario.round)
    before = state(scenario)
    item = scenario.items["number"]
    with pytest.raises(AssessmentError):
        report(as_(world.editor), scenario.result("levels"), {item.pk: "90"})
    assert state(scenario) == before
    today = timezone.localdate()
    IndicatorResult.objects.filter(pk=scenario.levels.pk).update(
        reopened_until=today - dt.timedelta(days=1)
    )
    with pytest.raises(AssessmentError):
        report(as_(world.editor), scenario.result("levels"), {item.pk: "90"})
    IndicatorResult.objects.filter(pk=scenario.levels.pk).update(reopened_until=today)
    report(as_(world.editor), scenario.result("levels"), {item.pk: "90"})
    IndicatorResult.objects.filter(pk=scenario.sub_levels.pk).update(status=ResultStatus.RETURNED)
    report(as_(world.editor), scenario.result("sub_levels"), {scenario.items["small"].pk: "70"})
    assert scenario.result("sub_levels").self_score == 75


def test_in_the_grace_period_the_agency_still_saves(world: Any, scenario: Scenario) -> None:
    today = timezone.localdate()
    Round.objects.filter(pk=scenario.round.pk).update(deadline=today - dt.timedelta(days=1))
    report(as_(world.editor), scenario.result("levels"), {scenario.items["number"].pk: "90"})
    assert scenario.result("levels").sequence == 1


def test_a_closed_evaluation_refuses_every_save(world: Any, scenario: Scenario) -> None:
    Round.objects.filter(pk=scenario.round.pk).update(closed_at=timezone.now())
    IndicatorResult.objects.filter(pk=scenario.levels.pk).update(
        reopened_until=timezone.localdate()
    )
    before = state(scenario)
    with pytest.raises(AssessmentError):
        report(as_(world.editor), scenario.result("levels"), {scenario.items["number"].pk: "90"})
    assert state(scenario) == before


def test_done_steps_and_conditions_drive_the_self_score(world: Any, scenario: Scenario) -> None:
    milestone = report(as_(world.editor), scenario.result("milestone"), {}, ["a", "b", "a"])
    assert milestone.done == ["a", "b"] and milestone.self_score == 75
    assert milestone.self_result == {"done": ["a", "b"]}
    failed = report(
        as_(world.editor),
        scenario.result("milestone"),
        {},
        ["a", "b", "c"],
        conditions={"รายงานครบถ้วน": False},
    )
    assert failed.self_score == 0 and failed.conditions == {"รายงานครบถ้วน": False}


def test_an_incomplete_pass_fail_result_has_no_self_score(world: Any, scenario: Scenario) -> None:
    result = report(
        as_(world.editor), scenario.result("sub_pass"), {scenario.items["p1"].pk: "ผ่าน"}
    )
    assert result.self_result is None and result.self_score is None
    result = report(as_(world.editor), result, {scenario.items["p2"].pk: "ไม่ผ่าน"})
    assert result.self_result is False and result.self_score == 0


def test_a_criteria_problem_is_explained_not_scored(world: Any, scenario: Scenario) -> None:
    from ges.indicators.models import Indicator

    groups = {
        "kind": "groups",
        "by": "prev",
        "groups": [
            {"min": 0, "max": None, "criteria": {"kind": "levels", "thresholds": [1, 2, 3]}}
        ],
    }
    Indicator.objects.filter(pk=scenario.levels.indicator_id).update(criteria=groups)
    result = report(
        as_(world.editor), scenario.result("levels"), {scenario.items["number"].pk: "2"}
    )
    assert result.self_result == "2" and result.self_score is None
    assert "prev" in result.self_explanation


def test_open_submission_is_idempotent_and_adds_new_indicators(
    world: Any, scenario: Scenario
) -> None:
    from ges.indicators.models import Indicator

    again = actions.open_submission(SYSTEM, scenario.round, scenario.agency)
    assert again == scenario.submission and again.results.count() == 4
    Indicator.objects.create(
        framework=scenario.framework,
        organization=scenario.agency,
        number="4",
        name_th="ใหม่",
        criteria={"kind": "passfail"},
    )
    actions.open_submission(SYSTEM, scenario.round, scenario.agency)
    assert again.results.count() == 5
    assert AuditEntry.objects.filter(action="assessments.submission.open").count() == 2


def test_open_submission_refuses_people_outside(world: Any, scenario: Scenario) -> None:
    with pytest.raises(AssessmentError):
        actions.open_submission(Actor(world.outsider), scenario.round, scenario.agency)


def test_item_values_of_the_same_item_keep_one_row(world: Any, scenario: Scenario) -> None:
    item = scenario.items["number"]
    report(as_(world.editor), scenario.result("levels"), {item.pk: "80"})
    report(as_(world.editor), scenario.result("levels"), {item.pk: "81"})
    assert ItemResult.objects.filter(item=item).count() == 1
    assert (
        EvaluationItem.objects.get(pk=item.pk).result_value is None
    )  # the e-SAR year's value stays
