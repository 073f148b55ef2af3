"""What every kind of criteria shares: numbers as text, the editor's settings, rows of fields,
and the map from each path of the criteria document to the field it came from."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.forms.formsets import BaseFormSet, formset_factory
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from ges.indicators.criteria_actions import known_value_names
from ges.indicators.models import Indicator

type Data = Mapping[str, Any]
type JSONObject = dict[str, Any]

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


def chosen_count(text: object) -> int:
    """The number of levels chosen in a field; 3 when it is not one of COUNTS."""
    count = to_int(text, 3)
    return count if count in COUNTS else 3


def numbered_level(number: int) -> str:
    return _("Level %(number)d") % {"number": number}


def level_places(count: int) -> list[str]:
    if count == 3:
        return [_("Minimum target"), _("Standard target"), _("Advanced target")]
    return [numbered_level(number) for number in range(1, count + 1)]


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

    @property
    def level_count(self) -> int:
        """New criteria start with five levels on a 1-5 scale, three otherwise."""
        return 5 if self.scale == 5 else 3

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


def decimal_field(
    label: StrOrPromise, *, required: bool = True, size: int = 6, help_text: StrOrPromise = ""
) -> forms.CharField:
    """A number typed as text: the engine, not the form, judges what it says."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=30,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": size}),
    )


def row_formset(form: type[forms.Form]) -> type[BaseFormSet[Any]]:
    return formset_factory(
        form, extra=0, max_num=MAX_ROWS, validate_max=True, absolute_max=MAX_ROWS
    )


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


def place_text(*parts: object) -> str:
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
                total = to_int(data.get(f"{prefix}-TOTAL_FORMS", "0"), 0)
                data[f"{prefix}-TOTAL_FORMS"] = str(min(total + 1, MAX_ROWS))

    @classmethod
    def row_prefixes(cls) -> tuple[str, ...]:
        return ()


def to_int(text: object, default: int) -> int:
    try:
        return int(str(text))
    except ValueError:
        return default


# Reading saved criteria back into fields: anything the fields cannot hold is NotRepresentable.


def strict_keys(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    if not isinstance(data, Mapping) or set(data) - set(allowed):
        raise NotRepresentable


def json_list(value: object) -> list[Any]:
    if not isinstance(value, list):
        raise NotRepresentable
    return value


def json_texts(value: object) -> list[str]:
    texts = json_list(value)
    if not all(isinstance(text, str) for text in texts):
        raise NotRepresentable
    return texts
