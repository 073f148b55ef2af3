"""Target suggestions from the baseline (seed 004's eight patterns, by the engine)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ges import scoring
from ges.indicators.criteria_forms.base import engine_text, level_places, plain, words
from ges.indicators.models import Baseline, Indicator

PATTERNS: list[tuple[str, Any]] = [
    ("", gettext_lazy("Detect from the trend (patterns 1-3)")),
    ("rising", gettext_lazy("1. Rising: last year's result")),
    ("fluctuating", gettext_lazy("2. Fluctuating: the 3-year average")),
    ("falling", gettext_lazy("3. Falling: last year's result, not the average")),
    ("mandate", gettext_lazy("4. Mandate: the mandated value at the top level")),
    ("unit_cost", gettext_lazy("5. Unit cost: what the budget buys")),
    ("benchmark", gettext_lazy("6. Benchmark: own result or the benchmark average")),
    ("proportion", gettext_lazy("7. Proportion as the baseline")),
    ("ranking", gettext_lazy("8. Ranking: the current rank")),
]


def _target_error(error: scoring.TargetError) -> forms.ValidationError:
    return forms.ValidationError(engine_text(error.message, error.message_en))


class SuggestForm(forms.Form):
    pattern = forms.ChoiceField(label=gettext_lazy("Pattern"), choices=PATTERNS, required=False)
    levels = forms.TypedChoiceField(
        label=gettext_lazy("Levels"),
        coerce=int,
        choices=[(3, gettext_lazy("3 levels")), (5, gettext_lazy("5 levels"))],
    )
    spacing = forms.CharField(
        label=gettext_lazy("Spacing between levels"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("For example 5% (of the anchor) or 300; empty: GES's default."),
        widget=forms.TextInput(attrs={"size": 8}),
    )
    mandate = forms.DecimalField(label=gettext_lazy("Mandated value (pattern 4)"), required=False)
    budget = forms.DecimalField(label=gettext_lazy("Budget (pattern 5)"), required=False)
    unit_cost = forms.DecimalField(label=gettext_lazy("Unit cost (pattern 5)"), required=False)
    benchmark = forms.CharField(
        label=gettext_lazy("Benchmark agencies' results (pattern 6)"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Separate the numbers with commas or spaces."),
    )
    proportion = forms.CharField(
        label=gettext_lazy("Proportion (pattern 7)"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("For example 70:30."),
    )

    def clean_spacing(self) -> scoring.Spacing | None:
        text = self.cleaned_data["spacing"]
        if not text:
            return None
        try:
            return scoring.Spacing.parse(text)
        except scoring.TargetError as error:
            raise _target_error(error) from error

    def clean_benchmark(self) -> list[Decimal]:
        try:
            return [Decimal(word) for word in words(self.cleaned_data["benchmark"])]
        except InvalidOperation as error:
            raise forms.ValidationError(_("Enter numbers only.")) from error

    def clean_proportion(self) -> tuple[Decimal, Decimal] | None:
        text = self.cleaned_data["proportion"].strip()
        if not text:
            return None
        parts = text.split(":")
        try:
            first, second = (Decimal(part.strip()) for part in parts)
        except (InvalidOperation, ValueError) as error:
            raise forms.ValidationError(_("Write a proportion like 70:30.")) from error
        return first, second


def main_baseline(indicator: Indicator) -> tuple[str, list[tuple[int, Decimal]]]:
    """The series of the indicator's first baseline row, with its numeric values by year."""
    rows = list(
        Baseline.objects.filter(indicator=indicator, value__isnull=False)
        .order_by("order", "year")
        .values_list("series", "year", "value")
    )
    if not rows:
        return "", []
    series = rows[0][0]
    values = sorted((year, value) for name, year, value in rows if name == series and value)
    return series, values


def suggest_for(
    indicator: Indicator, form: SuggestForm, baseline: Sequence[tuple[int, Decimal]]
) -> scoring.Suggestion | None:
    """The engine's suggestion, or None with the engine's reason added to the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return scoring.suggest_targets(
            baseline,
            levels=data["levels"],
            pattern=scoring.Pattern(data["pattern"]) if data["pattern"] else None,
            direction=scoring.Direction(indicator.direction),
            spacing=data["spacing"],
            mandate=data["mandate"],
            budget=data["budget"],
            unit_cost=data["unit_cost"],
            benchmark=data["benchmark"],
            proportion=data["proportion"],
        )
    except scoring.TargetError as error:
        form.add_error(None, _target_error(error))
        return None


@dataclass(frozen=True)
class SuggestedLevel:
    place: str
    score: str
    threshold: str


def suggested_levels(suggestion: scoring.Suggestion) -> list[SuggestedLevel]:
    places = level_places(len(suggestion.thresholds))
    return [
        SuggestedLevel(place, plain(score), plain(threshold))
        for place, score, threshold in zip(
            places, suggestion.scores, suggestion.thresholds, strict=True
        )
    ]
