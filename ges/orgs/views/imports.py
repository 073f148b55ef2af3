"""Importing the organisation list: upload, preview with an error per row, then apply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ges.audit.log import actor_from
from ges.lib import tabular
from ges.orgs import imports
from ges.orgs.access import get_organization_import_for_user, has_global_perm
from ges.orgs.models import OrganizationImport
from ges.orgs.permissions import Perm

RECENT_IMPORTS = 10
PREVIEW_LIMIT = 1000
SHOW_CHOICES = ("all", "errors", "changes")


def _require_importer(request: HttpRequest) -> None:
    if not has_global_perm(request.user, Perm.ORG_IMPORT):
        raise PermissionDenied


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = imports.OrganizationFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and form.table is not None:
        batch = imports.start_import(
            actor_from(request), form.cleaned_data["file"].name, form.table
        )
        return redirect("orgs:import_preview", batch.pk)
    recent = OrganizationImport.objects.select_related("uploaded_by")[:RECENT_IMPORTS]
    context = {
        "form": form,
        "recent": recent,
        "columns": imports.COLUMNS,
        "required": imports.REQUIRED_COLUMNS,
        "thai_headers": {column: th for th, column in imports.THAI_HEADERS.items()},
        "labels": imports.COLUMN_LABELS,
        "max_rows": f"{imports.MAX_ROWS:,}",
        "max_megabytes": imports.MAX_FILE_BYTES // (1024 * 1024),
    }
    return render(request, "orgs/import.html", context)


@login_required
@require_GET
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_organization_import_for_user(request.user, pk)
    return _render_preview(request, batch, imports.review(batch))


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_organization_import_for_user(request.user, pk)
    try:
        plan = imports.apply_import(actor_from(request), batch.pk)
    except imports.ImportAlreadyApplied:
        messages.error(request, _("This file has already been imported; nothing was changed."))
        return redirect("orgs:import_preview", batch.pk)
    if plan.has_errors:
        messages.error(request, _("Nothing was imported: some rows have errors now."))
        return _render_preview(request, batch, plan)
    counts = plan.counts()
    messages.success(
        request,
        _("Imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.") % counts,
    )
    return redirect("orgs:import_preview", batch.pk)


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    response = HttpResponse(imports.template_file(), content_type=tabular.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="ges-organizations-template.xlsx"'
    return response


def _render_preview(
    request: HttpRequest, batch: OrganizationImport, plan: imports.ImportPlan
) -> HttpResponse:
    show = request.GET.get("show", "all")
    if show not in SHOW_CHOICES:
        show = "all"
    rows = plan.rows
    if show == "errors":
        rows = plan.error_rows
    elif show == "changes":
        rows = [row for row in rows if row.errors or row.action != imports.RowAction.UNCHANGED]
    context = {
        "batch": batch,
        "plan": plan,
        "counts": plan.counts(),
        "headers": [imports.COLUMN_LABELS[column] for column in batch.columns],
        "rows": [(row, row.cells(batch.columns)) for row in rows[:PREVIEW_LIMIT]],
        "row_count": len(rows),
        "limit": PREVIEW_LIMIT,
        "show": show,
    }
    return render(request, "orgs/import_preview.html", context)
