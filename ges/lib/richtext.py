"""Formatted text typed by people: a few simple HTML tags are kept, everything else is removed.

Text without tags stays plain text (its line breaks are shown as such); text with tags is
cleaned with nh3 on the way in (forms) and again on the way out (templates), so text that
reached the database another way (imports) cannot carry a script into a page either.
"""

from __future__ import annotations

import html
import re

import nh3
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "u",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sup",
        "sub",
    }
)
ALLOWED_ATTRIBUTES = {"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")


def has_markup(text: str) -> bool:
    return bool(_MARKUP.search(text))


def _clean(text: str) -> str:
    return nh3.clean(
        text, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()}
    )


def sanitize(text: str) -> str:
    """What we store: plain text as typed, or markup reduced to the allowed tags."""
    if not has_markup(text):
        return text
    cleaned = _clean(text).strip()
    if not has_markup(cleaned):
        # Only disallowed tags were there: keep the remaining words as plain text.
        return html.unescape(cleaned)
    return cleaned


def render(text: str) -> SafeString:
    """Stored text as HTML for a page: markup cleaned again, plain text with its line breaks."""
    if not text:
        return mark_safe("")
    if has_markup(text):
        return mark_safe(_clean(text))
    return mark_safe(linebreaks(text, autoescape=True))
