"""Template filters for Thai dates and digits, built into every template."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language

from ges.lib import thaidate

register = template.Library()


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def thai_date(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    """A date in the Buddhist Era with Thai month names (English when English is chosen)."""
    if value is None or value == "":
        return ""
    value = _local(value)
    day = value.date() if isinstance(value, dt.datetime) else value
    if get_language() == "en":
        return date_format(day, "j M Y" if style == "short" else "j F Y")
    return thaidate.format_thai_date(day, short=style == "short")


@register.filter
def thai_datetime(value: dt.datetime | None) -> str:
    if value is None or value == "":
        return ""
    moment = _local(value)
    assert isinstance(moment, dt.datetime)
    if get_language() == "en":
        return date_format(moment, "j M Y H:i")
    return thaidate.format_thai_datetime(moment)


@register.filter
def be_year(value: int | str) -> str:
    return str(thaidate.be_year(int(value)))


@register.filter
def thai_digits(value: object) -> str:
    return thaidate.thai_digits(value)
