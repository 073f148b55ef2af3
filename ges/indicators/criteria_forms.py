"""Criteria without writing JSON: fields for each kind, built into the scoring engine's format.

`CriteriaEditor` reads the fields of one kind (levels, milestone, pass/fail, points, hybrid,
groups), builds the criteria document the engine reads (docs/scoring.md), remembers which field
each part of the document came from, and puts every problem the engine finds next to that field.
`fields_for(criteria)` goes the other way, so saved criteria load back into the same fields:
fields -> JSON -> fields gives the same JSON. Nothing here computes a score: the what-if preview
and the target suggestions call the engine's public API.

A milestone step is identified by its text: the engine names steps by their ids in results and
explanations, and the text of a line is an id that stays the same when lines are added, removed
or moved, so results recorded against the other steps stay valid.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.forms.formsets import BaseFormSet, formset_factory
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ges import scoring
from ges.frameworks.models import ScoringMode
from ges.indicators.criteria_actions import known_value_names
from ges.indicators.models import AgencyValue, Baseline, Direction, Indicator
from ges.orgs.models import Organization

type Data = Mapping[str, Any]
type JSONObject = dict[str, Any]

KINDS: list[tuple[str, Any]] = [
    ("levels", gettext_lazy("Levels: a target for each score")),
    ("milestone", gettext_lazy("Milestones: steps done")),
    ("passfail", gettext_lazy("Pass / fail")),
    ("points", gettext_lazy("Points: blocks of points")),
    ("hybrid", gettext_lazy("Hybrid: milestones, then measured levels")),
    ("groups", gettext_lazy("Groups: targets by an agency's value")),
]
COUNTS = (2, 3, 4, 5, 6, 7)
MAX_ROWS = 20
EXEMPT = "exempt"


def english() -> bool:
    return (get_language() or "").startswith("en")


def engine_text(thai: str, english_text: str) -> str:
    """The engine says everything in Thai and English; show the page's language."""
    return english_text if english() else thai


# Numbers travel as text in the fields and as JSON numbers in the criteria (strings when a
# float could not hold them exactly; the engine reads both).


def plain(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def json_number(text: str) -> int | float | str:
    """ "80" -> 80, "87.5" -> 87.5; anything else stays text for the engine to judge."""
    candidate = text.replace(",", "").strip()
    try:
        number = Decimal(candidate)
    except InvalidOperation:
        return text.strip()
    if not number.is_finite():
        return text.strip()
    if number == number.to_integral_value():
        return int(number)
    as_float = float(number)
    return as_float if Decimal(repr(as_float)) == number else candidate


def field_text(value: object) -> str:
    """A JSON value as it appears in a field; refuses what a field cannot hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise NotRepresentable
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return plain(Decimal(repr(value)))
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, str):
        return value
    raise NotRepresentable


def default_scores(count: int, scale: Decimal) -> list[Decimal]:
    """50/75/100 for 3 levels, 1-5 for 5 (on their scales), even steps otherwise."""
    if count == 3:
        return [scale * Decimal(share) / 100 for share in (50, 75, 100)]
    return [(scale * level / count).quantize(Decimal("0.01")) for level in range(1, count + 1)]


def count_choices(scale: Decimal) -> list[tuple[int, str]]:
    return [
        (
            count,
            _("%(count)d levels: %(scores)s")
            % {
                "count": count,
                "scores": " / ".join(plain(score) for score in default_scores(count, scale)),
            },
        )
        for count in COUNTS
    ]


class NotRepresentable(ValueError):
    """Criteria the fields cannot show as they are (edit them as JSON instead)."""


@dataclass(frozen=True)
class EditorSettings:
    """What the framework and the indicator give the editor."""

    scale: Decimal
    decimals: int
    mode: str
    below: Decimal
    direction: str
    value_names: frozenset[str]

    @property
    def scale_text(self) -> str:
        return plain(self.scale)

    @classmethod
    def for_indicator(cls, indicator: Indicator) -> EditorSettings:
        framework = indicator.framework
        return cls(
            scale=framework.scale,
            decimals=framework.decimals,
            mode=framework.mode,
            below=framework.below_first,
            direction=indicator.direction,
            value_names=known_value_names(framework),
        )


# ---------------------------------------------------------------------------------------------
# Forms. Every part of a kind is a small form or a formset of rows; field names carry a prefix
# per kind, so the fields of one kind never collide with another's.


class PlacedForm(forms.Form):
    """A form that knows how to name its place in the criteria (for the problem list)."""

    place: str = ""


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


class LevelsForm(PlacedForm):
    count = forms.TypedChoiceField(label=gettext_lazy("Levels"), coerce=int, choices=())
    direction = forms.ChoiceField(
        label=gettext_lazy("Better results are"), choices=Direction.choices
    )
    mode = forms.ChoiceField(label=gettext_lazy("Between two targets"), choices=ScoringMode.choices)
    below = forms.CharField(
        label=gettext_lazy("Score below the first target"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )

    def __init__(self, *args: Any, scale: Decimal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        count = self.fields["count"]
        assert isinstance(count, forms.TypedChoiceField)
        count.choices = count_choices(scale)


class LevelRowForm(PlacedForm):
    score = forms.CharField(
        label=gettext_lazy("Score"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    threshold = forms.CharField(
        label=gettext_lazy("Target"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"size": 12}),
    )


class MilestoneForm(PlacedForm):
    below = forms.CharField(
        label=gettext_lazy("Score before the first level is reached"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


class StepLevelForm(PlacedForm):
    score = forms.CharField(
        label=gettext_lazy("Score"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
    steps = forms.CharField(
        label=gettext_lazy("Steps, one a line"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PointsForm(PlacedForm):
    max = forms.CharField(
        label=gettext_lazy("Highest score"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("Empty: the full score of the framework."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


class BlockForm(PlacedForm):
    id = forms.CharField(
        label=gettext_lazy("Block"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"size": 10}),
    )
    points = forms.CharField(
        label=gettext_lazy("Points"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )
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


class HybridForm(PlacedForm):
    direction = forms.ChoiceField(
        label=gettext_lazy("Better results are"), choices=Direction.choices
    )
    mode = forms.ChoiceField(label=gettext_lazy("Between two targets"), choices=ScoringMode.choices)
    below = forms.CharField(
        label=gettext_lazy("Score before the first milestone"),
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
    )


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
            self.fields[f"score_{index}"] = forms.CharField(
                label=_("Score of level %(number)d") % {"number": index + 1},
                max_length=30,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
            )

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"score_{index}"] for index in range(self.level_count)]


class GroupRowForm(PlacedForm):
    min = forms.CharField(
        label=gettext_lazy("From (inclusive)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )
    max = forms.CharField(
        label=gettext_lazy("Below (exclusive)"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
    )

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


def _rows(form: type[forms.Form]) -> type[BaseFormSet[Any]]:
    return formset_factory(
        form, extra=0, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
    )


LevelRows = _rows(LevelRowForm)
StepLevelRows = _rows(StepLevelForm)
BlockRows = _rows(BlockForm)
GroupRows = _rows(GroupRowForm)


def rows_data(prefix: str, rows: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """The POST data of a formset holding `rows`."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(MAX_ROWS),
    }
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def raw(form: forms.BaseForm, name: str) -> str:
    """What the person typed, even when the form finds it invalid."""
    value = form[name].value()
    return "" if value is None else str(value).strip()


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def words(text: str) -> list[str]:
    return [word for word in re.split(r"[,\s]+", text) if word]


def level_places(count: int) -> list[str]:
    if count == 3:
        return [_("Minimum target"), _("Standard target"), _("Advanced target")]
    return [_("Level %(number)d") % {"number": number} for number in range(1, count + 1)]


def key(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def item(path: str, index: int) -> str:
    return f"{path}[{index}]"


# ---------------------------------------------------------------------------------------------
# Building: fields -> criteria, with a spot (form and field) for every path of the document.


@dataclass(frozen=True)
class Spot:
    form: forms.BaseForm
    field: str | None
    place: str

    @property
    def anchor(self) -> str:
        if self.field is not None:
            return self.form[self.field].auto_id or ""
        names = list(self.form.fields)
        return (self.form[names[0]].auto_id or "") if names else ""


@dataclass(frozen=True)
class Shown:
    """One problem as the page shows it: what, where, and the field to jump to."""

    message: str
    place: str = ""
    anchor: str = ""


@dataclass
class Builder:
    spots: dict[str, Spot] = field(default_factory=dict)
    local: list[tuple[str, str]] = field(default_factory=list)

    def at(self, path: str, form: forms.BaseForm, name: str | None, place: str) -> None:
        self.spots[path] = Spot(form, name, place)

    def need(self, path: str, form: forms.BaseForm, name: str, text: str, place: str) -> None:
        self.at(path, form, name, place)
        if not text:
            self.local.append((path, _("This field is required.")))

    def spot(self, path: str) -> Spot | None:
        best: tuple[str, Spot] | None = None
        for prefix, spot in self.spots.items():
            inside = path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))
            if (prefix == "" or inside) and (best is None or len(prefix) > len(best[0])):
                best = (prefix, spot)
        return best[1] if best else None


def _place(*parts: object) -> str:
    return " · ".join(str(part) for part in parts if str(part))


class Part:
    """The fields of one kind of criteria."""

    kind: ClassVar[str]

    def __init__(self, data: Data, settings: EditorSettings) -> None:
        self.data = data
        self.settings = settings

    def setting_forms(self) -> list[forms.BaseForm]:
        return []

    def formsets(self) -> list[BaseFormSet[Any]]:
        return []

    def build(self, builder: Builder) -> JSONObject:
        raise NotImplementedError

    @classmethod
    def data_for(cls, criteria: Mapping[str, Any], settings: EditorSettings) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def defaults(cls, settings: EditorSettings) -> dict[str, str]:
        raise NotImplementedError

    @classmethod
    def adjust(cls, data: dict[str, str], action: str, settings: EditorSettings) -> None:
        """Add a row to the formset named by `action`, or resize to a new count of levels."""
        if action.startswith("add:"):
            prefix = action.removeprefix("add:")
            if prefix in cls.row_prefixes():
                total = _int(data.get(f"{prefix}-TOTAL_FORMS", "0"), 0)
                data[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, MAX_ROWS))

    @classmethod
    def row_prefixes(cls) -> tuple[str, ...]:
        return ()


def _int(text: object, default: int) -> int:
    try:
        return int(str(text))
    except ValueError:
        return default


def _strict_keys(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    if not isinstance(data, Mapping) or set(data) - set(allowed):
        raise NotRepresentable


def _list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise NotRepresentable
    return value


def _texts(value: object) -> list[str]:
    texts = _list(value)
    if not all(isinstance(text, str) for text in texts):
        raise NotRepresentable
    return texts


# Levels ----------------------------------------------------------------------------------------


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
        builder.at(key(path, name), settings_form, name, _place(title, settings_form[name].label))
    thresholds: list[object] = []
    scores: list[object] = []
    count = len(rows.forms)
    places = level_places(count)
    for index, row in enumerate(rows.forms):
        threshold, score = raw(row, "threshold"), raw(row, "score")
        if not fixed_rows and not threshold and not score:
            continue
        row.place = places[index] if fixed_rows else _("Level %(number)d") % {"number": index + 1}
        position = len(thresholds)
        if position == 0:
            builder.at(key(path, "thresholds"), row, "threshold", _place(title, row.place))
            builder.at(key(path, "scores"), row, "score", _place(title, row.place))
        builder.need(
            item(key(path, "thresholds"), position),
            row,
            "threshold",
            threshold,
            _place(title, row.place, _("Target")),
        )
        builder.need(
            item(key(path, "scores"), position),
            row,
            "score",
            score,
            _place(title, row.place, _("Score")),
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
    thresholds = _list(criteria.get("thresholds"))
    scores = criteria.get("scores")
    if scores is None:
        scores = default_scores(len(thresholds), settings.scale)
    scores = _list(list(scores))
    if len(scores) != len(thresholds):
        raise NotRepresentable
    return [
        {"threshold": field_text(threshold), "score": field_text(score)}
        for threshold, score in zip(thresholds, scores, strict=True)
    ]


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
        _strict_keys(criteria, ["kind", "direction", "thresholds", "scores", "mode", "below"])
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
        count = 5 if settings.scale == 5 else 3
        return cls.data_for(
            {
                "kind": "levels",
                "direction": settings.direction,
                "thresholds": [""] * count,
                "scores": default_scores(count, settings.scale),
                "mode": settings.mode,
                "below": settings.below,
            },
            settings,
        )

    @classmethod
    def adjust(cls, data: dict[str, str], action: str, settings: EditorSettings) -> None:
        if action != "resize":
            return
        count = _int(data.get(f"{cls.prefix}-count"), 3)
        count = count if count in COUNTS else 3
        prefix = f"{cls.prefix}-rows"
        data[f"{prefix}-TOTAL_FORMS"] = str(count)
        for index, score in enumerate(default_scores(count, settings.scale)):
            data[f"{prefix}-{index}-score"] = plain(score)


# Milestones ------------------------------------------------------------------------------------


def build_milestone(
    settings_form: forms.BaseForm, rows: BaseFormSet[Any], builder: Builder, path: str, title: str
) -> JSONObject:
    builder.at(path, settings_form, None, title)
    builder.at(key(path, "levels"), settings_form, None, title)
    builder.at(
        key(path, "below"), settings_form, "below", _place(title, settings_form["below"].label)
    )
    levels: list[JSONObject] = []
    for index, row in enumerate(rows.forms):
        score, steps = raw(row, "score"), raw(row, "steps")
        row.place = _("Level %(number)d") % {"number": index + 1}
        if not score and not steps:
            continue
        level_path = item(key(path, "levels"), len(levels))
        builder.at(level_path, row, None, _place(title, row.place))
        builder.need(
            key(level_path, "score"), row, "score", score, _place(title, row.place, _("Score"))
        )
        builder.need(
            key(level_path, "steps"), row, "steps", steps, _place(title, row.place, _("Steps"))
        )
        levels.append({"score": json_number(score), "steps": lines(steps)})
    return {
        "kind": "milestone",
        "levels": levels,
        "below": json_number(raw(settings_form, "below")),
    }


def milestone_rows(criteria: Mapping[str, Any]) -> list[dict[str, str]]:
    rows = []
    for level in _list(criteria.get("levels")):
        _strict_keys(level, ["score", "steps"])
        rows.append(
            {"score": field_text(level.get("score")), "steps": "\n".join(_texts(level["steps"]))}
        )
    return rows


class MilestonePart(Part):
    kind = "milestone"

    def __init__(self, data: Data, settings: EditorSettings) -> None:
        super().__init__(data, settings)
        self.settings_form = MilestoneForm(data, prefix="milestone")
        self.rows = StepLevelRows(data, prefix="milestone-levels")
        for index, row in enumerate(self.rows.forms):
            row.place = _("Level %(number)d") % {"number": index + 1}

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
        _strict_keys(criteria, ["kind", "levels", "below"])
        return {
            "kind": cls.kind,
            "milestone-below": field_text(criteria.get("below", 0)),
            **rows_data("milestone-levels", milestone_rows(criteria)),
        }

    @classmethod
    def defaults(cls, settings: EditorSettings) -> dict[str, str]:
        count = 5 if settings.scale == 5 else 3
        return cls.data_for(
            {
                "kind": "milestone",
                "levels": [
                    {"score": score, "steps": []} for score in default_scores(count, settings.scale)
                ],
                "below": 0,
            },
            settings,
        )


# Pass / fail -----------------------------------------------------------------------------------


class PassFailPart(Part):
    kind = "passfail"

    def build(self, builder: Builder) -> JSONObject:
        return {"kind": "passfail"}

    @classmethod
    def data_for(cls, criteria: Mapping[str, Any], settings: EditorSettings) -> dict[str, str]:
        _strict_keys(criteria, ["kind"])
        return {"kind": cls.kind}

    @classmethod
    def defaults(cls, settings: EditorSettings) -> dict[str, str]:
        return {"kind": cls.kind}


# Points ----------------------------------------------------------------------------------------


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
        builder.at("max", self.settings_form, "max", _place(title, _("Highest score")))
        blocks: list[JSONObject] = []
        for row in self.rows.forms:
            values = {name: raw(row, name) for name in ("id", "points", "requires", "items")}
            if not any(values.values()):
                continue
            path = item("blocks", len(blocks))
            builder.at(path, row, None, _place(title, row.place))
            builder.need(
                key(path, "id"), row, "id", values["id"], _place(title, row.place, _("Block"))
            )
            builder.need(
                key(path, "points"),
                row,
                "points",
                values["points"],
                _place(title, row.place, _("Points")),
            )
            builder.at(key(path, "requires"), row, "requires", _place(title, row.place))
            builder.at(key(path, "items"), row, "items", _place(title, row.place))
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
        _strict_keys(criteria, ["kind", "blocks", "max"])
        rows = []
        for block in _list(criteria.get("blocks")):
            _strict_keys(block, ["id", "points", "requires", "items"])
            rows.append(
                {
                    "id": field_text(block.get("id")),
                    "points": field_text(block.get("points")),
                    "requires": ", ".join(_texts(block.get("requires", []))),
                    "items": ", ".join(_texts(block.get("items", []))),
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


# Hybrid ----------------------------------------------------------------------------------------


class HybridPart(Part):
    kind = "hybrid"

    def __init__(self, data: Data, settings: EditorSettings) -> None:
        super().__init__(data, settings)
        self.settings_form = HybridForm(data, prefix="hybrid")
        self.milestones = StepLevelRows(data, prefix="hybrid-milestones")
        self.measured = LevelRows(data, prefix="hybrid-measured")
        for index, row in enumerate(self.milestones.forms):
            row.place = _("Level %(number)d") % {"number": index + 1}
        for index, row in enumerate(self.measured.forms):
            row.place = _("Level %(number)d") % {"number": index + 1}

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
        _strict_keys(criteria, ["kind", "milestones", "measured"])
        milestones, measured = criteria.get("milestones"), criteria.get("measured")
        if not isinstance(milestones, Mapping) or not isinstance(measured, Mapping):
            raise NotRepresentable
        _strict_keys(milestones, ["kind", "levels", "below"])
        _strict_keys(measured, ["kind", "direction", "thresholds", "scores", "mode"])
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


# Groups ----------------------------------------------------------------------------------------


class GroupsPart(Part):
    kind = "groups"

    def __init__(self, data: Data, settings: EditorSettings) -> None:
        super().__init__(data, settings)
        count = _int(data.get("groups-count"), 3)
        self.count = count if count in COUNTS else 3
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
        builder.need("by", form, "by", raw(form, "by"), _place(title, form["by"].label))
        builder.at("overrides", form, "exempt", _place(title, form["exempt"].label))
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
                    _place(title, row.place, self.places[index]),
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
        builder.at(path, row, None, _place(title, row.place))
        builder.at(key(path, "min"), row, "min", _place(title, row.place, row["min"].label))
        builder.at(key(path, "max"), row, "max", _place(title, row.place, row["max"].label))
        criteria = key(path, "criteria")
        builder.at(criteria, row, None, _place(title, row.place))
        for name in ("direction", "mode", "below"):
            builder.at(key(criteria, name), form, name, _place(title, form[name].label))
        builder.at(key(criteria, "scores"), form, "score_0", _place(title, self.places[0]))
        for index in range(self.count):
            builder.at(
                item(key(criteria, "scores"), index),
                form,
                f"score_{index}",
                _place(title, self.places[index], _("Score")),
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
        _strict_keys(criteria, ["kind", "by", "groups", "overrides"])
        overrides = criteria.get("overrides", {})
        if not isinstance(overrides, Mapping) or any(v != EXEMPT for v in overrides.values()):
            raise NotRepresentable
        shared: dict[str, str] | None = None
        rows: list[dict[str, str]] = []
        for group in _list(criteria.get("groups")):
            _strict_keys(group, ["min", "max", "criteria"])
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
        count = 5 if settings.scale == 5 else 3
        levels = {
            "kind": "levels",
            "direction": settings.direction,
            "thresholds": [""] * count,
            "scores": default_scores(count, settings.scale),
            "mode": settings.mode,
            "below": settings.below,
        }
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
        count = _int(data.get("groups-count"), 3)
        count = count if count in COUNTS else 3
        for index, score in enumerate(default_scores(count, settings.scale)):
            data[f"groups-score_{index}"] = plain(score)


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


# ---------------------------------------------------------------------------------------------
# The editor: the fields of the chosen kind, the advanced JSON, and the engine's verdict.


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
                place = _place(getattr(form, "place", ""), bound.label if bound else "")
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


# ---------------------------------------------------------------------------------------------
# The what-if: a result typed or ticked for the criteria on screen, scored by the engine.


def _done_choices(criteria: object) -> list[str] | None:
    """What a person ticks for milestone, hybrid and points criteria; None for a number."""
    if not isinstance(criteria, Mapping):
        return None
    kind = criteria.get("kind")
    if kind == "hybrid":
        return _done_choices(criteria.get("milestones")) or []
    if kind == "milestone":
        levels = criteria.get("levels")
        steps = [
            step
            for level in (levels if isinstance(levels, list) else [])
            if isinstance(level, Mapping) and isinstance(level.get("steps"), list)
            for step in level["steps"]
            if isinstance(step, str) and step
        ]
        return list(dict.fromkeys(steps))
    if kind == "points":
        blocks = criteria.get("blocks")
        names: list[str] = []
        for block in blocks if isinstance(blocks, list) else []:
            if not isinstance(block, Mapping):
                continue
            parts = block.get("items")
            if isinstance(parts, list) and parts:
                names.extend(str(part) for part in parts if part)
            elif block.get("id"):
                names.append(str(block["id"]))
        return list(dict.fromkeys(names))
    return None


def _getlist(data: Data, name: str) -> list[str]:
    getlist: Callable[[str], list[str]] | None = getattr(data, "getlist", None)
    if getlist is not None:
        return [str(value) for value in getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


@dataclass
class WhatIf:
    """The what-if inputs: a number, ticked steps or blocks, or pass / fail."""

    kind: str
    result: str = ""
    passed: str = "pass"
    done: list[str] = field(default_factory=list)
    choices: list[str] | None = None
    by: str = ""
    value: str = ""
    agency: str = ""

    @classmethod
    def read(cls, data: Data, criteria: object, initial: Mapping[str, str] | None = None) -> WhatIf:
        kind = criteria.get("kind") if isinstance(criteria, Mapping) else None
        by = criteria.get("by") if isinstance(criteria, Mapping) else None
        choices = _done_choices(criteria)
        given = any(name.startswith("whatif-") for name in data)
        values = dict(initial or {})

        def typed(name: str) -> str:
            if given:
                return str(data.get(f"whatif-{name}", "")).strip()
            return values.get(name, "")

        done = _getlist(data, "whatif-done") if given else []
        return cls(
            kind=kind if isinstance(kind, str) and kind in PARTS else "levels",
            result=typed("result"),
            passed=typed("passed") or "pass",
            done=[name for name in done if choices is not None and name in choices],
            choices=choices,
            by=str(by) if isinstance(by, str) else "",
            value=typed("value"),
            agency=typed("agency"),
        )

    @property
    def signature(self) -> str:
        shape = json.dumps([self.kind, self.by, self.choices], ensure_ascii=False)
        return hashlib.sha256(shape.encode()).hexdigest()[:16]

    @property
    def wants_number(self) -> bool:
        return self.kind in ("levels", "groups")

    def result_json(self) -> object:
        if self.kind == "passfail":
            return self.passed == "pass"
        if self.choices is not None:
            result: dict[str, object] = {"done": self.done}
            if self.kind == "hybrid" and self.result:
                result["value"] = json_number(self.result)
            return result
        return json_number(self.result) if self.result else None


def whatif_initial(indicator: Indicator, criteria: object) -> dict[str, str]:
    """An agency's own indicator starts its what-if with the agency's value and code."""
    organization = indicator.organization
    if organization is None or not isinstance(criteria, Mapping) or "by" not in criteria:
        return {}
    value = (
        AgencyValue.objects.filter(
            framework_id=indicator.framework_id, organization=organization, name=criteria["by"]
        )
        .values_list("value", flat=True)
        .first()
    )
    return {"agency": organization.code, "value": plain(value) if value is not None else ""}


@dataclass
class Preview:
    score: str = ""
    explanation: str = ""
    exempt: bool = False
    hint: str = ""
    problems: list[Shown] = field(default_factory=list)


def score_whatif(checked: Checked, whatif: WhatIf, settings: EditorSettings) -> Preview:
    """The engine's score and explanation for the what-if, or why there is none."""
    if not checked.valid:
        return Preview(problems=checked.problems)
    if whatif.wants_number and not whatif.result:
        return Preview(hint=_("Type a result to see its score."))
    values = None
    if whatif.kind == "groups":
        if not whatif.value:
            return Preview(
                hint=_("Type the agency's value of %(name)s to choose its group.")
                % {"name": whatif.by}
            )
        values = {whatif.by: json_number(whatif.value)}
    try:
        outcome = scoring.score_indicator(
            checked.criteria,
            whatif.result_json(),
            values=values,
            agency=whatif.agency or None,
            scale=settings.scale,
            decimals=settings.decimals,
        )
    except scoring.InvalidDocument as error:
        return Preview(problems=[_whatif_problem(problem, checked) for problem in error.problems])
    explanation = engine_text(outcome.explanation, outcome.explanation_en)
    if outcome.score is None:
        return Preview(explanation=explanation, exempt=True)
    score = scoring.round_half_up(outcome.score, settings.decimals)
    return Preview(score=format(score, "f"), explanation=explanation)


def _whatif_problem(problem: scoring.Problem, checked: Checked) -> Shown:
    message = engine_text(problem.message, problem.message_en)
    if problem.path.startswith("criteria"):
        spot = checked.builder.spot(problem.path.removeprefix("criteria").lstrip("."))
        return Shown(message, spot.place if spot else problem.path)
    if problem.path.startswith("values"):
        return Shown(message, _("Value"))
    return Shown(message, _("Result"))


# ---------------------------------------------------------------------------------------------
# Target suggestions from the baseline (seed 004's eight patterns, by the engine).

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
