"""Points: blocks of points, each counted once its items (and the blocks it needs) are done."""

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
    field_text,
    item,
    json_list,
    json_number,
    json_texts,
    key,
    place_text,
    raw,
    row_formset,
    rows_data,
    strict_keys,
    words,
)


class PointsForm(PlacedForm):
    max = decimal_field(
        gettext_lazy("Highest score"),
        required=False,
        help_text=gettext_lazy("Empty: the full score of the framework."),
    )


class BlockForm(PlacedForm):
    id = forms.CharField(
        label=gettext_lazy("Block"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"size": 10}),
    )
    points = decimal_field(gettext_lazy("Points"), required=False)
    requires = forms.CharField(
        label=gettext_lazy("Counts only after blocks"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 14}),
    )
    items = forms.CharField(
        label=gettext_lazy("Items that must all be done"),
        required=False,
        max_length=2000,
        widget=forms.TextInput(attrs={"size": 18}),
    )


BlockRows = row_formset(BlockForm)


class PointsPart(Part):
    kind = "points"

    def __init__(self, data: Data, settings: EditorSettings) -> None:
        super().__init__(data, settings)
        self.settings_form = PointsForm(data, prefix="points")
        self.rows = BlockRows(data, prefix="points-blocks")
        for index, row in enumerate(self.rows.forms):
            row.place = _("Row %(number)d") % {"number": index + 1}

    def setting_forms(self) -> list[forms.BaseForm]:
        return [self.settings_form]

    def formsets(self) -> list[BaseFormSet[Any]]:
        return [self.rows]

    @classmethod
    def row_prefixes(cls) -> tuple[str, ...]:
        return ("points-blocks",)

    def build(self, builder: Builder) -> JSONObject:
        title = _("Points")
        builder.at("", self.settings_form, None, title)
        builder.at("blocks", self.settings_form, None, title)
        builder.at("max", self.settings_form, "max", place_text(title, _("Highest score")))
        blocks: list[JSONObject] = []
        for row in self.rows.forms:
            values = {name: raw(row, name) for name in ("id", "points", "requires", "items")}
            if not any(values.values()):
                continue
            path = item("blocks", len(blocks))
            builder.at(path, row, None, place_text(title, row.place))
            builder.need(
                key(path, "id"), row, "id", values["id"], place_text(title, row.place, _("Block"))
            )
            builder.need(
                key(path, "points"),
                row,
                "points",
                values["points"],
                place_text(title, row.place, _("Points")),
            )
            builder.at(key(path, "requires"), row, "requires", place_text(title, row.place))
            builder.at(key(path, "items"), row, "items", place_text(title, row.place))
            block: JSONObject = {"id": values["id"], "points": json_number(values["points"])}
            if values["requires"]:
                block["requires"] = words(values["requires"])
            if values["items"]:
                block["items"] = words(values["items"])
            blocks.append(block)
        criteria: JSONObject = {"kind": "points", "blocks": blocks}
        if raw(self.settings_form, "max"):
            criteria["max"] = json_number(raw(self.settings_form, "max"))
        return criteria

    @classmethod
    def data_for(cls, criteria: Mapping[str, Any], settings: EditorSettings) -> dict[str, str]:
        strict_keys(criteria, ["kind", "blocks", "max"])
        rows = []
        for block in json_list(criteria.get("blocks")):
            strict_keys(block, ["id", "points", "requires", "items"])
            rows.append(
                {
                    "id": field_text(block.get("id")),
                    "points": field_text(block.get("points")),
                    "requires": ", ".join(json_texts(block.get("requires", []))),
                    "items": ", ".join(json_texts(block.get("items", []))),
                }
            )
        return {
            "kind": cls.kind,
            "points-max": field_text(criteria.get("max")),
            **rows_data("points-blocks", rows),
        }

    @classmethod
    def defaults(cls, settings: EditorSettings) -> dict[str, str]:
        empty = {"id": "", "points": "", "requires": "", "items": ""}
        return {"kind": cls.kind, "points-max": "", **rows_data("points-blocks", [empty] * 3)}
