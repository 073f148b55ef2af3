"""Writing the audit log. Call `record` inside the transaction that makes the change."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from ges.audit.models import AuditEntry

if TYPE_CHECKING:
    from django.http import HttpRequest

    from ges.orgs.models import User


@dataclass(frozen=True)
class Actor:
    """Who is acting, and from where; built once per request by `actor_from`."""

    user: User | None
    ip_address: str | None = None


def client_ip(request: HttpRequest) -> str | None:
    header = settings.AUDIT_IP_HEADER
    raw = request.headers.get(header, "") if header else ""
    candidate = raw.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def actor_from(request: HttpRequest) -> Actor:
    user = request.user if request.user.is_authenticated else None
    return Actor(user=user, ip_address=client_ip(request))


def record(
    actor: Actor,
    action: str,
    obj: models.Model,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(**entry_values(actor, action, obj, before=before, after=after))


def entry_values(
    actor: Actor,
    action: str,
    obj: models.Model,
    *,
    before: Any = None,
    after: Any = None,
    shown: str | None = None,
) -> dict[str, Any]:
    """The fields of the audit entry `record` writes, as plain values: for bulk paths that
    insert many entries at once (ges.lib.rows.insert_values). `shown` replaces str(obj) where
    that would cost a query per row."""
    return {
        "actor_id": actor.user.pk if actor.user else None,
        "actor_name": actor.user.username if actor.user else "",
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(obj.pk),
        "object_repr": (str(obj) if shown is None else shown)[:255],
        "before": before,
        "after": after,
        "ip_address": actor.ip_address,
    }
