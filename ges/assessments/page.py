"""What the assessments pages show, each assembled in a fixed number of queries whatever the
number of agencies or indicators: the submission of an agency, the submissions of a round, the
ranking, and what each person may do there (buttons follow the same rules the actions apply)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ges.assessments.evidence import EvidencePanel, evidence_panels
from ges.assessments.models import (
    AGENCY_EDITABLE,
    AgencyScore,
    IndicatorResult,
    IndicatorScore,
    ItemResult,
    ResultStatus,
    ReviewMessage,
    Submission,
    SubmissionStatus,
)
from ges.assessments.scores import done_choices
from ges.frameworks.models import Round
from ges.indicators.models import EvaluationItem, Indicator, ItemKind
from ges.orgs.access import Person, has_perm, scope_paths
from ges.orgs.models import Organization, OrganizationKind
from ges.orgs.permissions import Perm

REVIEWABLE = frozenset({ResultStatus.SUBMITTED, ResultStatus.QUESTION})
CONFIRMABLE = REVIEWABLE | {ResultStatus.ACCEPTED, ResultStatus.CONFIRMED}
RETURNABLE = REVIEWABLE | {ResultStatus.ACCEPTED}
APPROVER_RETURNABLE = frozenset({ResultStatus.DRAFT, ResultStatus.RETURNED})


def reported(row: ItemResult | None) -> bool:
    return row is not None and row.has_value


def typed_value(item: EvaluationItem, row: ItemResult | None) -> str:
    """What an item's input shows for a stored result."""
    if row is None:
        return ""
    if item.kind == ItemKind.PASS_FAIL:
        return "" if row.passed is None else ("pass" if row.passed else "fail")
    if item.kind == ItemKind.NUMBER:
        return "" if row.value is None else plain(row.value)
    return row.text


def plain(value: Decimal) -> str:
    """A stored decimal without trailing zeros (87.500000 -> 87.5)."""
    text = format(value.normalize(), "f")
    return text


@dataclass
class ItemRow:
    item: EvaluationItem
    row: ItemResult | None

    @property
    def is_reported(self) -> bool:
        return reported(self.row)

    @property
    def value(self) -> str:
        return typed_value(self.item, self.row)


@dataclass
class ResultBlock:
    """One indicator of the submission page and what the viewer may do with it."""

    result: IndicatorResult
    items: list[ItemRow]
    choices: list[str]  # milestone steps / points blocks, in the criteria's order
    messages: list[ReviewMessage] = field(default_factory=list)
    panel: EvidencePanel | None = None  # its evidence (templates/assessments/_evidence.html)
    line: IndicatorScore | None = None  # the stored score (confirmed where set)
    may_edit: bool = False
    may_return_to_editor: bool = False
    may_review: bool = False
    may_confirm: bool = False
    may_return: bool = False
    may_answer: bool = False
    may_reopen: bool = False
    form: Any = None  # the editor's form (ges.assessments.forms.ResultForm), set by the view
    confirm_form: Any = None
    forms: dict[str, Any] = field(default_factory=dict)  # the review forms, by action
    changes: list[Any] = field(default_factory=list)  # what others changed (stale form)

    @property
    def indicator(self) -> Indicator:
        return self.result.indicator

    @property
    def due(self) -> int:
        return len(self.items)

    @property
    def reported_count(self) -> int:
        return sum(1 for row in self.items if row.is_reported)

    @property
    def anchor(self) -> str:
        return f"result-{self.result.pk}"

    @property
    def has_confirmed(self) -> bool:
        return self.result.confirmed_result is not None

    @property
    def may_act(self) -> bool:
        return any(
            (
                self.may_return_to_editor,
                self.may_review,
                self.may_confirm,
                self.may_return,
                self.may_answer,
                self.may_reopen,
            )
        )


@dataclass
class SubmissionPage:
    submission: Submission
    blocks: list[ResultBlock]
    score: AgencyScore | None
    may_submit: bool
    may_edit: bool
    may_review: bool
    today: dt.date

    @property
    def round(self) -> Round:
        return self.submission.round

    @property
    def due(self) -> int:
        return sum(block.due for block in self.blocks)

    @property
    def reported_count(self) -> int:
        return sum(block.reported_count for block in self.blocks)

    def find(self, pk: int) -> ResultBlock | None:
        return next((block for block in self.blocks if block.result.pk == pk), None)


def agency_may_change(result: IndicatorResult, round: Round, today: dt.date) -> bool:
    """The same dates and states save_result accepts."""
    if round.is_closed or result.submission.status == SubmissionStatus.FINAL:
        return False
    if result.status not in AGENCY_EDITABLE:
        return False
    reopened = result.reopened_until is not None and result.reopened_until >= today
    return today <= round.last_day or result.status == ResultStatus.RETURNED or reopened


def submission_page(user: Person, submission: Submission) -> SubmissionPage:
    """Every indicator of the submission with its items, thread, evidence and stored score:
    a fixed number of queries whatever the number of indicators."""
    round = submission.round
    results = list(
        IndicatorResult.objects.filter(submission=submission)
        .select_related("indicator__parent", "indicator__component")
        .order_by("indicator__component__order", "indicator__order", "indicator__number", "pk")
    )
    indicator_ids = [result.indicator_id for result in results]
    items: dict[int, list[EvaluationItem]] = defaultdict(list)
    for item in EvaluationItem.objects.filter(indicator__in=indicator_ids).order_by("order", "pk"):
        items[item.indicator_id].append(item)
    rows = {
        (row.result_id, row.item_id): row
        for row in ItemResult.objects.filter(result__submission=submission)
    }
    thread: dict[int, list[ReviewMessage]] = defaultdict(list)
    for message in ReviewMessage.objects.filter(result__submission=submission).select_related(
        "author"
    ):
        thread[message.result_id].append(message)
    score = AgencyScore.objects.filter(round=round, organization=submission.organization).first()
    lines = {}
    if score is not None:
        lines = {
            line.indicator_id: line for line in IndicatorScore.objects.filter(agency_score=score)
        }
    organization = submission.organization
    can_edit = has_perm(user, Perm.SUBMISSION_EDIT, organization)
    can_submit = has_perm(user, Perm.SUBMISSION_SUBMIT, organization)
    can_review = has_perm(user, Perm.SUBMISSION_REVIEW, organization)
    final = round.is_closed or submission.status == SubmissionStatus.FINAL
    today = timezone.localdate()
    blocks = []
    for result in results:
        result.submission = submission
        status = result.status
        block = ResultBlock(
            result=result,
            items=[
                ItemRow(item, rows.get((result.pk, item.pk))) for item in items[result.indicator_id]
            ],
            choices=done_choices(result.indicator.criteria),
            messages=thread[result.pk],
            line=lines.get(result.indicator_id),
        )
        block.may_edit = can_edit and agency_may_change(result, round, today)
        if not final:
            block.may_return_to_editor = can_submit and status in APPROVER_RETURNABLE
            block.may_review = can_review and status in REVIEWABLE
            block.may_confirm = can_review and status in CONFIRMABLE
            block.may_return = can_review and status in RETURNABLE
            block.may_answer = (can_edit or can_submit) and status == ResultStatus.QUESTION
            block.may_reopen = can_review and today > round.last_day
        blocks.append(block)
    panels = evidence_panels(results, {block.result.pk for block in blocks if block.may_edit})
    for block in blocks:
        block.panel = panels.get(block.result.pk)
    sendable = any(block.result.status in AGENCY_EDITABLE for block in blocks)
    return SubmissionPage(
        submission=submission,
        blocks=blocks,
        score=score,
        may_submit=can_submit and not final and sendable,
        may_edit=can_edit,
        may_review=can_review,
        today=today,
    )


# --- the submissions of a round ------------------------------------------------------------


@dataclass
class AgencyRow:
    """An agency of the round: its submission (None before it opened one) and progress."""

    organization: Organization
    ministry: Organization | None
    submission: Submission | None
    due: int
    reported: int
    waiting: int  # results waiting for the evaluator
    score: AgencyScore | None = None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else "not_started"

    @property
    def percent(self) -> int:
        return round(100 * self.reported / self.due) if self.due else 0


def ministries() -> list[Organization]:
    return list(Organization.objects.filter(kind=OrganizationKind.MINISTRY).order_by("name_th"))


def ministry_of(
    organization: Organization, by_pk: Mapping[int, Organization]
) -> Organization | None:
    """The ministry above an agency (or the agency itself), read from its tree path."""
    for pk in organization.path.strip("/").split("/"):
        if pk and int(pk) in by_pk:
            return by_pk[int(pk)]
    return None


def in_scope(user: Person, perm: Perm) -> Q:
    """Organisations within the user's scope for `perm`."""
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return condition


def round_agencies(
    user: Person,
    round: Round,
    *,
    ministry: Organization | None = None,
    status: str = "",
    kind: str = "",
) -> list[AgencyRow]:
    """The agencies with indicators in the round's framework that the user may see, with their
    submission and progress (items reported / items due): six queries whatever their number."""
    organizations = Organization.objects.filter(in_scope(user, Perm.SUBMISSION_VIEW)).filter(
        pk__in=Indicator.objects.filter(
            framework=round.framework_id, organization__isnull=False
        ).values("organization")
    )
    if ministry is not None:
        organizations = organizations.filter(path__startswith=ministry.path)
    if kind:
        organizations = organizations.filter(kind=kind)
    agencies = list(organizations.select_related("parent").order_by("path"))
    ids = [agency.pk for agency in agencies]
    submissions = {
        submission.organization_id: submission
        for submission in Submission.objects.filter(round=round, organization__in=ids)
    }
    leaves = EvaluationItem.objects.filter(
        indicator__framework=round.framework_id,
        indicator__organization__in=ids,
        indicator__children__isnull=True,
    )
    due = dict(
        leaves.values("indicator__organization")
        .annotate(n=Count("pk"))
        .values_list("indicator__organization", "n")
    )
    filled = Q(passed__isnull=False) | Q(value__isnull=False) | ~Q(text="")
    done = dict(
        ItemResult.objects.filter(filled, result__submission__round=round)
        .filter(result__submission__organization__in=ids)
        .values("result__submission__organization")
        .annotate(n=Count("pk"))
        .values_list("result__submission__organization", "n")
    )
    waiting = dict(
        IndicatorResult.objects.filter(
            submission__round=round,
            submission__organization__in=ids,
            status__in=list(REVIEWABLE),
        )
        .values("submission__organization")
        .annotate(n=Count("pk"))
        .values_list("submission__organization", "n")
    )
    by_pk = {m.pk: m for m in ministries()}
    rows = [
        AgencyRow(
            organization=agency,
            ministry=ministry_of(agency, by_pk),
            submission=submissions.get(agency.pk),
            due=due.get(agency.pk, 0),
            reported=done.get(agency.pk, 0),
            waiting=waiting.get(agency.pk, 0),
        )
        for agency in agencies
    ]
    if status:
        rows = [row for row in rows if row.status == status]
    return rows


def status_counts(round_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Submissions of each round by status."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Submission.objects.filter(round__in=list(round_ids))
        .values("round", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[row["round"]][row["status"]] = row["n"]
    return counts


# --- the ranking ---------------------------------------------------------------------------


@dataclass
class RankRow:
    rank: int | None
    score: AgencyScore
    ministry: Organization | None

    @property
    def organization(self) -> Organization:
        return self.score.organization

    @property
    def differs(self) -> bool:
        return self.score.self_total is not None and self.score.self_total != self.score.total


def ranking_rows(
    round: Round, *, ministry: Organization | None = None, kind: str = ""
) -> list[RankRow]:
    """Every agency scored in the round by total, highest first (equal totals share a rank;
    agencies without a total come last, unranked): two queries."""
    scores: QuerySet[AgencyScore] = AgencyScore.objects.filter(round=round).select_related(
        "organization__parent"
    )
    if ministry is not None:
        scores = scores.filter(organization__path__startswith=ministry.path)
    if kind:
        scores = scores.filter(organization__kind=kind)
    ordered = sorted(
        scores,
        key=lambda s: (s.total is None, -(s.total or Decimal(0)), s.organization.name_th),
    )
    by_pk = {m.pk: m for m in ministries()}
    rows: list[RankRow] = []
    previous: Decimal | None = None
    rank = 0
    for position, score in enumerate(ordered, start=1):
        if score.total is not None and score.total != previous:
            rank = position
            previous = score.total
        rows.append(
            RankRow(
                rank if score.total is not None else None,
                score,
                ministry_of(score.organization, by_pk),
            )
        )
    return rows
