"""Changes to organisations and memberships: each one atomic and written to the audit log."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from ges.audit.log import Actor, record
from ges.orgs.models import Membership, Organization, Role, User

EDITABLE_FIELDS = ("kind", "code", "name_th", "name_en", "short_name", "is_active")


class TreeError(ValueError):
    """A change that would break the tree (a cycle)."""


def create_organization(actor: Actor, parent: Organization | None, **values: Any) -> Organization:
    with transaction.atomic():
        organization = Organization(parent=parent, **values)
        organization.path = "pending"
        organization.save()
        organization.path = organization.compute_path()
        organization.depth = organization.path.count("/") - 2
        organization.save(update_fields=["path", "depth"])
        record(actor, "org.created", organization, after=organization.audit_values())
    return organization


def update_organization(
    actor: Actor, organization: Organization, parent: Organization | None, **values: Any
) -> Organization:
    with transaction.atomic():
        current = Organization.objects.select_for_update().get(pk=organization.pk)
        before = current.audit_values()
        for name in EDITABLE_FIELDS:
            if name in values:
                setattr(current, name, values[name])
        current.save(update_fields=[name for name in EDITABLE_FIELDS if name in values])
        if (parent.pk if parent else None) != current.parent_id:
            _move(current, parent)
        after = current.audit_values()
        if after != before:
            record(actor, "org.updated", current, before=before, after=after)
    return current


def _move(organization: Organization, new_parent: Organization | None) -> None:
    """Re-hang a subtree: one UPDATE rewrites the paths of the node and all below it."""
    if new_parent is not None:
        new_parent.refresh_from_db(fields=["path"])
        if new_parent.path.startswith(organization.path):
            raise TreeError(_("An organisation cannot be placed under itself or its own unit."))
    old_path = organization.path
    organization.parent = new_parent
    new_path = organization.compute_path()
    depth_change = new_path.count("/") - old_path.count("/")
    Organization.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_change,
    )
    organization.save(update_fields=["parent"])
    organization.refresh_from_db(fields=["path", "depth"])


def grant_role(
    actor: Actor, user: User, organization: Organization, role: Role
) -> tuple[Membership, bool]:
    """Give `user` the `role` in `organization`; returns (membership, created)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organization=organization, role=role, defaults={"granted_by": actor.user}
        )
        if created:
            record(actor, "membership.granted", membership, after=membership.audit_values())
    return membership, created


def revoke_role(actor: Actor, membership: Membership) -> None:
    with transaction.atomic():
        before = membership.audit_values()
        record(actor, "membership.revoked", membership, before=before)
        membership.delete()


def add_person(
    actor: Actor,
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    organization: Organization,
    role: Role,
) -> User:
    """Create a person who sets their own password from the e-mailed link."""
    with transaction.atomic():
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        user.set_unusable_password()
        user.save()
        record(
            actor,
            "person.created",
            user,
            after={"username": username, "name": user.get_full_name(), "email": email},
        )
        grant_role(actor, user, organization, role)
    return user
