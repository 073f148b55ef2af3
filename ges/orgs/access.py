"""Access helpers: the only way views fetch organisations and people for a user.

`get_organization_for_user` answers 404 outside the user's scope (never revealing that the
object exists) and 403 when the user sees it but their role is too low.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from ges.orgs.models import (
    Membership,
    Organization,
    OrganizationImport,
    OrganizationQuerySet,
    Role,
    User,
)
from ges.orgs.permissions import GLOBAL_ROLES, GRANTABLE_ROLES, Perm, role_grants

type Person = User | AnonymousUser


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind @login_required."""

    user: User


@dataclass(frozen=True)
class Grant:
    role: Role
    path: str
    organization_id: int


def grants_of(user: Person) -> list[Grant]:
    """The user's memberships, read once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[Grant] | None = getattr(user, "_ges_grants", None)
    if cached is None:
        rows = Membership.objects.filter(user=user).values_list(
            "role", "organization__path", "organization_id"
        )
        cached = [Grant(Role(role), path, org_id) for role, path, org_id in rows]
        user._ges_grants = cached  # type: ignore[attr-defined]
    return cached


def scope_paths(user: Person, perm: Perm) -> list[str] | None:
    """Subtree paths where the user has `perm`; None means everywhere."""
    paths = []
    for grant in grants_of(user):
        if not role_grants(grant.role, perm):
            continue
        if grant.role in GLOBAL_ROLES:
            return None
        paths.append(grant.path)
    return paths


def has_perm(user: Person, perm: Perm, organization: Organization | None = None) -> bool:
    """Whether the user may do `perm` on `organization` (or anywhere, if None)."""
    paths = scope_paths(user, perm)
    if paths is None:
        return True
    if organization is None:
        return bool(paths)
    return any(organization.path.startswith(path) for path in paths)


def visible_to(user: Person, perm: Perm = Perm.ORG_VIEW) -> OrganizationQuerySet:
    paths = scope_paths(user, perm)
    if paths is None:
        return Organization.objects.all()
    return Organization.objects.within(paths)


def top_organizations(user: Person) -> OrganizationQuerySet:
    """Where the user's view of the tree starts: the roots, or the top of their scopes."""
    paths = scope_paths(user, Perm.ORG_VIEW)
    if paths is None:
        return Organization.objects.filter(parent__isnull=True)
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return Organization.objects.filter(path__in=tops)


def get_organization_for_user(user: Person, pk: int, perm: Perm = Perm.ORG_VIEW) -> Organization:
    organization = visible_to(user).filter(pk=pk).select_related("parent").first()
    if organization is None:
        raise Http404
    if not has_perm(user, perm, organization):
        raise PermissionDenied
    return organization


def grantable_roles(user: Person, organization: Organization) -> list[Role]:
    """Roles the user may grant in `organization`, in the order of Role."""
    allowed: set[Role] = set()
    for grant in grants_of(user):
        if not role_grants(grant.role, Perm.PEOPLE_MANAGE):
            continue
        if grant.role in GLOBAL_ROLES or organization.path.startswith(grant.path):
            allowed |= GRANTABLE_ROLES.get(grant.role, frozenset())
    return [role for role in Role if role in allowed]


def grantable_roles_anywhere(user: Person) -> list[Role]:
    """Roles the user may grant in at least one organisation, in the order of Role."""
    allowed: set[Role] = set()
    for grant in grants_of(user):
        if role_grants(grant.role, Perm.PEOPLE_MANAGE):
            allowed |= GRANTABLE_ROLES.get(grant.role, frozenset())
    return [role for role in Role if role in allowed]


def get_membership_for_user(user: Person, pk: int) -> Membership:
    """A membership the user may revoke: inside their people-management scope."""
    membership = (
        Membership.objects.filter(organization__in=visible_to(user, Perm.PEOPLE_VIEW), pk=pk)
        .select_related("organization", "user")
        .first()
    )
    if membership is None:
        raise Http404
    if Role(membership.role) not in grantable_roles(user, membership.organization):
        raise PermissionDenied
    return membership


def has_global_perm(user: Person, perm: Perm) -> bool:
    """Whether the user may do `perm` everywhere, as work on the whole tree (imports) needs."""
    return user.is_authenticated and scope_paths(user, perm) is None


def get_organization_import_for_user(user: Person, pk: int) -> OrganizationImport:
    """An organisation import: framework admins see every one, everyone else gets 403."""
    if not has_global_perm(user, Perm.ORG_IMPORT):
        raise PermissionDenied
    batch = (
        OrganizationImport.objects.select_related("uploaded_by", "applied_by").filter(pk=pk).first()
    )
    if batch is None:
        raise Http404
    return batch
