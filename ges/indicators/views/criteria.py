"""The criteria editor: fields per kind, a what-if score from the engine, target suggestions.

The editor page needs the right to edit the indicator; the what-if preview and the suggestions
save nothing, so anyone who may read the indicator may use them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ges import scoring
from ges.audit.log import actor_from
from ges.indicators.access import get_indicator_for_user
from ges.indicators.actions import IndicatorLocked
from ges.indicators.criteria_actions import set_criteria
from ges.indicators.criteria_forms import (
    Checked,
    CriteriaEditor,
    EditorSettings,
    SuggestForm,
    WhatIf,
    engine_text,
    english,
    main_baseline,
    score_whatif,
    suggest_for,
    suggested_levels,
    whatif_initial,
)
from ges.indicators.models import Indicator
from ges.indicators.views.indicator import refuse_locked

TEMPLATE = "indicators/criteria_edit.html"
# Patterns 4-7 need inputs of their own, kept folded away otherwise.
MORE_INPUTS = {"mandate", "unit_cost", "benchmark", "proportion"}


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for_user(request.user, pk, edit=True)
    if indicator.locked:
        return refuse_locked(request, indicator)
    settings = EditorSettings.for_indicator(indicator)
    if request.method == "POST":
        editor = CriteriaEditor(request.POST, settings)
        checked = editor.check(attach=True)
        if checked.valid:
            try:
                set_criteria(actor_from(request), indicator, checked.criteria)
            except IndicatorLocked:  # signed while the editor was open
                return refuse_locked(request, indicator)
            except scoring.InvalidDocument as error:  # the framework changed meanwhile
                for problem in error.problems:
                    editor.kind_form.add_error(
                        None, engine_text(problem.message, problem.message_en)
                    )
            else:
                messages.success(request, _("The criteria are saved."))
                return redirect("indicators:detail", indicator.pk)
        return render(request, TEMPLATE, page_context(request, indicator, editor, checked))
    if is_htmx(request) and "kind" in request.GET:
        action = request.GET.get("action", "")
        if action:
            editor = CriteriaEditor.adjusted(request.GET, action, settings)
        else:
            editor = CriteriaEditor.for_kind(request.GET["kind"], settings)
        return fields_swap(request, indicator, editor)
    editor = CriteriaEditor.for_criteria(indicator.criteria, settings)
    return render(request, TEMPLATE, page_context(request, indicator, editor, editor.check()))


@login_required
@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The what-if score of the form as it is now; saves nothing."""
    indicator = get_indicator_for_user(request.user, pk)
    settings = EditorSettings.for_indicator(indicator)
    editor = CriteriaEditor(request.POST, settings)
    shown_kind = request.POST.get("shown_kind", editor.kind)
    if not editor.use_json and shown_kind != editor.kind:
        return HttpResponse(status=204)  # the fields of the new kind are still on their way
    checked = editor.check()
    context = whatif_context(request, indicator, editor, checked)
    parts = [partial(request, "preview", context)]
    if context["whatif"].signature != request.POST.get("whatif-shown"):
        parts.append(partial(request, "whatif_inputs", context, oob=True))
    if not editor.use_json or request.POST.get("json_shown") != "edit":
        parts.append(partial(request, "advanced", context, oob=True))
    return HttpResponse("".join(parts))


@login_required
@require_http_methods(["GET", "POST"])
def suggest(request: HttpRequest, pk: int) -> HttpResponse:
    """Thresholds from the baseline by the engine; `apply` puts them into the fields."""
    indicator = get_indicator_for_user(request.user, pk)
    data = request.POST if request.method == "POST" else request.GET
    context = suggest_context(indicator, suggest_form(indicator, data))
    suggestion = context["suggestion"]
    if request.method == "POST" and "apply" in request.POST and suggestion is not None:
        settings = EditorSettings.for_indicator(indicator)
        editor = CriteriaEditor.with_suggestion(request.POST, suggestion, settings)
        return fields_swap(request, indicator, editor)
    response = render(request, f"{TEMPLATE}#suggestions", {"indicator": indicator, **context})
    if request.method == "POST":
        response["HX-Retarget"] = "#criteria-suggestions"
        response["HX-Reswap"] = "outerHTML"
    return response


# Rendering -------------------------------------------------------------------------------------


def whatif_context(
    request: HttpRequest, indicator: Indicator, editor: CriteriaEditor, checked: Checked
) -> dict[str, Any]:
    criteria = checked.criteria
    whatif = WhatIf.read(request.POST or request.GET, criteria, whatif_initial(indicator, criteria))
    return {
        "indicator": indicator,
        "editor": editor,
        "checked": checked,
        "whatif": whatif,
        "preview": score_whatif(checked, whatif, editor.settings),
        "json_text": editor.json_text(checked),
    }


def page_context(
    request: HttpRequest, indicator: Indicator, editor: CriteriaEditor, checked: Checked
) -> dict[str, Any]:
    context = whatif_context(request, indicator, editor, checked)
    context.update(suggest_context(indicator, suggest_form(indicator, {})))
    context["show_problems"] = request.method == "POST"
    return context


def suggest_form(indicator: Indicator, data: Mapping[str, Any]) -> SuggestForm:
    """The form as sent, or the engine's defaults (trend detected, the framework's levels)."""
    if not any(name.startswith("suggest-") for name in data):
        levels = 5 if indicator.framework.scale == 5 else 3
        data = {"suggest-levels": str(levels), "suggest-pattern": ""}
    return SuggestForm(data, prefix="suggest")


def suggest_context(indicator: Indicator, form: SuggestForm) -> dict[str, Any]:
    series, baseline = main_baseline(indicator)
    asked = form.data.get("suggest-pattern") or form.data.get("suggest-spacing")
    suggestion = suggest_for(indicator, form, baseline) if baseline or asked else None
    in_english = english()
    return {
        "suggest_form": form,
        "suggest_more": form.data.get("suggest-pattern") in MORE_INPUTS,
        "series": series,
        "baseline": baseline,
        "suggestion": suggestion,
        "suggested_levels": suggested_levels(suggestion) if suggestion else [],
        "reasoning": (suggestion.reasoning_en if in_english else suggestion.reasoning)
        if suggestion
        else (),
        "assumptions": (suggestion.assumptions_en if in_english else suggestion.assumptions)
        if suggestion
        else (),
    }


def partial(request: HttpRequest, name: str, context: dict[str, Any], *, oob: bool = False) -> str:
    return render_to_string(f"{TEMPLATE}#{name}", {**context, "oob": oob}, request=request)


def fields_swap(request: HttpRequest, indicator: Indicator, editor: CriteriaEditor) -> HttpResponse:
    """New fields, with the what-if and the JSON that go with them swapped in beside."""
    context = whatif_context(request, indicator, editor, editor.check())
    parts = [
        partial(request, "fields", context),
        partial(request, "whatif_inputs", context, oob=True),
        partial(request, "preview", context, oob=True),
        partial(request, "advanced", context, oob=True),
    ]
    return HttpResponse("".join(parts))
