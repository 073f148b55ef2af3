"""The filters of the audit log page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ges.audit.models import model_for, object_type_label
from ges.lib.thaidate import BE_OFFSET

ISO_DATE = "%Y-%m-%d"
FIRST_YEAR = 1900
# A year this large was almost surely typed in the Buddhist Era (2568 instead of 2025).
LAST_YEAR = 2399


def _date_field(label: str | Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[ISO_DATE],
        widget=forms.DateInput(attrs={"type": "date"}, format=ISO_DATE),
        error_messages={"invalid": _("Enter a date as year-month-day, e.g. 2025-10-01.")},
    )


class AuditFilterForm(forms.Form):
    """Every field is optional; an empty form shows the whole log, newest first."""

    person = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=150,
        help_text=_("Username or name, or part of it."),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=100,
        help_text=_("An action code or its beginning: “org.” gives every organisation action."),
        widget=forms.TextInput(attrs={"list": "audit-actions"}),
    )
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object number"), required=False, max_length=64)
    object_text = forms.CharField(label=_("Object name contains"), required=False, max_length=255)
    date_from = _date_field(_("From date"))
    date_to = _date_field(_("To date"))

    def __init__(
        self,
        *args: Any,
        object_types: Iterable[str] = (),
        action_codes: Iterable[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        types = list(object_types)
        # A link to the history of an object whose type has no entry yet still works.
        asked = self.data.get("object_type", "") if self.is_bound else ""
        if asked and asked not in types and model_for(asked) is not None:
            types.append(asked)
        choices = [("", _("All types")), *((t, object_type_label(t)) for t in types)]
        self.fields["object_type"].choices = choices  # type: ignore[attr-defined]
        self.action_codes = list(action_codes)

    @property
    def action_suggestions(self) -> list[str]:
        """Every action code and each of its prefixes ("org.", "org.updated")."""
        suggestions: set[str] = set()
        for code in self.action_codes:
            parts = code.split(".")
            suggestions.update(".".join(parts[:n]) + "." for n in range(1, len(parts)))
            suggestions.add(code)
        return sorted(suggestions)

    def _clean_date(self, name: str) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get(name)
        if day is None:
            return None
        if day.year < FIRST_YEAR:
            raise forms.ValidationError(
                _("Enter a date from the year %(year)s on."), params={"year": FIRST_YEAR}
            )
        if day.year > LAST_YEAR:
            raise forms.ValidationError(
                _("Enter the year in the Christian Era: B.E. %(be)s is %(ce)s."),
                params={"be": day.year, "ce": day.year - BE_OFFSET},
            )
        return day

    def clean_date_from(self) -> dt.date | None:
        return self._clean_date("date_from")

    def clean_date_to(self) -> dt.date | None:
        return self._clean_date("date_to")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if first and last and last < first:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for `AuditEntry.objects.matching`. Dates are whole days in
        the current time zone (Asia/Bangkok), the "to" date included."""
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        first: dt.date | None = data.get("date_from")
        last: dt.date | None = data.get("date_to")
        return {
            "person": data.get("person", ""),
            "action": data.get("action", ""),
            "object_type": data.get("object_type", ""),
            "object_id": data.get("object_id", ""),
            "object_text": data.get("object_text", ""),
            "since": dt.datetime.combine(first, dt.time.min, tzinfo=zone) if first else None,
            "until": (
                dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
                if last
                else None
            ),
        }
