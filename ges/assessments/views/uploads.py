"""Results from indicator owners: the standard indicators a person supplies for a round, the
Excel template of each, the upload of a filled-in file, its preview with an error per row,
and applying it (ges/assessments/uploads.py does the work)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ges.assessments import upload_file, uploads
from ges.assessments.models import ResultUpload
from ges.assessments.views.evidence import SizeGuard
from ges.audit.log import actor_from
from ges.lib import tabular

RECENT_UPLOADS = 20
PREVIEW_LIMIT = 1000
SHOW_CHOICES = ("all", "errors", "changes")


@login_required
@require_GET
def index(request: HttpRequest, pk: int) -> HttpResponse:
    """The standard indicators the person supplies in the round's framework, and past uploads."""
    round = uploads.get_round_for_upload(request.user, pk)
    indicators = (
        uploads.uploadable_indicators(request.user)
        .filter(framework_id=round.framework_id)
        .select_related("owner")
        .order_by("order", "number", "pk")
    )
    recent = (
        uploads.visible_uploads(request.user)
        .filter(round=round)
        .select_related("applied_by")[:RECENT_UPLOADS]
    )
    context = {
        "round": round,
        "framework": round.framework,
        "indicators": indicators,
        "recent": recent,
    }
    return render(request, "assessments/upload_index.html", context)


@login_required
@require_GET
def template(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    round, indicator = uploads.get_indicator_for_upload(request.user, pk, indicator_pk)
    response = HttpResponse(
        uploads.template_file(round, indicator), content_type=tabular.XLSX_CONTENT_TYPE
    )
    filename = uploads.template_filename(round, indicator)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@csrf_exempt  # the size guard must be in place before the body is read; checked just below
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    if request.method == "POST":
        request.upload_handlers.insert(0, SizeGuard(upload_file.MAX_FILE_BYTES))
    return _upload(request, pk, indicator_pk)


@csrf_protect
def _upload(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    round, indicator = uploads.get_indicator_for_upload(request.user, pk, indicator_pk)
    columns = upload_file.columns_of(indicator)
    posted = request.method == "POST"
    form = upload_file.ResultFileForm(
        request.POST if posted else None, request.FILES if posted else None, columns=columns
    )
    if posted:
        if any(isinstance(h, SizeGuard) and h.exceeded for h in request.upload_handlers):
            form.add_error(None, upload_file.too_large_message())
        elif round.is_closed:
            form.add_error(None, _("The evaluation of this round is closed; results are final."))
        elif form.is_valid() and form.table is not None:
            batch = uploads.start_upload(
                actor_from(request), round, indicator, form.cleaned_data["file"].name, form.table
            )
            return redirect("assessments:upload_preview", batch.pk)
    context = {
        "round": round,
        "framework": round.framework,
        "indicator": indicator,
        "columns": columns,
        "form": form,
        "code_header": upload_file.CODE,
        "name_header": upload_file.NAME,
        "max_rows": f"{upload_file.MAX_ROWS:,}",
        "max_megabytes": upload_file.MAX_FILE_BYTES // (1024 * 1024),
    }
    return render(request, "assessments/upload_form.html", context)


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = uploads.get_upload_for_user(request.user, pk)
    return _render_preview(request, batch, uploads.review(batch))


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = uploads.get_upload_for_user(request.user, pk)
    try:
        plan = uploads.apply_upload(actor_from(request), batch.pk)
    except uploads.UploadAlreadyApplied:
        messages.error(request, _("This file has already been applied; nothing was changed."))
        return redirect("assessments:upload_preview", batch.pk)
    if plan.has_errors:
        messages.error(request, _("Nothing was saved: some rows have errors now."))
        return _render_preview(request, batch, plan)
    messages.success(
        request,
        _("Saved: %(new)s new and %(changed)s changed results for %(agencies)s agencies.")
        % plan.counts(),
    )
    return redirect("assessments:upload_preview", batch.pk)


def _render_preview(
    request: HttpRequest, batch: ResultUpload, plan: uploads.UploadPlan
) -> HttpResponse:
    show = request.GET.get("show", "all")
    if show not in SHOW_CHOICES:
        show = "all"
    rows = plan.rows
    if show == "errors":
        rows = plan.error_rows
    elif show == "changes":
        rows = [row for row in rows if row.action != "unchanged"]
    context = {
        "batch": batch,
        "round": batch.round,
        "framework": batch.round.framework,
        "indicator": batch.indicator,
        "plan": plan,
        "counts": batch.summary if batch.is_applied else plan.counts(),
        "rows": rows[:PREVIEW_LIMIT],
        "row_count": len(rows),
        "limit": PREVIEW_LIMIT,
        "show": show,
    }
    return render(request, "assessments/upload_preview.html", context)
