"""The editor: the fields of the chosen kind, the criteria as JSON, and the engine's verdict."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ges import scoring
from ges.indicators.criteria_forms.base import (
    Builder,
    Data,
    EditorSettings,
    NotRepresentable,
    Part,
    PlacedForm,
    Shown,
    default_scores,
    engine_text,
    place_text,
    plain,
    raw,
)
from ges.indicators.criteria_forms.groups import GroupsPart
from ges.indicators.criteria_forms.hybrid import HybridPart
from ges.indicators.criteria_forms.levels import LevelsPart
from ges.indicators.criteria_forms.milestone import MilestonePart
from ges.indicators.criteria_forms.passfail import PassFailPart
from ges.indicators.criteria_forms.points import PointsPart

KINDS: list[tuple[str, Any]] = [
    ("levels", gettext_lazy("Levels: a target for each score")),
    ("milestone", gettext_lazy("Milestones: steps done")),
    ("passfail", gettext_lazy("Pass / fail")),
    ("points", gettext_lazy("Points: blocks of points")),
    ("hybrid", gettext_lazy("Hybrid: milestones, then measured levels")),
    ("groups", gettext_lazy("Groups: targets by an agency's value")),
]


class KindForm(PlacedForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of criteria"), choices=KINDS)


class AdvancedForm(PlacedForm):
    use_json = forms.BooleanField(
        label=gettext_lazy("Edit the JSON directly (the fields above are then ignored)"),
        required=False,
    )
    criteria_json = forms.CharField(
        label=gettext_lazy("The criteria as JSON"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false", "class": "code"}),
    )


PARTS: dict[str, type[Part]] = {
    part.kind: part
    for part in (LevelsPart, MilestonePart, PassFailPart, PointsPart, HybridPart, GroupsPart)
}


def fields_for(criteria: object, settings: EditorSettings) -> dict[str, str]:
    """The field values showing `criteria`; raises NotRepresentable for what fields cannot show."""
    kind = criteria.get("kind") if isinstance(criteria, Mapping) else None
    if not isinstance(criteria, Mapping) or not isinstance(kind, str) or kind not in PARTS:
        raise NotRepresentable
    return PARTS[kind].data_for(criteria, settings)


@dataclass
class Checked:
    criteria: Any  # as built (or as typed in JSON); valid only when `valid`
    problems: list[Shown]
    builder: Builder
    readable: bool = True  # False when the typed JSON cannot be parsed at all

    @property
    def valid(self) -> bool:
        return self.readable and not self.problems


class CriteriaEditor:
    def __init__(self, data: Data, settings: EditorSettings, *, note: str = "") -> None:
        self.data = data
        self.settings = settings
        self.note = note
        self.kind_form = KindForm(data)
        kind = str(data.get("kind", ""))
        self.kind = kind if kind in PARTS else "levels"
        self.part = PARTS[self.kind](data, settings)
        self.advanced = AdvancedForm(data)
        self.use_json = raw(self.advanced, "use_json") not in ("", "False", "false", "0")

    @classmethod
    def for_criteria(cls, criteria: object, settings: EditorSettings) -> CriteriaEditor:
        """Saved criteria in their fields, or as JSON when the fields cannot show them."""
        if criteria is None:
            return cls(LevelsPart.defaults(settings), settings)
        try:
            return cls(fields_for(criteria, settings), settings)
        except NotRepresentable:
            kind = criteria.get("kind") if isinstance(criteria, Mapping) else None
            part = PARTS[kind] if isinstance(kind, str) and kind in PARTS else LevelsPart
            data = part.defaults(settings)
            data.update({"use_json": "on", "criteria_json": dump(criteria)})
            note = _("These criteria use options the fields cannot show: edit them as JSON.")
            return cls(data, settings, note=note)

    @classmethod
    def for_kind(cls, kind: str, settings: EditorSettings) -> CriteriaEditor:
        part = PARTS.get(kind, LevelsPart)
        return cls(part.defaults(settings), settings)

    @classmethod
    def adjusted(cls, data: Data, action: str, settings: EditorSettings) -> CriteriaEditor:
        """The fields as typed, with a row added or the number of levels changed."""
        values = {name: str(data.get(name, "")) for name in data}
        part = PARTS.get(values.get("kind", ""), LevelsPart)
        part.adjust(values, action, settings)
        return cls(values, settings)

    @classmethod
    def with_suggestion(
        cls, data: Data, suggestion: scoring.Suggestion, settings: EditorSettings
    ) -> CriteriaEditor:
        """Levels holding the suggested thresholds; the current mode and floor are kept.

        The scores are the framework's for that many levels (the engine suggests 1-5 for five
        levels, which a framework scored out of 100 gives as 20-100).
        """
        current = cls(data, settings)
        levels = dict(suggestion.criteria())
        levels["scores"] = default_scores(len(suggestion.thresholds), settings.scale)
        if current.kind == "levels" and not current.use_json:
            levels["mode"] = raw(current.part.setting_forms()[0], "mode") or settings.mode
            levels["below"] = raw(current.part.setting_forms()[0], "below") or plain(settings.below)
        else:
            levels.update({"mode": settings.mode, "below": settings.below})
        values = LevelsPart.data_for(levels, settings)
        return cls(values, settings)

    def setting_forms(self) -> list[forms.BaseForm]:
        return [self.kind_form, *self.part.setting_forms()]

    def check(self, *, attach: bool = False) -> Checked:
        if self.use_json:
            return self._check_json(attach=attach)
        builder = Builder()
        criteria = self.part.build(builder)
        flagged: set[tuple[int, str | None]] = set()
        shown = self._form_errors(flagged)
        taken = {path for path, _message in builder.local}
        problems = list(builder.local)
        for problem in criteria_problems(self.settings, criteria):
            if problem.path not in taken:
                problems.append((problem.path, engine_text(problem.message, problem.message_en)))
        for path, message in problems:
            spot = builder.spot(path)
            if spot is None:
                shown.append(Shown(message, path))
                continue
            if (id(spot.form), spot.field) in flagged:
                continue  # Django's own check already said what is wrong with this field
            if attach:
                spot.form.add_error(spot.field, message)
            shown.append(Shown(message, spot.place, spot.anchor))
        return Checked(criteria, shown, builder)

    def _form_errors(self, flagged: set[tuple[int, str | None]]) -> list[Shown]:
        shown: list[Shown] = []
        everything = [*self.setting_forms(), *(f for s in self.part.formsets() for f in s.forms)]
        for form in everything:
            if form.is_valid():
                continue
            for name, errors in form.errors.items():
                bound = form[name] if name in form.fields else None
                flagged.add((id(form), name if bound else None))
                place = place_text(getattr(form, "place", ""), bound.label if bound else "")
                for error in errors:
                    shown.append(Shown(str(error), place, bound.auto_id if bound else ""))
        for formset in self.part.formsets():
            if formset.is_bound:
                shown.extend(Shown(str(error)) for error in formset.non_form_errors())
        return shown

    def _check_json(self, *, attach: bool) -> Checked:
        text = str(self.data.get("criteria_json", ""))
        builder = Builder()
        builder.at("", self.advanced, "criteria_json", str(self.advanced["criteria_json"].label))
        anchor = self.advanced["criteria_json"].auto_id or ""
        try:
            criteria = json.loads(text)
        except ValueError as error:
            line = getattr(error, "lineno", 1)
            column = getattr(error, "colno", 1)
            message = _("The JSON cannot be read (line %(line)d, column %(column)d).") % {
                "line": line,
                "column": column,
            }
            if attach:
                self.advanced.add_error("criteria_json", message)
            return Checked(None, [Shown(message, "", anchor)], builder, readable=False)
        shown = []
        for problem in criteria_problems(self.settings, criteria):
            message = engine_text(problem.message, problem.message_en)
            if problem.path:
                message = f"{problem.path}: {message}"
            if attach:
                self.advanced.add_error("criteria_json", message)
            shown.append(Shown(message, "", anchor))
        return Checked(criteria, shown, builder)

    def json_text(self, checked: Checked) -> str:
        if self.use_json:
            return str(self.data.get("criteria_json", ""))
        return dump(checked.criteria)


def criteria_problems(settings: EditorSettings, criteria: object) -> list[scoring.Problem]:
    return scoring.validate_criteria(
        criteria, scale=settings.scale, known_values=settings.value_names
    )


def dump(criteria: object) -> str:
    return json.dumps(criteria, ensure_ascii=False, indent=2, default=str)
