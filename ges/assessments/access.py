"""Fetching submissions and indicator results for a user: 404 outside their scope
(Perm.SUBMISSION_VIEW in the agency's subtree), 403 when their role there lacks the permission
asked for (e.g. a viewer asking for Perm.SUBMISSION_EDIT)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ges.assessments.models import IndicatorResult, Submission
from ges.orgs.access import Person, has_perm, scope_paths
from ges.orgs.permissions import Perm


def _in_scope(paths: list[str], prefix: str) -> Q:
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{f"{prefix}__path__startswith": path})
    return condition


def visible_submissions(user: Person, perm: Perm = Perm.SUBMISSION_VIEW) -> QuerySet[Submission]:
    """The submissions of the agencies in the user's scope for `perm`."""
    paths = scope_paths(user, perm)
    if paths is None:
        return Submission.objects.all()
    if not paths:
        return Submission.objects.none()
    return Submission.objects.filter(_in_scope(paths, "organization"))


def visible_results(user: Person, perm: Perm = Perm.SUBMISSION_VIEW) -> QuerySet[IndicatorResult]:
    paths = scope_paths(user, perm)
    if paths is None:
        return IndicatorResult.objects.all()
    if not paths:
        return IndicatorResult.objects.none()
    return IndicatorResult.objects.filter(_in_scope(paths, "submission__organization"))


def get_submission_for_user(user: Person, pk: int, perm: Perm = Perm.SUBMISSION_VIEW) -> Submission:
    submission = (
        visible_submissions(user)
        .select_related("round__framework__fiscal_year", "organization__parent", "submitted_by")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404
    if not has_perm(user, perm, submission.organization):
        raise PermissionDenied
    return submission


def get_result_for_user(
    user: Person, pk: int, perm: Perm = Perm.SUBMISSION_VIEW
) -> IndicatorResult:
    result = (
        visible_results(user)
        .select_related(
            "submission__round__framework__fiscal_year",
            "submission__organization__parent",
            "indicator__component",
        )
        .filter(pk=pk)
        .first()
    )
    if result is None:
        raise Http404
    if not has_perm(user, perm, result.submission.organization):
        raise PermissionDenied
    return result


def may(user: Person, perm: Perm, submission: Submission) -> bool:
    """Whether the user may do `perm` on the submission (for showing buttons)."""
    return has_perm(user, perm, submission.organization)


def may_see_ranking(user: Person, closed: bool) -> bool:
    """The ranking of a round: evaluators and OPDC while the evaluation runs; every reader once
    it is closed."""
    return closed or has_perm(user, Perm.SUBMISSION_REVIEW)
