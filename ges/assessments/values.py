"""Reading what people type for an evaluation item: pass/fail words, numbers as Thai civil
servants write them (Thai digits, thousands separators, the unit or a percent sign after the
number), text. Used by the agency's form, the owner's upload and the self-score preview."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ges.assessments.errors import AssessmentError
from ges.indicators.models import EvaluationItem, ItemKind

type ParsedValue = bool | Decimal | str | None

PASS_WORDS = frozenset({"ผ่าน", "pass", "passed", "true", "1", "yes", "y", "ใช่", "✓"})
FAIL_WORDS = frozenset({"ไม่ผ่าน", "fail", "failed", "false", "0", "no", "n", "ไม่ใช่", "✗"})
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
MAX_INTEGER_DIGITS = 14  # ItemResult.value: 20 digits, 6 of them decimals
MAX_DECIMALS = 6


@dataclass(frozen=True)
class Item:
    """What reading and scoring a value need of its EvaluationItem, for bulk paths (cheaper
    than thousands of model objects)."""

    pk: int
    kind: str
    unit: str = ""


def parse_item_value(item: EvaluationItem | Item, text: str | None) -> ParsedValue:
    """The value of `text` for an item of its kind; None when empty. Raises AssessmentError."""
    typed = (text or "").strip()
    if not typed:
        return None
    if item.kind == ItemKind.PASS_FAIL:
        word = typed.casefold()
        if word in PASS_WORDS:
            return True
        if word in FAIL_WORDS:
            return False
        raise AssessmentError(_("Enter pass or fail (ผ่าน or ไม่ผ่าน)."))
    if item.kind == ItemKind.NUMBER:
        return parse_number(typed, item.unit)
    return typed


def parse_number(text: str, unit: str = "") -> Decimal:
    """A number as people type it: Thai digits, thousands separators, the item's own unit or
    a percent sign after it. Raises AssessmentError."""
    cleaned = text.translate(THAI_DIGITS).replace(",", "").replace("\u00a0", " ").strip()
    for suffix in (unit, "%"):
        if suffix and cleaned.endswith(suffix):
            cleaned = cleaned[: -len(suffix)].strip()
    cleaned = cleaned.replace(" ", "")
    if not NUMBER.match(cleaned):
        if unit:
            raise AssessmentError(
                _("Enter a number in %(unit)s, such as 85.5 or 1,234.") % {"unit": unit}
            )
        raise AssessmentError(_("Enter a number, such as 85.5 or 1,234."))
    number = Decimal(cleaned)  # the pattern admits only valid numbers
    _sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    if -exponent > MAX_DECIMALS:
        raise AssessmentError(_("Use at most %(count)d decimal places.") % {"count": MAX_DECIMALS})
    if len(digits) + exponent > MAX_INTEGER_DIGITS:
        raise AssessmentError(_("This number is too large."))
    return number


def value_from(passed: bool | None, value: Decimal | None, text: str) -> ParsedValue:
    if passed is not None:
        return passed
    if value is not None:
        return value
    return text or None


def fits(kind: str, value: ParsedValue) -> bool:
    if value is None:
        return True
    if kind == ItemKind.PASS_FAIL:
        return isinstance(value, bool)
    if kind == ItemKind.NUMBER:
        return isinstance(value, Decimal)
    return isinstance(value, str)
