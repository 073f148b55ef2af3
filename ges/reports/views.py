"""The evaluation report page of an agency for a fiscal year, and the explanation of a score."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ges.indicators.access import get_agency_for_user, get_agency_framework
from ges.reports.page import TEMPLATE, ReportPage, framework_years, report_page


def page_for(request: HttpRequest, org_pk: int, year: int) -> ReportPage:
    agency = get_agency_for_user(request.user, org_pk)
    return report_page(agency, get_agency_framework(agency, year))


@login_required
@require_GET
def agency(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    page = page_for(request, org_pk, year)
    page.years = framework_years(page.framework.kind)
    explained = request.GET.get("explain", "")
    context = {
        "page": page,
        "report": page.report,
        "base_template": "base.html",
        # Without JavaScript, "why this score" comes back here with that explanation open.
        "explained": int(explained) if explained.isdigit() else None,
    }
    return render(request, TEMPLATE, context)


@login_required
@require_GET
def explain(request: HttpRequest, org_pk: int, year: int, indicator_pk: int) -> HttpResponse:
    page = page_for(request, org_pk, year)
    section = page.find(indicator_pk)
    if section is None:
        raise Http404
    if request.headers.get("HX-Request") != "true":
        url = reverse("reports:agency", args=[org_pk, year])
        return redirect(f"{url}?explain={indicator_pk}#indicator-{indicator_pk}")
    context = {"page": page, "report": page.report, "section": section}
    return render(request, f"{TEMPLATE}#explanation", context)
