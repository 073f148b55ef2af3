"""The workflow after the editor's report: the approver submits or returns, evaluators ask,
accept, return or confirm, reopen one indicator of a closed round, OPDC closes the evaluation.
Every refusal changes nothing; every step tells the people who must act next."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ges.assessments import actions
from ges.assessments.actions import _people_with
from ges.assessments.errors import AssessmentError, StaleResult
from ges.assessments.models import (
    AgencyScore,
    IndicatorResult,
    MessageKind,
    ResultStatus,
    ReviewMessage,
    Submission,
    SubmissionStatus,
)
from ges.assessments.tests.scenario import Scenario, build, fill, report, scenario
from ges.audit.log import Actor
from ges.audit.models import AuditEntry
from ges.frameworks.models import Round
from ges.notices.models import Notice
from ges.orgs.models import Role
from ges.orgs.permissions import Perm
from ges.testing import SYSTEM, make_member

__all__ = ["scenario"]


def as_(user: Any) -> Actor:
    return Actor(user=user)


def state(scenario: Scenario) -> tuple[Any, ...]:
    submission = Submission.objects.values_list("status", "is_late", "submitted_at").get(
        pk=scenario.submission.pk
    )
    results = list(
        IndicatorResult.objects.filter(submission=scenario.submission)
        .order_by("pk")
        .values_list("status", "sequence", "confirmed_result", "reopened_until")
    )
    return (
        submission,
        results,
        ReviewMessage.objects.count(),
        AuditEntry.objects.count(),
        Round.objects.values_list("closed_at", flat=True).get(pk=scenario.round.pk),
    )


@pytest.fixture
def reported(world: Any, scenario: Scenario) -> Scenario:
    fill(scenario, as_(world.editor))
    return scenario


@pytest.fixture
def submitted(world: Any, reported: Scenario, django_capture_on_commit_callbacks: Any) -> Scenario:
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit(as_(world.approver), reported.submission)
    return reported


def notices_of(user: Any) -> list[str]:
    return list(Notice.objects.filter(user=user).values_list("url", flat=True))


# --- the approver --------------------------------------------------------------------------


def test_the_approver_submits_a_complete_submission(
    world: Any, reported: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        submission = actions.submit(as_(world.approver), reported.submission)
    assert submission.status == SubmissionStatus.SUBMITTED and not submission.is_late
    assert submission.submitted_by == world.approver and submission.submitted_at
    statuses = set(
        IndicatorResult.objects.filter(submission=submission).values_list("status", flat=True)
    )
    assert statuses == {ResultStatus.SUBMITTED}
    assert ReviewMessage.objects.filter(kind=MessageKind.SUBMITTED).count() == 4
    assert AuditEntry.objects.filter(action="assessments.submission.submit").count() == 1
    assert notices_of(world.evaluator) == [f"/assessments/submissions/{submission.pk}/"]
    assert notices_of(world.framework_admin) == []  # an evaluator is in scope
    assert notices_of(world.approver) == []


def test_the_approver_cannot_submit_an_incomplete_submission(
    world: Any, scenario: Scenario
) -> None:
    report(as_(world.editor), scenario.result("levels"), {scenario.items["number"].pk: "90"})
    before = state(scenario)
    with pytest.raises(AssessmentError) as refused:
        actions.submit(as_(world.approver), scenario.submission)
    assert "3.1" in refused.value.message
    assert state(scenario) == before


@pytest.mark.parametrize(
    "name", ["editor", "viewer", "evaluator", "framework_admin", "outsider", "owner"]
)
def test_only_the_approver_submits(world: Any, reported: Scenario, name: str) -> None:
    before = state(reported)
    with pytest.raises(AssessmentError):
        actions.submit(as_(getattr(world, name)), reported.submission)
    assert state(reported) == before


def test_a_submission_after_the_deadline_is_late_and_after_the_last_day_refused(
    world: Any, reported: Scenario
) -> None:
    today = timezone.localdate()
    Round.objects.filter(pk=reported.round.pk).update(
        deadline=today - dt.timedelta(days=1), grace_until=today - dt.timedelta(days=1)
    )
    before = state(reported)
    with pytest.raises(AssessmentError):
        actions.submit(as_(world.approver), reported.submission)
    assert state(reported) == before
    Round.objects.filter(pk=reported.round.pk).update(grace_until=today)
    assert actions.submit(as_(world.approver), reported.submission).is_late


def test_nothing_left_to_submit_is_refused(world: Any, submitted: Scenario) -> None:
    before = state(submitted)
    with pytest.raises(AssessmentError):
        actions.submit(as_(world.approver), submitted.submission)
    assert state(submitted) == before


def test_the_approver_returns_one_indicator_with_a_reason(
    world: Any, reported: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    before = state(reported)
    with pytest.raises(AssessmentError):
        actions.return_to_editor(as_(world.approver), reported.result("levels"), "  ")
    assert state(reported) == before
    with django_capture_on_commit_callbacks(execute=True):
        result = actions.return_to_editor(
            as_(world.approver), reported.result("levels"), "ตัวเลขไม่ตรงกับหลักฐาน"
        )
    assert result.status == ResultStatus.RETURNED_BY_APPROVER
    assert reported.result("milestone").status == ResultStatus.DRAFT
    message = ReviewMessage.objects.get(kind=MessageKind.RETURNED_BY_APPROVER)
    assert (message.author, message.text) == (world.approver, "ตัวเลขไม่ตรงกับหลักฐาน")
    assert notices_of(world.editor) == [f"/assessments/results/{result.pk}/"]
    # the editor fixes it; the approver submits the whole submission
    report(as_(world.editor), result, {reported.items["number"].pk: "90"})
    submission = actions.submit(as_(world.approver), reported.submission)
    assert reported.result("levels").status == ResultStatus.SUBMITTED
    assert submission.status == SubmissionStatus.SUBMITTED


@pytest.mark.parametrize("name", ["editor", "evaluator", "viewer", "framework_admin", "outsider"])
def test_only_the_approver_returns_to_the_editor(world: Any, reported: Scenario, name: str) -> None:
    before = state(reported)
    with pytest.raises(AssessmentError):
        actions.return_to_editor(as_(getattr(world, name)), reported.result("levels"), "เหตุผล")
    assert state(reported) == before


def test_a_submitted_result_cannot_go_back_to_the_editor(world: Any, submitted: Scenario) -> None:
    before = state(submitted)
    with pytest.raises(AssessmentError):
        actions.return_to_editor(as_(world.approver), submitted.result("levels"), "เหตุผล")
    assert state(submitted) == before


# --- the evaluator -------------------------------------------------------------------------


def test_a_question_is_answered_then_accepted(
    world: Any, submitted: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(AssessmentError):
        actions.ask(as_(world.evaluator), submitted.result("levels"), "")
    with django_capture_on_commit_callbacks(execute=True):
        asked = actions.ask(as_(world.evaluator), submitted.result("levels"), "มีหลักฐานเพิ่มเติมหรือไม่")
    assert asked.status == ResultStatus.QUESTION
    assert f"/assessments/results/{asked.pk}/" in notices_of(world.editor)
    with django_capture_on_commit_callbacks(execute=True):
        answered = actions.answer(as_(world.approver), asked, "แนบรายงานแล้ว")
    assert answered.status == ResultStatus.SUBMITTED
    assert f"/assessments/results/{asked.pk}/" in notices_of(world.evaluator)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = actions.accept(
            as_(world.evaluator), answered, sequence=answered.sequence, reason="ครบถ้วน"
        )
    assert accepted.status == ResultStatus.ACCEPTED
    kinds = list(
        ReviewMessage.objects.filter(result=accepted).values_list("kind", "author__username")
    )
    assert kinds == [
        ("submitted", "approver"),
        ("question", "evaluator"),
        ("answer", "approver"),
        ("accepted", "evaluator"),
    ]
    assert len(notices_of(world.approver)) == 1  # told of the acceptance


def test_accept_with_a_stale_sequence_is_refused(world: Any, submitted: Scenario) -> None:
    opened = submitted.result("levels").sequence
    actions.ask(as_(world.evaluator), submitted.result("levels"), "คำถาม")
    actions.answer(as_(world.editor), submitted.result("levels"), "คำตอบ")
    before = state(submitted)
    with pytest.raises(StaleResult) as stale:
        actions.accept(as_(world.evaluator), submitted.result("levels"), sequence=opened)
    # submitted -> question -> submitted: the status is back; the answer is what changed
    changes = {change.key: change.after for change in stale.value.changes}
    assert changes == {"message": "คำตอบ"}
    assert state(submitted) == before


def test_answers_only_to_questions(world: Any, submitted: Scenario) -> None:
    before = state(submitted)
    with pytest.raises(AssessmentError):
        actions.answer(as_(world.editor), submitted.result("levels"), "คำตอบ")
    assert state(submitted) == before


@pytest.mark.parametrize("name", ["evaluator", "viewer", "outsider", "framework_admin"])
def test_only_the_agency_answers(world: Any, submitted: Scenario, name: str) -> None:
    actions.ask(as_(world.evaluator), submitted.result("levels"), "คำถาม")
    before = state(submitted)
    with pytest.raises(AssessmentError):
        actions.answer(as_(getattr(world, name)), submitted.result("levels"), "คำตอบ")
    assert state(submitted) == before


def test_an_evaluator_returns_one_indicator_which_is_fixed_and_sent_again(
    world: Any, submitted: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    with pytest.raises(AssessmentError):
        actions.return_result(as_(world.evaluator), submitted.result("levels"), " ")
    with django_capture_on_commit_callbacks(execute=True):
        returned = actions.return_result(
            as_(world.evaluator), submitted.result("levels"), "หลักฐานไม่ครบ"
        )
    assert returned.status == ResultStatus.RETURNED
    assert submitted.result("milestone").status == ResultStatus.SUBMITTED
    assert notices_of(world.editor) == [f"/assessments/results/{returned.pk}/"]
    report(as_(world.editor), returned, {submitted.items["number"].pk: "84"})
    actions.submit(as_(world.approver), submitted.submission)
    assert submitted.result("levels").status == ResultStatus.SUBMITTED


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        ("accept", {"sequence": None}),
        ("ask", {"question": "คำถาม"}),
        ("return_result", {"reason": "เหตุผล"}),
        ("confirm", {"sequence": None, "items": {}, "done": [], "justification": "เหตุผล"}),
    ],
)
@pytest.mark.parametrize("name", ["editor", "approver", "viewer", "owner", "far_evaluator"])
def test_only_evaluators_in_scope_review(
    world: Any, submitted: Scenario, name: str, action: str, kwargs: dict[str, Any]
) -> None:
    if name == "far_evaluator":
        user = make_member(world.other_ministry, Role.EVALUATOR)
    else:
        user = getattr(world, name)
    result = submitted.result("levels")
    if kwargs.get("sequence", 0) is None:
        kwargs = kwargs | {"sequence": result.sequence}
    before = state(submitted)
    with pytest.raises(AssessmentError):
        getattr(actions, action)(as_(user), result, **kwargs)
    assert state(submitted) == before


def test_the_framework_admin_may_review(world: Any, submitted: Scenario) -> None:
    result = submitted.result("levels")
    assert actions.accept(as_(world.framework_admin), result, sequence=result.sequence).status == (
        ResultStatus.ACCEPTED
    )


def test_draft_results_cannot_be_reviewed(world: Any, reported: Scenario) -> None:
    before = state(reported)
    result = reported.result("levels")
    with pytest.raises(AssessmentError):
        actions.accept(as_(world.evaluator), result, sequence=result.sequence)
    with pytest.raises(AssessmentError):
        actions.ask(as_(world.evaluator), result, "คำถาม")
    with pytest.raises(AssessmentError):
        actions.return_result(as_(world.evaluator), result, "เหตุผล")
    with pytest.raises(AssessmentError):
        actions.confirm(
            as_(world.evaluator),
            result,
            sequence=result.sequence,
            items={},
            done=[],
            justification="x",
        )
    assert state(reported) == before


def test_a_confirmed_result_stands_beside_the_self_score(
    world: Any, submitted: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    result = submitted.result("levels")
    item = submitted.items["number"]
    with pytest.raises(AssessmentError):
        actions.confirm(
            as_(world.evaluator),
            result,
            sequence=result.sequence,
            items={item.pk: "80"},
            done=[],
            justification=" ",
        )
    with pytest.raises(AssessmentError) as refused:
        actions.confirm(
            as_(world.evaluator),
            result,
            sequence=result.sequence,
            items={item.pk: "แปดสิบ"},
            done=[],
            justification="ตรวจแล้ว",
        )
    assert list(refused.value.errors) == [item.pk]
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = actions.confirm(
            as_(world.evaluator),
            result,
            sequence=result.sequence,
            items={item.pk: "80"},
            done=[],
            justification="หลักฐานยืนยันได้ร้อยละ 80",
        )
    assert confirmed.status == ResultStatus.CONFIRMED
    assert confirmed.confirmed_result == "80" and confirmed.self_result == "87.5"
    assert confirmed.self_score == Decimal("87.5")
    score = AgencyScore.objects.get(round=submitted.round, organization=submitted.agency)
    assert score.total == Decimal("84.375") - Decimal("26.25") + Decimal("15")
    assert score.self_total == Decimal("84.375")
    entry = AuditEntry.objects.get(action="assessments.result.confirm")
    assert entry.before and entry.after
    assert entry.before["confirmed_result"] is None and entry.after["confirmed_result"] == "80"
    assert entry.after["confirmed_items"] == {str(item.pk): "80"}
    assert notices_of(world.editor) and notices_of(world.approver)


def test_a_confirmation_keeps_unchanged_items_and_needs_a_complete_result(
    world: Any, submitted: Scenario
) -> None:
    result = submitted.result("milestone")
    confirmed = actions.confirm(
        as_(world.evaluator),
        result,
        sequence=result.sequence,
        items={},
        done=["a"],
        justification="ขั้นตอนที่ 2 ยังไม่มีหลักฐาน",
    )
    assert confirmed.confirmed_result == {"done": ["a"]}
    sub = submitted.result("sub_pass")
    before = state(submitted)
    with pytest.raises(AssessmentError):
        actions.confirm(
            as_(world.evaluator),
            sub,
            sequence=sub.sequence,
            items={submitted.items["p1"].pk: ""},
            done=[],
            justification="x",
        )
    assert state(submitted) == before


# --- reopening and closing -----------------------------------------------------------------


def close_round(round: Round) -> dt.date:
    today = timezone.localdate()
    Round.objects.filter(pk=round.pk).update(
        deadline=today - dt.timedelta(days=5), grace_until=today - dt.timedelta(days=1)
    )
    return today


def test_an_evaluator_reopens_one_indicator_of_a_closed_round(
    world: Any, submitted: Scenario, django_capture_on_commit_callbacks: Any
) -> None:
    today = close_round(submitted.round)
    item = submitted.items["number"]
    with pytest.raises(AssessmentError):
        actions.reopen(as_(world.evaluator), submitted.result("levels"), "", today)
    with pytest.raises(AssessmentError):
        actions.reopen(
            as_(world.evaluator), submitted.result("levels"), "เหตุผล", today - dt.timedelta(days=1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        reopened = actions.reopen(
            as_(world.evaluator),
            submitted.result("levels"),
            "ระบบขัดข้อง",
            today + dt.timedelta(days=3),
        )
    assert reopened.reopened_until == today + dt.timedelta(days=3)
    assert reopened.status == ResultStatus.RETURNED
    assert notices_of(world.editor) == [f"/assessments/results/{reopened.pk}/"]
    report(as_(world.editor), reopened, {item.pk: "91"})
    with pytest.raises(AssessmentError):  # nothing else reopened
        report(
            as_(world.editor), submitted.result("sub_levels"), {submitted.items["small"].pk: "1"}
        )
    actions.submit(as_(world.approver), submitted.submission)
    assert submitted.result("levels").status == ResultStatus.SUBMITTED


def test_reopen_needs_a_round_past_its_last_day(world: Any, submitted: Scenario) -> None:
    before = state(submitted)
    with pytest.raises(AssessmentError):
        actions.reopen(
            as_(world.evaluator), submitted.result("levels"), "เหตุผล", timezone.localdate()
        )
    assert state(submitted) == before


@pytest.mark.parametrize("name", ["editor", "approver", "viewer", "outsider"])
def test_only_evaluators_reopen(world: Any, submitted: Scenario, name: str) -> None:
    today = close_round(submitted.round)
    before = state(submitted)
    with pytest.raises(AssessmentError):
        actions.reopen(as_(getattr(world, name)), submitted.result("levels"), "เหตุผล", today)
    assert state(submitted) == before


def test_closing_the_evaluation_makes_everything_final(world: Any, submitted: Scenario) -> None:
    other = build(world.other_department, submitted.framework, submitted.round)
    assert actions.close_evaluation(as_(world.framework_admin), submitted.round) == 2
    assert set(Submission.objects.values_list("status", flat=True)) == {SubmissionStatus.FINAL}
    assert submitted.round.is_closed
    assert AgencyScore.objects.filter(round=submitted.round).count() == 2
    assert other.submission.pk
    before = state(submitted)
    result = submitted.result("levels")
    with pytest.raises(AssessmentError):
        actions.accept(as_(world.evaluator), result, sequence=result.sequence)
    with pytest.raises(AssessmentError):
        actions.reopen(as_(world.evaluator), result, "เหตุผล", timezone.localdate())
    with pytest.raises(AssessmentError):
        actions.close_evaluation(as_(world.framework_admin), submitted.round)
    with pytest.raises(AssessmentError):
        report(as_(world.editor), submitted.result("milestone"), {})
    assert state(submitted) == before


@pytest.mark.parametrize("name", ["evaluator", "editor", "approver", "viewer", "owner"])
def test_only_the_framework_admin_closes(world: Any, submitted: Scenario, name: str) -> None:
    before = state(submitted)
    with pytest.raises(AssessmentError):
        actions.close_evaluation(as_(getattr(world, name)), submitted.round)
    assert state(submitted) == before


# --- who is told ---------------------------------------------------------------------------


def test_people_with_a_permission_are_found_up_the_tree(world: Any) -> None:
    assert _people_with(Perm.SUBMISSION_REVIEW, world.division) == [world.evaluator]
    assert _people_with(Perm.SUBMISSION_EDIT, world.department) == [world.editor]
    assert _people_with(Perm.SUBMISSION_EDIT, world.sibling) == []  # admins are not editors
    # nobody reviews the other ministry: the framework admin is told instead
    assert _people_with(Perm.SUBMISSION_REVIEW, world.other_department) == [world.framework_admin]
    world.evaluator.is_active = False
    world.evaluator.save()
    assert _people_with(Perm.SUBMISSION_REVIEW, world.division) == [world.framework_admin]


def test_a_rolled_back_action_tells_nobody(
    world: Any,
    reported: Scenario,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from ges.assessments import scores

    def broken(*args: Any, **kwargs: Any) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(scores, "recompute", broken)
    before = state(reported)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        actions.submit(as_(world.approver), reported.submission)
    assert state(reported) == before
    assert not Notice.objects.exists()


def test_the_system_acts_without_messages(world: Any, reported: Scenario) -> None:
    actions.submit(SYSTEM, reported.submission)
    result = reported.result("levels")
    actions.accept(SYSTEM, result, sequence=result.sequence)
    assert not ReviewMessage.objects.exists()
    assert AuditEntry.objects.filter(action="assessments.result.accept", actor=None).exists()
