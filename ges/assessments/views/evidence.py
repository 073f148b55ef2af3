"""Evidence of one indicator result: upload, reuse from another round, remove, mark public, and
download through the permission check. With htmx each change answers the result's evidence panel
(templates/assessments/_evidence.html); without it, a redirect back to the submission."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from ges.assessments import evidence as files
from ges.assessments.access import get_result_for_user
from ges.assessments.errors import AssessmentError
from ges.assessments.models import Evidence, IndicatorResult
from ges.audit.log import actor_from
from ges.orgs.permissions import Perm

PANEL = "assessments/_evidence.html"


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"))
    description = forms.CharField(label=gettext_lazy("Description"), max_length=500, required=False)
    is_public = forms.BooleanField(label=gettext_lazy("Public"), required=False)


class SizeGuard(FileUploadHandler):
    """Stops reading an upload once it passes the evidence size limit, so an oversize file is
    neither kept in memory nor written to a temporary file; the view then says why."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.received = 0
        self.exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def _answer(
    request: HttpRequest, result: IndicatorResult, *, error: str = "", done: str = ""
) -> HttpResponse:
    """The refreshed panel for htmx; otherwise back to the submission with a message."""
    if request.headers.get("HX-Request") == "true":
        context = {"panel": files.evidence_panel(request.user, result, error)}
        return render(request, PANEL, context)
    if error:
        messages.error(request, error)
    elif done:
        messages.success(request, done)
    url = reverse("assessments:submission", args=[result.submission_id])
    return redirect(f"{url}#evidence-{result.pk}")


def _result(request: HttpRequest, pk: int) -> IndicatorResult:
    return get_result_for_user(request.user, pk, Perm.SUBMISSION_EDIT)


@login_required
@csrf_exempt  # the size guard must be in place before the body is read; checked just below
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    request.upload_handlers.insert(0, SizeGuard(files.max_bytes()))
    return _upload(request, pk)


@csrf_protect
def _upload(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result(request, pk)
    form = UploadForm(request.POST, request.FILES)  # reads the body, through the size guard
    if any(isinstance(h, SizeGuard) and h.exceeded for h in request.upload_handlers):
        return _answer(request, result, error=files.too_large_message())
    if not form.is_valid():
        problems = [str(error) for errors in form.errors.values() for error in errors]
        return _answer(request, result, error=" ".join(problems))
    try:
        files.upload_evidence(
            actor_from(request),
            result,
            form.cleaned_data["file"],
            description=form.cleaned_data["description"],
            is_public=form.cleaned_data["is_public"],
        )
    except AssessmentError as refusal:
        return _answer(request, result, error=refusal.message)
    return _answer(request, result, done=_("The file was added."))


@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    result = _result(request, pk)
    chosen = _chosen(result, request.POST.get("evidence", ""))
    if chosen is None:
        return _answer(request, result, error=_("Choose a file from an earlier round."))
    try:
        files.attach_evidence(actor_from(request), result, chosen)
    except AssessmentError as refusal:
        return _answer(request, result, error=refusal.message)
    return _answer(request, result, done=_("The file was added."))


def _chosen(result: IndicatorResult, raw: str) -> Evidence | None:
    """A file of the result's agency and indicator; nothing else can be picked."""
    if not raw.isdigit():
        return None
    return Evidence.objects.filter(
        pk=int(raw),
        organization=result.submission.organization_id,
        indicator=result.indicator_id,
    ).first()


@login_required
@require_POST
def detach(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    result = _result(request, pk)
    evidence = _attached(result, evidence_pk)
    try:
        files.detach_evidence(actor_from(request), result, evidence)
    except AssessmentError as refusal:
        return _answer(request, result, error=refusal.message)
    return _answer(request, result, done=_("The file was removed."))


@login_required
@require_POST
def set_public(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    result = _result(request, pk)
    evidence = _attached(result, evidence_pk)
    public = request.POST.get("is_public") == "1"
    try:
        files.set_public(actor_from(request), evidence, public)
    except AssessmentError as refusal:
        return _answer(request, result, error=refusal.message)
    return _answer(request, result, done=_("Changes saved."))


def _attached(result: IndicatorResult, evidence_pk: int) -> Evidence:
    evidence = result.evidence.filter(pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    return evidence


@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file as an attachment with its original name; never shown inline."""
    try:
        evidence = files.get_evidence_for_user(request.user, pk)
    except Http404:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise
    try:
        handle: Any = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    patch_cache_control(response, private=True, no_cache=True)
    return response
