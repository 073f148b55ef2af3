"""Filters for the evaluation report: scores printed with the engine's rounding."""

from __future__ import annotations

from decimal import Decimal

from django import template

from ges.scoring import round_half_up

register = template.Library()


@register.filter
def score(value: Decimal | None, decimals: int) -> str:
    """An exact score from the engine as the engine publishes it: half up to the framework's
    decimals (87.5 -> "87.500" on the 100 scale, 3.25 -> "3.2500" on the 5 scale); "" for None."""
    if value is None:
        return ""
    return format(round_half_up(value, int(decimals)), "f")
