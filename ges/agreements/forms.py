"""Forms of the agreement pages. Reasons are required here and again in the actions."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ges.agreements.checks import AMENDABLE_FIELDS
from ges.agreements.diff import path_label
from ges.agreements.models import AgreementStatus, Decision, SignatureRole
from ges.agreements.versions import Snapshot
from ges.indicators.forms import FormattedTextField
from ges.indicators.models import Direction
from ges.orgs.models import Organization

REASON_REQUIRED = _("Give the reason.")


class ReasonField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("max_length", 4000)
        kwargs.setdefault("error_messages", {"required": REASON_REQUIRED})
        super().__init__(**kwargs)


class CommentForm(forms.Form):
    part = forms.ChoiceField(label=_("About"), required=False)
    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Write the comment.")},
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, part_paths: Iterable[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        part_field = self.fields["part"]
        assert isinstance(part_field, forms.ChoiceField)
        part_field.choices = [(path, path_label(path)) for path in part_paths]


DECISION_CHOICES = [
    (Decision.AGREED.value, _("Agree")),
    (Decision.CHANGE_REQUESTED.value, _("Ask for a change")),
    (Decision.REJECTED.value, _("Reject")),
]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    reason = ReasonField(label=_("Reason"))
    # The indicator's step when the page was opened: a decision on an older one is refused.
    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class RevisionForm(forms.Form):
    reason = ReasonField(
        label=_("What changed and why"),
        error_messages={"required": _("Say what changed and why.")},
    )


class SignForm(forms.Form):
    role = forms.ChoiceField(choices=SignatureRole.choices, widget=forms.HiddenInput)


class CompareForm(forms.Form):
    a = forms.IntegerField(label=_("Version"), min_value=1)
    b = forms.IntegerField(label=_("with version"), min_value=1)


class AmendmentDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = ReasonField(label=_("Reason"))


class OverviewFilterForm(forms.Form):
    ministry = forms.ModelChoiceField(
        label=_("Ministry"), queryset=Organization.objects.none(), required=False
    )
    status = forms.ChoiceField(label=_("State"), required=False)

    NOT_OPENED = "not_opened"

    def __init__(self, *args: Any, ministries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ministry = self.fields["ministry"]
        assert isinstance(ministry, forms.ModelChoiceField)
        ministry.queryset = ministries
        ministry.empty_label = _("All ministries")
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [
            ("", _("All states")),
            (self.NOT_OPENED, _("Not opened yet")),
            *AgreementStatus.choices,
        ]


# Amendments --------------------------------------------------------------------------------------

TEXT_LABELS = {
    "name_th": _("Name (Thai)"),
    "name_en": _("Name (English)"),
    "unit": _("Unit of the result"),
    "description": _("Description"),
    "definitions": _("Definitions"),
    "scope": _("Scope of the evaluation"),
    "data_collection": _("Data collection method"),
    "data_source": _("Data source"),
    "formula": _("Formula"),
    "six_month_target": _("6-month target"),
    "benefits": _("Benefits to the public"),
    "conditions": _("Conditions"),
    "criteria_note": _("Note on the criteria"),
    "national_strategy": _("Link to the national strategy"),
    "master_plan": _("Link to master plans"),
    "policy": _("Link to policies and other plans"),
}
PLAIN_TEXT = ("name_th", "name_en", "unit")


class AmendmentForm(forms.Form):
    """The indicator's amendable values, starting from the version in force; the evaluation
    items come in a formset beside it (ges.indicators.forms.ItemFormSet)."""

    reason = ReasonField(
        label=_("Reason for the amendment"),
        error_messages={"required": _("Give the reason for the amendment.")},
    )
    weight = forms.DecimalField(label=_("Weight"), min_value=0, max_digits=7, decimal_places=3)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    criteria = forms.CharField(
        label=_("Criteria (in the scoring engine's format)"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("JSON as the criteria editor writes it; the thresholds are what changes most."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in TEXT_LABELS.items():
            if name in PLAIN_TEXT:
                self.fields[name] = forms.CharField(
                    label=label, required=name == "name_th", max_length=2000
                )
            else:
                self.fields[name] = FormattedTextField(label=label)

    @staticmethod
    def initial_for(snapshot: Snapshot) -> dict[str, Any]:
        initial = {name: snapshot.get(name, "") for name in AMENDABLE_FIELDS}
        initial["criteria"] = json.dumps(snapshot.get("criteria"), ensure_ascii=False, indent=2)
        return initial

    def clean_criteria(self) -> Any:
        text: str = self.cleaned_data["criteria"]
        try:
            return json.loads(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("This is not JSON the engine can read: %(error)s") % {"error": error}
            ) from None

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in AMENDABLE_FIELDS}
