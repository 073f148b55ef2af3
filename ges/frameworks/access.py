"""Access helpers: the only way views fetch frameworks, their parts and standard indicators.

Every signed-in person may read frameworks (their structure is public-ish); framework admins
change them; an indicator owner changes the standard indicators its organisation owns.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from ges.frameworks.models import Component, Framework, Round
from ges.indicators.models import Indicator
from ges.orgs.access import Person, has_global_perm, has_perm
from ges.orgs.permissions import Perm


def may_edit_frameworks(user: Person) -> bool:
    return has_global_perm(user, Perm.FRAMEWORK_EDIT)


def require_framework_admin(user: Person) -> None:
    if not may_edit_frameworks(user):
        raise PermissionDenied


def get_framework_for_user(user: Person, pk: int, *, edit: bool = False) -> Framework:
    """A framework to read (anyone signed in) or, with `edit`, to change (framework admins)."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    framework = Framework.objects.select_related("fiscal_year", "copied_from__fiscal_year")
    found = framework.filter(pk=pk).first()
    if found is None:
        raise Http404
    if edit:
        require_framework_admin(user)
    return found


def get_component_for_user(user: Person, framework: Framework, pk: int) -> Component:
    """A component of `framework` to change; 404 when it belongs to another framework."""
    require_framework_admin(user)
    component = Component.objects.filter(framework=framework, pk=pk).first()
    if component is None:
        raise Http404
    return component


def get_round_for_user(user: Person, framework: Framework, pk: int) -> Round:
    require_framework_admin(user)
    found = Round.objects.filter(framework=framework, pk=pk).first()
    if found is None:
        raise Http404
    return found


def may_edit_standard_indicator(user: Person, indicator: Indicator) -> bool:
    """Framework admins everywhere; an indicator owner for indicators its organisation owns."""
    if may_edit_frameworks(user):
        return True
    owner = indicator.owner
    return owner is not None and has_perm(user, Perm.STANDARD_INDICATOR_EDIT, owner)


def get_standard_indicator_for_user(user: Person, pk: int, *, edit: bool = False) -> Indicator:
    """A standard indicator (one with no agency) to read, or with `edit` to change."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    indicator = (
        Indicator.objects.standard()
        .select_related("framework__fiscal_year", "owner", "component", "parent")
        .filter(pk=pk)
        .first()
    )
    if indicator is None:
        raise Http404
    if edit and not may_edit_standard_indicator(user, indicator):
        raise PermissionDenied
    return indicator
