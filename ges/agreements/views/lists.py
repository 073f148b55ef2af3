"""Finding agreements: each person's agencies, an agency's agreement for a year (opened on
request), and OPDC's overview of a framework's agreements."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ges.agreements import actions
from ges.agreements.access import visible_to
from ges.agreements.forms import OverviewFilterForm
from ges.agreements.models import Agreement, Decision
from ges.agreements.views.proposal import error_text
from ges.audit.log import actor_from
from ges.frameworks.access import get_framework_for_user
from ges.frameworks.models import Framework
from ges.indicators.access import AGENCY_FRAMEWORK_KINDS, get_agency_framework
from ges.indicators.models import Indicator
from ges.orgs.access import Person, has_perm, scope_paths
from ges.orgs.access import visible_to as organizations_visible_to
from ges.orgs.models import Organization
from ges.orgs.permissions import Perm

PAGE_SIZE = 50
OVERVIEW_PAGE_SIZE = 200


def may_open(user: Person, agency: Organization) -> bool:
    return has_perm(user, Perm.AGREEMENT_PROPOSE, agency) or has_perm(user, Perm.FRAMEWORK_EDIT)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The agencies whose agreements the person may read, with each year's state."""
    user = request.user
    if not has_perm(user, Perm.AGREEMENT_VIEW):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    agencies = organizations_visible_to(user, Perm.AGREEMENT_VIEW).filter(
        kind__in=list(AGENCY_FRAMEWORK_KINDS), is_active=True
    )
    frameworks = list(Framework.objects.select_related("fiscal_year"))
    by_kind: dict[str, list[Framework]] = defaultdict(list)
    for framework in frameworks:
        by_kind[framework.kind].append(framework)
    page = Paginator(agencies.search(query).select_related("parent"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    found = {
        (agreement.organization_id, agreement.framework_id): agreement
        for agreement in Agreement.objects.filter(organization__in=list(page))
    }
    rows = [
        (
            agency,
            [
                (framework, found.get((agency.pk, framework.pk)))
                for framework in sorted(
                    by_kind.get(AGENCY_FRAMEWORK_KINDS[agency.kind], []),
                    key=lambda f: f.fiscal_year.year,
                    reverse=True,
                )
            ],
        )
        for agency in page
    ]
    context = {
        "page": page,
        "rows": rows,
        "query": query,
        "overview_frameworks": frameworks if has_perm(user, Perm.AGREEMENT_DECIDE) else [],
    }
    return render(request, "agreements/mine.html", context)


def get_agency(user: Person, pk: int) -> Organization:
    agency = (
        organizations_visible_to(user, Perm.AGREEMENT_VIEW)
        .filter(pk=pk)
        .select_related("parent")
        .first()
    )
    if agency is None:
        raise Http404
    return agency


@login_required
@require_GET
def agency_year(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    agency = get_agency(request.user, org_pk)
    framework = get_agency_framework(agency, year)
    agreement = Agreement.objects.filter(framework=framework, organization=agency).first()
    if agreement is not None:
        return redirect("agreements:detail", agreement.pk)
    context = {
        "agency": agency,
        "framework": framework,
        "year": year,
        "may_open": may_open(request.user, agency),
    }
    return render(request, "agreements/not_opened.html", context)


@login_required
@require_POST
def open_view(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    agency = get_agency(request.user, org_pk)
    if not may_open(request.user, agency):
        raise PermissionDenied
    framework = get_agency_framework(agency, year)
    try:
        agreement = actions.open_agreement(actor_from(request), framework, agency)
    except actions.AgreementError as error:
        messages.error(request, error_text(error))
        return redirect("agreements:agency", agency.pk, year)
    return redirect("agreements:detail", agreement.pk)


# OPDC's overview ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverviewRow:
    agency: Organization
    agreement: Agreement | None
    indicators: int  # top-level indicators the agency has written
    waited: int | None  # whole days in its current state

    @property
    def counts(self) -> dict[str, int]:
        if self.agreement is None:
            return {}
        return {
            decision: getattr(self.agreement, f"count_{decision}", 0)
            for decision in Decision.values
        }


def filter_query(request: HttpRequest) -> str:
    """The filters as a query string, for the page links."""
    data = request.GET.copy()
    data.pop("page", None)
    return data.urlencode()


def waited_days(since: dt.datetime, now: dt.datetime) -> int:
    return max((timezone.localdate(now) - timezone.localdate(since)).days, 0)


@login_required
@require_GET
def overview(request: HttpRequest, framework_pk: int) -> HttpResponse:
    """Every agency of the framework in the person's scope with its agreement's state, counts
    and how long it has waited; filtered by ministry and state. A fixed number of queries."""
    user = request.user
    if not has_perm(user, Perm.AGREEMENT_DECIDE):
        raise PermissionDenied
    framework = get_framework_for_user(user, framework_pk)
    kinds = [kind for kind, fkind in AGENCY_FRAMEWORK_KINDS.items() if fkind == framework.kind]
    agencies = organizations_visible_to(user, Perm.AGREEMENT_DECIDE).filter(
        kind__in=kinds, is_active=True
    )
    ministries = Organization.objects.filter(pk__in=agencies.values("parent_id")).order_by(
        "name_th"
    )
    form = OverviewFilterForm(request.GET or None, ministries=ministries)
    status = ""
    if form.is_valid():
        if form.cleaned_data["ministry"] is not None:
            agencies = agencies.filter(parent=form.cleaned_data["ministry"])
        status = form.cleaned_data["status"]
    counts = {
        f"count_{decision}": Count("entries", filter=Q(entries__decision=decision))
        for decision in Decision.values
    }
    agreements = (
        visible_to(user, Perm.AGREEMENT_DECIDE).filter(framework=framework).annotate(**counts)
    )
    if status == OverviewFilterForm.NOT_OPENED:
        agencies = agencies.exclude(agreements__framework=framework)
    elif status:
        agencies = agencies.filter(agreements__framework=framework, agreements__status=status)
    page = Paginator(
        agencies.select_related("parent").order_by("parent__name_th", "name_th"),
        OVERVIEW_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    ids = [agency.pk for agency in page]
    found = {
        agreement.organization_id: agreement
        for agreement in agreements.filter(organization_id__in=ids)
    }
    written = dict(
        Indicator.objects.filter(framework=framework, organization_id__in=ids, parent__isnull=True)
        .values("organization_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("organization_id", "n")
    )
    now = timezone.now()
    rows = [
        OverviewRow(
            agency,
            found.get(agency.pk),
            written.get(agency.pk, 0),
            waited_days(found[agency.pk].state_changed_at, now) if agency.pk in found else None,
        )
        for agency in page
    ]
    context = {
        "framework": framework,
        "form": form,
        "page": page,
        "rows": rows,
        "scoped": scope_paths(user, Perm.AGREEMENT_DECIDE) is not None,
        "filter_query": filter_query(request),
    }
    return render(request, "agreements/overview.html", context)
