"""The tables of the indicator page as seed 001 prints them: the baseline table (years as
columns, series as rows, notes as footnotes) and the action plan as a month grid.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ges.indicators.models import Baseline, PlanActivity
from ges.lib import thaidate

# A plan runs over the fiscal year's 12 months and, when it needs to, the first quarter of
# the next one (seed 001: "ไตรมาส 1 (ปี 67)").
YEAR_MONTHS = 12
PLAN_MONTHS = 15
FOOTNOTE_MARKS = ("*", "**", "***")

_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def number_in(text: str) -> Decimal | None:
    """The first number written in `text`: "900 หน่วย" -> 900, "ร้อยละ 85.5" -> 85.5, "-" -> None."""
    match = _NUMBER.search(text.translate(_THAI_DIGITS))
    if match is None:
        return None
    try:
        return Decimal(match.group().replace(",", ""))
    except InvalidOperation:
        return None


# Baseline table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BaselineCell:
    text: str
    mark: str  # footnote mark, "" when the value has no note


@dataclass(frozen=True)
class BaselineRow:
    series: str
    cells: list[BaselineCell | None]


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: str


@dataclass(frozen=True)
class BaselineTable:
    years: list[int]
    rows: list[BaselineRow]
    footnotes: list[Footnote]


def baseline_table(baselines: Iterable[Baseline]) -> BaselineTable | None:
    values = list(baselines)
    if not values:
        return None
    years = sorted({baseline.year for baseline in values})
    series: dict[str, dict[int, Baseline]] = {}
    for baseline in sorted(values, key=lambda b: (b.order, b.year)):
        series.setdefault(baseline.series, {})[baseline.year] = baseline
    marks: dict[str, str] = {}
    for baseline in values:
        if baseline.note and baseline.note not in marks:
            marks[baseline.note] = _mark(len(marks))
    rows = [
        BaselineRow(
            name,
            [
                BaselineCell(_value_text(by_year[year]), marks.get(by_year[year].note, ""))
                if year in by_year
                else None
                for year in years
            ],
        )
        for name, by_year in series.items()
    ]
    return BaselineTable(years, rows, [Footnote(mark, note) for note, mark in marks.items()])


def _mark(index: int) -> str:
    return FOOTNOTE_MARKS[index] if index < len(FOOTNOTE_MARKS) else str(index + 1)


def _value_text(baseline: Baseline) -> str:
    if baseline.value_text:
        return baseline.value_text
    if baseline.value is None:
        return "-"
    value = baseline.value
    return str(
        value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    )


# Plan grid -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthColumn:
    offset: int
    label: str  # ต.ค.
    name: str  # ตุลาคม 2565, for the accessible label of a marked cell


@dataclass(frozen=True)
class QuarterHeading:
    label: str
    span: int = 3


@dataclass(frozen=True)
class PlanCell:
    month: MonthColumn
    planned: bool


@dataclass(frozen=True)
class PlanRow:
    number: int
    text: str
    cells: list[PlanCell]


@dataclass(frozen=True)
class PlanGrid:
    quarters: list[QuarterHeading]
    months: list[MonthColumn]
    rows: list[PlanRow]


def plan_months(year: int, count: int = YEAR_MONTHS) -> list[MonthColumn]:
    """The grid's months from October of fiscal year `year` (B.E.); 15 runs into the next FY."""
    months = [*thaidate.fiscal_months(year), *thaidate.fiscal_months(year + 1)][:count]
    return [_column(offset, month) for offset, month in enumerate(months)]


def _column(offset: int, month: thaidate.FiscalMonth) -> MonthColumn:
    if get_language() == "en":
        day = dt.date(month.year, month.month, 1)
        return MonthColumn(offset, date_format(day, "M"), date_format(day, "F Y"))
    return MonthColumn(offset, month.short_name, f"{month.name} {month.be_year}")


def plan_quarters(year: int, count: int) -> list[QuarterHeading]:
    headings = []
    for index in range(count // 3):
        if index < 4:
            # Translators: the plan's quarter heading, officially "ไตรมาส %(number)s".
            headings.append(QuarterHeading(_("Quarter %(number)s") % {"number": index + 1}))
        else:
            headings.append(
                QuarterHeading(
                    # Translators: a quarter of the next fiscal year, officially
                    # "ไตรมาส %(number)s (ปี %(year)s)" with the year's last two digits.
                    _("Quarter %(number)s (FY %(year)s)")
                    % {"number": index - 3, "year": f"{(year + 1) % 100:02d}"}
                )
            )
    return headings


def plan_grid(year: int, activities: Iterable[PlanActivity]) -> PlanGrid | None:
    rows = list(activities)
    if not rows:
        return None
    used = {month for activity in rows for month in activity.months if isinstance(month, int)}
    count = PLAN_MONTHS if any(month >= YEAR_MONTHS for month in used) else YEAR_MONTHS
    months = plan_months(year, count)
    return PlanGrid(
        plan_quarters(year, count),
        months,
        [
            PlanRow(
                number,
                activity.text,
                [PlanCell(month, month.offset in activity.months) for month in months],
            )
            for number, activity in enumerate(rows, start=1)
        ],
    )
