"""Groups: levels whose targets depend on a value of the agency (its budget, last year's result)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ges.indicators.criteria_forms.base import (
    EXEMPT,
    Builder,
    Data,
    EditorSettings,
    JSONObject,
    NotRepresentable,
    Part,
    PlacedForm,
    chosen_count,
    decimal_field,
    default_scores,
    field_text,
    item,
    json_list,
    json_number,
    key,
    level_places,
    place_text,
    plain,
    raw,
    row_formset,
    rows_data,
    strict_keys,
    words,
)
from ges.indicators.criteria_forms.levels import LevelsForm, LevelsPart, default_levels
from ges.orgs.models import Organization


class GroupsForm(LevelsForm):
    by = forms.CharField(
        label=gettext_lazy("Groups are chosen by the agency's value"),
        max_length=64,
        widget=forms.TextInput(attrs={"size": 10}),
    )
    exempt = forms.CharField(
        label=gettext_lazy("Exempt agencies (codes)"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy("Separate codes with commas or spaces."),
    )

    field_order = ["by", "count", "direction", "mode", "below", "exempt"]

    def __init__(self, *args: Any, scale: Decimal, count: int, **kwargs: Any) -> None:
        super().__init__(*args, scale=scale, **kwargs)
        self.level_count = count
        for index in range(count):
            self.fields[f"score_{index}"] = decimal_field(
                _("Score of level %(number)d") % {"number": index + 1}
            )

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{index}"] for index in range(self.level_count)]


class GroupRowForm(PlacedForm):
    min = decimal_field(gettext_lazy("From (inclusive)"), required=False, size=5)
    max = decimal_field(gettext_lazy("Below (exclusive)"), required=False, size=5)

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.level_count = count
        for index in range(count):
            self.fields[f"threshold_{index}"] = forms.CharField(
                label=_("Target of level %(number)d") % {"number": index + 1},
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"size": 6}),
            )

    def threshold_fields(self) -> list[forms.BoundField]:
        return [self[f"threshold_{index}"] for index in range(self.level_count)]


GroupRows = row_formset(GroupRowForm)


class GroupsPart(Part):
    kind = "groups"

    def __init__(self, data: Data, settings: EditorSettings) -> None:
        super().__init__(data, settings)
        self.count = chosen_count(data.get("groups-count"))
        self.settings_form = GroupsForm(
            data, prefix="groups", scale=settings.scale, count=self.count
        )
        self.rows = GroupRows(data, prefix="groups-rows", form_kwargs={"count": self.count})
        for index, row in enumerate(self.rows.forms):
            row.place = _("Group %(number)d") % {"number": index + 1}
        self.places = level_places(self.count)

    def setting_forms(self) -> list[forms.BaseForm]:
        return [self.settings_form]

    def formsets(self) -> list[BaseFormSet[Any]]:
        return [self.rows]

    @classmethod
    def row_prefixes(cls) -> tuple[str, ...]:
        return ("groups-rows",)

    def build(self, builder: Builder) -> JSONObject:
        form, title = self.settings_form, _("Groups")
        builder.at("", form, None, title)
        builder.at("groups", form, None, title)
        builder.need("by", form, "by", raw(form, "by"), place_text(title, form["by"].label))
        builder.at("overrides", form, "exempt", place_text(title, form["exempt"].label))
        scores = [json_number(raw(form, f"score_{index}")) for index in range(self.count)]
        levels = {
            "direction": raw(form, "direction") or "higher",
            "mode": raw(form, "mode") or "interpolate",
            "below": json_number(raw(form, "below")),
        }
        groups: list[JSONObject] = []
        for row in self.rows.forms:
            values = [raw(row, name) for name in row.fields]
            if not any(values):
                continue
            path = item("groups", len(groups))
            self._spots(builder, row, path)
            thresholds = []
            for index in range(self.count):
                text = raw(row, f"threshold_{index}")
                builder.need(
                    item(key(path, "criteria.thresholds"), index),
                    row,
                    f"threshold_{index}",
                    text,
                    place_text(title, row.place, self.places[index]),
                )
                thresholds.append(json_number(text))
            minimum, maximum = raw(row, "min"), raw(row, "max")
            groups.append(
                {
                    "min": json_number(minimum) if minimum else None,
                    "max": json_number(maximum) if maximum else None,
                    "criteria": {
                        "kind": "levels",
                        "direction": levels["direction"],
                        "thresholds": thresholds,
                        "scores": scores,
                        "mode": levels["mode"],
                        "below": levels["below"],
                    },
                }
            )
        criteria: JSONObject = {"kind": "groups", "by": raw(form, "by"), "groups": groups}
        exempt = words(raw(form, "exempt"))
        if exempt:
            criteria["overrides"] = dict.fromkeys(exempt, EXEMPT)
            self._check_codes(builder, exempt)
        return criteria

    def _spots(self, builder: Builder, row: PlacedForm, path: str) -> None:
        form, title = self.settings_form, _("Groups")
        builder.at(path, row, None, place_text(title, row.place))
        builder.at(key(path, "min"), row, "min", place_text(title, row.place, row["min"].label))
        builder.at(key(path, "max"), row, "max", place_text(title, row.place, row["max"].label))
        criteria = key(path, "criteria")
        builder.at(criteria, row, None, place_text(title, row.place))
        for name in ("direction", "mode", "below"):
            builder.at(key(criteria, name), form, name, place_text(title, form[name].label))
        builder.at(key(criteria, "scores"), form, "score_0", place_text(title, self.places[0]))
        for index in range(self.count):
            builder.at(
                item(key(criteria, "scores"), index),
                form,
                f"score_{index}",
                place_text(title, self.places[index], _("Score")),
            )

    def _check_codes(self, builder: Builder, codes: list[str]) -> None:
        known = set(Organization.objects.filter(code__in=codes).values_list("code", flat=True))
        for code in codes:
            if code not in known:
                builder.local.append(
                    (
                        key("overrides", code),
                        _("No organisation has the code %(code)s.") % {"code": code},
                    )
                )

    @classmethod
    def data_for(cls, criteria: Mapping[str, Any], settings: EditorSettings) -> dict[str, str]:
        """One row per group; the groups must share everything but their targets."""
        strict_keys(criteria, ["kind", "by", "groups", "overrides"])
        overrides = criteria.get("overrides", {})
        if not isinstance(overrides, Mapping) or any(v != EXEMPT for v in overrides.values()):
            raise NotRepresentable
        shared: dict[str, str] | None = None
        rows: list[dict[str, str]] = []
        for group in json_list(criteria.get("groups")):
            strict_keys(group, ["min", "max", "criteria"])
            levels = group.get("criteria")
            if not isinstance(levels, Mapping) or levels.get("kind") != "levels":
                raise NotRepresentable
            data = LevelsPart.data_for(levels, settings)
            count = int(data["levels-count"])
            common = {name: data[f"levels-{name}"] for name in ("count", "direction", "mode")}
            common["below"] = data["levels-below"]
            for index in range(count):
                common[f"score_{index}"] = data[f"levels-rows-{index}-score"]
            if shared is not None and common != shared:
                raise NotRepresentable
            shared = common
            row = {"min": field_text(group.get("min")), "max": field_text(group.get("max"))}
            for index in range(count):
                row[f"threshold_{index}"] = data[f"levels-rows-{index}-threshold"]
            rows.append(row)
        if shared is None:
            raise NotRepresentable
        return {
            "kind": cls.kind,
            "groups-by": field_text(criteria.get("by")),
            "groups-exempt": ", ".join(str(code) for code in overrides),
            **{f"groups-{name}": value for name, value in shared.items()},
            **rows_data("groups-rows", rows),
        }

    @classmethod
    def defaults(cls, settings: EditorSettings) -> dict[str, str]:
        levels = default_levels(settings)
        by = "prev" if "prev" in settings.value_names else min(settings.value_names, default="")
        return cls.data_for(
            {
                "kind": "groups",
                "by": by,
                "groups": [
                    {"min": None, "max": None, "criteria": levels},
                    {"min": None, "max": None, "criteria": levels},
                ],
            },
            settings,
        )

    @classmethod
    def adjust(cls, data: dict[str, str], action: str, settings: EditorSettings) -> None:
        super().adjust(data, action, settings)
        if action != "resize":
            return
        count = chosen_count(data.get("groups-count"))
        for index, score in enumerate(default_scores(count, settings.scale)):
            data[f"groups-score_{index}"] = plain(score)
