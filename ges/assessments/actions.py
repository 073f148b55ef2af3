"""Every change to a round's submissions. Each action checks who acts, runs in one transaction,
records before/after in the audit log, recomputes the agency's score and tells the people who
now must act (ges.notices). A refusal raises AssessmentError and changes nothing; a form opened
before someone else saved raises StaleResult with what they changed.

The workflow of one indicator result (ResultStatus):

    draft ──(approver returns)──▶ returned_by_approver ──(editor saves; approver submits)──┐
      └──────────────(approver submits the submission)──▶ submitted ◀──────────────────────┘
    submitted ──ask──▶ question ──answer──▶ submitted
    submitted / question / accepted ──return_result──▶ returned ──(fixed, submitted)──▶ ...
    submitted / question ──accept──▶ accepted;  any reviewed state ──confirm──▶ confirmed
    close_evaluation: every submission of the round becomes final; nothing changes after.

Dates: the agency may save until the round's last day (grace date, else deadline); after it
only a result an evaluator returned or reopened (`reopened_until`, at least today) may change.
A submission sent after the deadline but by the last day is marked late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ges import notices
from ges.assessments import scores
from ges.assessments.errors import AssessmentError, StaleResult, changes_since
from ges.assessments.models import (
    AGENCY_EDITABLE,
    IndicatorResult,
    ItemResult,
    MessageKind,
    ResultStatus,
    ReviewMessage,
    Submission,
    SubmissionStatus,
)
from ges.assessments.values import Item, ParsedValue, parse_item_value, value_from
from ges.audit.log import Actor, record
from ges.frameworks.models import Framework, Round
from ges.indicators.models import EvaluationItem, Indicator, ItemKind
from ges.lib.thaidate import format_thai_date
from ges.orgs.access import has_perm
from ges.orgs.models import Membership, Organization, User
from ges.orgs.permissions import GLOBAL_ROLES, Perm, role_grants
from ges.scoring import InvalidDocument

# Results the evaluator reviews, and those a confirmed result may replace.
REVIEWABLE = frozenset({ResultStatus.SUBMITTED, ResultStatus.QUESTION})
CONFIRMABLE = frozenset(
    {ResultStatus.SUBMITTED, ResultStatus.QUESTION, ResultStatus.ACCEPTED, ResultStatus.CONFIRMED}
)
RETURNABLE = frozenset({ResultStatus.SUBMITTED, ResultStatus.QUESTION, ResultStatus.ACCEPTED})


# --- reading what was typed ----------------------------------------------------------------


def _parse_items(
    indicator_items: Sequence[EvaluationItem], typed: Mapping[int, str]
) -> tuple[dict[int, ParsedValue], dict[int, str]]:
    known = {item.pk: item for item in indicator_items}
    values: dict[int, ParsedValue] = {}
    errors: dict[int, str] = {}
    for pk, text in typed.items():
        item = known.get(pk)
        if item is None:
            errors[pk] = _("This evaluation item is not part of the indicator.")
            continue
        try:
            values[pk] = parse_item_value(item, text)
        except AssessmentError as error:
            errors[pk] = error.message
    return values, errors


def _check_done(criteria: object, done: Sequence[str]) -> list[str]:
    choices = set(scores.done_choices(criteria))
    return [
        _("“%(step)s” is not a step of this indicator's criteria.") % {"step": step}
        for step in done
        if step not in choices
    ]


def _refuse_with(errors: Mapping[int, str], others: Sequence[str]) -> None:
    if not errors and not others:
        return
    parts = []
    if errors:
        parts.append(_("Check the results of %(count)d evaluation items.") % {"count": len(errors)})
    parts.extend(others)
    raise AssessmentError(" ".join(parts), errors)


# --- who may act, and when -----------------------------------------------------------------


def _require(actor: Actor, perm: Perm, organization: Organization) -> None:
    """The system (demo loader, commands; no user) may do anything."""
    if actor.user is not None and not has_perm(actor.user, perm, organization):
        raise AssessmentError(_("You may not do this for this agency."))


def local_today() -> dt.date:
    return timezone.localdate()


def is_reopened(result: IndicatorResult, today: dt.date) -> bool:
    return result.reopened_until is not None and result.reopened_until >= today


def _agency_may_change(result: IndicatorResult, round: Round) -> None:
    """Refuse unless the agency may change this result now."""
    if round.is_closed or result.submission.status == SubmissionStatus.FINAL:
        raise AssessmentError(_("The evaluation of this round is closed; results are final."))
    if result.status not in AGENCY_EDITABLE:
        raise AssessmentError(
            _("This result is “%(status)s”; it cannot be changed now.")
            % {"status": result.get_status_display()}
        )
    today = local_today()
    if (
        today > round.last_day
        and result.status != ResultStatus.RETURNED
        and not is_reopened(result, today)
    ):
        raise AssessmentError(
            _("The round closed on %(day)s; ask an evaluator to reopen this indicator.")
            % {"day": format_thai_date(round.last_day)}
        )


def _not_final(submission: Submission, round: Round) -> None:
    if round.is_closed or submission.status == SubmissionStatus.FINAL:
        raise AssessmentError(_("The evaluation of this round is closed; results are final."))


def _reason(text: str, what: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise AssessmentError(what)
    return cleaned


def _lock(result: IndicatorResult) -> IndicatorResult:
    return (
        IndicatorResult.objects.select_for_update(of=("self",))
        .select_related(
            "submission__round__framework",
            "submission__organization",
            "indicator__component",
            "indicator__standard",
        )
        .get(pk=result.pk)
    )


def _check_sequence(result: IndicatorResult, sequence: int) -> None:
    if result.sequence != sequence:
        raise StaleResult(result, changes_since(result, sequence))


# --- what the audit log says -----------------------------------------------------------------


def snapshot(result: IndicatorResult, items: Mapping[int, ParsedValue]) -> dict[str, Any]:
    return {
        "status": result.status,
        "sequence": result.sequence,
        "performance": result.performance,
        "obstacles": result.obstacles,
        "suggestions": result.suggestions,
        "done": list(result.done),
        "conditions": dict(result.conditions),
        "items": {str(pk): _plain(value) for pk, value in sorted(items.items())},
        "self_result": result.self_result,
        "self_score": _plain(result.self_score),
        "confirmed_result": result.confirmed_result,
        "confirmed_justification": result.confirmed_justification,
        "reopened_until": result.reopened_until.isoformat() if result.reopened_until else None,
    }


def _plain(value: object) -> object:
    """Decimals as their shortest text ("80", not "80.000000"), for the audit log."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    return value


def audit_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    keys = [key for key in after if before.get(key) != after.get(key)]
    if "items" in keys:  # only the items that changed
        old, new = before["items"], after["items"]
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        was = {k: old.get(k) for k in changed}
        now = {k: new.get(k) for k in changed}
    was_all = {key: before.get(key) for key in keys}
    now_all = {key: after.get(key) for key in keys}
    if "items" in keys:
        was_all["items"], now_all["items"] = was, now
    was_all["sequence"], now_all["sequence"] = before["sequence"], after["sequence"]
    return was_all, now_all


def _item_values(result: IndicatorResult) -> dict[int, ParsedValue]:
    return {row.item_id: value_from(row.passed, row.value, row.text) for row in result.items.all()}


# --- who to tell ---------------------------------------------------------------------------


def _people_with(perm: Perm, organization: Organization) -> list[User]:
    """The active users whose role grants `perm` over `organization` (held there or in an
    ancestor); framework admins only when nobody else has it."""
    ancestors = [int(part) for part in organization.path.strip("/").split("/") if part]
    rows = (
        Membership.objects.filter(
            Q(organization_id__in=ancestors) | Q(role__in=list(GLOBAL_ROLES)),
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    )
    local: dict[int, User] = {}
    everywhere: dict[int, User] = {}
    for membership in rows:
        if not role_grants(membership.role, perm):
            continue
        target = everywhere if membership.role in GLOBAL_ROLES else local
        target[membership.user_id] = membership.user
    chosen = local or everywhere
    return list(chosen.values())


def _notify(people: Iterable[User], subject: str, body: str, url: str, actor: Actor) -> None:
    recipients = [person for person in people if person != actor.user]
    if recipients:
        notices.send(recipients, subject=subject, body=body, url=url)


def _result_url(result: IndicatorResult) -> str:
    return reverse("assessments:result", args=[result.pk])


def _submission_url(submission: Submission) -> str:
    return reverse("assessments:submission", args=[submission.pk])


def named(result: IndicatorResult) -> dict[str, str]:
    return {
        "number": result.indicator.number,
        "agency": result.submission.organization.name_th,
    }


def _message(result: IndicatorResult, kind: MessageKind, actor: Actor, text: str) -> None:
    """The thread of the result; the system (no user) writes none."""
    if actor.user is not None:
        ReviewMessage.objects.create(result=result, kind=kind, author=actor.user, text=text)


# --- opening a submission ------------------------------------------------------------------


def scored_indicators(framework: Framework, organization: Organization) -> list[Indicator]:
    """The indicators of the agency a result is reported for: those without sub-indicators."""
    rows = list(
        Indicator.objects.of_agency(organization, framework).order_by("order", "number", "pk")
    )
    parents = {row.parent_id for row in rows}
    return [row for row in rows if row.pk not in parents]


def open_submission(actor: Actor, round: Round, organization: Organization) -> Submission:
    """The agency's submission for the round, opened when missing, with a result for every
    indicator it reports on (added for indicators added since). Idempotent."""
    _require(actor, Perm.SUBMISSION_VIEW, organization)
    with transaction.atomic():
        submission, created = Submission.objects.get_or_create(
            round=round, organization=organization
        )
        have = set(submission.results.values_list("indicator_id", flat=True))
        missing = [
            IndicatorResult(submission=submission, indicator=indicator)
            for indicator in scored_indicators(round.framework, organization)
            if indicator.pk not in have
        ]
        if missing and submission.status == SubmissionStatus.FINAL:
            missing = []
        IndicatorResult.objects.bulk_create(missing)
        if created or missing:
            record(
                actor,
                "assessments.submission.open",
                submission,
                before=None if created else {"results": len(have)},
                after={"results": len(have) + len(missing)},
            )
            scores.recompute(round, [organization])
    return submission


# --- the agency reports --------------------------------------------------------------------


def save_result(
    actor: Actor,
    result: IndicatorResult,
    *,
    sequence: int,
    items: Mapping[int, str],
    done: Sequence[str],
    conditions: Mapping[str, bool],
    performance: str = "",
    obstacles: str = "",
    suggestions: str = "",
) -> IndicatorResult:
    """The agency editor's report of one indicator: item results (typed text, read by kind),
    steps done, condition outcomes and the narrative. The self-score follows."""
    with transaction.atomic():
        locked = _lock(result)
        submission = locked.submission
        _require(actor, Perm.SUBMISSION_EDIT, submission.organization)
        _agency_may_change(locked, submission.round)
        _check_sequence(locked, sequence)
        indicator_items = list(locked.indicator.items.order_by("order", "pk"))
        parsed, errors = _parse_items(indicator_items, items)
        _refuse_with(errors, _check_done(locked.indicator.criteria, done))
        current = _item_values(locked)
        before = snapshot(locked, current)
        values = current | parsed
        _write_items(actor, locked, indicator_items, parsed)
        locked.done = list(dict.fromkeys(done))
        locked.conditions = {str(k): bool(v) for k, v in conditions.items()}
        locked.performance = performance.strip()
        locked.obstacles = obstacles.strip()
        locked.suggestions = suggestions.strip()
        update_self_score(locked, indicator_items, values)
        locked.sequence += 1
        locked.save()
        was, now = audit_diff(before, snapshot(locked, values))
        record(actor, "assessments.result.save", locked, before=was, after=now)
        scores.recompute(submission.round, [submission.organization])
    return locked


def _write_items(
    actor: Actor,
    result: IndicatorResult,
    indicator_items: Sequence[EvaluationItem],
    parsed: Mapping[int, ParsedValue],
) -> None:
    kinds = {item.pk: item.kind for item in indicator_items}
    existing = {row.item_id: row for row in result.items.all()}
    new: list[ItemResult] = []
    changed: list[ItemResult] = []
    for pk, value in parsed.items():
        row = existing.get(pk) or ItemResult(result=result, item_id=pk)
        row.passed = value if kinds[pk] == ItemKind.PASS_FAIL and isinstance(value, bool) else None
        row.value = value if kinds[pk] == ItemKind.NUMBER and isinstance(value, Decimal) else None
        row.text = value if kinds[pk] == ItemKind.TEXT and isinstance(value, str) else ""
        row.updated_by = actor.user
        (changed if row.pk else new).append(row)
    ItemResult.objects.bulk_create(new)
    if changed:
        ItemResult.objects.bulk_update(changed, ["passed", "value", "text", "updated_by"])


def update_self_score(
    result: IndicatorResult,
    indicator_items: Sequence[EvaluationItem | Item],
    values: Mapping[int, ParsedValue],
    known: Mapping[str, Decimal] | None = None,
) -> None:
    """Set the result's self_result / self_score / self_explanation from item values (by
    EvaluationItem pk) and its `done` and `conditions`, by the engine (nothing saved)."""
    rows = [scores.item_value(item.kind, values.get(item.pk)) for item in indicator_items]
    shaped = scores.engine_result(result.indicator.criteria, rows, result.done, result.conditions)
    result.self_result = scores.to_json(shaped)
    result.self_score = None
    result.self_explanation = ""
    if shaped is None:
        return
    submission = result.submission
    framework = submission.round.framework
    try:
        what = scores.score_one(
            result.indicator,
            shaped,
            conditions=result.conditions,
            framework=framework,
            agency=submission.organization,
            values=(
                scores.agency_values(framework, submission.organization) if known is None else known
            ),
        )
    except InvalidDocument as invalid:
        result.self_explanation = " ".join(problem.message for problem in invalid.problems)
        return
    result.self_score = scores.stored(what.score)
    result.self_explanation = what.explanation


# --- the agency approver -------------------------------------------------------------------


def incomplete(submission: Submission) -> list[IndicatorResult]:
    """The results the approver cannot submit yet: no result the criteria can score."""
    return [
        result
        for result in submission.results.select_related("indicator")
        if result.self_result is None
    ]


def submit(actor: Actor, submission: Submission) -> Submission:
    """The approver verifies and sends the submission: every result must be complete; the
    results being reported move to "submitted". Late (after the deadline, by the last day)
    is marked; after the last day only returned or reopened results may be sent."""
    with transaction.atomic():
        locked = (
            Submission.objects.select_for_update(of=("self",))
            .select_related("round__framework", "organization")
            .get(pk=submission.pk)
        )
        round = locked.round
        _require(actor, Perm.SUBMISSION_SUBMIT, locked.organization)
        _not_final(locked, round)
        results = list(locked.results.select_for_update(of=("self",)).select_related("indicator"))
        sending = [r for r in results if r.status in AGENCY_EDITABLE]
        if not sending:
            raise AssessmentError(_("There is nothing to submit: every result has been sent."))
        missing = [r.indicator.number for r in results if r.self_result is None]
        if missing:
            raise AssessmentError(
                _("Report a result for every indicator before submitting (missing: %(list)s).")
                % {"list": ", ".join(missing)}
            )
        today = local_today()
        if today > round.last_day:
            closed = [
                r.indicator.number
                for r in sending
                if r.status != ResultStatus.RETURNED and not is_reopened(r, today)
            ]
            if closed:
                raise AssessmentError(
                    _("The round closed on %(day)s; indicators %(list)s are not reopened.")
                    % {"day": format_thai_date(round.last_day), "list": ", ".join(closed)}
                )
        before = {"status": locked.status, "is_late": locked.is_late}
        if locked.submitted_at is None and today > round.deadline:
            locked.is_late = True
        locked.status = SubmissionStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor.user
        locked.save()
        for result in sending:
            was = {"status": result.status, "sequence": result.sequence}
            result.status = ResultStatus.SUBMITTED
            result.sequence += 1
            result.save(update_fields=["status", "sequence", "updated_at"])
            _message(result, MessageKind.SUBMITTED, actor, "")
            record(
                actor,
                "assessments.result.submit",
                result,
                before=was,
                after={"status": result.status, "sequence": result.sequence},
            )
        record(
            actor,
            "assessments.submission.submit",
            locked,
            before=before,
            after={
                "status": locked.status,
                "is_late": locked.is_late,
                "results": [r.indicator.number for r in sending],
            },
        )
        scores.recompute(round, [locked.organization])
        names = {"agency": locked.organization.name_th, "count": len(sending)}
        _notify(
            _people_with(Perm.SUBMISSION_REVIEW, locked.organization),
            _("%(agency)s submitted its results") % names,
            _("%(count)d indicator results wait for your review.") % names,
            _submission_url(locked),
            actor,
        )
    return locked


def return_to_editor(actor: Actor, result: IndicatorResult, reason: str) -> IndicatorResult:
    """The approver sends one indicator back to the editor, with a reason."""
    return _transition(
        actor,
        result,
        perm=Perm.SUBMISSION_SUBMIT,
        allowed=frozenset({ResultStatus.DRAFT, ResultStatus.RETURNED}),
        to=ResultStatus.RETURNED_BY_APPROVER,
        kind=MessageKind.RETURNED_BY_APPROVER,
        text=_reason(reason, _("Give the reason for returning this indicator.")),
        action="assessments.result.return_to_editor",
        tell=(Perm.SUBMISSION_EDIT,),
        subject=_("Indicator %(number)s was returned to you"),
    )


# --- the evaluator -------------------------------------------------------------------------


def accept(
    actor: Actor, result: IndicatorResult, *, sequence: int, reason: str = ""
) -> IndicatorResult:
    """The evaluator accepts the agency's result as reported."""
    return _transition(
        actor,
        result,
        perm=Perm.SUBMISSION_REVIEW,
        allowed=REVIEWABLE,
        to=ResultStatus.ACCEPTED,
        kind=MessageKind.ACCEPTED,
        text=reason.strip(),
        action="assessments.result.accept",
        tell=(Perm.SUBMISSION_EDIT, Perm.SUBMISSION_SUBMIT),
        subject=_("The result of indicator %(number)s was accepted"),
        sequence=sequence,
    )


def ask(actor: Actor, result: IndicatorResult, question: str) -> IndicatorResult:
    """The evaluator asks the agency a question about one indicator."""
    return _transition(
        actor,
        result,
        perm=Perm.SUBMISSION_REVIEW,
        allowed=REVIEWABLE,
        to=ResultStatus.QUESTION,
        kind=MessageKind.QUESTION,
        text=_reason(question, _("Write the question.")),
        action="assessments.result.ask",
        tell=(Perm.SUBMISSION_EDIT,),
        subject=_("A question on indicator %(number)s"),
    )


def answer(actor: Actor, result: IndicatorResult, text: str) -> IndicatorResult:
    """The agency (editor or approver) answers the evaluator's question."""
    perm = Perm.SUBMISSION_EDIT
    if actor.user is not None and not has_perm(
        actor.user, Perm.SUBMISSION_EDIT, result.submission.organization
    ):
        perm = Perm.SUBMISSION_SUBMIT
    return _transition(
        actor,
        result,
        perm=perm,
        allowed=frozenset({ResultStatus.QUESTION}),
        to=ResultStatus.SUBMITTED,
        kind=MessageKind.ANSWER,
        text=_reason(text, _("Write the answer.")),
        action="assessments.result.answer",
        tell=(Perm.SUBMISSION_REVIEW,),
        subject=_("%(agency)s answered on indicator %(number)s"),
    )


def return_result(actor: Actor, result: IndicatorResult, reason: str) -> IndicatorResult:
    """The evaluator returns one indicator to the agency, with a reason."""
    return _transition(
        actor,
        result,
        perm=Perm.SUBMISSION_REVIEW,
        allowed=RETURNABLE,
        to=ResultStatus.RETURNED,
        kind=MessageKind.RETURNED,
        text=_reason(reason, _("Give the reason for returning this indicator.")),
        action="assessments.result.return",
        tell=(Perm.SUBMISSION_EDIT,),
        subject=_("Indicator %(number)s was returned by the evaluator"),
    )


def _transition(
    actor: Actor,
    result: IndicatorResult,
    *,
    perm: Perm,
    allowed: frozenset[ResultStatus],
    to: ResultStatus,
    kind: MessageKind,
    text: str,
    action: str,
    tell: tuple[Perm, ...],
    subject: str,
    sequence: int | None = None,
) -> IndicatorResult:
    with transaction.atomic():
        locked = _lock(result)
        submission = locked.submission
        _require(actor, perm, submission.organization)
        _not_final(submission, submission.round)
        if locked.status not in allowed:
            raise AssessmentError(
                _("This result is “%(status)s”; it cannot be changed now.")
                % {"status": locked.get_status_display()}
            )
        if sequence is not None:
            _check_sequence(locked, sequence)
        was = {"status": locked.status, "sequence": locked.sequence}
        locked.status = to
        locked.sequence += 1
        locked.save(update_fields=["status", "sequence", "updated_at"])
        _message(locked, kind, actor, text)
        record(
            actor,
            action,
            locked,
            before=was,
            after={"status": locked.status, "sequence": locked.sequence, "message": text},
        )
        scores.recompute(submission.round, [submission.organization])
        people: dict[int, User] = {}
        for wanted in tell:
            people |= {u.pk: u for u in _people_with(wanted, submission.organization)}
        _notify(people.values(), subject % named(locked), text, _result_url(locked), actor)
    return locked


def confirm(
    actor: Actor,
    result: IndicatorResult,
    *,
    sequence: int,
    items: Mapping[int, str],
    done: Sequence[str],
    justification: str,
) -> IndicatorResult:
    """The evaluator sets the confirmed result (typed like the agency's items), with a
    justification; the agency's own result stays beside it."""
    reason = _reason(justification, _("Give the justification for the confirmed result."))
    with transaction.atomic():
        locked = _lock(result)
        submission = locked.submission
        _require(actor, Perm.SUBMISSION_REVIEW, submission.organization)
        _not_final(submission, submission.round)
        if locked.status not in CONFIRMABLE:
            raise AssessmentError(
                _("This result is “%(status)s”; it cannot be changed now.")
                % {"status": locked.get_status_display()}
            )
        _check_sequence(locked, sequence)
        indicator_items = list(locked.indicator.items.order_by("order", "pk"))
        parsed, errors = _parse_items(indicator_items, items)
        _refuse_with(errors, _check_done(locked.indicator.criteria, done))
        values = _item_values(locked) | parsed
        rows = [scores.item_value(item.kind, values.get(item.pk)) for item in indicator_items]
        shaped = scores.engine_result(locked.indicator.criteria, rows, done, locked.conditions)
        if shaped is None:
            raise AssessmentError(
                _("The confirmed result is incomplete: give every result the criteria score.")
            )
        current = _item_values(locked)
        before = snapshot(locked, current)
        locked.confirmed_result = scores.to_json(shaped)
        locked.confirmed_justification = reason
        locked.status = ResultStatus.CONFIRMED
        locked.sequence += 1
        locked.save()
        _message(locked, MessageKind.CONFIRMED, actor, reason)
        was, now = audit_diff(before, snapshot(locked, current))
        now["confirmed_items"] = {str(pk): _plain(v) for pk, v in sorted(parsed.items())}
        record(actor, "assessments.result.confirm", locked, before=was, after=now)
        scores.recompute(submission.round, [submission.organization])
        people: dict[int, User] = {}
        for wanted in (Perm.SUBMISSION_EDIT, Perm.SUBMISSION_SUBMIT):
            people |= {u.pk: u for u in _people_with(wanted, submission.organization)}
        _notify(
            people.values(),
            _("The evaluator confirmed the result of indicator %(number)s") % named(locked),
            reason,
            _result_url(locked),
            actor,
        )
    return locked


def reopen(actor: Actor, result: IndicatorResult, reason: str, until: dt.date) -> IndicatorResult:
    """The evaluator reopens one indicator of one agency in a round past its last day (before
    the evaluation is closed), with a reason, until a date; nothing else reopens."""
    text = _reason(reason, _("Give the reason for reopening this indicator."))
    with transaction.atomic():
        locked = _lock(result)
        submission = locked.submission
        round = submission.round
        _require(actor, Perm.SUBMISSION_REVIEW, submission.organization)
        _not_final(submission, round)
        today = local_today()
        if today <= round.last_day:
            raise AssessmentError(
                _("The round is still open until %(day)s; there is nothing to reopen.")
                % {"day": format_thai_date(round.last_day)}
            )
        if until < today:
            raise AssessmentError(_("The reopening must last until today or later."))
        before = snapshot(locked, {})
        locked.reopened_until = until
        if locked.status not in AGENCY_EDITABLE:
            locked.status = ResultStatus.RETURNED
        locked.sequence += 1
        locked.save(update_fields=["reopened_until", "status", "sequence", "updated_at"])
        _message(locked, MessageKind.REOPENED, actor, text)
        was, now = audit_diff(before, snapshot(locked, {}))
        now["message"] = text
        record(actor, "assessments.result.reopen", locked, before=was, after=now)
        scores.recompute(round, [submission.organization])
        _notify(
            _people_with(Perm.SUBMISSION_EDIT, submission.organization),
            _("Indicator %(number)s was reopened until %(day)s")
            % (named(locked) | {"day": format_thai_date(until)}),
            text,
            _result_url(locked),
            actor,
        )
    return locked


# --- OPDC ----------------------------------------------------------------------------------


def close_evaluation(actor: Actor, round: Round) -> int:
    """OPDC closes the round's evaluation: every submission becomes final, the scores are
    recomputed once more and nothing changes after. Returns the submissions made final."""
    if actor.user is not None and not has_perm(actor.user, Perm.EVALUATION_CLOSE):
        raise AssessmentError(_("Only a framework administrator may close an evaluation."))
    with transaction.atomic():
        locked = Round.objects.select_for_update().select_related("framework").get(pk=round.pk)
        if locked.is_closed:
            raise AssessmentError(_("The evaluation of this round is already closed."))
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        count = (
            Submission.objects.filter(round=locked)
            .exclude(status=SubmissionStatus.FINAL)
            .update(status=SubmissionStatus.FINAL, updated_at=locked.closed_at)
        )
        record(
            actor,
            "assessments.round.close",
            locked,
            before={"closed_at": None},
            after={"closed_at": locked.closed_at.isoformat(), "submissions": count},
        )
        scores.recompute(locked)
    round.closed_at = locked.closed_at
    return count
