"""Levels: a target for each score (also the measured part of hybrid criteria and each group)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ges.frameworks.models import ScoringMode
from ges.indicators.criteria_forms.base import (
    COUNTS,
    Builder,
    Data,
    EditorSettings,
    JSONObject,
    NotRepresentable,
    Part,
    PlacedForm,
    chosen_count,
    count_choices,
    decimal_field,
    default_scores,
    field_text,
    item,
    json_list,
    json_number,
    key,
    level_places,
    numbered_level,
    place_text,
    plain,
    raw,
    row_formset,
    rows_data,
    strict_keys,
)
from ges.indicators.models import Direction


class LevelsForm(PlacedForm):
    count = forms.TypedChoiceField(label=gettext_lazy("Levels"), coerce=int, choices=())
    direction = forms.ChoiceField(
        label=gettext_lazy("Better results are"), choices=Direction.choices
    )
    mode = forms.ChoiceField(label=gettext_lazy("Between two targets"), choices=ScoringMode.choices)
    below = decimal_field(gettext_lazy("Score below the first target"))

    def __init__(self, *args: Any, scale: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        count = self.fields["count"]
        assert isinstance(count, forms.TypedChoiceField)
        count.choices = count_choices(scale)


class LevelRowForm(PlacedForm):
    score = decimal_field(gettext_lazy("Score"), required=False)
    threshold = forms.CharField(
        label=gettext_lazy("Target"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"size": 12}),
    )


LevelRows = row_formset(LevelRowForm)


def build_levels(
    settings_form: forms.BaseForm,
    rows: BaseFormSet[Any],
    builder: Builder,
    path: str,
    *,
    with_below: bool,
    fixed_rows: bool,
    title: str,
) -> JSONObject:
    builder.at(path, settings_form, None, title)
    for name in ("direction", "mode") + (("below",) if with_below else ()):
        builder.at(
            key(path, name), settings_form, name, place_text(title, settings_form[name].label)
        )
    thresholds: list[object] = []
    scores: list[object] = []
    count = len(rows.forms)
    places = level_places(count)
    for index, row in enumerate(rows.forms):
        threshold, score = raw(row, "threshold"), raw(row, "score")
        if not fixed_rows and not threshold and not score:
            continue
        row.place = places[index] if fixed_rows else numbered_level(index + 1)
        position = len(thresholds)
        if position == 0:
            builder.at(key(path, "thresholds"), row, "threshold", place_text(title, row.place))
            builder.at(key(path, "scores"), row, "score", place_text(title, row.place))
        builder.need(
            item(key(path, "thresholds"), position),
            row,
            "threshold",
            threshold,
            place_text(title, row.place, _("Target")),
        )
        builder.need(
            item(key(path, "scores"), position),
            row,
            "score",
            score,
            place_text(title, row.place, _("Score")),
        )
        thresholds.append(json_number(threshold))
        scores.append(json_number(score))
    criteria: JSONObject = {
        "kind": "levels",
        "direction": raw(settings_form, "direction") or "higher",
        "thresholds": thresholds,
        "scores": scores,
        "mode": raw(settings_form, "mode") or "interpolate",
    }
    if with_below:
        criteria["below"] = json_number(raw(settings_form, "below"))
    return criteria


def levels_rows(criteria: Mapping[str, Any], settings: EditorSettings) -> list[dict[str, str]]:
    thresholds = json_list(criteria.get("thresholds"))
    scores = criteria.get("scores")
    if scores is None:
        scores = default_scores(len(thresholds), settings.scale)
    scores = json_list(list(scores))
    if len(scores) != len(thresholds):
        raise NotRepresentable
    return [
        {"threshold": field_text(threshold), "score": field_text(score)}
        for threshold, score in zip(thresholds, scores, strict=True)
    ]


def default_levels(settings: EditorSettings) -> JSONObject:
    """New levels criteria: the framework's scores and settings, targets left to fill in."""
    count = settings.level_count
    return {
        "kind": "levels",
        "direction": settings.direction,
        "thresholds": [""] * count,
        "scores": default_scores(count, settings.scale),
        "mode": settings.mode,
        "below": settings.below,
    }


class LevelsPart(Part):
    kind = "levels"
    prefix = "levels"

    def __init__(self, data: Data, settings: EditorSettings) -> None:
        super().__init__(data, settings)
        self.settings_form = LevelsForm(data, prefix=self.prefix, scale=settings.scale)
        self.rows = LevelRows(data, prefix=f"{self.prefix}-rows")
        self.places = level_places(len(self.rows.forms))
        for row, place in zip(self.rows.forms, self.places, strict=True):
            row.place = place

    def setting_forms(self) -> list[forms.BaseForm]:
        return [self.settings_form]

    def formsets(self) -> list[BaseFormSet[Any]]:
        return [self.rows]

    def build(self, builder: Builder) -> JSONObject:
        return build_levels(
            self.settings_form,
            self.rows,
            builder,
            "",
            with_below=True,
            fixed_rows=True,
            title=_("Levels"),
        )

    @classmethod
    def data_for(cls, criteria: Mapping[str, Any], settings: EditorSettings) -> dict[str, str]:
        strict_keys(criteria, ["kind", "direction", "thresholds", "scores", "mode", "below"])
        rows = levels_rows(criteria, settings)
        if len(rows) not in COUNTS:
            raise NotRepresentable
        return {
            "kind": cls.kind,
            f"{cls.prefix}-count": str(len(rows)),
            f"{cls.prefix}-direction": field_text(criteria.get("direction", "higher")),
            f"{cls.prefix}-mode": field_text(criteria.get("mode", "interpolate")),
            f"{cls.prefix}-below": field_text(criteria.get("below", 0)),
            **rows_data(f"{cls.prefix}-rows", rows),
        }

    @classmethod
    def defaults(cls, settings: EditorSettings) -> dict[str, str]:
        return cls.data_for(default_levels(settings), settings)

    @classmethod
    def adjust(cls, data: dict[str, str], action: str, settings: EditorSettings) -> None:
        if action != "resize":
            return
        count = chosen_count(data.get(f"{cls.prefix}-count"))
        prefix = f"{cls.prefix}-rows"
        data[f"{prefix}-TOTAL_FORMS"] = str(count)
        for index, score in enumerate(default_scores(count, settings.scale)):
            data[f"{prefix}-{index}-score"] = plain(score)
