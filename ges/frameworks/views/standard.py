"""Standard indicators: defined once by their owner for every agency of a framework."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ges.audit.log import actor_from
from ges.frameworks import actions
from ges.frameworks.access import (
    get_framework_for_user,
    get_standard_indicator_for_user,
    may_edit_frameworks,
    may_edit_standard_indicator,
    require_framework_admin,
)
from ges.frameworks.forms import (
    RICH_FIELDS,
    AgencyValueFormSet,
    CriteriaForm,
    StandardIndicatorForm,
    known_value_names,
    value_scope,
    values_by_agency,
)
from ges.indicators.criteria_display import (
    AgencyChoice,
    choose_for_agency,
    criteria_table,
    number_text,
    value_names,
)
from ges.indicators.models import AgencyValue, Indicator
from ges.lib import richtext
from ges.orgs.models import Organization


@login_required
def standard_create(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk, edit=True)
    form = StandardIndicatorForm(request.POST or None, framework=framework, placement=True)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = actions.create_standard_indicator(
                actor_from(request), framework, **form.values()
            )
        except actions.FrameworkError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Standard indicator added."))
            return redirect("frameworks:standard_detail", indicator.pk)
    context = {
        "form": form,
        "framework": framework,
        "title": _("Add a standard indicator"),
        "back": f"{reverse('frameworks:detail', args=[framework.pk])}#indicators",
    }
    return render(request, "frameworks/form.html", context)


@login_required
@require_GET
def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_standard_indicator_for_user(request.user, pk)
    framework = indicator.framework
    choices = agency_choices(indicator)
    names = {
        org.code: org
        for org in Organization.objects.filter(code__in=[choice.code for choice in choices])
    }
    context = {
        "indicator": indicator,
        "framework": framework,
        "table": criteria_table(indicator.criteria, scale=framework.scale),
        "sections": definition_sections(indicator),
        "criteria_note": richtext.render(indicator.criteria_note),
        "choices": [(choice, names.get(choice.code)) for choice in choices],
        "value_names": sorted(value_names(indicator.criteria)),
        "children": indicator.children.select_related("owner", "component").order_by(
            "order", "number"
        ),
        "can_edit": may_edit_standard_indicator(request.user, indicator),
        "is_admin": may_edit_frameworks(request.user),
    }
    return render(request, "frameworks/standard_detail.html", context)


def definition_sections(indicator: Indicator) -> list[tuple[str, SafeString]]:
    """The filled-in parts of the definition, cleaned again in case they came from an import."""
    labels = StandardIndicatorForm.base_fields
    return [
        (str(labels[name].label), richtext.render(getattr(indicator, name)))
        for name in RICH_FIELDS
        if name != "criteria_note" and getattr(indicator, name).strip()
    ]


def agency_choices(indicator: Indicator) -> list[AgencyChoice]:
    """For each agency concerned, the group (or own criteria, or exemption) the engine picks:
    agencies with a value the criteria use, and agencies the criteria name."""
    criteria = indicator.criteria
    names = value_names(criteria)
    if not isinstance(criteria, Mapping) or (not names and "overrides" not in criteria):
        return []
    agencies = values_by_agency(indicator.framework)
    overrides = criteria.get("overrides")
    codes = {code for code, values in agencies.items() if names & set(values)}
    if isinstance(overrides, Mapping):
        codes |= {str(code) for code in overrides}
    scale: Decimal = indicator.framework.scale
    return [
        choose_for_agency(criteria, code=code, values=agencies.get(code, {}), scale=scale)
        for code in sorted(codes)
    ]


@login_required
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_standard_indicator_for_user(request.user, pk, edit=True)
    framework = indicator.framework
    form = StandardIndicatorForm(
        request.POST or None,
        framework=framework,
        indicator=indicator,
        placement=may_edit_frameworks(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_standard_indicator(actor_from(request), indicator, **form.values())
        except actions.FrameworkError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("frameworks:standard_detail", indicator.pk)
    context = {
        "form": form,
        "framework": framework,
        "title": _("Change %(indicator)s") % {"indicator": indicator},
        "back": reverse("frameworks:standard_detail", args=[indicator.pk]),
    }
    return render(request, "frameworks/form.html", context)


@login_required
def standard_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_standard_indicator_for_user(request.user, pk, edit=True)
    framework = indicator.framework
    form = CriteriaForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        actions.set_standard_criteria(actor_from(request), indicator, form.cleaned_data["criteria"])
        messages.success(request, _("Criteria saved."))
        return redirect("frameworks:standard_detail", indicator.pk)
    context = {
        "form": form,
        "indicator": indicator,
        "framework": framework,
        "table": criteria_table(indicator.criteria, scale=framework.scale),
        "known_names": sorted(known_value_names(framework)),
    }
    return render(request, "frameworks/standard_criteria.html", context)


@login_required
def standard_values(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_standard_indicator_for_user(request.user, pk, edit=True)
    framework = indicator.framework
    scope = value_scope(indicator, admin=may_edit_frameworks(request.user))
    current = (
        AgencyValue.objects.filter(framework=framework, name__in=scope.names)
        .select_related("organization")
        .order_by("organization__code", "name")
    )
    initial = [
        {
            "agency": row.organization.code,
            "name": row.name,
            "value": number_text(row.value),
            "note": row.note,
        }
        for row in current
    ]
    formset = AgencyValueFormSet(
        request.POST or None,
        initial=None if request.method == "POST" else initial,
        prefix="values",
        indicator=indicator,
        scope=scope,
    )
    if request.method == "POST" and formset.is_valid():
        counts = actions.replace_agency_values(
            actor_from(request), indicator, formset.names, formset.rows
        )
        messages.success(
            request,
            _("Values saved: %(added)s added, %(changed)s changed, %(removed)s removed.") % counts,
        )
        return redirect("frameworks:standard_detail", indicator.pk)
    context = {
        "formset": formset,
        "indicator": indicator,
        "framework": framework,
        "scope": sorted(scope.names),
        "used": sorted(value_names(indicator.criteria)),
    }
    return render(request, "frameworks/standard_values.html", context)


@login_required
@require_POST
def standard_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_framework_admin(request.user)
    indicator = get_standard_indicator_for_user(request.user, pk, edit=True)
    try:
        actions.remove_standard_indicator(actor_from(request), indicator)
    except actions.FrameworkError as error:
        messages.error(request, " ".join(error.problems))
        return redirect("frameworks:standard_detail", indicator.pk)
    messages.success(
        request, _("Standard indicator %(indicator)s removed.") % {"indicator": indicator}
    )
    return redirect(f"{reverse('frameworks:detail', args=[indicator.framework_id])}#indicators")
