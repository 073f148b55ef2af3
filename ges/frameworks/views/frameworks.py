"""Fiscal years and frameworks: the list, a framework's page, settings, publishing, copying."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ges.audit.log import actor_from
from ges.frameworks import actions
from ges.frameworks.access import (
    get_framework_for_user,
    may_edit_frameworks,
    require_framework_admin,
)
from ges.frameworks.forms import CopyForm, FiscalYearForm, FrameworkForm, SettingsEditor
from ges.frameworks.models import FiscalYear, Framework, FrameworkStatus
from ges.frameworks.structure import component_tree, flatten, weight_problems
from ges.indicators.criteria_display import criteria_summary
from ges.indicators.models import Indicator
from ges.orgs.access import Person


@login_required
@require_GET
def framework_list(request: HttpRequest) -> HttpResponse:
    frameworks = Framework.objects.order_by("kind")
    years = FiscalYear.objects.prefetch_related(Prefetch("frameworks", queryset=frameworks))
    context = {"years": years, "can_edit": may_edit_frameworks(request.user)}
    return render(request, "frameworks/list.html", context)


@login_required
def year_create(request: HttpRequest) -> HttpResponse:
    require_framework_admin(request.user)
    form = FiscalYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year = actions.create_fiscal_year(actor_from(request), form.cleaned_data["year"])
        messages.success(request, _("Fiscal year %(year)s added.") % {"year": year.year})
        return redirect("frameworks:list")
    context = {"form": form, "title": _("Add a fiscal year"), "back": reverse("frameworks:list")}
    return render(request, "frameworks/form.html", context)


@login_required
def framework_create(request: HttpRequest) -> HttpResponse:
    require_framework_admin(request.user)
    initial = {}
    year = request.GET.get("year", "")
    if year.isdigit():
        initial["fiscal_year"] = FiscalYear.objects.filter(pk=int(year)).first()
    form = FrameworkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        framework = actions.create_framework(
            actor_from(request), fiscal_year=data["fiscal_year"], kind=data["kind"], **form.values()
        )
        messages.success(request, _("Framework added."))
        return redirect("frameworks:detail", framework.pk)
    context = {"form": form, "title": _("Add a framework"), "back": reverse("frameworks:list")}
    return render(request, "frameworks/form.html", context)


@login_required
@require_GET
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk)
    return render(request, "frameworks/detail.html", detail_context(request.user, framework))


def detail_context(user: Person, framework: Framework) -> dict[str, Any]:
    """Everything a framework's page shows, in a fixed number of queries."""
    components = list(framework.components.all())
    indicators = list(
        Indicator.objects.standard()
        .filter(framework=framework)
        .select_related("owner", "component")
        .order_by("order", "number")
    )
    rows = [
        (indicator, criteria_summary(indicator.criteria, scale=framework.scale))
        for indicator in _indicator_order(indicators)
    ]
    can_edit = may_edit_frameworks(user)
    return {
        "framework": framework,
        "nodes": flatten(component_tree(components)),
        "problems": weight_problems(components),
        "rounds": list(framework.rounds.all()),
        "indicators": rows,
        "can_edit": can_edit,
        "can_change_components": can_edit and framework.status == FrameworkStatus.DRAFT,
        "is_draft": framework.status == FrameworkStatus.DRAFT,
    }


def _indicator_order(indicators: list[Indicator]) -> list[Indicator]:
    """Each top-level indicator followed by its sub-indicators."""
    children: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        if indicator.parent_id is not None:
            children.setdefault(indicator.parent_id, []).append(indicator)
    ids = {indicator.pk for indicator in indicators}
    ordered = []
    for indicator in indicators:
        if indicator.parent_id is None or indicator.parent_id not in ids:
            ordered.append(indicator)
            ordered.extend(children.get(indicator.pk, []))
    return ordered


@login_required
def framework_edit(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk, edit=True)
    editor = SettingsEditor(request.POST or None, framework)
    if request.method == "POST" and editor.is_valid():
        actions.update_framework(actor_from(request), framework, **editor.values())
        messages.success(request, _("Changes saved."))
        return redirect("frameworks:detail", framework.pk)
    context = {"framework": framework, "form": editor.form, "levels": editor.levels}
    return render(request, "frameworks/settings.html", context)


@login_required
@require_POST
def framework_publish(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk, edit=True)
    try:
        actions.publish_framework(actor_from(request), framework)
    except actions.FrameworkError as error:
        messages.error(
            request,
            _("The framework was not published: %(problems)s")
            % {"problems": " ".join(error.problems)},
        )
    else:
        messages.success(request, _("The framework is published."))
    return redirect("frameworks:detail", framework.pk)


@login_required
def framework_copy(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk, edit=True)
    form = CopyForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            copy = actions.copy_framework(
                actor_from(request), framework, form.cleaned_data["to_year"]
            )
        except actions.FrameworkError as error:
            for problem in error.problems:
                form.add_error("to_year", problem)
        else:
            messages.success(request, _("Framework copied. It is a draft until you publish it."))
            return redirect("frameworks:detail", copy.pk)
    context = {
        "form": form,
        "framework": framework,
        "title": _("Copy %(framework)s to another year") % {"framework": framework},
        "lead": _(
            "The copy gets the settings, components, rounds (dates moved to the new year) and "
            "standard indicators with their definitions, baselines, steps, plans, evaluation items "
            "and criteria. Last year's final 12-month results become the baselines of the "
            "agencies' indicators and their values of last year (prev); the agencies' own "
            "indicators are not copied."
        ),
        "back": reverse("frameworks:detail", args=[framework.pk]),
    }
    return render(request, "frameworks/form.html", context)
