"""A framework's components (edited in place with htmx) and rounds."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget
from django_htmx.middleware import HtmxDetails

from ges.audit.log import actor_from
from ges.frameworks import actions
from ges.frameworks.access import (
    get_component_for_user,
    get_framework_for_user,
    get_round_for_user,
)
from ges.frameworks.forms import ComponentForm, RoundForm
from ges.frameworks.models import Component, Framework
from ges.frameworks.views.frameworks import detail_context


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _detail_url(framework: Framework, anchor: str) -> str:
    return f"{reverse('frameworks:detail', args=[framework.pk])}#{anchor}"


@login_required
def component_create(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk, edit=True)
    components = list(framework.components.all())
    initial = {"parent": request.GET.get("parent", "")}
    form = ComponentForm(
        request.POST or None, framework=framework, components=components, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_component(
                actor_from(request), framework, parent=form.cleaned_data["parent"], **form.values()
            )
        except actions.FrameworkError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Component added."))
            return redirect(_detail_url(framework, "components"))
    context = {
        "form": form,
        "framework": framework,
        "title": _("Add a component"),
        "back": _detail_url(framework, "components"),
    }
    return render(request, "frameworks/form.html", context)


@login_required
def component_edit(request: HtmxHttpRequest, pk: int, component_pk: int) -> HttpResponse:
    """A component's form: in place of its row (htmx) or as a page of its own."""
    framework = get_framework_for_user(request.user, pk, edit=True)
    component = get_component_for_user(request.user, framework, component_pk)
    components = list(framework.components.all())
    form = ComponentForm(
        request.POST or None,
        framework=framework,
        components=components,
        component=component,
        # Ids stay unique when several rows of the page are open for editing at once.
        auto_id=f"component-{component.pk}-%s" if request.htmx else "id_%s",
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_component(
                actor_from(request), component, parent=form.cleaned_data["parent"], **form.values()
            )
        except actions.FrameworkError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            if request.htmx:
                response = render(
                    request,
                    "frameworks/detail.html#components",
                    detail_context(request.user, framework),
                )
                return reswap(retarget(response, "#components"), "outerHTML")
            messages.success(request, _("Changes saved."))
            return redirect(_detail_url(framework, "components"))
    if request.htmx:
        context = {"framework": framework, "component": component, "form": form}
        return render(request, "frameworks/detail.html#component_form_row", context)
    context = {
        "form": form,
        "framework": framework,
        "title": _("Change component %(component)s") % {"component": component},
        "back": _detail_url(framework, "components"),
    }
    return render(request, "frameworks/form.html", context)


@login_required
@require_POST
def component_delete(request: HttpRequest, pk: int, component_pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk, edit=True)
    component: Component = get_component_for_user(request.user, framework, component_pk)
    try:
        actions.remove_component(actor_from(request), component)
    except actions.FrameworkError as error:
        messages.error(
            request,
            _("%(component)s was not removed: %(problems)s")
            % {"component": component, "problems": " ".join(error.problems)},
        )
    else:
        messages.success(request, _("Component %(component)s removed.") % {"component": component})
    return redirect(_detail_url(framework, "components"))


@login_required
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk, edit=True)
    form = RoundForm(request.POST or None, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            actions.create_round(actor_from(request), framework, **form.values())
        except actions.FrameworkError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Round added."))
            return redirect(_detail_url(framework, "rounds"))
    context = {
        "form": form,
        "framework": framework,
        "title": _("Add a round"),
        "back": _detail_url(framework, "rounds"),
    }
    return render(request, "frameworks/form.html", context)


@login_required
def round_edit(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk, edit=True)
    round_ = get_round_for_user(request.user, framework, round_pk)
    form = RoundForm(request.POST or None, framework=framework, round_=round_)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_round(actor_from(request), round_, **form.values())
        except actions.FrameworkError as error:
            for problem in error.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_detail_url(framework, "rounds"))
    context = {
        "form": form,
        "framework": framework,
        "title": _("Change the %(round)s round") % {"round": round_.get_months_display()},
        "back": _detail_url(framework, "rounds"),
    }
    return render(request, "frameworks/form.html", context)


@login_required
@require_POST
def round_delete(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, pk, edit=True)
    round_ = get_round_for_user(request.user, framework, round_pk)
    try:
        actions.remove_round(actor_from(request), round_)
    except actions.FrameworkError as error:
        messages.error(request, " ".join(error.problems))
    else:
        messages.success(request, _("Round removed."))
    return redirect(_detail_url(framework, "rounds"))
