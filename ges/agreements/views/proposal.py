"""The agreement page (the proposal summary of seed 001 with each indicator's decision), proposing,
signing, and the printable agreement in the official layout."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ges.agreements import actions, checks
from ges.agreements.access import get_agreement_for_user, may
from ges.agreements.forms import SignForm
from ges.agreements.models import (
    Agreement,
    AgreementIndicator,
    AgreementStatus,
    Amendment,
    Signature,
    SignatureRole,
)
from ges.agreements.versions import same_content, snapshot_indicator, with_parts
from ges.audit.log import actor_from
from ges.indicators.criteria_display import (
    LevelsTable,
    MilestoneTable,
    choose_for_agency,
    criteria_summary,
    criteria_table,
    value_names,
)
from ges.indicators.models import Indicator
from ges.indicators.overview import ComponentGroup, Overview, Row, effective_criteria
from ges.orgs.access import Person
from ges.orgs.permissions import Perm


@dataclass(frozen=True)
class AgreementRow:
    row: Row
    entry: AgreementIndicator | None
    changed: bool  # edited since the version the agency last submitted

    @property
    def indicator(self) -> Indicator:
        return self.row.indicator


@dataclass(frozen=True)
class AgreementGroup:
    group: ComponentGroup
    rows: list[AgreementRow]


def agreement_groups(
    agreement: Agreement, overview: Overview
) -> tuple[list[AgreementGroup], list[Indicator]]:
    """The overview's rows with each top-level indicator's entry; and the indicators the
    agency has not submitted yet (added during the negotiation)."""
    entries = {
        entry.indicator_id: entry
        for entry in AgreementIndicator.objects.filter(agreement=agreement).select_related(
            "submitted", "version", "decided_by"
        )
    }
    tops = with_parts(checks.agency_indicators(agreement).top_level())
    current = {indicator.pk: snapshot_indicator(indicator) for indicator in tops}
    groups = []
    unsubmitted = []
    for group in overview.groups:
        rows = []
        for row in group.rows:
            entry = entries.get(row.indicator.pk) if row.depth == 0 else None
            changed = entry is not None and not same_content(
                current.get(row.indicator.pk), entry.submitted.snapshot
            )
            if row.depth == 0 and entry is None and agreement.status != AgreementStatus.DRAFT:
                unsubmitted.append(row.indicator)
            rows.append(AgreementRow(row, entry, changed))
        groups.append(AgreementGroup(group, rows))
    return groups, unsubmitted


def sign_choices(user: Person, agreement: Agreement, signatures: list[Signature]) -> list[str]:
    """The sides the user may sign now."""
    if agreement.status != AgreementStatus.AGREED:
        return []
    signed = {signature.role for signature in signatures}
    if any(signature.user_id == getattr(user, "pk", None) for signature in signatures):
        return []
    sides = []
    for role, perm in actions.SIGNING_PERMS.items():
        if role not in signed and may(user, perm, agreement):
            sides.append(role.value)
    return sides


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    agreement = get_agreement_for_user(user, pk)
    overview = checks.load_overview(agreement)
    groups, unsubmitted = agreement_groups(agreement, overview)
    signatures = list(agreement.signatures.select_related("user"))
    may_propose = may(user, Perm.AGREEMENT_PROPOSE, agreement)
    context = {
        "agreement": agreement,
        "framework": agreement.framework,
        "agency": agreement.organization,
        "year": agreement.framework.fiscal_year.year,
        "overview": overview,
        "groups": groups,
        "unsubmitted": unsubmitted,
        "signatures": signatures,
        "sign_choices": sign_choices(user, agreement, signatures),
        "signing_blockers": checks.signing_blockers(agreement)
        if agreement.status == AgreementStatus.AGREED and not signatures
        else [],
        "amendments": list(
            Amendment.objects.filter(agreement=agreement).select_related("indicator", "proposed_by")
        ),
        "may_propose": may_propose and agreement.status == AgreementStatus.DRAFT,
        "may_amend": may_propose and agreement.is_signed,
    }
    return render(request, "agreements/detail.html", context)


@login_required
@require_POST
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, Perm.AGREEMENT_PROPOSE)
    try:
        actions.propose_agreement(actor_from(request), agreement)
    except actions.AgreementError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The agreement is proposed to the committee."))
    return redirect("agreements:detail", agreement.pk)


@login_required
@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Sign for the agency or for the committee."))
        return redirect("agreements:detail", agreement.pk)
    role = form.cleaned_data["role"]
    if not may(request.user, actions.SIGNING_PERMS[SignatureRole(role)], agreement):
        raise PermissionDenied
    try:
        actions.sign_agreement(actor_from(request), agreement, role)
    except actions.AgreementError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Signed."))
    return redirect("agreements:detail", agreement.pk)


def error_text(error: actions.AgreementError) -> str:
    if not error.details:
        return error.message
    return f"{error.message} " + " · ".join(error.details)


# The printable agreement ------------------------------------------------------------------------


@dataclass(frozen=True)
class PrintRow:
    indicator: Indicator
    depth: int
    thresholds: list[str]  # one per level column, when the criteria are levels
    summary: str  # otherwise, the criteria in words
    numeric: bool = True  # thresholds are numbers (right-aligned), not milestone steps


LEVEL_HEADINGS = {
    3: ("50", "75", "100"),
    5: ("1", "2", "3", "4", "5"),
}


def print_row(row: Row, agreement: Agreement, values: dict[str, Decimal], columns: int) -> PrintRow:
    indicator = row.indicator
    scale = agreement.framework.scale
    criteria = effective_criteria(indicator)
    if criteria is not None and value_names(criteria):
        choice = choose_for_agency(
            criteria, code=agreement.organization.code, values=values, scale=scale
        )
        if choice.ok and len(choice.thresholds) == columns:
            return PrintRow(indicator, row.depth, choice.thresholds, "")
    table = criteria_table(criteria, scale=scale) if criteria is not None else None
    if isinstance(table, LevelsTable) and len(table.columns) == columns:
        return PrintRow(indicator, row.depth, [c.threshold for c in table.columns], "")
    if isinstance(table, MilestoneTable) and len(table.rows) == columns:
        # Each level's steps under its score, as seed 001 prints a milestone indicator.
        steps = [" ".join(r.steps) for r in table.rows]
        return PrintRow(indicator, row.depth, steps, "", numeric=False)
    summary = criteria_summary(criteria, scale=scale) if criteria is not None else ""
    return PrintRow(indicator, row.depth, [], summary)


@login_required
@require_GET
def print_view(request: HttpRequest, pk: int) -> HttpResponse:
    """คำรับรองการปฏิบัติราชการ as it is signed: parties, indicators by component with their
    weights and criteria, and the signatures with their Thai dates."""
    agreement = get_agreement_for_user(request.user, pk)
    overview = checks.load_overview(agreement)
    values = checks.agency_values(agreement)
    columns = 5 if agreement.framework.scale == 5 else 3
    groups: list[tuple[ComponentGroup, list[PrintRow]]] = [
        (group, [print_row(row, agreement, values, columns) for row in group.rows])
        for group in overview.groups
    ]
    signatures = {s.role: s for s in agreement.signatures.select_related("user")}
    context: dict[str, Any] = {
        "agreement": agreement,
        "framework": agreement.framework,
        "agency": agreement.organization,
        "year": agreement.framework.fiscal_year.year,
        "overview": overview,
        "groups": groups,
        "level_headings": LEVEL_HEADINGS[columns],
        "agency_signature": signatures.get(SignatureRole.AGENCY),
        "committee_signature": signatures.get(SignatureRole.COMMITTEE),
    }
    return render(request, "agreements/print.html", context)
