"""The indicator page, laid out like an agency's KPI proposal (seed 001), and its editing.

Each section of the page is a template partial of indicators/detail.html. With htmx an editor
swaps a section for its form and back; without JavaScript the same forms are full pages
(indicators/edit.html) that return to the page when saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ges.audit.log import Actor, actor_from
from ges.audit.models import AuditEntry
from ges.indicators import actions
from ges.indicators.access import (
    can_edit,
    get_agency_for_user,
    get_agency_framework,
    get_indicator_for_user,
)
from ges.indicators.criteria_display import (
    AgencyChoice,
    choose_for_agency,
    criteria_table,
    value_names,
)
from ges.indicators.forms import (
    BaselineFormSet,
    DescriptionForm,
    HeadingForm,
    ItemFormSet,
    LinksForm,
    PlanFormSet,
    StepFormSet,
    TargetsForm,
    TextPartsForm,
    VersionForm,
    version_of,
)
from ges.indicators.models import AgencyValue, Indicator
from ges.indicators.overview import effective_criteria, in_order
from ges.indicators.page import PLAN_MONTHS, baseline_table, plan_grid, plan_months
from ges.orgs.access import Person
from ges.orgs.models import Organization
from ges.web.templatetags.thai import thai_datetime


@dataclass(frozen=True)
class Section:
    name: str
    title: str | Promise
    form_partial: str


SECTIONS = {
    section.name: section
    for section in (
        Section("heading", gettext_lazy("Indicator"), "form"),
        Section("description", gettext_lazy("Description"), "form"),
        Section("baselines", gettext_lazy("Baseline"), "baselines_form"),
        Section("steps", gettext_lazy("Steps"), "steps_form"),
        Section("targets", gettext_lazy("Targets, benefits and conditions"), "form"),
        Section("links", gettext_lazy("Links to strategies and plans"), "form"),
        Section("plan", gettext_lazy("Action plan"), "plan_form"),
        Section("children", gettext_lazy("Add a sub-indicator"), "form"),
        Section("items", gettext_lazy("Evaluation items"), "items_form"),
    )
}
# The parts of the page in order; all but the criteria (their own editor) are edited here.
PAGE_SECTIONS = (
    "heading",
    "description",
    "baselines",
    "steps",
    "criteria",
    "targets",
    "links",
    "plan",
    "children",
    "items",
)
TEXT_FORMS: dict[str, type[TextPartsForm]] = {
    "description": DescriptionForm,
    "targets": TargetsForm,
    "links": LinksForm,
}
PART_LABELS = {
    "baselines": gettext_lazy("baseline"),
    "steps": gettext_lazy("steps"),
    "plan": gettext_lazy("action plan"),
    "items": gettext_lazy("evaluation items"),
    "criteria": gettext_lazy("criteria"),
}


def is_htmx(request: HttpRequest) -> bool:
    """Whether htmx asked (django-htmx's middleware sets `request.htmx`)."""
    return bool(getattr(request, "htmx", False))


# Reading ------------------------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk)
    return render(request, "indicators/detail.html", page_context(request.user, indicator))


@login_required
@require_GET
def section(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One section as shown on the page: where "Cancel" goes back to while editing in place."""
    indicator = get_indicator_for_user(request.user, pk)
    if name not in PAGE_SECTIONS:
        raise Http404
    if not is_htmx(request):
        return redirect(section_url(indicator, name))
    return render(request, f"indicators/detail.html#{name}", page_context(request.user, indicator))


def section_url(indicator: Indicator, name: str) -> str:
    return f"{reverse('indicators:detail', args=[indicator.pk])}#section-{name}"


def page_context(user: Person, indicator: Indicator) -> dict[str, Any]:
    """Everything the page shows, in a fixed number of queries whatever the indicator holds."""
    framework = indicator.framework
    year = framework.fiscal_year.year
    agency = indicator.organization
    criteria = effective_criteria(indicator)
    children = in_order(indicator.children.all())
    return {
        "indicator": indicator,
        "framework": framework,
        "year": year,
        "agency": agency,
        "responsible_unit": indicator.responsible_unit,
        "baseline_table": baseline_table(indicator.baselines.all()),
        "steps": list(indicator.steps.all()),
        "criteria_table": criteria_table(criteria, scale=framework.scale),
        "criteria_inherited": criteria is not None and criteria is not indicator.criteria,
        "agency_choice": agency_choice(indicator, criteria),
        "plan_grid": plan_grid(year, indicator.plan.all()),
        "children": children,
        "children_weight": sum((child.weight for child in children), Decimal(0)),
        "items": list(indicator.items.all()),
        "can_edit": can_edit(user, indicator) and not indicator.locked,
        "locked": indicator.locked,
        "version": version_of(indicator),
    }


def agency_choice(indicator: Indicator, criteria: Any) -> AgencyChoice | None:
    """For criteria that depend on the agency's values (groups, `prev + 2%`): what applies."""
    agency = indicator.organization
    if agency is None or criteria is None or not value_names(criteria):
        return None
    values = dict(
        AgencyValue.objects.filter(
            framework_id=indicator.framework_id, organization=agency
        ).values_list("name", "value")
    )
    return choose_for_agency(
        criteria, code=agency.code, values=values, scale=indicator.framework.scale
    )


# Editing ------------------------------------------------------------------------------------


def refuse_locked(request: HttpRequest, indicator: Indicator) -> HttpResponse:
    """A signed agreement's indicator changes only through an amendment: say so, change nothing."""
    messages.error(request, actions.locked_message())
    url = reverse("indicators:detail", args=[indicator.pk])
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def units_of(indicator: Indicator) -> Any:
    """The divisions a responsible unit is chosen from: below the agency (or the owner)."""
    home = indicator.organization or indicator.owner
    if home is None:
        return Organization.objects.none()
    return home.descendants().filter(is_active=True)


def heading_form(
    indicator: Indicator, data: Any, *, parent: Indicator | None = None
) -> HeadingForm:
    """The heading form of `indicator`, or of a new sub-indicator of `parent`."""
    framework = indicator.framework
    if parent is None:
        return HeadingForm(
            data,
            framework=framework,
            agency=indicator.organization,
            instance=indicator,
            initial=HeadingForm.initial_for(indicator),
            components=framework.components.all(),
            units=units_of(indicator),
        )
    count = parent.children.count()
    return HeadingForm(
        data,
        framework=framework,
        agency=parent.organization,
        parent=parent,
        initial={
            "number": f"{parent.number}.{count + 1}",
            "direction": parent.direction,
            "responsible_unit": parent.responsible_unit_id or "",
            "responsible_unit_name": parent.responsible_unit_name,
        },
        units=units_of(parent),
    )


ROW_FORMSETS: dict[str, Any] = {
    "baselines": BaselineFormSet,
    "steps": StepFormSet,
    "plan": PlanFormSet,
    "items": ItemFormSet,
}


def row_initial(name: str, indicator: Indicator) -> list[dict[str, Any]]:
    """The stored rows of a row section, as the formset shows them."""
    if name == "baselines":
        return [
            {"series": b.series, "year": b.year, "value_text": b.value_text, "note": b.note}
            for b in indicator.baselines.order_by("order", "year")
        ]
    if name == "steps":
        return [{"text": step.text} for step in indicator.steps.order_by("order")]
    if name == "plan":
        return [
            {"text": a.text, "months": [str(m) for m in a.months]}
            for a in indicator.plan.order_by("order")
        ]
    return [
        {"id": i.pk, "text": i.text, "kind": i.kind, "unit": i.unit}
        for i in indicator.items.order_by("order")
    ]


def section_form(name: str, indicator: Indicator, data: Any) -> Any:
    """The form (or formset) that edits one section."""
    if name == "heading":
        return heading_form(indicator, data)
    if name == "children":
        return heading_form(indicator, data, parent=indicator)
    if name in TEXT_FORMS:
        form_class = TEXT_FORMS[name]
        return form_class(data, initial=form_class.initial_for(indicator))
    if name in ROW_FORMSETS:
        # A posted formset stands on its own: its rows are compared with blank rows, not with
        # what was stored, so every row typed is checked.
        initial = row_initial(name, indicator) if data is None else None
        kwargs: dict[str, Any] = {"initial": initial, "prefix": name}
        if name == "plan":
            kwargs["form_kwargs"] = {"year": indicator.framework.fiscal_year.year}
        return ROW_FORMSETS[name](data, **kwargs)
    raise Http404


def save_section(
    name: str, actor: Actor, indicator: Indicator, form: Any, version: Any
) -> Indicator | None:
    """Write a valid section form; returns the new sub-indicator for "children"."""
    if name == "children":
        return actions.create_indicator(
            actor,
            framework=indicator.framework,
            organization=indicator.organization,
            parent=indicator,
            **form.values(),
        )
    if name == "heading" or name in TEXT_FORMS:
        actions.update_indicator(actor, indicator, version=version, **form.values())
    elif name == "baselines":
        actions.replace_baselines(actor, indicator, form.rows(), version=version)
    elif name == "steps":
        actions.replace_steps(actor, indicator, form.rows(), version=version)
    elif name == "plan":
        actions.replace_plan(actor, indicator, form.rows(), version=version)
    elif name == "items":
        actions.replace_items(actor, indicator, form.rows(), version=version)
    return None


@login_required
def edit(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Edit one section; a save on an older version of the indicator is refused, keeping
    what the person typed and saying what changed since."""
    indicator = get_indicator_for_user(request.user, pk, edit=True)
    if name not in SECTIONS or (name == "children" and indicator.parent_id is not None):
        raise Http404
    if indicator.locked:
        return refuse_locked(request, indicator)
    data = request.POST if request.method == "POST" else None
    form = section_form(name, indicator, data)
    version_form = VersionForm(data, initial={"version": version_of(indicator)})
    stale: list[AuditEntry] = []
    if data is not None and version_form.is_valid():
        version = version_form.cleaned_data["version"]
        if not actions.is_current(indicator, version):
            stale = actions.changes_since(indicator, version)
        elif form.is_valid():
            try:
                child = save_section(name, actor_from(request), indicator, form, version)
            except actions.StaleIndicator as error:
                stale = error.changes
            except actions.IndicatorLocked:
                return refuse_locked(request, indicator)
            else:
                return saved(request, indicator, name, child)
        if stale:
            indicator.refresh_from_db(fields=["updated_at"])
            version_form = VersionForm(initial={"version": version_of(indicator)})
    section_ = SECTIONS[name]
    context = {
        "indicator": indicator,
        "section": section_,
        "form": form,
        "version_form": version_form,
        "stale": [describe_change(entry) for entry in stale],
        "form_action": reverse("indicators:edit", args=[indicator.pk, name]),
        "cancel_url": section_url(indicator, name),
        "plan_months": plan_months(indicator.framework.fiscal_year.year, PLAN_MONTHS),
        "in_place": is_htmx(request),
        "form_template": f"indicators/detail.html#{section_.form_partial}",
    }
    if is_htmx(request):
        return render(request, f"indicators/detail.html#{section_.form_partial}", context)
    return render(request, "indicators/edit.html", context)


def saved(
    request: HttpRequest, indicator: Indicator, name: str, child: Indicator | None
) -> HttpResponse:
    if is_htmx(request):
        fresh = get_indicator_for_user(request.user, indicator.pk)
        context = {**page_context(request.user, fresh), "saved": name}
        return render(request, f"indicators/detail.html#{name}", context)
    if child is not None:
        messages.success(request, _("Sub-indicator %(number)s added.") % {"number": child.number})
    else:
        messages.success(request, _("Changes saved."))
    return redirect(section_url(indicator, name))


def describe_change(entry: AuditEntry) -> str:
    """Who changed what ("editor2 changed weight, steps"), for the stale-form message; steps of
    the agreement's negotiation (a revision submitted, an amendment applied) say so."""
    negotiation = negotiation_change(entry)
    if negotiation:
        return negotiation
    names = []
    for key, _before, _after in entry.changed_fields():
        if key in PART_LABELS:
            names.append(str(PART_LABELS[key]))
        else:
            try:
                field = Indicator._meta.get_field(key)
            except FieldDoesNotExist:
                names.append(key)
            else:
                names.append(str(getattr(field, "verbose_name", key)))
    return _("%(when)s: %(who)s changed %(what)s") % {
        "when": thai_datetime(entry.at),
        "who": entry.actor_name or _("the system"),
        "what": ", ".join(names) or _("the indicator"),
    }


def negotiation_change(entry: AuditEntry) -> str:
    after = entry.after if isinstance(entry.after, dict) else {}
    values = {
        "when": thai_datetime(entry.at),
        "who": entry.actor_name or _("the system"),
        "version": after.get("version", ""),
    }
    if entry.action == "agreement.indicator.revised":
        return (
            _(
                "%(when)s: %(who)s submitted the changes to the negotiation as version "
                "%(version)s of the agreement"
            )
            % values
        )
    if entry.action == "indicator.amended":
        return (
            _("%(when)s: an amendment of the signed agreement (version %(version)s) was applied")
            % values
        )
    if entry.action.startswith("agreement."):
        return _("%(when)s: %(who)s took a step in the agreement's negotiation (%(action)s)") % {
            **values,
            "action": entry.action,
        }
    return ""


@login_required
def create(request: HttpRequest, org_pk: int, year: int) -> HttpResponse:
    """A new indicator for an agency in a fiscal year."""
    agency = get_agency_for_user(request.user, org_pk, edit=True)
    framework = get_agency_framework(agency, year)
    if actions.agency_set_locked(framework, agency):
        messages.error(request, actions.locked_message())
        return redirect("indicators:agency", agency.pk, year)
    form = HeadingForm(
        request.POST or None,
        framework=framework,
        agency=agency,
        components=framework.components.all(),
        units=agency.descendants().filter(is_active=True),
        initial={"direction": "higher"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            indicator = actions.create_indicator(
                actor_from(request), framework=framework, organization=agency, **form.values()
            )
        except actions.IndicatorLocked:
            messages.error(request, actions.locked_message())
            return redirect("indicators:agency", agency.pk, year)
        messages.success(request, _("Indicator %(number)s added.") % {"number": indicator.number})
        return redirect("indicators:detail", indicator.pk)
    context = {"agency": agency, "framework": framework, "year": year, "form": form}
    return render(request, "indicators/create.html", context)


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then remove the indicator with everything under it (POST)."""
    indicator = get_indicator_for_user(request.user, pk, edit=True)
    if indicator.locked:
        return refuse_locked(request, indicator)
    if request.method == "POST":
        back = after_delete_url(indicator)
        try:
            actions.delete_indicator(actor_from(request), indicator)
        except actions.IndicatorLocked:
            return refuse_locked(request, indicator)
        except ProtectedError:
            if indicator.is_standard:
                message = _("Agencies use this standard indicator, so it cannot be removed.")
            else:
                message = _(
                    "This indicator was proposed in a performance agreement and its versions "
                    "are kept, so it cannot be removed; ask the committee to reject it, or "
                    "revise it."
                )
            messages.error(request, message)
            return redirect("indicators:detail", indicator.pk)
        messages.success(request, _("Indicator %(number)s removed.") % {"number": indicator.number})
        return redirect(back)
    context = {"indicator": indicator, "children": in_order(indicator.children.all())}
    return render(request, "indicators/delete.html", context)


def after_delete_url(indicator: Indicator) -> str:
    if indicator.parent_id is not None:
        return section_url(indicator.parent, "children")  # type: ignore[arg-type]
    if indicator.organization_id is not None:
        return reverse(
            "indicators:agency",
            args=[indicator.organization_id, indicator.framework.fiscal_year.year],
        )
    return reverse("frameworks:detail", args=[indicator.framework_id])
