"""The scores a round stored for an agency, put into its evaluation report.

When the agency reported through a round of the report's framework, the report shows what the
scoring engine made of that round (ges.assessments.scores stores it whenever a result or a
decision changes) instead of scoring the e-SAR results again: the total, the result level, the
component points, each indicator's score, points and explanation, and why there is no total.
Each evaluation item shows the result the agency reported in that round, or the e-SAR result
where the round has none.

The round that counts is the closed round with the most months if any is closed (its scores
are final), else the open round with the most months that has a score.

`apply_round_scores` reads in at most three queries, whatever the number of indicators: the
counting AgencyScore (with its round), its IndicatorScore lines, and the submission's
ItemResult rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Value, When

from ges.assessments.models import AgencyScore, IndicatorScore, ItemResult
from ges.frameworks.models import Framework
from ges.indicators import esar
from ges.orgs.models import Organization
from ges.scoring import Problem

if TYPE_CHECKING:  # the builder calls this module
    from ges.reports.builder import Report


@dataclass(frozen=True)
class RoundSource:
    """The round a report's scores come from."""

    pk: int
    months: int
    final: bool  # the round's evaluation is closed: the scores will not change


def counting_score(agency: Organization, framework: Framework) -> AgencyScore | None:
    """The agency's stored score of the round that counts, with its round (one query)."""
    closed_first = Case(
        When(round__closed_at__isnull=False, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        AgencyScore.objects.filter(organization=agency, round__framework=framework)
        .select_related("round")
        .order_by(closed_first, "-round__months")
        .first()
    )


def apply_round_scores(report: Report, agency: Organization, framework: Framework) -> bool:
    """Put the stored scores of the counting round into `report`; False (and nothing changed)
    when the agency has no stored score in the framework's rounds."""
    stored = counting_score(agency, framework)
    if stored is None:
        return False
    round = stored.round
    report.round = RoundSource(pk=round.pk, months=round.months, final=round.is_closed)
    report.total = stored.total
    report.level = stored.level or None
    points = {
        str(entry.get("code")): _decimal(entry.get("points"))
        for entry in stored.components
        if isinstance(entry, dict)
    }
    for component in report.components:
        component.score = points.get(component.code)
    report.problems = [] if stored.total is not None else _problems(stored.problems)

    lines = {
        line.indicator_id: line
        for line in IndicatorScore.objects.filter(agency_score=stored).order_by()
    }
    reported = {
        row.item_id: row
        for row in ItemResult.objects.filter(
            result__submission__round=round, result__submission__organization=agency
        ).order_by()
    }
    for indicator in report.all_indicators():
        line = lines.get(indicator.pk)
        indicator.score = line.score if line else None
        indicator.points = line.points if line else None
        indicator.explanation = line.explanation if line else ""
        indicator.explanation_en = line.explanation_en if line else ""
        if line is not None and line.criteria is not None:
            indicator.criteria = line.criteria
        if not indicator.children:
            indicator.result = line.result if line else None
        indicator.items = [
            _reported(item, reported.get(pk))
            for item, pk in zip(indicator.items, indicator.item_pks, strict=True)
        ]
    return True


def _reported(item: esar.Item, row: ItemResult | None) -> esar.Item:
    """The e-SAR item with the round's result, when the round has one."""
    if row is None or not row.has_value:
        return item
    return replace(item, passed=row.passed, value=row.value, written=row.text)


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _problems(stored: object) -> list[Problem]:
    if not isinstance(stored, list):
        return []
    return [
        Problem(
            str(entry.get("path", "")),
            str(entry.get("message", "")),
            str(entry.get("message_en", "")),
        )
        for entry in stored
        if isinstance(entry, dict)
    ]
