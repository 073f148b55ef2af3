"""Fetching indicators for a user: 404 outside their scope, 403 when the role is too low.

An agency's indicator belongs to its organisation's subtree; a standard indicator is visible to
every signed-in person with Perm.INDICATOR_VIEW anywhere and editable in its owner's subtree.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from ges.frameworks.models import Framework, FrameworkKind
from ges.indicators.models import Indicator, IndicatorQuerySet
from ges.orgs.access import Person, has_perm, scope_paths
from ges.orgs.access import visible_to as organizations_visible_to
from ges.orgs.models import Organization, OrganizationKind
from ges.orgs.permissions import Perm


def visible_to(user: Person) -> IndicatorQuerySet:
    paths = scope_paths(user, Perm.INDICATOR_VIEW)
    if paths is None:
        return Indicator.objects.all()
    if not paths:
        return Indicator.objects.none()
    in_scope = Q(pk__in=[])
    for path in paths:
        in_scope |= Q(organization__path__startswith=path)
    return Indicator.objects.filter(in_scope | Q(organization__isnull=True))


def can_edit(user: Person, indicator: Indicator) -> bool:
    if indicator.is_standard:
        owner = indicator.owner
        if owner is None:
            return has_perm(user, Perm.FRAMEWORK_EDIT)
        return has_perm(user, Perm.STANDARD_INDICATOR_EDIT, owner)
    assert indicator.organization is not None
    return has_perm(user, Perm.INDICATOR_EDIT, indicator.organization)


def get_indicator_for_user(user: Person, pk: int, *, edit: bool = False) -> Indicator:
    indicator = (
        visible_to(user)
        .select_related("framework__fiscal_year", "organization", "owner", "component", "parent")
        .filter(pk=pk)
        .first()
    )
    if indicator is None:
        raise Http404
    if edit and not can_edit(user, indicator):
        raise PermissionDenied
    return indicator


# The organisation kinds evaluated under each kind of framework.
AGENCY_FRAMEWORK_KINDS: dict[str, str] = {
    OrganizationKind.DEPARTMENT: FrameworkKind.DEPARTMENTS,
    OrganizationKind.PROVINCE: FrameworkKind.PROVINCES,
    OrganizationKind.PUBLIC_ORGANIZATION: FrameworkKind.PUBLIC_ORGANIZATIONS,
}


def get_agency_for_user(user: Person, pk: int, *, edit: bool = False) -> Organization:
    """An agency whose indicators the user reads (or, with `edit`, writes)."""
    agency = (
        organizations_visible_to(user, Perm.INDICATOR_VIEW)
        .filter(pk=pk)
        .select_related("parent")
        .first()
    )
    if agency is None:
        raise Http404
    if edit and not has_perm(user, Perm.INDICATOR_EDIT, agency):
        raise PermissionDenied
    return agency


def get_agency_framework(agency: Organization, year: int) -> Framework:
    """The framework an agency is evaluated under in fiscal year `year`; 404 when none."""
    kind = AGENCY_FRAMEWORK_KINDS.get(agency.kind)
    framework = (
        Framework.objects.select_related("fiscal_year")
        .filter(kind=kind, fiscal_year__year=year)
        .first()
        if kind
        else None
    )
    if framework is None:
        raise Http404
    return framework
