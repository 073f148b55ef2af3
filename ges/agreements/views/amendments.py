"""Amendments of a signed agreement: the agency's proposal (a form over the indicator's values in
force) and the evaluator's decision, with the difference shown."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ges.agreements import actions, checks, diff
from ges.agreements.access import (
    get_agreement_for_user,
    get_agreement_indicator,
    get_amendment_for_user,
    may,
)
from ges.agreements.forms import AmendmentDecisionForm, AmendmentForm
from ges.agreements.models import AmendmentStatus
from ges.agreements.versions import snapshot_of
from ges.agreements.views.proposal import error_text
from ges.audit.log import actor_from
from ges.indicators.forms import ItemFormSet
from ges.orgs.permissions import Perm


@login_required
@require_http_methods(["GET", "POST"])
def amend(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, Perm.AGREEMENT_PROPOSE)
    indicator = get_agreement_indicator(agreement, indicator_pk)
    current = snapshot_of(indicator)
    data = request.POST if request.method == "POST" else None
    form = AmendmentForm(data, initial=AmendmentForm.initial_for(current))
    items = ItemFormSet(
        data,
        initial=None
        if data is not None
        else [
            {"id": row["id"], "text": row["text"], "kind": row["kind"], "unit": row["unit"]}
            for row in current["items"]
        ],
        prefix="items",
    )
    problems: list[str] = []
    if data is not None and form.is_valid() and items.is_valid():
        proposed = checks.amended(
            current,
            fields=form.values(),
            criteria=form.cleaned_data["criteria"],
            items=items.rows(),  # type: ignore[attr-defined]
        )
        try:
            amendment = actions.propose_amendment(
                actor_from(request), agreement, indicator, form.cleaned_data["reason"], proposed
            )
        except actions.AgreementError as error:
            form.add_error(None, error.message)
            problems = error.details
        else:
            messages.success(request, _("The amendment is proposed to the committee."))
            return redirect("agreements:amendment", amendment.pk)
    if not agreement.is_signed and data is None:
        messages.info(
            request, _("Amendments are for signed agreements; until then, revise the indicator.")
        )
    context: dict[str, Any] = {
        "agreement": agreement,
        "agency": agreement.organization,
        "year": agreement.framework.fiscal_year.year,
        "indicator": indicator,
        "form": form,
        "items": items,
        "problems": problems,
    }
    status = 400 if data is not None else 200
    return render(request, "agreements/amend.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def amendment_page(request: HttpRequest, pk: int) -> HttpResponse:
    amendment = get_amendment_for_user(request.user, pk)
    agreement = amendment.agreement
    may_decide = (
        amendment.status == AmendmentStatus.PENDING
        and may(request.user, Perm.AGREEMENT_DECIDE, agreement)
        and not may(request.user, Perm.AGREEMENT_PROPOSE, agreement)
        and request.user.pk != amendment.proposed_by_id
    )
    form = AmendmentDecisionForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        get_amendment_for_user(request.user, pk, Perm.AGREEMENT_DECIDE)
        status = 400
        if form.is_valid():
            decide = (
                actions.approve_amendment
                if form.cleaned_data["decision"] == "approve"
                else actions.reject_amendment
            )
            try:
                decide(actor_from(request), amendment, form.cleaned_data["reason"])
            except actions.AgreementError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Decision saved."))
                return redirect("agreements:amendment", amendment.pk)
    after = amendment.version_after.snapshot if amendment.version_after else amendment.snapshot
    context = {
        "amendment": amendment,
        "agreement": agreement,
        "agency": agreement.organization,
        "year": agreement.framework.fiscal_year.year,
        "indicator": amendment.indicator,
        "changes": diff.changes(amendment.version_before.snapshot, after),
        "form": form,
        "may_decide": may_decide,
    }
    return render(request, "agreements/amendment.html", context, status=status)
