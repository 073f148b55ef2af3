"""Who hears of what in an agreement, and what waits for whom.

`on_event` (registered with ges.agreements.events in AgreementsConfig.ready) fills
`Event.recipients` with the people who must act now, or whose thing moved, and sends them a
notice and an e-mail (ges.notices.send):

    proposed, revised, amendment proposed       the evaluators whose scope covers the agency
    change requested, indicator rejected,       the agency's editors
    amendment approved or rejected
    a comment                                   the other side (evaluators, or agency editors)
    agreed (every indicator agreed)             the agency's approvers and the evaluators: to sign
    one side signed, the other not yet          the side still to sign
    signed                                      the agency's editors and approvers

Framework admins act everywhere but do not sit on every committee: they are not told of every
agency's steps, and their inbox does not list them. The person who acted is never told.

`agreement_tasks` is the inbox provider (ges.notices.inbox): what waits for the person now, in
three queries whatever the number of agreements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ges import notices
from ges.agreements.events import Event, EventKind
from ges.agreements.models import (
    NEGOTIABLE,
    Agreement,
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Decision,
    Signature,
    SignatureRole,
)
from ges.notices.inbox import Task
from ges.orgs.access import grants_of, has_perm
from ges.orgs.models import Organization, Role, User
from ges.orgs.permissions import GLOBAL_ROLES, Perm, role_grants

# Who is told ----------------------------------------------------------------------------------

EDITORS = (Perm.AGREEMENT_PROPOSE,)
EVALUATORS = (Perm.AGREEMENT_DECIDE,)
APPROVERS = (Perm.AGREEMENT_SIGN_AGENCY,)
COMMITTEE_SIGNERS = (Perm.AGREEMENT_SIGN_COMMITTEE,)


def people_with(perms: Iterable[Perm], organization: Organization) -> list[User]:
    """Active people whose role, on the organisation or above it, gives one of `perms`
    (global roles left out)."""
    wanted = tuple(perms)
    roles = [
        role
        for role in Role
        if role not in GLOBAL_ROLES and any(role_grants(role, perm) for perm in wanted)
    ]
    ids = [part for part in organization.path.strip("/").split("/") if part]
    paths = ["/" + "/".join(ids[: depth + 1]) + "/" for depth in range(len(ids))]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role__in=roles,
            memberships__organization__path__in=paths,
        )
        .distinct()
        .order_by("pk")
    )


def committee_commented(event: Event) -> bool:
    actor = event.actor
    return actor is not None and has_perm(
        actor, Perm.AGREEMENT_DECIDE, event.agreement.organization
    )


def recipients_for(event: Event) -> list[User]:
    agency = event.agreement.organization
    kind = event.kind
    perms: tuple[Perm, ...] = ()
    if kind in (EventKind.PROPOSED, EventKind.REVISED, EventKind.AMENDMENT_PROPOSED):
        perms = EVALUATORS
    elif kind in (
        EventKind.CHANGE_REQUESTED,
        EventKind.INDICATOR_REJECTED,
        EventKind.AMENDMENT_APPROVED,
        EventKind.AMENDMENT_REJECTED,
    ):
        perms = EDITORS
    elif kind == EventKind.COMMENTED:
        perms = EDITORS if committee_commented(event) else EVALUATORS
    elif kind == EventKind.AGREED:
        perms = APPROVERS + COMMITTEE_SIGNERS
    elif kind == EventKind.SIGNATURE_ADDED and not event.agreement.is_signed:
        perms = COMMITTEE_SIGNERS if event.role == SignatureRole.AGENCY else APPROVERS
    elif kind == EventKind.SIGNED:
        perms = EDITORS + APPROVERS
    actor_pk = event.actor.pk if event.actor is not None else None
    return [user for user in people_with(perms, agency) if user.pk != actor_pk] if perms else []


# What they are told ---------------------------------------------------------------------------


def agreement_url(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk])


def url_for(event: Event) -> str:
    if event.amendment is not None:
        return reverse("agreements:amendment", args=[event.amendment.pk])
    if event.indicator is not None:
        return reverse("agreements:indicator", args=[event.agreement.pk, event.indicator.pk])
    return agreement_url(event.agreement)


def message_for(event: Event) -> tuple[str, str]:
    """The notice's subject and body, in the active language."""
    agreement = event.agreement
    who = event.actor.display_name if event.actor is not None else _("the system")
    names: dict[str, Any] = {
        "agency": agreement.organization.name,
        "year": agreement.framework.fiscal_year.year,
        "who": who,
        "reason": event.reason,
        "number": event.indicator.number if event.indicator is not None else "",
        "name": event.indicator.name if event.indicator is not None else "",
    }
    said = _("%(who)s: %(reason)s") % names if event.reason else ""
    about = _("Indicator %(number)s. %(name)s") % names if event.indicator is not None else ""
    texts: dict[EventKind, Callable[[], tuple[str, str]]] = {
        EventKind.PROPOSED: lambda: (
            _("%(agency)s proposed its performance agreement for B.E. %(year)s") % names,
            _(
                "Each indicator waits for the committee's decision: agree, reject or ask for a change."
            ),
        ),
        EventKind.REVISED: lambda: (
            _("%(agency)s revised indicator %(number)s") % names,
            f"{about}\n{said}",
        ),
        EventKind.CHANGE_REQUESTED: lambda: (
            _("The committee asks %(agency)s to change indicator %(number)s") % names,
            f"{about}\n{said}",
        ),
        EventKind.INDICATOR_REJECTED: lambda: (
            _("The committee rejected indicator %(number)s of %(agency)s") % names,
            f"{about}\n{said}",
        ),
        EventKind.COMMENTED: lambda: (
            _("New comment on indicator %(number)s of %(agency)s") % names,
            f"{about}\n{said}",
        ),
        EventKind.AGREED: lambda: (
            _("The agreement of %(agency)s is agreed: it waits for the signatures") % names,
            _(
                "Every indicator is agreed. The agency's approver and the committee sign the "
                "agreement; once both have signed, its indicators are locked."
            ),
        ),
        EventKind.SIGNATURE_ADDED: lambda: (
            _("The agreement of %(agency)s waits for your signature") % names,
            _("%(who)s signed %(side)s.")
            % {**names, "side": SignatureRole(event.role).label.lower()},
        ),
        EventKind.SIGNED: lambda: (
            _("The agreement of %(agency)s is signed") % names,
            _(
                "Both sides signed the agreement for B.E. %(year)s; its indicators are locked. "
                "Changes from now on are amendments."
            )
            % names,
        ),
        EventKind.AMENDMENT_PROPOSED: lambda: (
            _("%(agency)s proposes an amendment to indicator %(number)s") % names,
            f"{about}\n{said}",
        ),
        EventKind.AMENDMENT_APPROVED: lambda: (
            _("The amendment to indicator %(number)s of %(agency)s is approved") % names,
            f"{about}\n{said}",
        ),
        EventKind.AMENDMENT_REJECTED: lambda: (
            _("The amendment to indicator %(number)s of %(agency)s is rejected") % names,
            f"{about}\n{said}",
        ),
    }
    subject, body = texts[event.kind]()
    return subject, body.strip()


def on_event(event: Event) -> None:
    """Tell the people an agreement's step concerns (see the table at the top)."""
    with translation.override(settings.LANGUAGE_CODE):
        event.recipients = recipients_for(event)
        if not event.recipients:
            return
        subject, body = message_for(event)
        notices.send(event.recipients, subject=subject, body=body, url=url_for(event))


# What waits for whom --------------------------------------------------------------------------


def committee_paths(user: User, perm: Perm) -> list[str]:
    """Where the person's own roles (not a global one) give `perm`."""
    return [
        grant.path
        for grant in grants_of(user)
        if grant.role not in GLOBAL_ROLES and role_grants(grant.role, perm)
    ]


def covered(path: str, paths: list[str]) -> bool:
    return any(path.startswith(scope) for scope in paths)


def within(paths: list[str], field: str = "organization__path") -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{field}__startswith": path})
    return condition


def agreement_tasks(user: User) -> list[Task]:
    """To propose (agency editor, draft), to decide (evaluator, indicators waiting in a
    proposed or negotiated agreement), to revise (agency editor, indicators rejected or with a
    change asked), to sign (approver or evaluator, agreed and their side unsigned), amendments
    to decide (evaluator)."""
    propose = committee_paths(user, Perm.AGREEMENT_PROPOSE)
    decide = committee_paths(user, Perm.AGREEMENT_DECIDE)
    sign_agency = committee_paths(user, Perm.AGREEMENT_SIGN_AGENCY)
    sign_committee = committee_paths(user, Perm.AGREEMENT_SIGN_COMMITTEE)
    everywhere = propose + decide + sign_agency + sign_committee
    if not everywhere:
        return []
    waiting = Q(entries__decision=Decision.PENDING)
    sent_back = Q(entries__decision__in=[Decision.REJECTED, Decision.CHANGE_REQUESTED])
    agreements = (
        Agreement.objects.filter(within(everywhere))
        .exclude(status=AgreementStatus.SIGNED)
        .select_related("organization", "framework__fiscal_year")
        .annotate(
            total=Count("entries"),
            pending=Count("entries", filter=waiting),
            pending_since=Min("entries__submitted__created_at", filter=waiting),
            returned=Count("entries", filter=sent_back),
            returned_since=Min("entries__decided_at", filter=sent_back),
            signed_agency=Exists(
                Signature.objects.filter(agreement=OuterRef("pk"), role=SignatureRole.AGENCY)
            ),
            signed_committee=Exists(
                Signature.objects.filter(agreement=OuterRef("pk"), role=SignatureRole.COMMITTEE)
            ),
            signed_by_me=Exists(Signature.objects.filter(agreement=OuterRef("pk"), user=user)),
        )
        .order_by("state_changed_at", "pk")
    )
    tasks: list[Task] = []
    for agreement in agreements:
        tasks.extend(_tasks_of(agreement, propose, decide, sign_agency, sign_committee))
    if decide:
        tasks.extend(_amendment_tasks(user, decide, propose))
    return tasks


def _task(agreement: Agreement, kind: str, title: str, detail: str, **values: Any) -> Task:
    return Task(
        title=title,
        detail=detail,
        url=values.pop("url", agreement_url(agreement)),
        due=None,
        waiting_since=values.pop("since", agreement.state_changed_at),
        progress=values.pop("progress", None),
        kind=kind,
    )


def _tasks_of(
    agreement: Any,
    propose: list[str],
    decide: list[str],
    sign_agency: list[str],
    sign_committee: list[str],
) -> list[Task]:
    path = agreement.organization.path
    names = {"agency": agreement.organization.name, "year": agreement.framework.fiscal_year.year}
    signing = agreement.signed_agency or agreement.signed_committee
    tasks = []
    if agreement.status == AgreementStatus.DRAFT and covered(path, propose):
        tasks.append(
            _task(
                agreement,
                "agreement.propose",
                _("Propose the agreement of %(agency)s for B.E. %(year)s") % names,
                _("Complete the indicators, then propose them to the committee."),
            )
        )
    negotiating = agreement.status in NEGOTIABLE and not signing
    if negotiating and agreement.pending and covered(path, decide):
        tasks.append(
            _task(
                agreement,
                "agreement.decide",
                _("Decide on the indicators of %(agency)s for B.E. %(year)s") % names,
                ngettext(
                    "%(count)s indicator waits for a decision.",
                    "%(count)s indicators wait for a decision.",
                    agreement.pending,
                )
                % {"count": agreement.pending},
                since=agreement.pending_since or agreement.state_changed_at,
                progress=(agreement.total - agreement.pending, agreement.total),
            )
        )
    if negotiating and agreement.returned and covered(path, propose):
        tasks.append(
            _task(
                agreement,
                "agreement.revise",
                _("Revise the indicators of %(agency)s for B.E. %(year)s") % names,
                ngettext(
                    "The committee rejected or asked to change %(count)s indicator.",
                    "The committee rejected or asked to change %(count)s indicators.",
                    agreement.returned,
                )
                % {"count": agreement.returned},
                since=agreement.returned_since or agreement.state_changed_at,
            )
        )
    if agreement.status == AgreementStatus.AGREED and not agreement.signed_by_me:
        for side, paths, done in (
            (SignatureRole.AGENCY, sign_agency, agreement.signed_agency),
            (SignatureRole.COMMITTEE, sign_committee, agreement.signed_committee),
        ):
            if not done and covered(path, paths):
                tasks.append(
                    _task(
                        agreement,
                        "agreement.sign",
                        _("Sign the agreement of %(agency)s for B.E. %(year)s") % names,
                        _("Every indicator is agreed; sign %(side)s.")
                        % {"side": side.label.lower()},
                        progress=(
                            int(agreement.signed_agency) + int(agreement.signed_committee),
                            2,
                        ),
                    )
                )
    return tasks


def _amendment_tasks(user: User, decide: list[str], propose: list[str]) -> list[Task]:
    amendments = (
        Amendment.objects.filter(within(decide, "agreement__organization__path"))
        .filter(status=AmendmentStatus.PENDING)
        .exclude(proposed_by=user)
        .select_related("agreement__organization", "agreement__framework__fiscal_year", "indicator")
        .order_by("proposed_at", "pk")
    )
    tasks = []
    for amendment in amendments:
        agreement = amendment.agreement
        if covered(agreement.organization.path, propose):
            continue  # the agency does not decide its own amendment
        names = {"agency": agreement.organization.name, "number": amendment.indicator.number}
        tasks.append(
            _task(
                agreement,
                "agreement.amendment",
                _("Decide on the amendment to indicator %(number)s of %(agency)s") % names,
                amendment.reason,
                url=reverse("agreements:amendment", args=[amendment.pk]),
                since=amendment.proposed_at,
            )
        )
    return tasks
