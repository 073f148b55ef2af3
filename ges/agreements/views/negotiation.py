"""One indicator's negotiation: the version submitted, the thread of comments and decisions,
deciding, the agency's revisions, and any two versions side by side."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ges.agreements import actions, diff
from ges.agreements.access import get_agreement_for_user, get_agreement_indicator, may
from ges.agreements.forms import CommentForm, CompareForm, DecisionForm, RevisionForm
from ges.agreements.models import (
    Agreement,
    AgreementIndicator,
    Amendment,
    Comment,
    IndicatorVersion,
)
from ges.agreements.versions import snapshot_of
from ges.agreements.views.proposal import error_text
from ges.audit.log import actor_from
from ges.indicators.access import get_indicator_for_user
from ges.indicators.criteria_display import criteria_table
from ges.indicators.models import Indicator
from ges.orgs.access import Person
from ges.orgs.permissions import Perm


def entry_of(agreement: Agreement, indicator: Indicator) -> AgreementIndicator | None:
    return (
        AgreementIndicator.objects.filter(agreement=agreement, indicator=indicator)
        .select_related("submitted__created_by", "version", "decided_by")
        .first()
    )


def thread(entry: AgreementIndicator | None) -> list[tuple[Comment, list[Comment]]]:
    """Comments in order, each with its answers."""
    if entry is None:
        return []
    comments = list(entry.comments.select_related("author", "version"))
    replies: dict[int, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_id is not None:
            replies[comment.parent_id].append(comment)
    return [(c, replies.get(c.pk, [])) for c in comments if c.parent_id is None]


def indicator_url(agreement: Agreement, indicator: Indicator) -> str:
    return reverse("agreements:indicator", args=[agreement.pk, indicator.pk])


def page_context(
    user: Person,
    agreement: Agreement,
    indicator: Indicator,
    *,
    comment_form: CommentForm | None = None,
    decision_form: DecisionForm | None = None,
    revision_form: RevisionForm | None = None,
) -> dict[str, Any]:
    entry = entry_of(agreement, indicator)
    current = snapshot_of(indicator)
    shown = entry.submitted.snapshot if entry else current
    signed = agreement.signatures.exists()
    negotiating = agreement.is_negotiable and not signed
    may_comment = negotiating and (
        may(user, Perm.AGREEMENT_DECIDE, agreement) or may(user, Perm.AGREEMENT_PROPOSE, agreement)
    )
    versions = list(
        IndicatorVersion.objects.filter(indicator=indicator).select_related("created_by")
    )
    return {
        "agreement": agreement,
        "agency": agreement.organization,
        "year": agreement.framework.fiscal_year.year,
        "indicator": indicator,
        "entry": entry,
        "shown": shown,
        "shown_values": diff.compare(shown, shown),
        "criteria_table": criteria_table(shown.get("criteria"), scale=agreement.framework.scale),
        "pending_changes": diff.changes(entry.submitted.snapshot, current) if entry else [],
        "versions": versions,
        "thread": thread(entry),
        "amendments": list(
            Amendment.objects.filter(indicator=indicator).select_related(
                "proposed_by", "decided_by"
            )
        ),
        "may_comment": may_comment and entry is not None,
        "may_decide": negotiating
        and entry is not None
        and may(user, Perm.AGREEMENT_DECIDE, agreement),
        "may_revise": negotiating and may(user, Perm.AGREEMENT_PROPOSE, agreement),
        "may_amend": agreement.is_signed and may(user, Perm.AGREEMENT_PROPOSE, agreement),
        "comment_form": comment_form
        or CommentForm(part_paths=diff.parts(shown) if entry else [""]),
        "decision_form": decision_form
        or DecisionForm(initial={"sequence": entry.sequence if entry else 0}),
        "revision_form": revision_form or RevisionForm(),
    }


@login_required
@require_GET
def indicator_page(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    indicator = get_agreement_indicator(agreement, indicator_pk)
    context = page_context(request.user, agreement, indicator)
    return render(request, "agreements/indicator.html", context)


@login_required
@require_POST
def comment(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk)
    if not (
        may(request.user, Perm.AGREEMENT_DECIDE, agreement)
        or may(request.user, Perm.AGREEMENT_PROPOSE, agreement)
    ):
        raise PermissionDenied
    indicator = get_agreement_indicator(agreement, indicator_pk)
    entry = entry_of(agreement, indicator)
    if entry is None:
        raise Http404
    form = CommentForm(request.POST, part_paths=diff.parts(entry.submitted.snapshot))
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = entry.comments.filter(pk=form.cleaned_data["parent"]).first()
            if parent is None:
                form.add_error(None, _("The comment you answer belongs to another indicator."))
        if not form.errors:
            try:
                actions.comment_on_indicator(
                    actor_from(request),
                    entry,
                    form.cleaned_data["text"],
                    part=form.cleaned_data["part"] or "",
                    parent=parent,
                )
            except actions.AgreementError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(request, _("Comment added."))
                return redirect(f"{indicator_url(agreement, indicator)}#thread")
    context = page_context(request.user, agreement, indicator, comment_form=form)
    return render(request, "agreements/indicator.html", context, status=400)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, Perm.AGREEMENT_DECIDE)
    indicator = get_agreement_indicator(agreement, indicator_pk)
    entry = entry_of(agreement, indicator)
    if entry is None:
        raise Http404
    form = DecisionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            actions.decide_indicator(
                actor_from(request),
                entry,
                form.cleaned_data["decision"],
                form.cleaned_data["reason"],
                sequence=form.cleaned_data["sequence"],
            )
        except actions.StaleDecision as error:
            # Keep what the person typed; the form now carries the current step.
            status = 409
            form = DecisionForm(
                {**request.POST.dict(), "sequence": error.entry.sequence},
            )
            form.is_valid()
            form.add_error(None, error.message)
        except actions.AgreementError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Decision saved."))
            return redirect(indicator_url(agreement, indicator))
    context = page_context(request.user, agreement, indicator, decision_form=form)
    return render(request, "agreements/indicator.html", context, status=status)


@login_required
@require_POST
def revise(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    agreement = get_agreement_for_user(request.user, pk, Perm.AGREEMENT_PROPOSE)
    indicator = get_agreement_indicator(agreement, indicator_pk)
    form = RevisionForm(request.POST)
    if form.is_valid():
        try:
            version = actions.submit_revision(
                actor_from(request), agreement, indicator, form.cleaned_data["reason"]
            )
        except actions.AgreementError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(
                request,
                _("Version %(number)s is submitted to the committee.") % {"number": version.number},
            )
            return redirect(indicator_url(agreement, indicator))
    context = page_context(request.user, agreement, indicator, revision_form=form)
    return render(request, "agreements/indicator.html", context, status=400)


@login_required
@require_GET
def compare(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Two versions side by side (?a=1&b=3); by default the last two."""
    agreement = get_agreement_for_user(request.user, pk)
    indicator = get_agreement_indicator(agreement, indicator_pk)
    versions = {
        version.number: version
        for version in IndicatorVersion.objects.filter(indicator=indicator).select_related(
            "created_by"
        )
    }
    if not versions:
        raise Http404
    numbers = sorted(versions)
    data: Any = request.GET
    if "a" not in request.GET and "b" not in request.GET:
        data = {"a": numbers[-2] if len(numbers) > 1 else numbers[0], "b": numbers[-1]}
    form = CompareForm(data)
    sections: list[diff.Section] = []
    first = second = None
    if form.is_valid():
        for name in ("a", "b"):
            if form.cleaned_data[name] not in versions:
                form.add_error(
                    name,
                    _("There is no version %(number)s of this indicator; it has %(numbers)s.")
                    % {
                        "number": form.cleaned_data[name],
                        "numbers": ", ".join(str(n) for n in numbers),
                    },
                )
    if form.is_valid():
        first, second = versions[form.cleaned_data["a"]], versions[form.cleaned_data["b"]]
        sections = diff.compare(first.snapshot, second.snapshot)
    context = {
        "agreement": agreement,
        "agency": agreement.organization,
        "year": agreement.framework.fiscal_year.year,
        "indicator": indicator,
        "form": form,
        "versions": [versions[n] for n in numbers],
        "first": first,
        "second": second,
        "sections": sections,
        "only_changes": request.GET.get("only") == "changes",
    }
    return render(request, "agreements/compare.html", context, status=200 if first else 400)


@login_required
@require_GET
def of_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    """From an indicator page to its negotiation (a sub-indicator goes to its parent's)."""
    indicator = get_indicator_for_user(request.user, pk)
    top = indicator.parent or indicator
    entry = AgreementIndicator.objects.filter(indicator=top).select_related("agreement").first()
    if entry is None:
        agreement = Agreement.objects.filter(
            framework_id=top.framework_id, organization=top.organization
        ).first()
        if agreement is None:
            raise Http404
        get_agreement_for_user(request.user, agreement.pk)
        return redirect("agreements:indicator", agreement.pk, top.pk)
    get_agreement_for_user(request.user, entry.agreement_id)
    return redirect("agreements:indicator", entry.agreement_id, top.pk)
