"""An agency's submission for a round, indicator by indicator: the editor reports (saving one
indicator at a time, the self-score following as results are typed), the approver verifies and
submits. Reviews are in review.py."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ges.assessments import actions, scores
from ges.assessments.access import get_result_for_user, get_submission_for_user
from ges.assessments.errors import AssessmentError, StaleResult
from ges.assessments.forms import (
    AcceptForm,
    AnswerForm,
    ConfirmForm,
    QuestionForm,
    ReasonForm,
    ReopenForm,
    ResultForm,
    result_initial,
)
from ges.assessments.models import IndicatorResult, Submission
from ges.assessments.page import ResultBlock, SubmissionPage, submission_page
from ges.audit.log import actor_from
from ges.indicators.models import EvaluationItem
from ges.orgs.permissions import Perm

TEMPLATE = "assessments/submission.html"

type Adjust = Callable[[ResultBlock], None]


def with_forms(page: SubmissionPage) -> SubmissionPage:
    """The editor's and the evaluator's forms, filled with what is stored."""
    for block in page.blocks:
        values = {row.item.pk: row.value for row in block.items}
        items = [row.item for row in block.items]
        if block.may_edit:
            block.form = ResultForm(
                initial=result_initial(block.result, values),
                result=block.result,
                items=items,
                choices=block.choices,
            )
        if block.may_confirm:
            block.confirm_form = ConfirmForm(
                initial=result_initial(block.result, values),
                result=block.result,
                items=items,
                choices=block.choices,
            )
        pk = block.result.pk
        wanted = {
            "return_to_editor": (block.may_return_to_editor, ReasonForm),
            "accept": (block.may_review, AcceptForm),
            "ask": (block.may_review, QuestionForm),
            "return_result": (block.may_return, ReasonForm),
            "answer": (block.may_answer, AnswerForm),
            "reopen": (block.may_reopen, ReopenForm),
        }
        for name, (allowed, form_class) in wanted.items():
            if allowed:
                block.forms[name] = form_class(
                    prefix=f"{name}-{pk}", initial={"sequence": block.result.sequence}
                )
    return page


def page_response(
    request: HttpRequest,
    submission: Submission,
    *,
    adjust: dict[int, Adjust] | None = None,
    status: int = 200,
) -> HttpResponse:
    page = with_forms(submission_page(request.user, submission))
    for pk, change in (adjust or {}).items():
        block = page.find(pk)
        if block is not None:
            change(block)
    context = {
        "page": page,
        "submission": submission,
        "round": submission.round,
    }
    return render(request, TEMPLATE, context, status=status)


def result_url(result: IndicatorResult) -> str:
    return reverse("assessments:submission", args=[result.submission_id]) + f"#result-{result.pk}"


def items_of(result: IndicatorResult) -> list[EvaluationItem]:
    return list(
        EvaluationItem.objects.filter(indicator=result.indicator_id).order_by("order", "pk")
    )


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk)
    return page_response(request, submission)


@login_required
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """One indicator result: its place on the submission page (links in notices)."""
    found = get_result_for_user(request.user, pk)
    return redirect(result_url(found))


@login_required
@require_POST
def save(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_result_for_user(request.user, pk, Perm.SUBMISSION_EDIT)
    choices = scores.done_choices(found.indicator.criteria)
    form = ResultForm(request.POST, result=found, items=items_of(found), choices=choices)
    submission = found.submission

    def keep(form: ResultForm) -> Adjust:
        def change(block: ResultBlock) -> None:
            block.form = form

        return change

    if not form.is_valid():
        return page_response(request, submission, adjust={found.pk: keep(form)}, status=400)
    try:
        actions.save_result(
            actor_from(request),
            found,
            sequence=form.cleaned_data["sequence"],
            items=form.items_typed(),
            done=form.done_ids(),
            conditions=form.conditions_met(),
            performance=form.cleaned_data["performance"],
            obstacles=form.cleaned_data["obstacles"],
            suggestions=form.cleaned_data["suggestions"],
        )
    except StaleResult as stale:
        # Keep what the user typed; the next save deliberately replaces the newer version.
        data = request.POST.copy()
        data[form.add_prefix("sequence")] = str(stale.result.sequence)
        fresh = ResultForm(data, result=found, items=items_of(found), choices=choices)
        fresh.is_valid()
        changes = stale.changes

        def show(block: ResultBlock) -> None:
            block.form = fresh
            block.changes = changes

        return page_response(request, submission, adjust={found.pk: show}, status=409)
    except AssessmentError as error:
        for item_pk, message in error.errors.items():
            name = form.item_field_name(item_pk)
            form.add_error(name, message)
        if not error.errors:
            form.add_error(None, error.message)
        return page_response(request, submission, adjust={found.pk: keep(form)}, status=400)
    messages.success(
        request, _("Indicator %(number)s is saved.") % {"number": found.indicator.number}
    )
    return redirect(result_url(found))


@login_required
@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-score of what is typed (htmx), nothing saved."""
    found = get_result_for_user(request.user, pk, Perm.SUBMISSION_EDIT)
    choices = scores.done_choices(found.indicator.criteria)
    form = ResultForm(request.POST, result=found, items=items_of(found), choices=choices)
    form.is_valid()
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    whatif = scores.preview(
        found, form.items_typed(), form.done_ids(), form.conditions_met() or None
    )
    context = {"result": found, "whatif": whatif, "previewed": True}
    return render(request, f"{TEMPLATE}#selfscore", context)


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, Perm.SUBMISSION_SUBMIT)
    try:
        actions.submit(actor_from(request), submission)
    except AssessmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The results are submitted to the evaluators."))
    return redirect("assessments:submission", submission.pk)
