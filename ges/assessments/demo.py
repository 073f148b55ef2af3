"""Demo submissions for the FY2566 departments framework. Loading twice changes nothing.

The demo replays FY2566 as the round being reported now, because the demo agencies' indicators
(seed 001 for สำนักงานปลัดกระทรวงการคลัง, the e-SAR report of seed 000 for สำนักงบประมาณ) are
FY2566 indicators and FY2570 has none:

- its 12-month round is moved, once, to be open around the day the demo is loaded: opened
  three weeks ago, deadline in a little over three weeks, a week of grace after it;
- the agencies whose e-SAR results were imported (EvaluationItem.result_*) get a submission of
  those results, as the published report shows them: submitted, every result accepted. The
  report gives no criteria for them, so their scores say why there is no total;
- สำนักงานปลัดกระทรวงการคลัง (OPS-MOF) gets a draft submission for its editor to report on.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ges.assessments import actions, scores
from ges.assessments.models import (
    IndicatorResult,
    ItemResult,
    ResultStatus,
    Submission,
    SubmissionStatus,
)
from ges.assessments.values import ParsedValue
from ges.audit.log import Actor, record
from ges.frameworks import actions as framework_actions
from ges.frameworks.models import Framework, FrameworkKind, Round
from ges.indicators.models import EvaluationItem, ItemKind
from ges.orgs.models import Organization

DEMO_YEAR = 2566
DEMO_MONTHS = 12
DRAFT_AGENCY = "OPS-MOF"
OPENED_DAYS_AGO = 21
DEADLINE_IN_DAYS = 23
GRACE_DAYS = 7


def demo_round() -> Round | None:
    framework = Framework.objects.filter(
        fiscal_year__year=DEMO_YEAR, kind=FrameworkKind.DEPARTMENTS
    ).first()
    if framework is None:
        return None
    return framework.rounds.filter(months=DEMO_MONTHS).select_related("framework").first()


def load_assessments(actor: Actor) -> int:
    """Open the demo submissions that are missing; returns the number opened."""
    round = demo_round()
    if round is None:
        return 0
    with transaction.atomic():
        if not Submission.objects.filter(round=round).exists() and not round.is_closed:
            round = _open_now(actor, round)
        opened = 0
        for agency in _imported_agencies(round.framework):
            if not Submission.objects.filter(round=round, organization=agency).exists():
                _import_results(actor, actions.open_submission(actor, round, agency))
                opened += 1
        draft = Organization.objects.filter(code=DRAFT_AGENCY).first()
        if (
            draft is not None
            and not Submission.objects.filter(round=round, organization=draft).exists()
        ):
            actions.open_submission(actor, round, draft)
            opened += 1
    return opened


def _open_now(actor: Actor, round: Round) -> Round:
    today = timezone.localdate()
    deadline = today + dt.timedelta(days=DEADLINE_IN_DAYS)
    return framework_actions.update_round(
        actor,
        round,
        months=round.months,
        opens_on=today - dt.timedelta(days=OPENED_DAYS_AGO),
        deadline=deadline,
        grace_until=deadline + dt.timedelta(days=GRACE_DAYS),
    )


def _imported_agencies(framework: Framework) -> list[Organization]:
    with_results = (
        Q(result_passed__isnull=False) | Q(result_value__isnull=False) | ~Q(result_text="")
    )
    ids = (
        EvaluationItem.objects.filter(with_results, indicator__framework=framework)
        .exclude(indicator__organization=None)
        .values_list("indicator__organization_id", flat=True)
        .distinct()
    )
    return list(Organization.objects.filter(pk__in=list(ids)).order_by("code"))


def _value(item: EvaluationItem) -> ParsedValue:
    if item.kind == ItemKind.PASS_FAIL:
        return item.result_passed
    if item.kind == ItemKind.NUMBER:
        return item.result_value
    return item.result_text or None


def _import_results(actor: Actor, submission: Submission) -> None:
    """The e-SAR year's results as the agency's results: submitted and accepted, as the
    published report stands."""
    results = list(submission.results.select_related("indicator"))
    items = list(
        EvaluationItem.objects.filter(indicator__in=[r.indicator_id for r in results]).order_by(
            "order", "pk"
        )
    )
    by_indicator: dict[int, list[EvaluationItem]] = {}
    for item in items:
        by_indicator.setdefault(item.indicator_id, []).append(item)
    rows: list[ItemResult] = []
    for result in results:
        mine = by_indicator.get(result.indicator_id, [])
        rows += [
            ItemResult(
                result=result,
                item=item,
                passed=item.result_passed,
                value=item.result_value,
                text=item.result_text if item.kind == ItemKind.TEXT else "",
            )
            for item in mine
            if item.has_result
        ]
        # e-SAR lists milestone steps as pass/fail items, in order: "1", "2", ... done
        done = [
            str(position)
            for position, item in enumerate(mine, start=1)
            if item.kind == ItemKind.PASS_FAIL and item.result_passed
        ]
        known = set(scores.done_choices(result.indicator.criteria))
        result.done = [step for step in done if step in known]
        values = {item.pk: _value(item) for item in mine}
        actions.update_self_score(result, mine, values)
        result.status = ResultStatus.ACCEPTED
        result.sequence += 1
    ItemResult.objects.bulk_create(rows)
    IndicatorResult.objects.bulk_update(
        results,
        ["done", "self_result", "self_score", "self_explanation", "status", "sequence"],
    )
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = timezone.now()
    submission.save()
    record(
        actor,
        "assessments.submission.imported",
        submission,
        after={
            "status": submission.status,
            "results": len(results),
            "item_results": len(rows),
            "source": "e-SAR",
        },
    )
    scores.recompute(submission.round, [submission.organization])
