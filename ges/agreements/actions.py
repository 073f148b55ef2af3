"""Every step of a performance agreement. Each one: inside one transaction, lock the rows,
check who acts and the current state, change it, write the audit entry, and `notify` the event
(handed to the inbox and notices after the commit, see ges/agreements/events.py).

    open_agreement          draft (adopts the framework's standard indicators)   agreement.opened
    propose_agreement       draft -> proposed (version 1 of every indicator)     agreement.proposed
    comment_on_indicator    a comment in an indicator's thread                   agreement.indicator.commented
    decide_indicator        agreed / rejected / change requested, with a reason  agreement.indicator.<decision>
                            (the last agree: in negotiation -> agreed)           agreement.agreed
    submit_revision         the agency's changes as a new version               agreement.indicator.revised
    sign_agreement          one side signs; both -> signed, indicators locked    agreement.signature.added,
                                                                                 agreement.signed
    propose_amendment       after signing, a change with a reason                agreement.amendment.proposed
    approve_amendment       applies it: the only change to a locked indicator   agreement.amendment.approved,
                                                                                 indicator.amended
    reject_amendment                                                             agreement.amendment.rejected

Statuses move draft -> proposed -> in_negotiation (the committee's first comment or decision)
-> agreed (every indicator agreed) -> signed. A revision or a new decision other than agree
takes an agreed agreement back to in_negotiation (agreement.reopened). From the first signature
on the indicators are locked: what one side signed is what the other signs.

Decisions and revisions on an indicator move its `sequence`; a decision is taken on the
sequence the person saw, and refused (StaleDecision) when someone acted in between.

The Indicator rows always hold the version in force, so scores use it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ges.agreements import checks
from ges.agreements.diff import changes, parts
from ges.agreements.events import Event, EventKind, notify
from ges.agreements.models import (
    Agreement,
    AgreementIndicator,
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Comment,
    CommentKind,
    Decision,
    IndicatorVersion,
    Signature,
    SignatureRole,
    VersionKind,
)
from ges.agreements.versions import (
    Snapshot,
    same_content,
    snapshot_indicator,
    snapshot_of,
    with_parts,
)
from ges.audit.log import Actor, record
from ges.frameworks.models import Framework
from ges.indicators.actions import audit_values
from ges.indicators.models import Baseline, EvaluationItem, Indicator, PlanActivity, Step
from ges.indicators.overview import Problem
from ges.lib.thaidate import format_thai_datetime
from ges.orgs.access import has_perm
from ges.orgs.models import Organization, User
from ges.orgs.permissions import Perm


class AgreementError(Exception):
    """A step refused: `message` says why, `details` list what to fix."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class IncompleteProposal(AgreementError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            _("The proposal is not complete yet."), [problem.message for problem in problems]
        )
        self.problems = problems


class StaleDecision(AgreementError):
    """Someone decided or revised the indicator after the person opened the page."""

    def __init__(self, entry: AgreementIndicator) -> None:
        self.entry = entry
        if entry.decision == Decision.PENDING:
            message = _(
                "The agency submitted version %(version)s of this indicator after you opened "
                "the page; your decision was not saved. Read the new version and decide again."
            ) % {"version": entry.submitted.number}
        else:
            message = _(
                "%(who)s already decided this indicator (%(decision)s) at %(when)s; your "
                "decision was not saved and nothing was overwritten. Read their decision and "
                "decide again if you still disagree."
            ) % {
                "who": person_name(entry.decided_by),
                "decision": entry.get_decision_display(),
                "when": when(entry.decided_at),
            }
        super().__init__(message)


def person_name(user: User | None) -> str:
    if user is None:
        return _("the system")
    return user.display_name or user.username


def when(moment: Any) -> str:
    return format_thai_datetime(timezone.localtime(moment)) if moment else ""


def _require(actor: Actor, perm: Perm, organization: Organization) -> User:
    user = actor.user
    if user is None or not has_perm(user, perm, organization):
        raise PermissionDenied(_("Your roles do not let you take this step."))
    return user


def _lock_agreement(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("framework", "organization")
        .get(pk=agreement.pk)
    )


def _move(actor: Actor, agreement: Agreement, status: str, code: str | None = None) -> None:
    """Change the status (and when it changed); `code` also writes an audit entry of its own."""
    before = agreement.status
    now = timezone.now()
    agreement.status = status
    agreement.state_changed_at = now
    fields = ["status", "state_changed_at"]
    for moment, name in (
        (AgreementStatus.PROPOSED, "proposed_at"),
        (AgreementStatus.AGREED, "agreed_at"),
        (AgreementStatus.SIGNED, "signed_at"),
    ):
        if status == moment:
            setattr(agreement, name, now)
            fields.append(name)
    agreement.save(update_fields=fields)
    if code:
        record(actor, code, agreement, before={"status": before}, after={"status": status})


def _new_version(
    actor: Actor, indicator: Indicator, kind: str, snapshot: Snapshot, reason: str = ""
) -> IndicatorVersion:
    last = IndicatorVersion.objects.filter(indicator=indicator).aggregate(last=Max("number"))
    return IndicatorVersion.objects.create(
        indicator=indicator,
        number=(last["last"] or 0) + 1,
        kind=kind,
        snapshot=snapshot,
        reason=reason,
        created_by=actor.user,
    )


# Opening: the agency's draft, with the framework's standard indicators ---------------------------


def open_agreement(actor: Actor, framework: Framework, organization: Organization) -> Agreement:
    """The agency's agreement for the framework, opened if it was not; the framework's standard
    indicators the agency has not taken up yet are adopted (while it can still change)."""
    if actor.user is not None and not (
        has_perm(actor.user, Perm.AGREEMENT_PROPOSE, organization)
        or has_perm(actor.user, Perm.FRAMEWORK_EDIT)
    ):
        raise PermissionDenied(_("Your roles do not let you take this step."))
    with transaction.atomic():
        agreement, created = Agreement.objects.get_or_create(
            framework=framework,
            organization=organization,
            defaults={"state_changed_at": timezone.now()},
        )
        agreement = _lock_agreement(agreement)
        if created:
            record(
                actor,
                "agreement.opened",
                agreement,
                after={
                    "framework": framework.pk,
                    "organization": organization.code,
                    "status": agreement.status,
                },
            )
            notify(Event(EventKind.OPENED, agreement, actor.user))
        if agreement.status == AgreementStatus.DRAFT or (
            agreement.is_negotiable and not agreement.signatures.exists()
        ):
            adopt_standard_indicators(actor, framework, organization)
    return agreement


# Fields an agency's copy of a standard indicator takes from it.
NOT_COPIED = {"id", "framework", "organization", "standard", "parent", "owner", "locked", "layout"}
NOT_COPIED |= {"number", "order", "created_at", "updated_at"}


def adopt_standard_indicators(
    actor: Actor, framework: Framework, organization: Organization
) -> list[Indicator]:
    """Copy the framework's standard indicators the agency lacks (definition, criteria with
    their groups, baselines, steps, plan, items, sub-indicators). Idempotent."""
    standards = with_parts(
        Indicator.objects.standard().top_level().filter(framework=framework).order_by("order")
    )
    agency = Indicator.objects.of_agency(organization, framework)
    taken = set(agency.filter(standard__isnull=False).values_list("standard_id", flat=True))
    numbers = set(agency.top_level().values_list("number", flat=True))
    last_order = agency.top_level().aggregate(last=Max("order"))["last"] or 0
    adopted = []
    for standard in standards:
        if standard.pk in taken:
            continue
        number = standard.number if standard.number not in numbers else _free_number(numbers)
        numbers.add(number)
        last_order = max(last_order + 1, standard.order)
        copy = _copy(standard, organization, None, number, last_order)
        for position, child in enumerate(standard.children.all(), start=1):
            _copy(child, organization, copy, child.number, child.order or position)
        record(
            actor,
            "indicator.created",
            copy,
            after={**audit_values(copy), "adopted_standard": standard.number},
        )
        adopted.append(copy)
    return adopted


def _free_number(numbers: set[str]) -> str:
    used = [int(number) for number in numbers if number.isdigit()]
    return str(max(used, default=0) + 1)


def _copy(
    standard: Indicator,
    organization: Organization,
    parent: Indicator | None,
    number: str,
    order: int,
) -> Indicator:
    copy = Indicator(
        framework_id=standard.framework_id,
        organization=organization,
        standard=standard,
        parent=parent,
        number=number,
        order=order,
    )
    for field in Indicator._meta.concrete_fields:
        if field.name not in NOT_COPIED:
            setattr(copy, field.attname, getattr(standard, field.attname))
    copy.save()
    Baseline.objects.bulk_create(
        Baseline(
            indicator=copy,
            series=row.series,
            year=row.year,
            value=row.value,
            value_text=row.value_text,
            note=row.note,
            order=row.order,
        )
        for row in standard.baselines.all()
    )
    Step.objects.bulk_create(
        Step(indicator=copy, order=row.order, text=row.text) for row in standard.steps.all()
    )
    PlanActivity.objects.bulk_create(
        PlanActivity(indicator=copy, order=row.order, text=row.text, months=list(row.months))
        for row in standard.plan.all()
    )
    EvaluationItem.objects.bulk_create(
        EvaluationItem(indicator=copy, order=row.order, text=row.text, kind=row.kind, unit=row.unit)
        for row in standard.items.all()
    )
    return copy


# Proposing -----------------------------------------------------------------------------------


def propose_agreement(actor: Actor, agreement: Agreement) -> Agreement:
    """Send a complete draft to the committee: version 1 of every indicator, each pending."""
    _require(actor, Perm.AGREEMENT_PROPOSE, agreement.organization)
    with transaction.atomic():
        current = _lock_agreement(agreement)
        if current.status != AgreementStatus.DRAFT:
            raise AgreementError(
                _("This agreement was proposed already; it is %(status)s.")
                % {"status": current.get_status_display()}
            )
        adopt_standard_indicators(actor, current.framework, current.organization)
        problems = checks.proposal_problems(current)
        if problems:
            raise IncompleteProposal(problems)
        numbers = []
        for indicator in with_parts(checks.agency_indicators(current).top_level()):
            version = _new_version(
                actor, indicator, VersionKind.PROPOSAL, snapshot_indicator(indicator)
            )
            AgreementIndicator.objects.create(
                agreement=current, indicator=indicator, submitted=version
            )
            numbers.append(indicator.number)
        _move(actor, current, AgreementStatus.PROPOSED)
        record(
            actor,
            "agreement.proposed",
            current,
            before={"status": AgreementStatus.DRAFT},
            after={"status": current.status, "indicators": numbers},
        )
        notify(Event(EventKind.PROPOSED, current, actor.user))
    return current


# Negotiating ---------------------------------------------------------------------------------


def _negotiable(agreement: Agreement) -> None:
    if not agreement.is_negotiable:
        raise AgreementError(
            _("The agreement is %(status)s: its indicators are not being negotiated.")
            % {"status": agreement.get_status_display()}
        )
    if agreement.signatures.exists():
        raise AgreementError(_("The agreement is being signed: the negotiation is closed."))


def _lock_entry(entry: AgreementIndicator) -> AgreementIndicator:
    return (
        AgreementIndicator.objects.select_for_update(of=("self",))
        .select_related("submitted", "decided_by", "indicator")
        .get(pk=entry.pk)
    )


def comment_on_indicator(
    actor: Actor,
    entry: AgreementIndicator,
    text: str,
    *,
    part: str = "",
    parent: Comment | None = None,
) -> Comment:
    """A comment by an evaluator or the agency on the indicator or one of its parts."""
    agreement = entry.agreement
    user = actor.user
    committee = user is not None and has_perm(user, Perm.AGREEMENT_DECIDE, agreement.organization)
    if user is None or not (
        committee or has_perm(user, Perm.AGREEMENT_PROPOSE, agreement.organization)
    ):
        raise PermissionDenied(_("Your roles do not let you take this step."))
    text = text.strip()
    if not text:
        raise AgreementError(_("Write the comment."))
    with transaction.atomic():
        current_agreement = _lock_agreement(agreement)
        _negotiable(current_agreement)
        current = _lock_entry(entry)
        if part not in parts(current.submitted.snapshot):
            raise AgreementError(_("Choose the part of the indicator from the list."))
        if parent is not None and parent.entry_id != current.pk:
            raise AgreementError(_("The comment you answer belongs to another indicator."))
        comment = Comment.objects.create(
            entry=current, part=part, author=user, text=text, parent=parent
        )
        if committee and current_agreement.status == AgreementStatus.PROPOSED:
            _move(actor, current_agreement, AgreementStatus.IN_NEGOTIATION)
        record(
            actor,
            "agreement.indicator.commented",
            current.indicator,
            after={
                "agreement": current_agreement.pk,
                "comment": comment.pk,
                "part": part,
                "text": text,
                "in_answer_to": parent.pk if parent else None,
            },
        )
        notify(
            Event(
                EventKind.COMMENTED,
                current_agreement,
                user,
                indicator=current.indicator,
                comment=comment,
                reason=text,
            )
        )
    return comment


DECISION_EVENTS = {
    Decision.AGREED: EventKind.INDICATOR_AGREED,
    Decision.REJECTED: EventKind.INDICATOR_REJECTED,
    Decision.CHANGE_REQUESTED: EventKind.CHANGE_REQUESTED,
}


def decide_indicator(
    actor: Actor, entry: AgreementIndicator, decision: str, reason: str, *, sequence: int
) -> AgreementIndicator:
    """Agree, reject or ask for a change, with a reason, on the version the person saw
    (`sequence`); the last agree makes the agreement agreed."""
    agreement = entry.agreement
    user = _require(actor, Perm.AGREEMENT_DECIDE, agreement.organization)
    if decision not in DECISION_EVENTS:
        raise AgreementError(_("Choose agree, reject or ask for a change."))
    reason = reason.strip()
    if not reason:
        raise AgreementError(_("Give the reason for your decision."))
    with transaction.atomic():
        current_agreement = _lock_agreement(agreement)
        current = _lock_entry(entry)
        if current.sequence != sequence:
            raise StaleDecision(current)
        _negotiable(current_agreement)
        before = {
            "decision": current.decision,
            "version": current.submitted.number,
            "decided_by": current.decided_by.username if current.decided_by else None,
        }
        current.decision = decision
        current.decided_by = user
        current.decided_at = timezone.now()
        current.decision_reason = reason
        current.version = current.submitted if decision == Decision.AGREED else None
        current.sequence += 1
        current.save(
            update_fields=[
                "decision",
                "decided_by",
                "decided_at",
                "decision_reason",
                "version",
                "sequence",
            ]
        )
        Comment.objects.create(
            entry=current,
            kind=CommentKind.DECISION,
            decision=decision,
            author=user,
            text=reason,
            version=current.submitted,
        )
        record(
            actor,
            f"agreement.indicator.{decision}",
            current.indicator,
            before=before,
            after={
                "decision": decision,
                "version": current.submitted.number,
                "reason": reason,
                "agreement": current_agreement.pk,
            },
        )
        notify(
            Event(
                DECISION_EVENTS[Decision(decision)],
                current_agreement,
                user,
                indicator=current.indicator,
                reason=reason,
            )
        )
        if current_agreement.status == AgreementStatus.PROPOSED:
            _move(actor, current_agreement, AgreementStatus.IN_NEGOTIATION)
        _settle(actor, current_agreement)
    return current


def _settle(actor: Actor, agreement: Agreement) -> None:
    """Agreed once every indicator of the set is agreed; back in negotiation when one is not."""
    entries = list(
        AgreementIndicator.objects.filter(agreement=agreement).values_list(
            "indicator_id", "decision"
        )
    )
    tops = set(checks.agency_indicators(agreement).top_level().values_list("pk", flat=True))
    all_agreed = (
        bool(entries)
        and tops <= {pk for pk, _d in entries}
        and all(decision == Decision.AGREED for _pk, decision in entries)
    )
    if all_agreed and agreement.status != AgreementStatus.AGREED:
        _move(actor, agreement, AgreementStatus.AGREED, "agreement.agreed")
        notify(Event(EventKind.AGREED, agreement, actor.user))
    elif not all_agreed and agreement.status == AgreementStatus.AGREED:
        _move(actor, agreement, AgreementStatus.IN_NEGOTIATION, "agreement.reopened")


def submit_revision(
    actor: Actor, agreement: Agreement, indicator: Indicator, reason: str
) -> IndicatorVersion:
    """The indicator as the agency has edited it becomes a new version, waiting for a decision.
    An indicator added during the negotiation joins the agreement this way."""
    user = _require(actor, Perm.AGREEMENT_PROPOSE, agreement.organization)
    reason = reason.strip()
    if not reason:
        raise AgreementError(_("Say what changed and why."))
    with transaction.atomic():
        current_agreement = _lock_agreement(agreement)
        _negotiable(current_agreement)
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if (
            locked.framework_id != current_agreement.framework_id
            or locked.organization_id != current_agreement.organization_id
            or locked.parent_id is not None
        ):
            raise AgreementError(_("This indicator is not one of the agreement's."))
        snapshot = snapshot_of(locked)
        entry = AgreementIndicator.objects.filter(indicator=locked).first()
        if entry is None:
            problems = [
                problem.message
                for problem in checks.proposal_problems(current_agreement)
                if problem.indicator is not None
                and (problem.indicator.pk == locked.pk or problem.indicator.parent_id == locked.pk)
            ]
            if problems:
                raise AgreementError(_("The indicator is not complete yet."), problems)
            version = _new_version(actor, locked, VersionKind.PROPOSAL, snapshot, reason)
            entry = AgreementIndicator.objects.create(
                agreement=current_agreement, indicator=locked, submitted=version
            )
            before: dict[str, Any] = {"version": None, "decision": None}
        else:
            entry = _lock_entry(entry)
            if same_content(snapshot, entry.submitted.snapshot):
                raise AgreementError(
                    _(
                        "Nothing changed since version %(version)s: edit the indicator first, "
                        "or answer in a comment."
                    )
                    % {"version": entry.submitted.number}
                )
            before = {"version": entry.submitted.number, "decision": entry.decision}
            version = _new_version(actor, locked, VersionKind.REVISION, snapshot, reason)
            entry.submitted = version
            entry.decision = Decision.PENDING
            entry.decided_by = None
            entry.decided_at = None
            entry.decision_reason = ""
            entry.version = None
            entry.sequence += 1
            entry.save(
                update_fields=[
                    "submitted",
                    "decision",
                    "decided_by",
                    "decided_at",
                    "decision_reason",
                    "version",
                    "sequence",
                ]
            )
        Comment.objects.create(
            entry=entry, kind=CommentKind.REVISION, author=user, text=reason, version=version
        )
        # Recorded about the indicator itself: an editor whose form is older is told the
        # change went to the negotiation (ges.indicators.views.indicator.describe_change).
        record(
            actor,
            "agreement.indicator.revised",
            locked,
            before=before,
            after={
                "version": version.number,
                "decision": Decision.PENDING,
                "reason": reason,
                "agreement": current_agreement.pk,
            },
        )
        notify(Event(EventKind.REVISED, current_agreement, user, indicator=locked, reason=reason))
        _settle(actor, current_agreement)
    return version


# Signing -------------------------------------------------------------------------------------

SIGNING_PERMS = {
    SignatureRole.AGENCY: Perm.AGREEMENT_SIGN_AGENCY,
    SignatureRole.COMMITTEE: Perm.AGREEMENT_SIGN_COMMITTEE,
}


def sign_agreement(actor: Actor, agreement: Agreement, role: str) -> Signature:
    """One side signs an agreed agreement. The first signature locks the indicators; the second
    makes the agreement signed."""
    if role not in SIGNING_PERMS:
        raise AgreementError(_("Sign for the agency or for the committee."))
    user = _require(actor, SIGNING_PERMS[SignatureRole(role)], agreement.organization)
    with transaction.atomic():
        current = _lock_agreement(agreement)
        if current.status != AgreementStatus.AGREED:
            raise AgreementError(
                _("Only an agreed agreement is signed; this one is %(status)s.")
                % {"status": current.get_status_display()}
            )
        signed = {s.role: s for s in current.signatures.select_related("user")}
        if role in signed:
            raise AgreementError(
                _("%(who)s already signed %(side)s at %(when)s.")
                % {
                    "who": person_name(signed[role].user),
                    "side": signed[role].get_role_display().lower(),
                    "when": when(signed[role].signed_at),
                }
            )
        if any(signature.user_id == user.pk for signature in signed.values()):
            raise AgreementError(_("The two sides are signed by two different people."))
        if not signed:
            blockers = checks.signing_blockers(current)
            if blockers:
                raise AgreementError(
                    _("The agreement cannot be signed yet."), [b.message for b in blockers]
                )
        signature = Signature.objects.create(agreement=current, role=role, user=user)
        locked = list(
            checks.agency_indicators(current).top_level().values_list("number", flat=True)
        )
        checks.agency_indicators(current).update(locked=True)
        record(
            actor,
            "agreement.signature.added",
            current,
            after={"role": role, "signed_by": user.username, "locked": locked},
        )
        notify(Event(EventKind.SIGNATURE_ADDED, current, user, role=role))
        if len(signed) + 1 == len(SIGNING_PERMS):
            _move(actor, current, AgreementStatus.SIGNED)
            versions = {
                entry.indicator.number: entry.version.number if entry.version else None
                for entry in current.entries.select_related("indicator", "version")
            }
            record(
                actor,
                "agreement.signed",
                current,
                before={"status": AgreementStatus.AGREED},
                after={"status": current.status, "versions": versions},
            )
            notify(Event(EventKind.SIGNED, current, user))
    return signature


# Amendments ----------------------------------------------------------------------------------


def propose_amendment(
    actor: Actor, agreement: Agreement, indicator: Indicator, reason: str, proposed: Snapshot
) -> Amendment:
    """The agency asks to change an indicator of the signed agreement (`proposed`: the indicator
    as it would be, see checks.amended)."""
    user = _require(actor, Perm.AGREEMENT_PROPOSE, agreement.organization)
    reason = reason.strip()
    if not reason:
        raise AgreementError(_("Give the reason for the amendment."))
    with transaction.atomic():
        current_agreement = _lock_agreement(agreement)
        if not current_agreement.is_signed:
            raise AgreementError(
                _("Amendments are for signed agreements; until then, revise the indicator.")
            )
        entry = (
            AgreementIndicator.objects.select_for_update(of=("self",))
            .select_related("version")
            .filter(agreement=current_agreement, indicator_id=indicator.pk)
            .first()
        )
        if entry is None or entry.version is None:
            raise AgreementError(_("This indicator is not one of the agreement's."))
        if Amendment.objects.filter(
            indicator_id=indicator.pk, status=AmendmentStatus.PENDING
        ).exists():
            raise AgreementError(
                _("Indicator %(number)s already has an amendment waiting for a decision.")
                % {"number": indicator.number}
            )
        current = snapshot_of(indicator)
        problems = checks.amendment_problems(current_agreement, indicator, current, proposed)
        if problems:
            raise AgreementError(_("The amendment cannot be proposed as it is."), problems)
        amendment = Amendment.objects.create(
            agreement=current_agreement,
            indicator=indicator,
            proposed_by=user,
            reason=reason,
            snapshot=proposed,
            version_before=entry.version,
        )
        record(
            actor,
            "agreement.amendment.proposed",
            amendment,
            after={
                "indicator": indicator.number,
                "reason": reason,
                "version_before": entry.version.number,
                "changes": [line.path for line in changes(current, proposed)],
            },
        )
        notify(
            Event(
                EventKind.AMENDMENT_PROPOSED,
                current_agreement,
                user,
                indicator=indicator,
                amendment=amendment,
                reason=reason,
            )
        )
    return amendment


def _lock_pending(actor: Actor, amendment: Amendment, reason: str) -> tuple[Amendment, User, str]:
    organization = amendment.agreement.organization
    user = _require(actor, Perm.AGREEMENT_DECIDE, organization)
    if user.pk == amendment.proposed_by_id or has_perm(user, Perm.AGREEMENT_PROPOSE, organization):
        raise PermissionDenied(_("The agency does not decide its own amendment."))
    reason = reason.strip()
    if not reason:
        raise AgreementError(_("Give the reason for your decision."))
    _lock_agreement(amendment.agreement)
    current = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("agreement", "indicator", "version_before", "decided_by")
        .get(pk=amendment.pk)
    )
    if current.status != AmendmentStatus.PENDING:
        raise AgreementError(
            _("%(who)s already decided this amendment (%(status)s) at %(when)s.")
            % {
                "who": person_name(current.decided_by),
                "status": current.get_status_display(),
                "when": when(current.decided_at),
            }
        )
    return current, user, reason


def _decide_amendment(current: Amendment, user: User, status: str, reason: str) -> None:
    current.status = status
    current.decided_by = user
    current.decided_at = timezone.now()
    current.decision_reason = reason
    current.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "version_after"]
    )


def approve_amendment(actor: Actor, amendment: Amendment, reason: str) -> Amendment:
    """Apply the amendment to the locked indicator: a new version, now the one in force."""
    with transaction.atomic():
        current, user, reason = _lock_pending(actor, amendment, reason)
        current.version_after = apply_amendment(actor, current)
        _decide_amendment(current, user, AmendmentStatus.APPROVED, reason)
        record(
            actor,
            "agreement.amendment.approved",
            current,
            before={"status": AmendmentStatus.PENDING},
            after={
                "status": current.status,
                "reason": reason,
                "version_before": current.version_before.number,
                "version_after": current.version_after.number,
            },
        )
        notify(
            Event(
                EventKind.AMENDMENT_APPROVED,
                current.agreement,
                user,
                indicator=current.indicator,
                amendment=current,
                reason=reason,
            )
        )
    return current


def reject_amendment(actor: Actor, amendment: Amendment, reason: str) -> Amendment:
    with transaction.atomic():
        current, user, reason = _lock_pending(actor, amendment, reason)
        _decide_amendment(current, user, AmendmentStatus.REJECTED, reason)
        record(
            actor,
            "agreement.amendment.rejected",
            current,
            before={"status": AmendmentStatus.PENDING},
            after={"status": current.status, "reason": reason},
        )
        notify(
            Event(
                EventKind.AMENDMENT_REJECTED,
                current.agreement,
                user,
                indicator=current.indicator,
                amendment=current,
                reason=reason,
            )
        )
    return current


def apply_amendment(actor: Actor, amendment: Amendment) -> IndicatorVersion:
    """The one code path that changes a locked indicator: writes the amendment's fields,
    criteria and items (keeping the results of the items it keeps). Call inside the approving
    transaction."""
    indicator = Indicator.objects.select_for_update().get(pk=amendment.indicator_id)
    current = snapshot_of(indicator)
    if not same_content(current, amendment.version_before.snapshot):
        raise AgreementError(
            _(
                "Indicator %(number)s changed since this amendment was proposed; the agency "
                "proposes it again on the version in force."
            )
            % {"number": indicator.number}
        )
    proposed = amendment.snapshot
    changed = [name for name in checks.AMENDABLE_FIELDS if current.get(name) != proposed.get(name)]
    before: dict[str, Any] = {name: current.get(name) for name in changed}
    after: dict[str, Any] = {name: proposed.get(name) for name in changed}
    if current.get("criteria") != proposed.get("criteria"):
        before["criteria"], after["criteria"] = current.get("criteria"), proposed.get("criteria")
    if same_content({"items": current["items"]}, {"items": proposed["items"]}) is False:
        before["items"] = [_item_row(row) for row in current["items"]]
        after["items"] = [_item_row(row) for row in proposed["items"]]
    entry = _lock_entry(indicator.agreement_entry)
    last = IndicatorVersion.objects.filter(indicator=indicator).aggregate(last=Max("number"))
    record(
        actor,
        "indicator.amended",
        indicator,
        before=before,
        after={**after, "version": (last["last"] or 0) + 1, "amendment": amendment.pk},
    )
    for name in changed:
        setattr(indicator, name, proposed[name])
    indicator.criteria = proposed.get("criteria")
    indicator.save()
    if "items" in after:
        _replace_items(indicator, proposed["items"])
    version = _new_version(
        actor, indicator, VersionKind.AMENDMENT, snapshot_of(indicator), amendment.reason
    )
    entry.version = version
    entry.submitted = version
    entry.save(update_fields=["version", "submitted"])
    return version


def _item_row(row: dict[str, Any]) -> dict[str, Any]:
    return {"text": row.get("text"), "kind": row.get("kind"), "unit": row.get("unit", "")}


def _replace_items(indicator: Indicator, rows: list[dict[str, Any]]) -> None:
    existing = {item.pk: item for item in indicator.items.all()}
    kept = []
    for order, row in enumerate(rows):
        item = existing.pop(row.get("id") or 0, None) or EvaluationItem(indicator=indicator)
        item.order, item.text, item.kind, item.unit = order, row["text"], row["kind"], row["unit"]
        kept.append(item)
    EvaluationItem.objects.filter(pk__in=list(existing)).delete()
    for item in kept:
        item.save()
