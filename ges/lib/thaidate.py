"""Thai calendar helpers: Buddhist Era years, Thai month names, fiscal years, Thai digits.

A fiscal year (ปีงบประมาณ) runs from 1 October to 30 September and is named by the
Buddhist Era year in which it ends: FY2567 runs 1 Oct 2023 - 30 Sep 2024.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


class FiscalMonth(NamedTuple):
    year: int  # Christian Era, as datetime wants it
    month: int  # 1-12

    @property
    def name(self) -> str:
        return THAI_MONTHS[self.month - 1]

    @property
    def short_name(self) -> str:
        return THAI_MONTHS_SHORT[self.month - 1]

    @property
    def be_year(self) -> int:
        return self.year + BE_OFFSET


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    return year_be - BE_OFFSET


def fiscal_year(day: dt.date) -> int:
    """The fiscal year (Buddhist Era) that `day` falls in."""
    year_ce = day.year + 1 if day.month >= FISCAL_YEAR_START_MONTH else day.year
    return be_year(year_ce)


def fiscal_year_bounds(year_be: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year `year_be`."""
    end_ce = ce_year(year_be)
    return dt.date(end_ce - 1, FISCAL_YEAR_START_MONTH, 1), dt.date(end_ce, 9, 30)


def fiscal_months(year_be: int) -> list[FiscalMonth]:
    """The twelve months of a fiscal year in order, ตุลาคม to กันยายน."""
    start, _ = fiscal_year_bounds(year_be)
    months = []
    for offset in range(12):
        index = start.month - 1 + offset
        months.append(FiscalMonth(start.year + index // 12, index % 12 + 1))
    return months


def months_into_fiscal_year(day: dt.date) -> int:
    """How many whole months of its fiscal year have passed by the end of `day`'s month
    (October = 1, September = 12): the round a date belongs to (6, 9, 12)."""
    return (day.month - FISCAL_YEAR_START_MONTH) % 12 + 1


def thai_digits(text: object) -> str:
    return str(text).translate(_THAI_DIGITS)


def format_thai_date(day: dt.date, *, short: bool = False, digits: bool = False) -> str:
    """`22 พฤศจิกายน 2569`, or `22 พ.ย. 2569` when short."""
    months = THAI_MONTHS_SHORT if short else THAI_MONTHS
    text = f"{day.day} {months[day.month - 1]} {be_year(day.year)}"
    return thai_digits(text) if digits else text


def format_thai_datetime(moment: dt.datetime, *, short: bool = True) -> str:
    """`22 พ.ย. 2569 14:05 น.`; `moment` should already be in local time."""
    return f"{format_thai_date(moment.date(), short=short)} {moment:%H:%M} น."
