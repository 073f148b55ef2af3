"""Two versions of an indicator side by side. Pure: snapshots in, lines out (no database).

Every value is addressed by a path, the same paths comments point at: "weight", "name_th",
"criteria.thresholds[1]", "items[2]", "plan[0]", "children[1].weight".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from ges.indicators.actions import EDITABLE_FIELDS
from ges.indicators.models import Cascade, Direction, Indicator, ItemKind
from ges.lib.thaidate import THAI_MONTHS_SHORT

# The sections of the comparison, in the order of the indicator page.
SECTIONS = ("text", "weight", "criteria", "baselines", "steps", "plan", "items", "children")
TEXT_FIELDS = tuple(name for name in EDITABLE_FIELDS if name != "weight")
LISTS = ("baselines", "steps", "plan", "items")
# Fields shown by their label, not their code.
CHOICES = {"direction": Direction.choices, "cascade": Cascade.choices}


@dataclass(frozen=True)
class Line:
    path: str
    before: str | None  # None: the value is not in that version
    after: str | None

    @property
    def changed(self) -> bool:
        return (self.before or "") != (self.after or "")

    @property
    def label(self) -> str:
        return path_label(self.path)


@dataclass(frozen=True)
class Section:
    key: str
    lines: tuple[Line, ...]

    @property
    def changed(self) -> bool:
        return any(line.changed for line in self.lines)

    @property
    def title(self) -> str:
        return section_title(self.key)


def compare(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Section]:
    """Every value of either version, section by section; values empty in both are left out."""
    before, after = values(a), values(b)
    sections = []
    for key in SECTIONS:
        paths = _paths_in(key, before, after)
        lines = tuple(Line(path, before.get(path), after.get(path)) for path in paths)
        if lines:
            sections.append(Section(key, lines))
    return sections


def changes(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[Line]:
    """Only what differs."""
    return [line for section in compare(a, b) for line in section.lines if line.changed]


def parts(snapshot: Mapping[str, Any]) -> list[str]:
    """The paths a comment may point at: "" (the whole indicator) and every value shown."""
    return ["", *values(snapshot)]


def values(snapshot: Mapping[str, Any]) -> dict[str, str]:
    """Path -> text of every non-empty value, in the order of the page."""
    flat: dict[str, str] = {}
    for name in (*TEXT_FIELDS, "weight"):
        text = _text(snapshot.get(name))
        if text:
            flat[name] = str(dict(CHOICES.get(name, [])).get(text, text))
    criteria = snapshot.get("criteria")
    if criteria is not None:
        flat.update(flatten(criteria, "criteria"))
    for index, row in enumerate(snapshot.get("baselines") or []):
        flat[f"baselines[{index}]"] = baseline_text(row)
    for index, text in enumerate(snapshot.get("steps") or []):
        flat[f"steps[{index}]"] = str(text)
    for index, row in enumerate(snapshot.get("plan") or []):
        flat[f"plan[{index}]"] = plan_text(row)
    for index, row in enumerate(snapshot.get("items") or []):
        flat[f"items[{index}]"] = item_text(row)
    for index, child in enumerate(snapshot.get("children") or []):
        for path, text in values({**child, "children": []}).items():
            flat[f"children[{index}].{path}"] = text
    return flat


def flatten(value: Any, prefix: str) -> dict[str, str]:
    """JSON as path -> text: {"a": [1, {"b": 2}]} -> {"p.a[0]": "1", "p.a[1].b": "2"}."""
    if isinstance(value, Mapping):
        flat: dict[str, str] = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{prefix}.{key}"))
        return flat
    if isinstance(value, list | tuple):
        flat = {}
        for index, item in enumerate(value):
            flat.update(flatten(item, f"{prefix}[{index}]"))
        if not value:
            flat[prefix] = "[]"
        return flat
    return {prefix: _text(value)}


def baseline_text(row: Mapping[str, Any]) -> str:
    value = row.get("value_text") or _text(row.get("value")) or "-"
    text = f"{row.get('series', '')} {row.get('year', '')}: {value}"
    note = row.get("note")
    return f"{text} ({note})" if note else text


def plan_text(row: Mapping[str, Any]) -> str:
    months = ", ".join(month_name(int(month)) for month in row.get("months") or [])
    return f"{row.get('text', '')} [{months}]" if months else str(row.get("text", ""))


def month_name(offset: int) -> str:
    """Month offset from October (0) as its short Thai name; 12-14 are the next fiscal year's."""
    name = THAI_MONTHS_SHORT[(9 + offset) % 12]
    return f"{name}*" if offset >= 12 else name


def item_text(row: Mapping[str, Any]) -> str:
    kind = str(row.get("kind", ""))
    try:
        label = str(ItemKind(kind).label)
    except ValueError:
        label = kind
    unit = row.get("unit")
    return f"{row.get('text', '')} · {label}" + (f" · {unit}" if unit else "")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _section_of(path: str) -> str:
    head = re.split(r"[.\[]", path, maxsplit=1)[0]
    if head in TEXT_FIELDS:
        return "text"
    return head


def _paths_in(key: str, before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    return _merged(
        [path for path in before if _section_of(path) == key],
        [path for path in after if _section_of(path) == key],
    )


def _merged(first: Iterable[str], second: Iterable[str]) -> list[str]:
    paths = list(first)
    seen = set(paths)
    for path in second:
        if path not in seen:
            paths.append(path)
            seen.add(path)
    return paths


# Labels --------------------------------------------------------------------------------------


def section_title(key: str) -> str:
    titles = {
        "text": _("Texts"),
        "weight": _("Weight"),
        "criteria": _("Criteria"),
        "baselines": _("Baseline"),
        "steps": _("Steps"),
        "plan": _("Action plan"),
        "items": _("Evaluation items"),
        "children": _("Sub-indicators"),
    }
    return titles.get(key, key)


_INDEX = re.compile(r"\[(\d+)\]")


def criteria_words() -> dict[str, str]:
    """The criteria format's keys (docs/scoring.md) in words."""
    return {
        "kind": _("kind"),
        "thresholds": _("target"),
        "scores": _("score"),
        "score": _("score"),
        "direction": _("direction"),
        "mode": _("scoring between targets"),
        "below": _("score below the first target"),
        "levels": _("level"),
        "steps": _("step"),
        "blocks": _("block"),
        "points": _("points"),
        "requires": _("counts after"),
        "items": _("item"),
        "max": _("maximum"),
        "min": _("minimum"),
        "milestones": _("milestones"),
        "measured": _("measured levels"),
        "by": _("chosen by"),
        "groups": _("group"),
        "criteria": _("criteria"),
        "overrides": _("named agencies"),
        "id": _("name"),
    }


def _criteria_word(part: str) -> str:
    """ "thresholds[1]" -> "target 2"; unknown keys stay as they are."""
    match = re.fullmatch(r"([^\[]+)((?:\[\d+\])*)", part)
    if match is None:
        return part
    word = criteria_words().get(match.group(1), match.group(1))
    numbers = " ".join(str(int(n) + 1) for n in _INDEX.findall(match.group(2)))
    return f"{word} {numbers}" if numbers else word


def path_label(path: str) -> str:
    """A readable name for a path: "items[2]" -> "Evaluation item 3"."""
    if not path:
        return _("The whole indicator")
    match = re.fullmatch(r"children\[(\d+)\]\.(.+)", path)
    if match:
        return _("Sub-indicator %(number)s: %(part)s") % {
            "number": int(match.group(1)) + 1,
            "part": path_label(match.group(2)),
        }
    row = re.fullmatch(r"(baselines|steps|plan|items)\[(\d+)\]", path)
    if row:
        names = {
            "baselines": _("Baseline value %(number)s"),
            "steps": _("Step %(number)s"),
            "plan": _("Plan activity %(number)s"),
            "items": _("Evaluation item %(number)s"),
        }
        return names[row.group(1)] % {"number": int(row.group(2)) + 1}
    if path.startswith("criteria"):
        words = [_criteria_word(part) for part in path[len("criteria") :].split(".") if part]
        return f"{_('Criteria')}: {' › '.join(words)}" if words else _("Criteria")
    try:
        field = Indicator._meta.get_field(path)
    except FieldDoesNotExist:
        return path
    return str(getattr(field, "verbose_name", path)).capitalize()
