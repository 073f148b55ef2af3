from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ges.audit.log import actor_from
from ges.orgs import actions, exports
from ges.orgs.access import (
    get_organization_for_user,
    has_perm,
    top_organizations,
    visible_to,
)
from ges.orgs.forms import OrganizationForm
from ges.orgs.permissions import Perm
from ges.reports.page import report_years

SEARCH_LIMIT = 100


@login_required
@require_GET
def tree(request: HttpRequest) -> HttpResponse:
    user = request.user
    query = request.GET.get("q", "").strip()
    context: dict[str, object] = {"query": query, "can_edit": has_perm(user, Perm.ORG_EDIT)}
    if query:
        matches = visible_to(user).search(query).select_related("parent")
        context["results"] = list(matches[:SEARCH_LIMIT])
        context["result_count"] = matches.count()
        context["search_limit"] = SEARCH_LIMIT
    else:
        context["nodes"] = top_organizations(user).with_child_count()
    return render(request, "orgs/tree.html", context)


@login_required
@require_GET
def children(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization_for_user(request.user, pk)
    nodes = organization.children.all().with_child_count()
    return render(request, "orgs/tree.html#nodes", {"nodes": nodes})


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organization = get_organization_for_user(user, pk)
    context = {
        "organization": organization,
        "ancestors": organization.ancestors(),
        "children": organization.children.all().with_child_count(),
        "can_edit": has_perm(user, Perm.ORG_EDIT, organization),
        "can_see_people": has_perm(user, Perm.PEOPLE_VIEW, organization),
        "can_see_history": has_perm(user, Perm.AUDIT_VIEW),
        "report_years": report_years(user, organization),
    }
    return render(request, "orgs/detail.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_perm(user, Perm.ORG_EDIT):
        raise PermissionDenied
    initial = {}
    parent_id = request.GET.get("parent", "")
    if parent_id.isdigit():
        parent = get_organization_for_user(user, int(parent_id), Perm.ORG_EDIT)
        initial = {"parent_code": parent.code}
    form = OrganizationForm(
        request.POST or None,
        initial=initial,
        allowed_parents=visible_to(user, Perm.ORG_EDIT),
    )
    if request.method == "POST" and form.is_valid():
        organization = actions.create_organization(
            actor_from(request), form.parent, **form.values()
        )
        messages.success(request, _("Organisation added."))
        return redirect("orgs:detail", organization.pk)
    return render(request, "orgs/form.html", {"form": form, "organization": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    organization = get_organization_for_user(user, pk, Perm.ORG_EDIT)
    form = OrganizationForm(
        request.POST or None,
        initial=OrganizationForm.initial_for(organization),
        instance=organization,
        allowed_parents=visible_to(user, Perm.ORG_EDIT),
    )
    if request.method == "POST" and form.is_valid():
        actions.update_organization(actor_from(request), organization, form.parent, **form.values())
        messages.success(request, _("Changes saved."))
        return redirect("orgs:detail", organization.pk)
    return render(request, "orgs/form.html", {"form": form, "organization": organization})


@login_required
@require_GET
def export(request: HttpRequest, file_format: str) -> HttpResponse:
    if file_format not in exports.FORMATS:
        raise Http404
    organizations = visible_to(request.user).select_related("parent")
    return exports.organization_file(organizations, file_format)
