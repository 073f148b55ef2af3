"""Rounds of a framework with their dates and submissions by status; the submissions of one
round for evaluators and OPDC (filtered by ministry and status, with progress); an agency's
way into its submission; OPDC closing a round's evaluation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ges.assessments import actions
from ges.assessments.access import may_see_ranking
from ges.assessments.errors import AssessmentError
from ges.assessments.models import Submission, SubmissionStatus
from ges.assessments.page import ministries, round_agencies, status_counts
from ges.audit.log import actor_from
from ges.frameworks.access import get_framework_for_user
from ges.frameworks.models import Framework, Round
from ges.orgs.access import Person, get_organization_for_user, has_perm
from ges.orgs.permissions import Perm

# Where a round stands, for its badge.
ROUND_STATES = {
    "upcoming": gettext_lazy("Not open yet"),
    "open": gettext_lazy("Open"),
    "ended": gettext_lazy("Past its last day"),
    "closed": gettext_lazy("Evaluation closed"),
}
NOT_STARTED = "not_started"


def round_state(round: Round, today: dt.date) -> str:
    if round.is_closed:
        return "closed"
    if today < round.opens_on:
        return "upcoming"
    if today <= round.last_day:
        return "open"
    return "ended"


@dataclass(frozen=True)
class RoundRow:
    round: Round
    state: str
    counts: dict[str, int]

    @property
    def state_label(self) -> str:
        return str(ROUND_STATES[self.state])

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def draft(self) -> int:
        return self.count(SubmissionStatus.DRAFT)

    @property
    def submitted(self) -> int:
        return self.count(SubmissionStatus.SUBMITTED)

    @property
    def final(self) -> int:
        return self.count(SubmissionStatus.FINAL)


def get_round_for_user(user: Person, pk: int) -> Round:
    """A round to read: every signed-in person with a reading role (frameworks are shared)."""
    if not user.is_authenticated or not has_perm(user, Perm.SUBMISSION_VIEW):
        raise PermissionDenied
    found = Round.objects.select_related("framework__fiscal_year").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def round_groups(frameworks: list[Framework]) -> list[tuple[Framework, list[RoundRow]]]:
    """Each framework with its rounds and their submissions by status: two queries."""
    today = timezone.localdate()
    rounds = list(Round.objects.filter(framework__in=frameworks).order_by("months"))
    counts = status_counts(r.pk for r in rounds)
    return [
        (
            framework,
            [
                RoundRow(r, round_state(r, today), counts.get(r.pk, {}))
                for r in rounds
                if r.framework_id == framework.pk
            ],
        )
        for framework in frameworks
    ]


def rounds_response(
    request: HttpRequest, frameworks: list[Framework], framework: Framework | None
) -> HttpResponse:
    context = {
        "framework": framework,
        "groups": round_groups(frameworks),
        "may_close": has_perm(request.user, Perm.EVALUATION_CLOSE),
        "may_read": has_perm(request.user, Perm.SUBMISSION_VIEW),
        "may_rank": has_perm(request.user, Perm.SUBMISSION_REVIEW),  # else once closed
    }
    return render(request, "assessments/rounds.html", context)


@login_required
@require_http_methods(["GET"])
def round_index(request: HttpRequest) -> HttpResponse:
    """Every framework with rounds, newest fiscal year first."""
    frameworks = list(
        Framework.objects.filter(rounds__isnull=False)
        .distinct()
        .select_related("fiscal_year")
        .order_by("-fiscal_year__year", "kind")
    )
    return rounds_response(request, frameworks, None)


@login_required
@require_http_methods(["GET"])
def round_list(request: HttpRequest, framework_pk: int) -> HttpResponse:
    framework = get_framework_for_user(request.user, framework_pk)
    return rounds_response(request, [framework], framework)


@login_required
@require_http_methods(["GET"])
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_round_for_user(request.user, pk)
    choices = ministries()
    chosen = request.GET.get("ministry", "")
    ministry = next((m for m in choices if str(m.pk) == chosen), None)
    status = request.GET.get("status", "")
    statuses = [(NOT_STARTED, _("Not started")), *SubmissionStatus.choices]
    if status not in dict(statuses):
        status = ""
    rows = round_agencies(request.user, found, ministry=ministry, status=status)
    context = {
        "round": found,
        "framework": found.framework,
        "state": round_state(found, timezone.localdate()),
        "rows": rows,
        "ministries": choices,
        "ministry": ministry,
        "statuses": statuses,
        "status": status,
        "may_close": has_perm(request.user, Perm.EVALUATION_CLOSE) and not found.is_closed,
        "may_upload": has_perm(request.user, Perm.RESULTS_UPLOAD),
        "may_rank": may_see_ranking(request.user, found.is_closed),
    }
    return render(request, "assessments/round.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agency_round(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    """An agency's submission for the round; the agency's editor opens it the first time."""
    found = get_round_for_user(request.user, pk)
    agency = get_organization_for_user(request.user, org_pk, Perm.SUBMISSION_VIEW)
    submission = Submission.objects.filter(round=found, organization=agency).first()
    if submission is not None:
        return redirect("assessments:submission", submission.pk)
    may_open = has_perm(request.user, Perm.SUBMISSION_EDIT, agency) and not found.is_closed
    if request.method == "POST":
        if not may_open:
            raise PermissionDenied
        try:
            submission = actions.open_submission(actor_from(request), found, agency)
        except AssessmentError as error:
            messages.error(request, error.message)
            return redirect("assessments:agency_round", found.pk, agency.pk)
        return redirect("assessments:submission", submission.pk)
    context = {"round": found, "framework": found.framework, "agency": agency, "may_open": may_open}
    return render(request, "assessments/not_started.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    """OPDC closes the round's evaluation after a confirmation step."""
    found = get_round_for_user(request.user, pk)
    if not has_perm(request.user, Perm.EVALUATION_CLOSE):
        raise PermissionDenied
    if request.method == "POST":
        try:
            count = actions.close_evaluation(actor_from(request), found)
        except AssessmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The evaluation is closed: %(count)d submissions are final.") % {"count": count},
            )
        return redirect("assessments:round", found.pk)
    counts = status_counts([found.pk]).get(found.pk, {})
    context = {
        "round": found,
        "framework": found.framework,
        "row": RoundRow(found, round_state(found, timezone.localdate()), counts),
    }
    return render(request, "assessments/close.html", context)
