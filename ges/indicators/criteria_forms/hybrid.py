"""Hybrid: milestones first, then measured levels once the milestones are done."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ges.frameworks.models import ScoringMode
from ges.indicators.criteria_forms.base import (
    Builder,
    Data,
    EditorSettings,
    JSONObject,
    NotRepresentable,
    Part,
    PlacedForm,
    decimal_field,
    default_scores,
    field_text,
    numbered_level,
    rows_data,
    strict_keys,
)
from ges.indicators.criteria_forms.levels import LevelRows, build_levels, levels_rows
from ges.indicators.criteria_forms.milestone import StepLevelRows, build_milestone, milestone_rows
from ges.indicators.models import Direction


class HybridForm(PlacedForm):
    direction = forms.ChoiceField(
        label=gettext_lazy("Better results are"), choices=Direction.choices
    )
    mode = forms.ChoiceField(label=gettext_lazy("Between two targets"), choices=ScoringMode.choices)
    below = decimal_field(gettext_lazy("Score before the first milestone"))


class HybridPart(Part):
    kind = "hybrid"

    def __init__(self, data: Data, settings: EditorSettings) -> None:
        super().__init__(data, settings)
        self.settings_form = HybridForm(data, prefix="hybrid")
        self.milestones = StepLevelRows(data, prefix="hybrid-milestones")
        self.measured = LevelRows(data, prefix="hybrid-measured")
        for rows in (self.milestones, self.measured):
            for index, row in enumerate(rows.forms):
                row.place = numbered_level(index + 1)

    def setting_forms(self) -> list[forms.BaseForm]:
        return [self.settings_form]

    def formsets(self) -> list[BaseFormSet[Any]]:
        return [self.milestones, self.measured]

    @classmethod
    def row_prefixes(cls) -> tuple[str, ...]:
        return ("hybrid-milestones", "hybrid-measured")

    def build(self, builder: Builder) -> JSONObject:
        builder.at("", self.settings_form, None, _("Hybrid"))
        milestones = build_milestone(
            self.settings_form, self.milestones, builder, "milestones", _("Milestones")
        )
        measured = build_levels(
            self.settings_form,
            self.measured,
            builder,
            "measured",
            with_below=False,
            fixed_rows=False,
            title=_("Measured levels"),
        )
        return {"kind": "hybrid", "milestones": milestones, "measured": measured}

    @classmethod
    def data_for(cls, criteria: Mapping[str, Any], settings: EditorSettings) -> dict[str, str]:
        strict_keys(criteria, ["kind", "milestones", "measured"])
        milestones, measured = criteria.get("milestones"), criteria.get("measured")
        if not isinstance(milestones, Mapping) or not isinstance(measured, Mapping):
            raise NotRepresentable
        strict_keys(milestones, ["kind", "levels", "below"])
        strict_keys(measured, ["kind", "direction", "thresholds", "scores", "mode"])
        return {
            "kind": cls.kind,
            "hybrid-direction": field_text(measured.get("direction", "higher")),
            "hybrid-mode": field_text(measured.get("mode", "interpolate")),
            "hybrid-below": field_text(milestones.get("below", 0)),
            **rows_data("hybrid-milestones", milestone_rows(milestones)),
            **rows_data("hybrid-measured", levels_rows(measured, settings)),
        }

    @classmethod
    def defaults(cls, settings: EditorSettings) -> dict[str, str]:
        scores = default_scores(5, settings.scale)
        return cls.data_for(
            {
                "kind": "hybrid",
                "milestones": {
                    "kind": "milestone",
                    "levels": [{"score": score, "steps": []} for score in scores[:2]],
                    "below": 0,
                },
                "measured": {
                    "kind": "levels",
                    "direction": settings.direction,
                    "thresholds": [""] * 3,
                    "scores": scores[2:],
                    "mode": settings.mode,
                },
            },
            settings,
        )
