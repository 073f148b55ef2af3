"""What the rounds ask of each person, for "My work" (ges.notices.inbox): editors report
the results of open rounds; the agency answers questions and fixes returned indicators;
approvers verify and submit what is complete; evaluators review what waits in their scope.
A fixed number of queries whatever the number of tasks."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ges.assessments.access import visible_results, visible_submissions
from ges.assessments.models import (
    ItemResult,
    ResultStatus,
    Submission,
    SubmissionStatus,
)
from ges.assessments.page import in_scope
from ges.frameworks.models import Round
from ges.indicators.models import EvaluationItem, Indicator
from ges.notices.inbox import Task
from ges.orgs.access import has_perm
from ges.orgs.models import Organization, User
from ges.orgs.permissions import Perm

REVIEWED = [ResultStatus.ACCEPTED, ResultStatus.CONFIRMED]


def assessment_tasks(user: User) -> list[Task]:
    tasks: list[Task] = []
    if has_perm(user, Perm.SUBMISSION_EDIT):
        tasks += reporting_tasks(user)
    if has_perm(user, Perm.SUBMISSION_EDIT) or has_perm(user, Perm.SUBMISSION_SUBMIT):
        tasks += agency_result_tasks(user)
    if has_perm(user, Perm.SUBMISSION_SUBMIT):
        tasks += approval_tasks(user)
    if has_perm(user, Perm.SUBMISSION_REVIEW):
        tasks += review_tasks(user)
    return tasks


def open_rounds() -> list[Round]:
    today = timezone.localdate()
    last_day = Q(grace_until__gte=today) | Q(grace_until__isnull=True, deadline__gte=today)
    return list(
        Round.objects.filter(last_day, opens_on__lte=today, closed_at__isnull=True).select_related(
            "framework"
        )
    )


def reporting_tasks(user: User) -> list[Task]:
    """Open rounds where an agency of the editor has not submitted yet, with its progress."""
    rounds = open_rounds()
    if not rounds:
        return []
    frameworks = {r.framework_id for r in rounds}
    agencies = Organization.objects.filter(in_scope(user, Perm.SUBMISSION_EDIT))
    pairs = set(
        Indicator.objects.filter(framework__in=frameworks, organization__in=agencies)
        .values_list("framework", "organization")
        .distinct()
    )
    if not pairs:
        return []
    org_ids = {org for _, org in pairs}
    names = dict(Organization.objects.filter(pk__in=org_ids).values_list("pk", "name_th"))
    due: dict[tuple[int, int], int] = defaultdict(int)
    leaves = EvaluationItem.objects.filter(
        indicator__framework__in=frameworks,
        indicator__organization__in=org_ids,
        indicator__children__isnull=True,
    )
    for framework, org, count in leaves.values_list(
        "indicator__framework", "indicator__organization"
    ).annotate(n=Count("pk")):
        due[(framework, org)] = count
    round_ids = [r.pk for r in rounds]
    submissions = {
        (s.round_id, s.organization_id): s
        for s in Submission.objects.filter(round__in=round_ids, organization__in=org_ids)
    }
    filled = Q(passed__isnull=False) | Q(value__isnull=False) | ~Q(text="")
    reported = {
        (round_id, org): count
        for round_id, org, count in ItemResult.objects.filter(
            filled,
            result__submission__round__in=round_ids,
            result__submission__organization__in=org_ids,
        )
        .values_list("result__submission__round", "result__submission__organization")
        .annotate(n=Count("pk"))
    }
    tasks = []
    for round in sorted(rounds, key=lambda r: r.last_day):
        for framework, org in sorted(pairs):
            if framework != round.framework_id:
                continue
            submission = submissions.get((round.pk, org))
            if submission is not None and submission.status != SubmissionStatus.DRAFT:
                continue
            names_ = {"agency": names.get(org, ""), "round": round.get_months_display()}
            tasks.append(
                Task(
                    title=_("Report the results of %(agency)s, round %(round)s") % names_,
                    detail=round.framework.name,
                    url=reverse("assessments:agency_round", args=[round.pk, org]),
                    due=round.last_day,
                    waiting_since=None,
                    progress=(reported.get((round.pk, org), 0), due.get((framework, org), 0)),
                    kind="submission.edit",
                )
            )
    return tasks


def agency_result_tasks(user: User) -> list[Task]:
    """Questions to answer (editor or approver) and indicators returned to the editor."""
    statuses = [ResultStatus.QUESTION]
    if has_perm(user, Perm.SUBMISSION_EDIT):
        statuses += [ResultStatus.RETURNED_BY_APPROVER, ResultStatus.RETURNED]
    perms = [Perm.SUBMISSION_EDIT, Perm.SUBMISSION_SUBMIT]
    scope = visible_results(user, perms[0]) | visible_results(user, perms[1])
    results = (
        scope.filter(status__in=statuses, submission__round__closed_at__isnull=True)
        .select_related("indicator", "submission__organization", "submission__round")
        .order_by("updated_at")
    )
    tasks = []
    for result in results:
        names = {
            "number": result.indicator.number,
            "agency": result.submission.organization.name_th,
        }
        if result.status == ResultStatus.QUESTION:
            title = _("Answer the evaluator's question on indicator %(number)s (%(agency)s)")
            kind = "result.answer"
        else:
            title = _("Correct indicator %(number)s (%(agency)s): it was returned")
            kind = "result.fix"
        tasks.append(
            Task(
                title=title % names,
                detail=result.indicator.name_th,
                url=reverse("assessments:result", args=[result.pk]),
                due=result.reopened_until or result.submission.round.last_day,
                waiting_since=result.updated_at,
                progress=None,
                kind=kind,
            )
        )
    return tasks


def approval_tasks(user: User) -> list[Task]:
    """Draft submissions whose every result is reported: ready for the approver."""
    submissions = (
        visible_submissions(user, Perm.SUBMISSION_SUBMIT)
        .filter(status=SubmissionStatus.DRAFT, round__closed_at__isnull=True)
        .annotate(
            total=Count("results"),
            ready=Count("results", filter=Q(results__self_result__isnull=False)),
            waiting=Count(
                "results",
                filter=Q(results__status__in=[ResultStatus.DRAFT, ResultStatus.RETURNED]),
            ),
        )
        .filter(total__gt=0, waiting__gt=0)
        .select_related("organization", "round__framework")
    )
    tasks = []
    for submission in submissions:
        if submission.ready < submission.total:
            continue
        names = {
            "agency": submission.organization.name_th,
            "round": submission.round.get_months_display(),
        }
        tasks.append(
            Task(
                title=_("Verify and submit the results of %(agency)s, round %(round)s") % names,
                detail=submission.round.framework.name,
                url=reverse("assessments:submission", args=[submission.pk]),
                due=submission.round.last_day,
                waiting_since=submission.updated_at,
                progress=(submission.ready, submission.total),
                kind="submission.submit",
            )
        )
    return tasks


def review_tasks(user: User) -> list[Task]:
    """Submissions with results waiting for the evaluator, with the share already reviewed."""
    submissions = (
        visible_submissions(user, Perm.SUBMISSION_REVIEW)
        .filter(round__closed_at__isnull=True)
        .annotate(
            total=Count("results"),
            waiting=Count("results", filter=Q(results__status=ResultStatus.SUBMITTED)),
            reviewed=Count("results", filter=Q(results__status__in=REVIEWED)),
        )
        .filter(waiting__gt=0)
        .select_related("organization", "round__framework")
    )
    tasks = []
    for submission in submissions:
        names = {
            "agency": submission.organization.name_th,
            "round": submission.round.get_months_display(),
            "count": submission.waiting,
        }
        tasks.append(
            Task(
                title=_("Review %(count)s results of %(agency)s, round %(round)s") % names,
                detail=submission.round.framework.name,
                url=reverse("assessments:submission", args=[submission.pk]),
                due=None,
                waiting_since=submission.submitted_at,
                progress=(submission.reviewed, submission.total),
                kind="submission.review",
            )
        )
    return tasks
