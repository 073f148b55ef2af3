"""Criteria: how a result becomes a score. JSON in, validated dataclasses out.

Everything that can be checked without an agency's values is checked here; what depends on
the values (which group applies, the order of thresholds such as `prev + 2%`) is checked when
the criteria are resolved for one agency (resolve.py).
"""

import itertools
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from ges.scoring.arithmetic import ZERO, plain
from ges.scoring.expressions import (
    NAME_PATTERN,
    Expression,
    ExpressionError,
    constant_expression,
    parse_expression,
)
from ges.scoring.problems import Problems, item_path, key_path
from ges.scoring.schema import (
    is_object,
    read_choice,
    read_list,
    read_number,
    read_object,
    read_text,
    read_texts,
)


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Mode(StrEnum):
    INTERPOLATE = "interpolate"
    STEP = "step"


@dataclass(frozen=True, slots=True)
class ResolvedLevels:
    """Levels with every threshold known as a number: what the engine scores against."""

    thresholds: tuple[Decimal, ...]
    scores: tuple[Decimal, ...]
    direction: Direction
    mode: Mode
    below: Decimal
    sources: tuple[Expression, ...]  # as written, for explanations
    # Thresholds negated when lower is better, so one comparison serves both directions.
    keys: tuple[Decimal, ...] = field(init=False)

    def __post_init__(self) -> None:
        keys = self.thresholds
        if self.direction is Direction.LOWER:
            keys = tuple(-threshold for threshold in keys)
        object.__setattr__(self, "keys", keys)


@dataclass(frozen=True, slots=True)
class Levels:
    thresholds: tuple[Expression, ...]
    scores: tuple[Decimal, ...]
    direction: Direction = Direction.HIGHER
    mode: Mode = Mode.INTERPOLATE
    below: Decimal = ZERO
    constant: ResolvedLevels | None = None  # set when no threshold names a value

    @property
    def names(self) -> frozenset[str]:
        return frozenset().union(*(threshold.names for threshold in self.thresholds))


@dataclass(frozen=True, slots=True)
class MilestoneLevel:
    score: Decimal
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Milestone:
    levels: tuple[MilestoneLevel, ...]
    below: Decimal = ZERO

    @property
    def steps(self) -> frozenset[str]:
        return frozenset(step for level in self.levels for step in level.steps)


@dataclass(frozen=True, slots=True)
class Block:
    id: str
    points: Decimal
    requires: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # when given, the block counts once all its items are done


@dataclass(frozen=True, slots=True)
class Points:
    blocks: tuple[Block, ...]
    cap: Decimal

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(name for block in self.blocks for name in (block.items or (block.id,)))


@dataclass(frozen=True, slots=True)
class PassFail:
    score: Decimal  # the full score of the scale


@dataclass(frozen=True, slots=True)
class Hybrid:
    milestones: Milestone
    measured: Levels


@dataclass(frozen=True, slots=True)
class Group:
    minimum: Decimal | None  # inclusive; None is open
    maximum: Decimal | None  # exclusive; None is open
    criteria: "SimpleCriteria"

    def holds(self, value: Decimal) -> bool:
        above = self.minimum is None or value >= self.minimum
        return above and (self.maximum is None or value < self.maximum)


type Override = SimpleCriteria | Literal["exempt"]


@dataclass(frozen=True, slots=True)
class Groups:
    by: str
    groups: tuple[Group, ...]
    overrides: Mapping[str, Override] = field(default_factory=dict)


type SimpleCriteria = Levels | Milestone | Points | PassFail | Hybrid
type Criteria = SimpleCriteria | Groups

KINDS = ("levels", "milestone", "points", "passfail", "hybrid", "groups")
EXEMPT: Literal["exempt"] = "exempt"


@dataclass(frozen=True, slots=True)
class Reading:
    """What criteria are read against: the scale and the names of the agency's values."""

    scale: Decimal
    names: frozenset[str]


def parse_criteria(
    data: object, path: str, problems: Problems, reading: Reading
) -> Criteria | None:
    # Standard indicators give thousands of agencies the same criteria: parse each text once.
    # Parsed criteria are immutable, so sharing them is safe; only valid ones are kept.
    key = (repr(data), reading.scale, reading.names)
    cached = _PARSED.get(key)
    if cached is not None:
        return cached
    before = len(problems)
    criteria = _parse(data, path, problems, reading, allowed=KINDS)
    if criteria is not None and len(problems) == before:
        if len(_PARSED) >= PARSED_KEPT:
            _PARSED.clear()
        _PARSED[key] = criteria
    return criteria


PARSED_KEPT = 10_000
_PARSED: dict[tuple[str, Decimal, frozenset[str]], Criteria] = {}


def _parse(
    data: object, path: str, problems: Problems, reading: Reading, *, allowed: Collection[str]
) -> Criteria | None:
    if not is_object(data):
        read_object(data, path, problems)
        return None
    kind = read_choice(data.get("kind"), key_path(path, "kind"), problems, allowed)
    match kind:
        case "levels":
            return parse_levels(data, path, problems, reading)
        case "milestone":
            return parse_milestone(data, path, problems, reading)
        case "points":
            return parse_points(data, path, problems, reading)
        case "passfail":
            return _parse_passfail(data, path, problems, reading)
        case "hybrid":
            return _parse_hybrid(data, path, problems, reading)
        case "groups":
            return _parse_groups(data, path, problems, reading)
    return None


def parse_levels(
    data: Mapping[str, object],
    path: str,
    problems: Problems,
    reading: Reading,
    *,
    allow_below: bool = True,
) -> Levels | None:
    optional = (
        ["direction", "scores", "mode", "below"] if allow_below else ["direction", "scores", "mode"]
    )
    read_object(data, path, problems, required=["kind", "thresholds"], optional=optional)
    direction = Direction(
        read_choice(
            data.get("direction", "higher"), key_path(path, "direction"), problems, Direction
        )
        or "higher"
    )
    mode = read_choice(data.get("mode", "interpolate"), key_path(path, "mode"), problems, Mode)
    thresholds_path = key_path(path, "thresholds")
    parsed = _parse_thresholds(data.get("thresholds"), thresholds_path, problems, reading)
    in_order = parsed is not None and _constants_in_order(
        parsed, direction, thresholds_path, problems
    )
    count = len(parsed) if parsed is not None else None
    scores = _parse_level_scores(
        data.get("scores"), key_path(path, "scores"), problems, reading, count
    )
    below = read_number(data.get("below", 0), key_path(path, "below"), problems, minimum=ZERO)
    if scores and below is not None and below > scores[0]:
        problems.add(
            key_path(path, "below"),
            f"คะแนนเมื่อต่ำกว่าเกณฑ์แรก ({plain(below)}) ต้องไม่เกินคะแนนของเกณฑ์แรก ({plain(scores[0])})",
            f"the score below the first threshold ({plain(below)}) must not exceed the first "
            f"threshold's score ({plain(scores[0])})",
        )
        return None
    if parsed is None or not in_order or scores is None or mode is None or below is None:
        return None
    thresholds = tuple(threshold for threshold in parsed if threshold is not None)
    if len(thresholds) != len(parsed):
        return None
    levels = Levels(thresholds, scores, direction, Mode(mode), below)
    if all(threshold.constant is not None for threshold in thresholds):
        values = tuple(threshold.evaluate({}) for threshold in thresholds)
        constant = ResolvedLevels(values, scores, direction, Mode(mode), below, thresholds)
        levels = Levels(thresholds, scores, direction, Mode(mode), below, constant)
    return levels


def _parse_thresholds(
    data: object, path: str, problems: Problems, reading: Reading
) -> list[Expression | None] | None:
    items = read_list(data, path, problems)
    if items is None:
        return None
    return [
        _parse_threshold(item, item_path(path, index), problems, reading)
        for index, item in enumerate(items)
    ]


def _parse_threshold(
    data: object, path: str, problems: Problems, reading: Reading
) -> Expression | None:
    if isinstance(data, str):
        try:
            expression = parse_expression(data)
        except ExpressionError as error:
            problems.add(path, error.message, error.message_en)
            return None
        unknown = sorted(expression.names - reading.names)
        if unknown:
            known = ", ".join(sorted(reading.names)) or "ไม่มี"
            known_en = ", ".join(sorted(reading.names)) or "none"
            problems.add(
                path,
                f"ไม่รู้จักค่า {', '.join(unknown)} ในนิพจน์ '{data}' (ค่าที่มี: {known})",
                f"unknown value {', '.join(unknown)} in expression '{data}' (known: {known_en})",
            )
            return None
        return expression
    number = read_number(data, path, problems)
    return constant_expression(number) if number is not None else None


def _parse_level_scores(
    data: object, path: str, problems: Problems, reading: Reading, count: int | None
) -> tuple[Decimal, ...] | None:
    if data is None:
        default = _default_scores(reading.scale, count)
        if default is None and count is not None:
            problems.add(
                path,
                "ต้องระบุคะแนนของแต่ละเกณฑ์"
                " (มีค่าเริ่มต้นเฉพาะ 3 เกณฑ์บนคะแนนเต็ม 100 และ 5 เกณฑ์บนคะแนนเต็ม 5)",
                "scores are required (defaults exist only for 3 thresholds on the 100 scale "
                "and 5 thresholds on the 5 scale)",
            )
        return default
    scores = _parse_ascending_scores(data, path, problems, reading)
    if scores is not None and count is not None and len(scores) != count:
        problems.add(
            path,
            f"จำนวนคะแนน ({len(scores)}) ต้องเท่ากับจำนวนเกณฑ์ ({count})",
            f"the number of scores ({len(scores)}) must equal the number of thresholds ({count})",
        )
        return None
    return scores


def _default_scores(scale: Decimal, count: int | None) -> tuple[Decimal, ...] | None:
    if scale == 100 and count == 3:
        return (Decimal(50), Decimal(75), Decimal(100))
    if scale == 5 and count == 5:
        return tuple(Decimal(level) for level in range(1, 6))
    return None


def _parse_ascending_scores(
    data: object, path: str, problems: Problems, reading: Reading
) -> tuple[Decimal, ...] | None:
    items = read_list(data, path, problems)
    if items is None:
        return None
    scores: list[Decimal | None] = []
    for index, item in enumerate(items):
        score = read_number(
            item, item_path(path, index), problems, minimum=ZERO, maximum=reading.scale
        )
        previous = scores[-1] if scores else None
        if score is not None and previous is not None and score <= previous:
            problems.add(
                item_path(path, index),
                f"คะแนนต้องเรียงจากน้อยไปมาก ({plain(score)} ไม่มากกว่า {plain(previous)})",
                f"scores must ascend ({plain(score)} is not above {plain(previous)})",
            )
            score = None
        scores.append(score)
    if any(score is None for score in scores):
        return None
    return tuple(score for score in scores if score is not None)


def _constants_in_order(
    thresholds: list[Expression | None], direction: Direction, path: str, problems: Problems
) -> bool:
    """Number thresholds must move in the stated direction; expressions wait for values."""
    previous: Decimal | None = None
    in_order = True
    for index, threshold in enumerate(thresholds):
        value = None if threshold is None else threshold.constant
        if value is None:
            continue
        if previous is not None and not moves_on(previous, value, direction):
            problems.add(item_path(path, index), *order_message(previous, value, direction))
            in_order = False
        previous = value
    return in_order


def moves_on(previous: Decimal, value: Decimal, direction: Direction) -> bool:
    return value > previous if direction is Direction.HIGHER else value < previous


def order_message(previous: Decimal, value: Decimal, direction: Direction) -> tuple[str, str]:
    if direction is Direction.HIGHER:
        return (
            f"เกณฑ์ {plain(value)} ต้องมากกว่าเกณฑ์ก่อนหน้า {plain(previous)} (ยิ่งมากยิ่งดี)",
            f"threshold {plain(value)} must be above the previous one, {plain(previous)} "
            "(higher is better)",
        )
    return (
        f"เกณฑ์ {plain(value)} ต้องน้อยกว่าเกณฑ์ก่อนหน้า {plain(previous)} (ยิ่งน้อยยิ่งดี)",
        f"threshold {plain(value)} must be below the previous one, {plain(previous)} "
        "(lower is better)",
    )


def parse_milestone(
    data: Mapping[str, object], path: str, problems: Problems, reading: Reading
) -> Milestone | None:
    read_object(data, path, problems, required=["kind", "levels"], optional=["below"])
    items = read_list(data.get("levels"), key_path(path, "levels"), problems)
    below = read_number(data.get("below", 0), key_path(path, "below"), problems, minimum=ZERO)
    if items is None:
        return None
    levels: list[MilestoneLevel | None] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        level = _parse_milestone_level(
            item, item_path(key_path(path, "levels"), index), problems, reading
        )
        previous = levels[-1] if levels else None
        if level is not None and previous is not None and level.score <= previous.score:
            problems.add(
                key_path(item_path(key_path(path, "levels"), index), "score"),
                f"คะแนนต้องเรียงจากน้อยไปมาก ({plain(level.score)} ไม่มากกว่า {plain(previous.score)})",
                f"scores must ascend ({plain(level.score)} is not above {plain(previous.score)})",
            )
            level = None
        if level is not None and not _steps_unique(
            level, seen, item_path(key_path(path, "levels"), index), problems
        ):
            level = None
        levels.append(level)
    if below is not None and levels and levels[0] is not None and below > levels[0].score:
        problems.add(
            key_path(path, "below"),
            f"คะแนนเมื่อยังไม่ถึงระดับแรก ({plain(below)})"
            f" ต้องไม่เกินคะแนนของระดับแรก ({plain(levels[0].score)})",
            f"the score below the first level ({plain(below)}) must not exceed its score "
            f"({plain(levels[0].score)})",
        )
        return None
    if below is None or any(level is None for level in levels):
        return None
    return Milestone(tuple(level for level in levels if level is not None), below)


def _parse_milestone_level(
    data: object, path: str, problems: Problems, reading: Reading
) -> MilestoneLevel | None:
    level = read_object(data, path, problems, required=["score", "steps"])
    if level is None:
        return None
    score = read_number(
        level.get("score"), key_path(path, "score"), problems, minimum=ZERO, maximum=reading.scale
    )
    steps = read_texts(level.get("steps"), key_path(path, "steps"), problems)
    if steps == ():
        problems.add(key_path(path, "steps"), "ต้องมีอย่างน้อย 1 ขั้นตอน", "needs at least one step")
        return None
    if score is None or steps is None:
        return None
    return MilestoneLevel(score, steps)


def _steps_unique(level: MilestoneLevel, seen: set[str], path: str, problems: Problems) -> bool:
    repeated = [step for step in level.steps if step in seen]
    seen.update(level.steps)
    for step in repeated:
        problems.add(
            key_path(path, "steps"),
            f"ขั้นตอน '{step}' อยู่ในระดับก่อนหน้าแล้ว",
            f"step '{step}' already belongs to an earlier level",
        )
    return not repeated


def parse_points(
    data: Mapping[str, object], path: str, problems: Problems, reading: Reading
) -> Points | None:
    read_object(data, path, problems, required=["kind", "blocks"], optional=["max"])
    cap = read_number(
        data.get("max", reading.scale),
        key_path(path, "max"),
        problems,
        minimum=ZERO,
        maximum=reading.scale,
    )
    items = read_list(data.get("blocks"), key_path(path, "blocks"), problems)
    if items is None:
        return None
    blocks: list[Block | None] = []
    names: set[str] = set()
    for index, item in enumerate(items):
        block_path = item_path(key_path(path, "blocks"), index)
        block = _parse_block(item, block_path, problems, reading)
        if block is not None and not _block_fits(block, blocks, names, block_path, problems):
            block = None
        blocks.append(block)
    if cap is None or any(block is None for block in blocks):
        return None
    return Points(tuple(block for block in blocks if block is not None), cap)


def _parse_block(data: object, path: str, problems: Problems, reading: Reading) -> Block | None:
    block = read_object(
        data, path, problems, required=["id", "points"], optional=["requires", "items"]
    )
    if block is None:
        return None
    name = read_text(block.get("id"), key_path(path, "id"), problems)
    points = read_number(
        block.get("points"), key_path(path, "points"), problems, minimum=ZERO, maximum=reading.scale
    )
    requires = read_texts(block.get("requires", []), key_path(path, "requires"), problems)
    items = read_texts(block.get("items", []), key_path(path, "items"), problems)
    if name is None or points is None or requires is None or items is None:
        return None
    return Block(name, points, requires, items)


def _block_fits(
    block: Block, earlier: list[Block | None], names: set[str], path: str, problems: Problems
) -> bool:
    fits = True
    earlier_ids = {other.id for other in earlier if other is not None}
    for index, required in enumerate(block.requires):
        if required not in earlier_ids:
            problems.add(
                item_path(key_path(path, "requires"), index),
                f"บล็อกที่ต้องผ่านก่อน '{required}' ต้องเป็นบล็อกที่อยู่ก่อนหน้าบล็อกนี้",
                f"required block '{required}' must be a block listed before this one",
            )
            fits = False
    for name in (block.id, *block.items):
        if name in names:
            problems.add(key_path(path, "id"), f"รหัส '{name}' ซ้ำ", f"id '{name}' is repeated")
            fits = False
        names.add(name)
    return fits


def _parse_passfail(
    data: Mapping[str, object], path: str, problems: Problems, reading: Reading
) -> PassFail | None:
    read_object(data, path, problems, required=["kind"])
    return PassFail(reading.scale)


def _parse_hybrid(
    data: Mapping[str, object], path: str, problems: Problems, reading: Reading
) -> Hybrid | None:
    read_object(data, path, problems, required=["kind", "milestones", "measured"])
    milestones = _parse_part(
        data.get("milestones"), key_path(path, "milestones"), problems, reading, "milestone"
    )
    measured = _parse_part(
        data.get("measured"), key_path(path, "measured"), problems, reading, "levels"
    )
    if not isinstance(milestones, Milestone) or not isinstance(measured, Levels):
        return None
    top = milestones.levels[-1].score
    if top >= measured.scores[0]:
        problems.add(
            key_path(key_path(path, "measured"), "scores"),
            f"คะแนนของเกณฑ์วัดผล ({plain(measured.scores[0])})"
            f" ต้องสูงกว่าคะแนนขั้นความสำเร็จสูงสุด ({plain(top)})",
            f"the measured scores ({plain(measured.scores[0])}) must be above the top milestone "
            f"score ({plain(top)})",
        )
        return None
    return Hybrid(milestones, measured)


def _parse_part(
    data: object, path: str, problems: Problems, reading: Reading, kind: str
) -> Criteria | None:
    if not is_object(data):
        read_object(data, path, problems)
        return None
    if read_choice(data.get("kind"), key_path(path, "kind"), problems, [kind]) is None:
        return None
    if kind == "levels":
        return parse_levels(data, path, problems, reading, allow_below=False)
    return parse_milestone(data, path, problems, reading)


def _parse_groups(
    data: Mapping[str, object], path: str, problems: Problems, reading: Reading
) -> Groups | None:
    read_object(data, path, problems, required=["kind", "by", "groups"], optional=["overrides"])
    by = _parse_value_name(data.get("by"), key_path(path, "by"), problems, reading)
    items = read_list(data.get("groups"), key_path(path, "groups"), problems)
    overrides = _parse_overrides(
        data.get("overrides", {}), key_path(path, "overrides"), problems, reading
    )
    if items is None:
        return None
    groups = [
        _parse_group(item, item_path(key_path(path, "groups"), index), problems, reading)
        for index, item in enumerate(items)
    ]
    if by is None or overrides is None or any(group is None for group in groups):
        return None
    checked = tuple(group for group in groups if group is not None)
    if not _groups_apart(checked, key_path(path, "groups"), problems, by):
        return None
    return Groups(by, checked, overrides)


def _parse_value_name(data: object, path: str, problems: Problems, reading: Reading) -> str | None:
    name = read_text(data, path, problems)
    if name is None:
        return None
    if not NAME_PATTERN.fullmatch(name) or name not in reading.names:
        known = ", ".join(sorted(reading.names))
        problems.add(
            path,
            f"ไม่รู้จักค่า '{name}' (ค่าที่มี: {known or 'ไม่มี'})",
            f"unknown value '{name}' (known: {known or 'none'})",
        )
        return None
    return name


def _parse_group(data: object, path: str, problems: Problems, reading: Reading) -> Group | None:
    group = read_object(data, path, problems, required=["criteria"], optional=["min", "max"])
    if group is None:
        return None
    bounds = [
        None
        if group.get(key) is None
        else read_number(group.get(key), key_path(path, key), problems)
        for key in ("min", "max")
    ]
    criteria = _parse(
        group.get("criteria"), key_path(path, "criteria"), problems, reading, allowed=KINDS[:-1]
    )
    minimum, maximum = bounds
    if minimum is not None and maximum is not None and minimum >= maximum:
        problems.add(
            key_path(path, "max"),
            f"max ({plain(maximum)}) ต้องมากกว่า min ({plain(minimum)})",
            f"max ({plain(maximum)}) must be above min ({plain(minimum)})",
        )
        return None
    if criteria is None or isinstance(criteria, Groups) or _bound_missing(group, bounds):
        return None
    return Group(minimum, maximum, criteria)


def _bound_missing(group: Mapping[str, object], bounds: list[Decimal | None]) -> bool:
    return any(
        group.get(key) is not None and bound is None
        for key, bound in zip(("min", "max"), bounds, strict=True)
    )


def _groups_apart(groups: tuple[Group, ...], path: str, problems: Problems, by: str) -> bool:
    """No value may fall in two groups (min inclusive, max exclusive, None open)."""
    order = sorted(range(len(groups)), key=lambda index: _lower_key(groups[index]))
    apart = True
    for before, after in itertools.pairwise(order):
        upper = groups[before].maximum
        lower = groups[after].minimum
        if upper is None or lower is None or upper > lower:
            problems.add(
                item_path(path, after),
                f"กลุ่มนี้ซ้อนทับกับกลุ่มที่ {before + 1} ({group_range(groups[before], by)})",
                f"this group overlaps group {before + 1} ({group_range(groups[before], by)})",
            )
            apart = False
    return apart


def _lower_key(group: Group) -> tuple[int, Decimal]:
    return (0, ZERO) if group.minimum is None else (1, group.minimum)


def group_range(group: Group, by: str) -> str:
    parts = []
    if group.minimum is not None:
        parts.append(f"{plain(group.minimum)} ≤ ")
    parts.append(by)
    if group.maximum is not None:
        parts.append(f" < {plain(group.maximum)}")
    if group.minimum is None and group.maximum is None:
        return f"−∞ < {by} < ∞"  # the group of every value
    return "".join(parts)


def _parse_overrides(
    data: object, path: str, problems: Problems, reading: Reading
) -> dict[str, Override] | None:
    if not is_object(data):
        read_object(data, path, problems)
        return None
    parsed: dict[str, Override] = {}
    fine = True
    for agency, value in data.items():
        agency_path = key_path(path, str(agency))
        if value == EXEMPT:
            parsed[str(agency)] = EXEMPT
            continue
        criteria = _parse(value, agency_path, problems, reading, allowed=KINDS[:-1])
        if criteria is None or isinstance(criteria, Groups):
            fine = False
        else:
            parsed[str(agency)] = criteria
    return parsed if fine else None
