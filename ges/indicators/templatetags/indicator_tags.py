"""Filters for indicator pages: formatted text and numbers as people write them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.safestring import SafeString

from ges.indicators.criteria_display import number_text
from ges.lib import richtext

register = template.Library()


@register.filter
def formatted(text: str | None) -> SafeString:
    """Stored formatted text, cleaned again: simple tags kept, plain text with its line breaks."""
    return richtext.render(text or "")


@register.filter
def plain_number(value: Decimal | int | None) -> str:
    """20.000 -> 20, 87.500 -> 87.5; empty for None."""
    if value is None or value == "":
        return ""
    return number_text(Decimal(value))
