from __future__ import annotations

from decimal import Decimal

from django import template

from ges.frameworks.structure import plain

register = template.Library()


@register.filter
def number(value: Decimal | int | None) -> str:
    """A weight or setting as people write it: 70, 12.5 (no trailing zeros, no exponent)."""
    if value is None or value == "":
        return ""
    return plain(Decimal(value))
