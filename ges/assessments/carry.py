"""Next year's baselines: the final 12-month results of a fiscal year become the baseline
values of the same indicators in the next year's framework (issue 6, item 8).

`carry_baselines(actor, framework)` looks at the framework the given one follows (the one it
was copied from, else the same kind one fiscal year earlier) and its 12-month round. Only a
closed round counts: its results are final then. An indicator's final result is the
evaluator's confirmed result where one was set, else the agency's self result.

- **Agencies' indicators** of the new framework (their own and their copies of standard
  indicators) get a baseline value in the series "ผลการดำเนินงาน" for the finished year, noted
  "ผลการประเมินรอบ 12 เดือน". "The same indicator" is, for a copy of a standard indicator, the
  agency's copy of the standard indicator with the same number last year (a copied framework
  keeps the numbers); for an agency's own indicator, its indicator of last year with the same
  Thai name (spaces aside), the same number deciding between namesakes. A number alone is not
  enough: agencies renumber their indicators from year to year.
- **Standard indicators** are shared by every agency, so an agency's result cannot be the
  standard indicator's baseline. Where the new standard indicator's criteria use `prev` (last
  year's result, which chooses the agency's group), the agency's final result of that standard
  indicator becomes its agency value `prev` in the new framework. When two standard indicators
  use `prev`, whose result it is cannot be told: nothing is carried into `prev`.
- Numbers carry as values, pass/fail as "ผ่าน" / "ไม่ผ่าน"; a result of milestone steps alone has
  no value to carry (the hybrid's measured value carries).

It runs when a framework is copied forward (ges.frameworks.actions.copy_framework) and can run
again (`ges carry_baselines --year 2567`) once the agencies have their indicators for the new
year. It only adds: a baseline or agency value that is already there is left as it is (noted
when it differs), so running it twice changes nothing and never overwrites what a person typed.
Each value added is audited (`indicator.baseline.carried`, `agency_value.carried`) with a
summary entry on the framework (`framework.baselines_carried`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ges.assessments.models import IndicatorResult
from ges.audit.log import Actor, entry_values, record
from ges.audit.models import AuditEntry
from ges.frameworks.models import Framework, Round, RoundKind
from ges.indicators.criteria_display import value_names
from ges.indicators.models import AgencyValue, Baseline, Indicator
from ges.scoring import round_half_up

SERIES = "ผลการดำเนินงาน"
NOTE = "ผลการประเมินรอบ 12 เดือน"
PREV = "prev"
PASSED, FAILED = "ผ่าน", "ไม่ผ่าน"
STORED_DECIMALS = 6  # the decimal places of Baseline.value and AgencyValue.value


@dataclass(frozen=True)
class Final:
    """One agency's final result of one indicator in the finished year, as a baseline value."""

    result_id: int
    agency: str  # its code
    indicator: Indicator
    value: Decimal | None
    value_text: str
    confirmed: bool

    def audit(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "from_indicator": self.indicator.pk,
            "from_result": self.result_id,
            "source": "confirmed" if self.confirmed else "self",
        }


@dataclass
class CarrySummary:
    """What a carry did; `notes` say, in words, what was left as it was and why."""

    framework: Framework
    previous: Framework | None = None
    round: Round | None = None
    baselines_added: int = 0
    values_added: int = 0
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.previous.fiscal_year.year if self.previous else None

    def counts(self) -> dict[str, int]:
        return {
            "baselines_added": self.baselines_added,
            "values_added": self.values_added,
            "unchanged": self.unchanged,
        }


def previous_framework(framework: Framework) -> Framework | None:
    """The framework `framework` follows: the one it was copied from, else the same kind's one
    fiscal year earlier."""
    year = framework.fiscal_year.year
    if framework.copied_from_id is not None:
        source = Framework.objects.select_related("fiscal_year").get(pk=framework.copied_from_id)
        if source.fiscal_year.year < year:
            return source
    return (
        Framework.objects.select_related("fiscal_year")
        .filter(kind=framework.kind, fiscal_year__year=year - 1)
        .first()
    )


def final_round(framework: Framework) -> Round | None:
    """The framework's 12-month (once-a-year) round, when its evaluation is closed."""
    return framework.rounds.filter(months=RoundKind.TWELVE_MONTHS, closed_at__isnull=False).first()


def baseline_value(result: object) -> tuple[Decimal | None, str] | None:
    """(value, value as written) of a result in the engine's shape; None when it has none:
    not reported, or milestone steps alone."""
    if isinstance(result, bool):
        return None, PASSED if result else FAILED
    if isinstance(result, dict):
        result = result.get("value")
    if result is None or isinstance(result, bool | dict | list):
        return None
    try:
        number = Decimal(str(result))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return round_half_up(number, STORED_DECIMALS), ""


def carry_baselines(actor: Actor, framework: Framework) -> CarrySummary:
    """Carry the final 12-month results of the year before into `framework` (see the module
    docstring). Idempotent; a fixed number of queries whatever the number of agencies."""
    with transaction.atomic():
        current = (
            Framework.objects.select_for_update().select_related("fiscal_year").get(pk=framework.pk)
        )
        summary = CarrySummary(current)
        summary.previous = previous_framework(current)
        if summary.previous is None:
            summary.notes.append(_("There is no framework of the year before to carry from."))
            return summary
        summary.round = final_round(summary.previous)
        if summary.round is None:
            summary.notes.append(
                _(
                    "The 12-month round of fiscal year %(year)s is not closed yet; its results "
                    "are not final."
                )
                % {"year": summary.year}
            )
            return summary
        finals = _finals(summary.round)
        entries: list[AuditEntry] = []
        entries += _carry_into_indicators(actor, summary, finals)
        entries += _carry_into_values(actor, summary, finals)
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
        if summary.baselines_added or summary.values_added:
            record(
                actor,
                "framework.baselines_carried",
                current,
                after={
                    "from_year": summary.year,
                    "round": summary.round.pk,
                    **summary.counts(),
                    "notes": summary.notes,
                },
            )
    return summary


def _finals(round: Round) -> list[Final]:
    finals = []
    results = IndicatorResult.objects.filter(submission__round=round).select_related(
        "indicator__standard", "submission__organization"
    )
    for row in results.order_by("submission__organization_id", "indicator_id"):
        confirmed = row.confirmed_result is not None
        shaped = baseline_value(row.confirmed_result if confirmed else row.self_result)
        if shaped is None:
            continue
        agency = row.submission.organization.code
        finals.append(Final(row.pk, agency, row.indicator, *shaped, confirmed=confirmed))
    return finals


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# --- agencies' indicators ------------------------------------------------------------------


def _carry_into_indicators(
    actor: Actor, summary: CarrySummary, finals: list[Final]
) -> list[AuditEntry]:
    assert summary.year is not None
    by_standard: dict[tuple[int, str], Final] = {}
    by_name: dict[tuple[int, str], list[Final]] = defaultdict(list)
    for final in finals:
        old = final.indicator
        assert old.organization_id is not None
        if old.standard is not None:
            by_standard[(old.organization_id, old.standard.number)] = final
        by_name[(old.organization_id, _name_key(old.name_th))].append(final)
    indicators = list(
        Indicator.objects.filter(framework=summary.framework, organization__isnull=False)
        .select_related("standard", "organization")
        .order_by("organization_id", "order", "number", "pk")
    )
    matched: list[tuple[Indicator, Final]] = []
    for indicator in indicators:
        found = _same_indicator(indicator, by_standard, by_name, summary)
        if found is not None:
            matched.append((indicator, found))
    ids = [indicator.pk for indicator, _final in matched]
    existing = {
        row.indicator_id: row
        for row in Baseline.objects.filter(indicator_id__in=ids, series=SERIES, year=summary.year)
    }
    # The carried value joins the indicator's "ผลการดำเนินงาน" row, or starts a row below.
    orders = dict(
        Baseline.objects.filter(indicator_id__in=ids, series=SERIES)
        .values("indicator_id")
        .annotate(order=Max("order"))
        .values_list("indicator_id", "order")
    )
    lasts = dict(
        Baseline.objects.filter(indicator_id__in=ids)
        .values("indicator_id")
        .annotate(order=Max("order"))
        .values_list("indicator_id", "order")
    )
    added: list[tuple[Baseline, Final]] = []
    for indicator, final in matched:
        there = existing.get(indicator.pk)
        if there is not None:
            if (there.value, there.value_text) == (final.value, final.value_text):
                summary.unchanged += 1
            else:
                summary.notes.append(
                    _(
                        "%(agency)s, indicator %(number)s: the baseline of %(year)s is already "
                        "there (%(there)s) and was kept; the final result is %(result)s."
                    )
                    % {
                        "agency": indicator.organization.code if indicator.organization else "",
                        "number": indicator.number,
                        "year": summary.year,
                        "there": _shown(there.value, there.value_text),
                        "result": _shown(final.value, final.value_text),
                    }
                )
            continue
        if indicator.pk in orders:
            order = orders[indicator.pk]
        else:
            order = lasts[indicator.pk] + 1 if indicator.pk in lasts else 0
        row = Baseline(
            indicator=indicator,
            series=SERIES,
            year=summary.year,
            value=final.value,
            value_text=final.value_text,
            note=NOTE,
            order=order,
        )
        added.append((row, final))
    Baseline.objects.bulk_create([row for row, _final in added])
    summary.baselines_added = len(added)
    return [
        _entry(
            actor,
            "indicator.baseline.carried",
            row.indicator,
            str(row.indicator),
            {
                "series": row.series,
                "year": row.year,
                "value": _plain(row.value),
                "value_text": row.value_text,
                "note": row.note,
                **final.audit(),
            },
        )
        for row, final in added
    ]


def _same_indicator(
    indicator: Indicator,
    by_standard: dict[tuple[int, str], Final],
    by_name: dict[tuple[int, str], list[Final]],
    summary: CarrySummary,
) -> Final | None:
    """The final result of the same indicator last year, if one can be told."""
    assert indicator.organization_id is not None
    if indicator.standard is not None:
        found = by_standard.get((indicator.organization_id, indicator.standard.number))
        if found is not None:
            return found
    namesakes = by_name.get((indicator.organization_id, _name_key(indicator.name_th)), [])
    if len(namesakes) > 1:
        namesakes = [f for f in namesakes if f.indicator.number == indicator.number]
        if len(namesakes) != 1:
            summary.notes.append(
                _(
                    "%(agency)s, indicator %(number)s: last year had several indicators of this "
                    "name; none was carried."
                )
                % {
                    "agency": indicator.organization.code if indicator.organization else "",
                    "number": indicator.number,
                }
            )
            return None
    return namesakes[0] if namesakes else None


# --- standard indicators: the agencies' `prev` ---------------------------------------------


def _carry_into_values(
    actor: Actor, summary: CarrySummary, finals: list[Final]
) -> list[AuditEntry]:
    standards = [
        indicator
        for indicator in Indicator.objects.standard().filter(framework=summary.framework)
        if PREV in value_names(indicator.criteria)
    ]
    if not standards:
        return []
    if len(standards) > 1:
        summary.notes.append(
            _(
                "Standard indicators %(numbers)s all use “prev”; whose result it is cannot be "
                "told, so no agency value was carried."
            )
            % {"numbers": ", ".join(sorted(s.number for s in standards))}
        )
        return []
    standard = standards[0]
    results = {
        final.indicator.organization_id: final
        for final in finals
        if final.indicator.standard is not None
        and final.indicator.standard.number == standard.number
        and final.value is not None
    }
    existing = {
        row.organization_id: row
        for row in AgencyValue.objects.filter(
            framework=summary.framework, name=PREV, organization_id__in=list(results)
        ).select_related("organization")
    }
    note = f"{NOTE} ปี {summary.year}"
    new: list[AgencyValue] = []
    for organization_id, final in results.items():
        assert organization_id is not None and final.value is not None
        there = existing.get(organization_id)
        if there is None:
            new.append(
                AgencyValue(
                    framework=summary.framework,
                    organization_id=organization_id,
                    name=PREV,
                    value=final.value,
                    note=note,
                )
            )
        elif there.value == final.value:
            summary.unchanged += 1
        else:
            summary.notes.append(
                _(
                    "%(agency)s: the value “prev” is already there (%(there)s) and was kept; "
                    "the final result of indicator %(number)s is %(result)s."
                )
                % {
                    "agency": there.organization.code,
                    "there": _shown(there.value, ""),
                    "number": standard.number,
                    "result": _shown(final.value, ""),
                }
            )
    created = AgencyValue.objects.bulk_create(new)  # SQLite and PostgreSQL return the ids
    summary.values_added = len(created)
    return [
        _entry(
            actor,
            "agency_value.carried",
            row,
            f"{PREV} = {_shown(row.value, '')}",
            {
                "name": row.name,
                "value": _plain(row.value),
                "note": row.note,
                "standard_indicator": standard.pk,
                **results[row.organization_id].audit(),
            },
        )
        for row in created
    ]


# --- helpers -------------------------------------------------------------------------------


def _plain(value: Decimal | None) -> str | None:
    return None if value is None else str(value.normalize())


def _shown(value: Decimal | None, text: str) -> str:
    if text:
        return text
    if value is None:
        return "-"
    normal = value.normalize()
    return str(normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal)


def _entry(
    actor: Actor, action: str, obj: Indicator | AgencyValue, shown: str, after: Any
) -> AuditEntry:
    """An audit entry as ges.audit.log.record writes it, for bulk inserts (`shown` is its
    object_repr, made without a query)."""
    return AuditEntry(**entry_values(actor, action, obj, after=after, shown=shown))
