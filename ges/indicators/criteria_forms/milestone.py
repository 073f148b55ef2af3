"""Milestones: the steps each level needs (also the first part of hybrid criteria)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ges.indicators.criteria_forms.base import (
    Builder,
    Data,
    EditorSettings,
    JSONObject,
    Part,
    PlacedForm,
    decimal_field,
    default_scores,
    field_text,
    item,
    json_list,
    json_number,
    json_texts,
    key,
    lines,
    numbered_level,
    place_text,
    raw,
    row_formset,
    rows_data,
    strict_keys,
)


class MilestoneForm(PlacedForm):
    below = decimal_field(gettext_lazy("Score before the first level is reached"))


class StepLevelForm(PlacedForm):
    score = decimal_field(gettext_lazy("Score"), required=False)
    steps = forms.CharField(
        label=gettext_lazy("Steps, one a line"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


StepLevelRows = row_formset(StepLevelForm)


def build_milestone(
    settings_form: forms.BaseForm, rows: BaseFormSet[Any], builder: Builder, path: str, title: str
) -> JSONObject:
    builder.at(path, settings_form, None, title)
    builder.at(key(path, "levels"), settings_form, None, title)
    builder.at(
        key(path, "below"), settings_form, "below", place_text(title, settings_form["below"].label)
    )
    levels: list[JSONObject] = []
    for index, row in enumerate(rows.forms):
        score, steps = raw(row, "score"), raw(row, "steps")
        row.place = numbered_level(index + 1)
        if not score and not steps:
            continue
        level_path = item(key(path, "levels"), len(levels))
        builder.at(level_path, row, None, place_text(title, row.place))
        builder.need(
            key(level_path, "score"), row, "score", score, place_text(title, row.place, _("Score"))
        )
        builder.need(
            key(level_path, "steps"), row, "steps", steps, place_text(title, row.place, _("Steps"))
        )
        levels.append({"score": json_number(score), "steps": lines(steps)})
    return {
        "kind": "milestone",
        "levels": levels,
        "below": json_number(raw(settings_form, "below")),
    }


def milestone_rows(criteria: Mapping[str, Any]) -> list[dict[str, str]]:
    rows = []
    for level in json_list(criteria.get("levels")):
        strict_keys(level, ["score", "steps"])
        rows.append(
            {
                "score": field_text(level.get("score")),
                "steps": "\n".join(json_texts(level["steps"])),
            }
        )
    return rows


class MilestonePart(Part):
    kind = "milestone"

    def __init__(self, data: Data, settings: EditorSettings) -> None:
        super().__init__(data, settings)
        self.settings_form = MilestoneForm(data, prefix="milestone")
        self.rows = StepLevelRows(data, prefix="milestone-levels")
        for index, row in enumerate(self.rows.forms):
            row.place = numbered_level(index + 1)

    def setting_forms(self) -> list[forms.BaseForm]:
        return [self.settings_form]

    def formsets(self) -> list[BaseFormSet[Any]]:
        return [self.rows]

    def build(self, builder: Builder) -> JSONObject:
        return build_milestone(self.settings_form, self.rows, builder, "", _("Milestones"))

    @classmethod
    def row_prefixes(cls) -> tuple[str, ...]:
        return ("milestone-levels",)

    @classmethod
    def data_for(cls, criteria: Mapping[str, Any], settings: EditorSettings) -> dict[str, str]:
        strict_keys(criteria, ["kind", "levels", "below"])
        return {
            "kind": cls.kind,
            "milestone-below": field_text(criteria.get("below", 0)),
            **rows_data("milestone-levels", milestone_rows(criteria)),
        }

    @classmethod
    def defaults(cls, settings: EditorSettings) -> dict[str, str]:
        scores = default_scores(settings.level_count, settings.scale)
        return cls.data_for(
            {
                "kind": "milestone",
                "levels": [{"score": score, "steps": []} for score in scores],
                "below": 0,
            },
            settings,
        )
