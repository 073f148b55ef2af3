"""Fetching agreements for a user: 404 outside their scope (Perm.AGREEMENT_VIEW in the agency's
subtree), 403 when their role there does not give the permission asked for."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from ges.agreements.models import Agreement, AgreementQuerySet, Amendment
from ges.indicators.models import Indicator
from ges.orgs.access import Person, has_perm, scope_paths
from ges.orgs.permissions import Perm


def visible_to(user: Person, perm: Perm = Perm.AGREEMENT_VIEW) -> AgreementQuerySet:
    paths = scope_paths(user, perm)
    if paths is None:
        return Agreement.objects.all()
    if not paths:
        return Agreement.objects.none()
    in_scope = Q(pk__in=[])
    for path in paths:
        in_scope |= Q(organization__path__startswith=path)
    return Agreement.objects.filter(in_scope)


def get_agreement_for_user(user: Person, pk: int, perm: Perm = Perm.AGREEMENT_VIEW) -> Agreement:
    agreement = (
        visible_to(user)
        .select_related("framework__fiscal_year", "organization__parent")
        .filter(pk=pk)
        .first()
    )
    if agreement is None:
        raise Http404
    if not has_perm(user, perm, agreement.organization):
        raise PermissionDenied
    return agreement


def get_agreement_indicator(agreement: Agreement, indicator_pk: int) -> Indicator:
    """A top-level indicator of the agreement's agency and framework; 404 otherwise."""
    indicator = (
        Indicator.objects.of_agency(agreement.organization, agreement.framework)
        .top_level()
        .select_related("component", "responsible_unit", "standard")
        .filter(pk=indicator_pk)
        .first()
    )
    if indicator is None:
        raise Http404
    return indicator


def get_amendment_for_user(user: Person, pk: int, perm: Perm = Perm.AGREEMENT_VIEW) -> Amendment:
    amendment = (
        Amendment.objects.filter(agreement__in=visible_to(user), pk=pk)
        .select_related(
            "agreement__framework__fiscal_year",
            "agreement__organization__parent",
            "indicator",
            "proposed_by",
            "decided_by",
            "version_before",
            "version_after",
        )
        .first()
    )
    if amendment is None:
        raise Http404
    if not has_perm(user, perm, amendment.agreement.organization):
        raise PermissionDenied
    return amendment


def may(user: Person, perm: Perm, agreement: Agreement) -> bool:
    return has_perm(user, perm, agreement.organization)
