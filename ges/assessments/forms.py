"""Forms of the submission pages. Values are read as typed here; the actions parse them by the
item's kind and refuse what does not fit (the message then goes next to the item)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from ges.assessments.models import IndicatorResult
from ges.indicators.models import EvaluationItem, ItemKind

PASS_CHOICES = [("pass", _("Pass")), ("fail", _("Fail"))]
MET_CHOICES = [("met", _("Met")), ("not_met", _("Not met"))]


def item_field(item: EvaluationItem) -> forms.Field:
    label = item.text
    if item.kind == ItemKind.PASS_FAIL:
        return forms.ChoiceField(
            label=label, choices=PASS_CHOICES, widget=forms.RadioSelect, required=False
        )
    if item.kind == ItemKind.NUMBER:
        return forms.CharField(
            label=label,
            required=False,
            max_length=40,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "number-input"}),
        )
    return forms.CharField(
        label=label,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def condition_labels(result: IndicatorResult) -> list[str]:
    """The conditions of the indicator: those its criteria name and those already answered."""
    labels: list[str] = []
    criteria = result.indicator.criteria
    listed = criteria.get("conditions") if isinstance(criteria, Mapping) else None
    for entry in listed if isinstance(listed, list) else []:
        label = entry.get("label") if isinstance(entry, Mapping) else entry
        if isinstance(label, str) and label:
            labels.append(label)
    labels += [str(label) for label in (result.conditions or {})]
    return list(dict.fromkeys(labels))


class ItemsMixin:
    """Item fields named `item_<pk>` and the steps / blocks done."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_items(self, items: list[EvaluationItem], choices: list[str]) -> None:
        self.item_names = {}
        for item in items:
            name = f"item_{item.pk}"
            self.fields[name] = item_field(item)
            self.item_names[item.pk] = name
        self.item_list = list(items)
        if choices:
            self.fields["done"] = forms.MultipleChoiceField(
                label=_("Steps done / blocks achieved"),
                choices=[(choice, choice) for choice in choices],
                widget=forms.CheckboxSelectMultiple,
                required=False,
            )

    def bound_items(self) -> list[tuple[EvaluationItem, forms.BoundField]]:
        return [(item, self[self.item_names[item.pk]]) for item in self.item_list]  # type: ignore[index]

    def items_typed(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(name) or "" for pk, name in self.item_names.items()}

    def done_ids(self) -> list[str]:
        return list(self.cleaned_data.get("done") or [])

    def item_field_name(self, pk: int) -> str | None:
        return self.item_names.get(pk)


class ResultForm(ItemsMixin, forms.Form):
    """The agency editor's report of one indicator."""

    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    performance = forms.CharField(
        label=_("Performance"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    obstacles = forms.CharField(
        label=_("Problems and obstacles"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    suggestions = forms.CharField(
        label=_("Solutions and suggestions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        result: IndicatorResult,
        items: list[EvaluationItem],
        choices: list[str],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", f"r{result.pk}")
        super().__init__(*args, **kwargs)
        self.add_items(items, choices)
        self.condition_names: dict[str, str] = {}
        for number, label in enumerate(condition_labels(result)):
            name = f"condition_{number}"
            self.fields[name] = forms.ChoiceField(
                label=label, choices=MET_CHOICES, widget=forms.RadioSelect, required=False
            )
            self.condition_names[label] = name

    def conditions_met(self) -> dict[str, bool]:
        """The conditions answered (those left unanswered are not sent)."""
        answered = {}
        for label, name in self.condition_names.items():
            value = self.cleaned_data.get(name)
            if value:
                answered[label] = value == "met"
        return answered

    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.item_names.values()]

    def condition_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.condition_names.values()]


def result_initial(
    result: IndicatorResult, values: Mapping[int, str], form_class: type[forms.Form] = ResultForm
) -> dict[str, Any]:
    """The form's initial data from the stored result (`values`: item pk -> typed value)."""
    initial: dict[str, Any] = {
        "sequence": result.sequence,
        "performance": result.performance,
        "obstacles": result.obstacles,
        "suggestions": result.suggestions,
        "done": list(result.done or []),
    }
    for pk, value in values.items():
        initial[f"item_{pk}"] = value
    for number, label in enumerate(condition_labels(result)):
        met = (result.conditions or {}).get(label)
        if met is not None:
            initial[f"condition_{number}"] = "met" if met else "not_met"
    return initial


class ConfirmForm(ItemsMixin, forms.Form):
    """The evaluator's confirmed result, with the justification."""

    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Give the justification.")},
    )

    def __init__(
        self,
        *args: Any,
        result: IndicatorResult,
        items: list[EvaluationItem],
        choices: list[str],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", f"c{result.pk}")
        super().__init__(*args, **kwargs)
        self.add_items(items, choices)

    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.item_names.values()]


def message_field(label: StrOrPromise, required: StrOrPromise | None) -> forms.CharField:
    """A short text for a review step: a reason, a question, an answer (`required`: the message
    when it is left empty; None for an optional note)."""
    return forms.CharField(
        label=label,
        required=required is not None,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        error_messages={"required": required} if required else {},
    )


class ReasonForm(forms.Form):
    reason = message_field(_("Reason"), _("Give the reason."))


class AcceptForm(forms.Form):
    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = message_field(_("Note (optional)"), None)


class QuestionForm(forms.Form):
    question = message_field(_("Question"), _("Write the question."))


class AnswerForm(forms.Form):
    text = message_field(_("Answer"), _("Write the answer."))


class ReopenForm(forms.Form):
    reason = message_field(_("Reason"), _("Give the reason."))
    until = forms.DateField(
        label=_("Open until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the date."), "invalid": _("Enter a valid date.")},
    )

    def clean_until(self) -> dt.date:
        until: dt.date = self.cleaned_data["until"]
        return until
