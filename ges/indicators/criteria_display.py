"""Criteria JSON (the scoring engine's format) turned into rows a person can read.

`criteria_table(criteria, scale=...)` gives one table object per kind, which
templates/indicators/_criteria_table.html renders (it includes itself for groups, overrides
and hybrids):

    {% include "indicators/_criteria_table.html" with table=criteria_table %}

Every kind of the engine is covered: levels (3-level 50/75/100, 5-level 1-5, any scores),
milestone, points (blocks, prerequisites, items, cap), pass/fail, hybrid, and groups with
their ranges and per-agency overrides. Criteria that are not in the format (e.g. imported
before validation) come back as `UnreadableTable` holding the JSON text, never an error.

`choose_for_agency` asks the engine which group (or override) applies to one agency.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ges.scoring import (
    ExpressionError,
    InvalidDocument,
    Problem,
    parse_expression,
    score_indicator,
)

HUNDRED = Decimal(100)
THREE_LEVELS = (Decimal(50), Decimal(75), Decimal(100))
FIVE_LEVELS = tuple(Decimal(level) for level in range(1, 6))


@dataclass(frozen=True)
class Column:
    """One target of a levels table: its score, what the level is called, its threshold."""

    score: str
    label: str
    threshold: str


@dataclass(frozen=True)
class LevelsTable:
    columns: list[Column]
    direction: str
    direction_label: str
    mode: str
    mode_label: str
    below: str
    kind: str = "levels"


@dataclass(frozen=True)
class MilestoneRow:
    score: str
    label: str
    steps: list[str]


@dataclass(frozen=True)
class MilestoneTable:
    rows: list[MilestoneRow]
    below: str
    kind: str = "milestone"


@dataclass(frozen=True)
class BlockRow:
    id: str
    points: str
    requires: list[str]
    items: list[str]


@dataclass(frozen=True)
class PointsTable:
    blocks: list[BlockRow]
    cap: str
    total: str  # the points of every block together, before the cap
    kind: str = "points"


@dataclass(frozen=True)
class PassFailTable:
    score: str
    kind: str = "passfail"


@dataclass(frozen=True)
class HybridTable:
    milestones: CriteriaTable
    measured: CriteriaTable
    kind: str = "hybrid"


@dataclass(frozen=True)
class GroupRow:
    number: int
    range_text: str
    table: CriteriaTable


@dataclass(frozen=True)
class OverrideRow:
    agency: str
    exempt: bool
    table: CriteriaTable | None


@dataclass(frozen=True)
class GroupsTable:
    by: str
    groups: list[GroupRow]
    overrides: list[OverrideRow] = field(default_factory=list)
    kind: str = "groups"


@dataclass(frozen=True)
class UnreadableTable:
    text: str
    kind: str = "unreadable"


type CriteriaTable = (
    LevelsTable
    | MilestoneTable
    | PointsTable
    | PassFailTable
    | HybridTable
    | GroupsTable
    | UnreadableTable
)


def criteria_table(criteria: object, *, scale: Decimal | int = HUNDRED) -> CriteriaTable | None:
    """The criteria as a table object; None when there are no criteria yet."""
    if criteria in (None, {}, ""):
        return None
    return _table(criteria, Decimal(scale))


def _table(criteria: object, scale: Decimal) -> CriteriaTable:
    try:
        if isinstance(criteria, Mapping):
            match criteria.get("kind"):
                case "levels":
                    return _levels(criteria, scale)
                case "milestone":
                    return _milestone(criteria, scale)
                case "points":
                    return _points(criteria, scale)
                case "passfail":
                    return PassFailTable(score=number_text(scale))
                case "hybrid":
                    return HybridTable(
                        milestones=_table(criteria["milestones"], scale),
                        measured=_table(criteria["measured"], scale),
                    )
                case "groups":
                    return _groups(criteria, scale)
    except (KeyError, TypeError, ValueError, InvalidOperation):
        pass
    return UnreadableTable(json.dumps(criteria, ensure_ascii=False, indent=2, default=str))


def _levels(criteria: Mapping[str, Any], scale: Decimal) -> LevelsTable:
    thresholds = list(criteria["thresholds"])
    scores = [_decimal(score) for score in criteria.get("scores") or []]
    if not scores:
        scores = list(default_scores(scale, len(thresholds)))
    labels = level_labels(scores, scale)
    columns = [
        Column(number_text(score), label, threshold_text(threshold))
        for score, label, threshold in zip(scores, labels, thresholds, strict=True)
    ]
    direction = criteria.get("direction", "higher")
    mode = criteria.get("mode", "interpolate")
    return LevelsTable(
        columns=columns,
        direction=direction,
        direction_label=_("Lower is better") if direction == "lower" else _("Higher is better"),
        mode=mode,
        mode_label=(
            _("Highest target reached, no points in between")
            if mode == "step"
            else _("Points in between targets by straight line")
        ),
        below=number_text(_decimal(criteria.get("below", 0))),
    )


def _milestone(criteria: Mapping[str, Any], scale: Decimal) -> MilestoneTable:
    levels = list(criteria["levels"])
    scores = [_decimal(level["score"]) for level in levels]
    labels = level_labels(scores, scale)
    rows = [
        MilestoneRow(number_text(score), label, [str(step) for step in level["steps"]])
        for score, label, level in zip(scores, labels, levels, strict=True)
    ]
    return MilestoneTable(rows=rows, below=number_text(_decimal(criteria.get("below", 0))))


def _points(criteria: Mapping[str, Any], scale: Decimal) -> PointsTable:
    blocks = [
        BlockRow(
            id=str(block["id"]),
            points=number_text(_decimal(block["points"])),
            requires=[str(name) for name in block.get("requires", [])],
            items=[str(name) for name in block.get("items", [])],
        )
        for block in criteria["blocks"]
    ]
    total = sum((_decimal(block["points"]) for block in criteria["blocks"]), Decimal(0))
    cap = _decimal(criteria.get("max", scale))
    return PointsTable(blocks=blocks, cap=number_text(cap), total=number_text(total))


def _groups(criteria: Mapping[str, Any], scale: Decimal) -> GroupsTable:
    by = str(criteria["by"])
    groups = [
        GroupRow(
            number=index,
            range_text=range_text(by, group.get("min"), group.get("max")),
            table=_table(group["criteria"], scale),
        )
        for index, group in enumerate(criteria["groups"], start=1)
    ]
    overrides = [
        OverrideRow(
            agency=str(agency),
            exempt=value == "exempt",
            table=None if value == "exempt" else _table(value, scale),
        )
        for agency, value in (criteria.get("overrides") or {}).items()
    ]
    return GroupsTable(by=by, groups=groups, overrides=overrides)


def default_scores(scale: Decimal, count: int) -> tuple[Decimal, ...]:
    """The engine's defaults: 50/75/100 for 3 thresholds on 100, 1-5 for 5 on the 5 scale."""
    if scale == HUNDRED and count == 3:
        return THREE_LEVELS
    if scale == 5 and count == 5:
        return FIVE_LEVELS
    raise ValueError("scores are needed")


def level_labels(scores: list[Decimal], scale: Decimal) -> list[str]:
    """What each level is called: the 3-level targets, 'level 1'-'level 5', or its score."""
    if tuple(scores) == THREE_LEVELS and scale == HUNDRED:
        return [_("Minimum target"), _("Standard target"), _("Advanced target")]
    if all(score == score.to_integral_value() and 1 <= score <= 5 for score in scores):
        return [_("Level %(level)s") % {"level": number_text(score)} for score in scores]
    return [_("%(score)s points") % {"score": number_text(score)} for score in scores]


def range_text(by: str, minimum: object, maximum: object) -> str:
    """A group's range: min inclusive, max exclusive, null open (`400 ≤ prev < 450`)."""
    low = None if minimum is None else number_text(_decimal(minimum))
    high = None if maximum is None else number_text(_decimal(maximum))
    if low is not None and high is not None:
        return f"{low} ≤ {by} < {high}"
    if low is not None:
        return f"{by} ≥ {low}"
    if high is not None:
        return f"{by} < {high}"
    return _("every value of %(name)s") % {"name": by}


def criteria_summary(criteria: object, *, scale: Decimal | int = HUNDRED) -> str:
    """One line for lists: the kind of criteria and its shape."""
    table = criteria_table(criteria, scale=scale)
    return _summary(table) if table is not None else _("No criteria yet")


def _summary(table: CriteriaTable) -> str:
    match table:
        case LevelsTable():
            scores = " / ".join(column.score for column in table.columns)
            return _("%(count)s levels (%(scores)s)") % {
                "count": len(table.columns),
                "scores": scores,
            }
        case MilestoneTable():
            return _("Milestones, %(count)s levels") % {"count": len(table.rows)}
        case PointsTable():
            return _("Points, %(count)s blocks") % {"count": len(table.blocks)}
        case PassFailTable():
            return _("Pass / fail")
        case HybridTable():
            return _("Hybrid: %(milestones)s, then %(measured)s") % {
                "milestones": _summary(table.milestones),
                "measured": _summary(table.measured),
            }
        case GroupsTable():
            text = _("Groups by %(name)s: %(count)s groups") % {
                "name": table.by,
                "count": len(table.groups),
            }
            if table.overrides:
                text += _(", %(count)s named agencies") % {"count": len(table.overrides)}
            return text
    return _("Criteria not in the engine's format")


def value_names(criteria: object) -> set[str]:
    """The agency values the criteria use: what groups are chosen by and thresholds name."""
    names: set[str] = set()
    if isinstance(criteria, Mapping):
        if criteria.get("kind") == "groups" and isinstance(criteria.get("by"), str):
            names.add(criteria["by"])
        for key, value in criteria.items():
            if key == "thresholds" and isinstance(value, list):
                for threshold in value:
                    names |= _expression_names(threshold)
            elif isinstance(value, Mapping | list):
                names |= value_names(value)
    elif isinstance(criteria, list):
        for item in criteria:
            names |= value_names(item)
    return names


def _expression_names(threshold: object) -> set[str]:
    if not isinstance(threshold, str):
        return set()
    try:
        return set(parse_expression(threshold).names)
    except ExpressionError:
        return set()


def threshold_text(threshold: object) -> str:
    if isinstance(threshold, str):
        return threshold.strip()
    return number_text(_decimal(threshold))


def number_text(number: Decimal) -> str:
    """A number as people write it: 100, 87.5, 0.25 (no trailing zeros, no exponent)."""
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int | str | Decimal):
        return Decimal(value)
    raise ValueError("not a number")


# Which group applies to an agency -----------------------------------------------------------


@dataclass(frozen=True)
class AgencyChoice:
    """What the engine chose for one agency from its values."""

    code: str
    values: dict[str, Decimal]
    group: int | None = None  # 1-based
    range_text: str = ""
    override: bool = False  # named in the overrides with criteria of its own
    exempt: bool = False
    thresholds: list[str] = field(default_factory=list)  # as resolved for this agency
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def choose_for_agency(
    criteria: object,
    *,
    code: str,
    values: Mapping[str, Decimal],
    scale: Decimal | int = HUNDRED,
) -> AgencyChoice:
    overrides = criteria.get("overrides") if isinstance(criteria, Mapping) else None
    if (
        isinstance(overrides, Mapping)
        and code in overrides
        and not value_names(criteria) <= set(values)
    ):
        # Named agencies need no values: the engine would only stop at the missing names.
        exempt = overrides[code] == "exempt"
        return AgencyChoice(code, dict(values), override=True, exempt=exempt)
    try:
        whatif = score_indicator(criteria, None, values=dict(values), agency=code, scale=scale)
    except InvalidDocument as error:
        # Paths as in the criteria themselves (`groups`), like the criteria editor shows them.
        problems = [problem_text(p, prefix="criteria") for p in error.problems]
        return AgencyChoice(code, dict(values), problems=problems)
    indicator = whatif.scored.indicator
    choice = indicator.choice
    rule = indicator.rule
    thresholds = [number_text(t) for t in getattr(rule, "thresholds", ())]
    measured = getattr(rule, "measured", None)
    if measured is not None:
        thresholds = [number_text(t) for t in measured.thresholds]
    index = getattr(choice, "index", None)
    if index is not None and choice is not None:
        group = getattr(choice, "group", None)
        by = str(getattr(choice, "by", ""))
        return AgencyChoice(
            code,
            dict(values),
            group=index + 1,
            range_text=range_text(
                by, getattr(group, "minimum", None), getattr(group, "maximum", None)
            ),
            thresholds=thresholds,
        )
    if choice is not None:
        return AgencyChoice(
            code, dict(values), override=True, exempt=whatif.score is None, thresholds=thresholds
        )
    return AgencyChoice(code, dict(values), thresholds=thresholds)


def problem_text(problem: Problem, *, prefix: str = "") -> str:
    """A problem with its path, in the language of the page (Thai unless English is chosen);
    `prefix` is left off the path."""
    message = problem.message_en if get_language() == "en" else problem.message
    path = problem.path
    if prefix and (path == prefix or path.startswith(f"{prefix}.")):
        path = path[len(prefix) :].lstrip(".")
    return f"{path}: {message}" if path else message
