"""The ranking of a round: every agency by total, with its rank, result level and self-assessed
total beside the confirmed one, filterable by ministry and kind of organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ges.assessments.access import may_see_ranking
from ges.assessments.page import ministries, ranking_rows
from ges.assessments.views.rounds import get_round_for_user
from ges.orgs.access import scope_paths
from ges.orgs.models import OrganizationKind
from ges.orgs.permissions import Perm


@login_required
@require_GET
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_round_for_user(request.user, pk)
    if not may_see_ranking(request.user, found.is_closed):
        raise PermissionDenied
    choices = ministries()
    chosen = request.GET.get("ministry", "")
    ministry = next((m for m in choices if str(m.pk) == chosen), None)
    kind = request.GET.get("kind", "")
    if kind not in OrganizationKind.values:
        kind = ""
    rows = ranking_rows(found, ministry=ministry, kind=kind)
    paths = scope_paths(request.user, Perm.INDICATOR_VIEW)
    linked = {
        row.organization.pk
        for row in rows
        if paths is None or any(row.organization.path.startswith(p) for p in paths)
    }
    context = {
        "round": found,
        "framework": found.framework,
        "year": found.framework.fiscal_year.year,
        "rows": rows,
        "linked": linked,
        "ministries": choices,
        "ministry": ministry,
        "kinds": OrganizationKind.choices,
        "kind": kind,
    }
    return render(request, "assessments/ranking.html", context)
