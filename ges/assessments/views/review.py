"""Decisions on one indicator result: the approver returns it to the editor; the evaluator
accepts, asks a question (the agency answers), returns it, confirms a result with a
justification, or reopens it after the round's last day. A refused step re-renders the page
with the message next to the field and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ges.assessments import actions, scores
from ges.assessments.access import get_result_for_user
from ges.assessments.errors import AssessmentError, StaleResult
from ges.assessments.forms import (
    AcceptForm,
    AnswerForm,
    ConfirmForm,
    QuestionForm,
    ReasonForm,
    ReopenForm,
)
from ges.assessments.models import IndicatorResult
from ges.assessments.page import ResultBlock
from ges.assessments.views.submission import items_of, page_response, result_url
from ges.audit.log import Actor, actor_from
from ges.orgs.access import has_perm
from ges.orgs.permissions import Perm

type Step = Callable[[Actor, IndicatorResult, dict[str, Any]], object]


def decide(
    request: HttpRequest,
    pk: int,
    *,
    name: str,
    perm: Perm,
    form_class: type[forms.Form],
    step: Step,
    done: str,
) -> HttpResponse:
    """Fetch the result for `perm`, validate `form_class`, run `step`; on a refusal show the
    page again with the form as typed and the message next to it."""
    found = get_result_for_user(request.user, pk, perm)
    form = form_class(request.POST, prefix=f"{name}-{found.pk}")
    if form.is_valid():
        try:
            step(actor_from(request), found, form.cleaned_data)
        except StaleResult:
            form.add_error(
                None, _("Someone changed this result since you opened the page; look again.")
            )
        except AssessmentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done % {"number": found.indicator.number})
            return redirect(result_url(found))

    def keep(block: ResultBlock) -> None:
        block.forms[name] = form

    return page_response(request, found.submission, adjust={found.pk: keep}, status=400)


@login_required
@require_POST
def return_to_editor(request: HttpRequest, pk: int) -> HttpResponse:
    return decide(
        request,
        pk,
        name="return_to_editor",
        perm=Perm.SUBMISSION_SUBMIT,
        form_class=ReasonForm,
        step=lambda actor, result, data: actions.return_to_editor(actor, result, data["reason"]),
        done=_("Indicator %(number)s is returned to the editor."),
    )


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return decide(
        request,
        pk,
        name="accept",
        perm=Perm.SUBMISSION_REVIEW,
        form_class=AcceptForm,
        step=lambda actor, result, data: actions.accept(
            actor, result, sequence=data["sequence"], reason=data["reason"]
        ),
        done=_("The result of indicator %(number)s is accepted."),
    )


@login_required
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    return decide(
        request,
        pk,
        name="ask",
        perm=Perm.SUBMISSION_REVIEW,
        form_class=QuestionForm,
        step=lambda actor, result, data: actions.ask(actor, result, data["question"]),
        done=_("Your question on indicator %(number)s is sent to the agency."),
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    # The editor or the approver answers; the action checks which of them acts.
    found = get_result_for_user(request.user, pk)
    perm = Perm.SUBMISSION_EDIT
    if not has_perm(request.user, perm, found.submission.organization):
        perm = Perm.SUBMISSION_SUBMIT
    return decide(
        request,
        pk,
        name="answer",
        perm=perm,
        form_class=AnswerForm,
        step=lambda actor, result, data: actions.answer(actor, result, data["text"]),
        done=_("Your answer on indicator %(number)s is sent to the evaluator."),
    )


@login_required
@require_POST
def return_result(request: HttpRequest, pk: int) -> HttpResponse:
    return decide(
        request,
        pk,
        name="return_result",
        perm=Perm.SUBMISSION_REVIEW,
        form_class=ReasonForm,
        step=lambda actor, result, data: actions.return_result(actor, result, data["reason"]),
        done=_("Indicator %(number)s is returned to the agency."),
    )


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return decide(
        request,
        pk,
        name="reopen",
        perm=Perm.SUBMISSION_REVIEW,
        form_class=ReopenForm,
        step=lambda actor, result, data: actions.reopen(
            actor, result, data["reason"], data["until"]
        ),
        done=_("Indicator %(number)s is reopened for the agency."),
    )


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_result_for_user(request.user, pk, Perm.SUBMISSION_REVIEW)
    form = ConfirmForm(
        request.POST,
        result=found,
        items=items_of(found),
        choices=scores.done_choices(found.indicator.criteria),
    )
    if form.is_valid():
        try:
            actions.confirm(
                actor_from(request),
                found,
                sequence=form.cleaned_data["sequence"],
                items=form.items_typed(),
                done=form.done_ids(),
                justification=form.cleaned_data["justification"],
            )
        except StaleResult:
            form.add_error(
                None, _("Someone changed this result since you opened the page; look again.")
            )
        except AssessmentError as error:
            for item_pk, message in error.errors.items():
                form.add_error(form.item_field_name(item_pk), message)
            if not error.errors:
                form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The result of indicator %(number)s is confirmed.")
                % {"number": found.indicator.number},
            )
            return redirect(result_url(found))

    def keep(block: ResultBlock) -> None:
        block.confirm_form = form

    return page_response(request, found.submission, adjust={found.pk: keep}, status=400)
