from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ges.audit.forms import AuditFilterForm
from ges.audit.models import AuditEntry, model_for, object_type_label
from ges.orgs.access import has_perm
from ges.orgs.permissions import Perm

PAGE_SIZE = 50


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    type_label: str
    changes: list[Change]


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.AUDIT_VIEW):
        raise PermissionDenied
    entries = AuditEntry.objects.all()
    form = AuditFilterForm(
        request.GET, object_types=entries.object_types(), action_codes=entries.action_codes()
    )
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        matches = entries.matching(**form.filters()).select_related("actor")
        page = Paginator(matches, PAGE_SIZE).get_page(request.GET.get("page"))
        context["page"] = page
        context["rows"] = [row_for(entry) for entry in page]
    return render(request, "audit/log.html", context)


def row_for(entry: AuditEntry) -> Row:
    model = model_for(entry.object_type)
    # PostgreSQL's jsonb does not keep key order; show fields in the model's order.
    order = {field.name: n for n, field in enumerate(model._meta.get_fields())} if model else {}
    fields = sorted(entry.changed_fields(), key=lambda change: order.get(change[0], len(order)))
    changes = [
        Change(_field_label(model, name), _shown(model, name, old), _shown(model, name, new))
        for name, old, new in fields
    ]
    return Row(entry, object_type_label(entry.object_type), changes)


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _field_label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    label = getattr(field, "verbose_name", None)
    return capfirst(str(label)) if label else name


def _shown(model: type[models.Model] | None, name: str, value: Any) -> str:
    """A stored value as a person reads it: choice labels, yes/no, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    field = _field(model, name)
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
