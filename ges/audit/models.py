from __future__ import annotations

import datetime as dt
from typing import Any, NoReturn

from django.apps import apps
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


def model_for(object_type: str) -> type[models.Model] | None:
    """The model an entry's `object_type` ("orgs.organization") names, if it still exists."""
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = model_for(object_type)
    return capfirst(str(model._meta.verbose_name)) if model else object_type


class AppendOnlyError(RuntimeError):
    """Raised by any attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")

    def about(self, object_type: str, object_id: object) -> AuditEntryQuerySet:
        return self.filter(object_type=object_type, object_id=str(object_id))

    def matching(
        self,
        *,
        person: str = "",
        action: str = "",
        object_type: str = "",
        object_id: str = "",
        object_text: str = "",
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
    ) -> AuditEntryQuerySet:
        """Entries that pass every given filter; empty values do not filter.

        `person` matches the username or the person's name; `action` is a prefix
        ("org." gives every organisation action); `since` is inclusive, `until` exclusive.
        """
        entries = self
        if person:
            entries = entries.filter(
                Q(actor_name__icontains=person)
                | Q(actor__first_name__icontains=person)
                | Q(actor__last_name__icontains=person)
            )
        if action:
            entries = entries.filter(action__startswith=action)
        if object_type:
            entries = entries.filter(object_type=object_type)
        if object_id:
            entries = entries.filter(object_id=object_id)
        if object_text:
            entries = entries.filter(object_repr__icontains=object_text)
        if since is not None:
            entries = entries.filter(at__gte=since)
        if until is not None:
            entries = entries.filter(at__lt=until)
        return entries

    def object_types(self) -> list[str]:
        return list(self.order_by("object_type").values_list("object_type", flat=True).distinct())

    def action_codes(self) -> list[str]:
        return list(self.order_by("action").values_list("action", flat=True).distinct())


class AuditEntry(models.Model):
    """One change in GES: who, when, what, before and after. Never updated or deleted
    (the ORM refuses, and a database trigger refuses updates)."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("who (name)"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=255)
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("The audit log is append-only.")

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every value that differs, for display."""
        before = self.before if isinstance(self.before, dict) else {}
        after = self.after if isinstance(self.after, dict) else {}
        keys = list(dict.fromkeys([*before, *after]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
