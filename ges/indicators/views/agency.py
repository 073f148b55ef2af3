"""An agency's indicators for a fiscal year, and the agencies a person may look at."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ges.frameworks.models import Framework
from ges.indicators.access import (
    AGENCY_FRAMEWORK_KINDS,
    get_agency_for_user,
    get_agency_framework,
)
from ges.indicators.models import AgencyValue, Indicator
from ges.indicators.overview import agency_overview
from ges.orgs.access import Person, has_perm, scope_paths
from ges.orgs.access import visible_to as organizations_visible_to
from ges.orgs.models import Organization, OrganizationQuerySet
from ges.orgs.permissions import Perm

PAGE_SIZE = 50


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """The agencies and years the person may look at; one agency goes straight to its list."""
    user = request.user
    if not has_perm(user, Perm.INDICATOR_VIEW):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    agencies = organizations_visible_to(user, Perm.INDICATOR_VIEW).filter(
        kind__in=list(AGENCY_FRAMEWORK_KINDS), is_active=True
    )
    frameworks = list(Framework.objects.select_related("fiscal_year"))
    years_by_kind: dict[str, list[int]] = defaultdict(list)
    for framework in frameworks:
        years_by_kind[framework.kind].append(framework.fiscal_year.year)
    only = own_agency(user, agencies)
    if only is not None and not query:
        years = years_by_kind.get(AGENCY_FRAMEWORK_KINDS[only.kind])
        if years:
            return redirect("indicators:agency", only.pk, max(years))
    page = Paginator(agencies.search(query).select_related("parent"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    counts = indicator_counts([agency.pk for agency in page])
    rows = [
        (
            agency,
            [
                (year, counts.get((agency.pk, year), 0))
                for year in sorted(years_by_kind.get(AGENCY_FRAMEWORK_KINDS[agency.kind], []))
            ],
        )
        for agency in page
    ]
    return render(request, "indicators/mine.html", {"page": page, "rows": rows, "query": query})


def own_agency(user: Person, agencies: OrganizationQuerySet) -> Organization | None:
    """The one agency a person's indicator roles cover, when they cover exactly one."""
    paths = scope_paths(user, Perm.INDICATOR_VIEW)
    if paths is None or len(set(paths)) != 1:
        return None
    return agencies.filter(path=paths[0]).first()


def indicator_counts(agency_ids: list[int]) -> dict[tuple[int, int], int]:
    """(agency id, fiscal year) -> number of top-level indicators, for one page of agencies."""
    rows = (
        Indicator.objects.filter(organization_id__in=agency_ids, parent__isnull=True)
        .values("organization_id", "framework__fiscal_year__year")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {
        (row["organization_id"], row["framework__fiscal_year__year"]): row["count"] for row in rows
    }


@login_required
@require_GET
def agency_list(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    user = request.user
    agency = get_agency_for_user(user, org_pk)
    framework = get_agency_framework(agency, year)
    indicators = (
        Indicator.objects.of_agency(agency, framework)
        .select_related("responsible_unit", "standard")
        .annotate(item_count=Count("items"))
    )
    values = dict(
        AgencyValue.objects.filter(framework=framework, organization=agency).values_list(
            "name", "value"
        )
    )
    overview = agency_overview(
        framework,
        framework.components.all(),
        indicators,
        agency_code=agency.code,
        values=values,
    )
    years = sorted(
        Framework.objects.filter(kind=framework.kind).values_list("fiscal_year__year", flat=True),
        reverse=True,
    )
    context = {
        "agency": agency,
        "framework": framework,
        "year": year,
        "years": years,
        "overview": overview,
        "can_edit": has_perm(user, Perm.INDICATOR_EDIT, agency),
    }
    return render(request, "indicators/agency.html", context)
