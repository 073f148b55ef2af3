"""Criteria made concrete for one agency: its group or override chosen, expressions evaluated.

Also reads a result against the rule it will be scored by, so scoring itself cannot fail.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from ges.scoring.arithmetic import plain
from ges.scoring.criteria import (
    Criteria,
    Group,
    Groups,
    Hybrid,
    Levels,
    Milestone,
    PassFail,
    Points,
    ResolvedLevels,
    SimpleCriteria,
    group_range,
    moves_on,
    order_message,
)
from ges.scoring.expressions import ExpressionError
from ges.scoring.problems import Problems, item_path, key_path
from ges.scoring.schema import read_list, read_number, read_object, read_texts


@dataclass(frozen=True, slots=True)
class ResolvedHybrid:
    milestones: Milestone
    measured: ResolvedLevels


type Rule = ResolvedLevels | Milestone | Points | PassFail | ResolvedHybrid


@dataclass(frozen=True, slots=True)
class GroupChoice:
    by: str
    value: Decimal
    index: int
    group: Group


@dataclass(frozen=True, slots=True)
class OverrideChoice:
    agency: str


type Choice = GroupChoice | OverrideChoice


@dataclass(frozen=True, slots=True)
class Resolution:
    rule: Rule | None  # None: an override exempts the agency
    choice: Choice | None


@dataclass(frozen=True, slots=True)
class Done:
    """Steps or blocks reported done, and for a hybrid the measured value."""

    steps: frozenset[str]
    value: Decimal | None = None


type Result = Decimal | bool | Done | None

PASS_WORDS = {"ผ่าน": True, "ไม่ผ่าน": False, "pass": True, "fail": False}


def resolve_criteria(
    criteria: Criteria,
    *,
    agency: str | None,
    values: Mapping[str, Decimal],
    path: str,
    problems: Problems,
) -> Resolution | None:
    if not isinstance(criteria, Groups):
        rule = _resolve_simple(criteria, values, path, problems)
        return Resolution(rule, None) if rule is not None else None
    if agency is not None and agency in criteria.overrides:
        override = criteria.overrides[agency]
        if isinstance(override, str):  # the only text an override may be is "exempt"
            return Resolution(None, OverrideChoice(agency))
        rule = _resolve_simple(
            override, values, key_path(key_path(path, "overrides"), agency), problems
        )
        return Resolution(rule, OverrideChoice(agency)) if rule is not None else None
    return _resolve_group(criteria, values, path, problems)


def _resolve_group(
    groups: Groups, values: Mapping[str, Decimal], path: str, problems: Problems
) -> Resolution | None:
    value = values[groups.by]  # criteria.py checked that the name is known
    for index, group in enumerate(groups.groups):
        if group.holds(value):
            group_path = key_path(item_path(key_path(path, "groups"), index), "criteria")
            rule = _resolve_simple(group.criteria, values, group_path, problems)
            choice = GroupChoice(groups.by, value, index, group)
            return Resolution(rule, choice) if rule is not None else None
    ranges = "; ".join(group_range(group, groups.by) for group in groups.groups)
    problems.add(
        key_path(path, "groups"),
        f"ค่า {groups.by} = {plain(value)} ไม่อยู่ในกลุ่มใดเลย ({ranges})",
        f"{groups.by} = {plain(value)} falls in no group ({ranges})",
    )
    return None


def _resolve_simple(
    criteria: SimpleCriteria, values: Mapping[str, Decimal], path: str, problems: Problems
) -> Rule | None:
    if isinstance(criteria, Levels):
        return resolve_levels(criteria, values, key_path(path, "thresholds"), problems)
    if isinstance(criteria, Hybrid):
        measured_path = key_path(key_path(path, "measured"), "thresholds")
        measured = resolve_levels(criteria.measured, values, measured_path, problems)
        return ResolvedHybrid(criteria.milestones, measured) if measured is not None else None
    return criteria


def resolve_levels(
    levels: Levels, values: Mapping[str, Decimal], path: str, problems: Problems
) -> ResolvedLevels | None:
    if levels.constant is not None:
        return levels.constant
    thresholds: list[Decimal] = []
    for index, threshold in enumerate(levels.thresholds):
        try:
            value = threshold.evaluate(values)
        except ExpressionError as error:
            problems.add(item_path(path, index), error.message, error.message_en)
            return None
        if thresholds and not moves_on(thresholds[-1], value, levels.direction):
            message, message_en = order_message(thresholds[-1], value, levels.direction)
            problems.add(
                item_path(path, index),
                f"{threshold.text} = {plain(value)}: {message}",
                f"{threshold.text} = {plain(value)}: {message_en}",
            )
            return None
        thresholds.append(value)
    return ResolvedLevels(
        tuple(thresholds),
        levels.scores,
        levels.direction,
        levels.mode,
        levels.below,
        levels.thresholds,
    )


def read_result(rule: Rule, data: object, path: str, problems: Problems) -> Result:
    """The reported result in the shape `rule` scores; None (no result) scores 0."""
    if data is None:
        return None
    if isinstance(rule, ResolvedLevels):
        return read_number(data, path, problems)
    if isinstance(rule, PassFail):
        return _read_pass(data, path, problems)
    if isinstance(rule, ResolvedHybrid):
        return _read_done(data, path, problems, rule.milestones.steps, with_value=True)
    if isinstance(rule, Milestone):
        return _read_done(data, path, problems, rule.steps, with_value=False)
    return _read_done(data, path, problems, rule.ids, with_value=False)


def _read_pass(data: object, path: str, problems: Problems) -> bool | None:
    if isinstance(data, bool):
        return data
    if isinstance(data, str) and data.strip() in PASS_WORDS:
        return PASS_WORDS[data.strip()]
    problems.add(
        path,
        'ผลแบบผ่าน/ไม่ผ่านต้องเป็น true, false, "ผ่าน" หรือ "ไม่ผ่าน"',
        'a pass/fail result must be true, false, "ผ่าน" or "ไม่ผ่าน"',
    )
    return None


def _read_done(
    data: object, path: str, problems: Problems, known: frozenset[str], *, with_value: bool
) -> Done | None:
    optional = ["value"] if with_value else []
    result = read_object(data, path, problems, required=["done"], optional=optional)
    if result is None:
        return None
    done_path = key_path(path, "done")
    if read_list(result.get("done"), done_path, problems, non_empty=False) is None:
        return None
    steps = read_texts(result.get("done"), done_path, problems)
    value = None
    if with_value and result.get("value") is not None:
        value = read_number(result.get("value"), key_path(path, "value"), problems)
    if steps is None or not _known_steps(steps, known, done_path, problems):
        return None
    return Done(frozenset(steps), value)


def _known_steps(
    steps: tuple[str, ...], known: frozenset[str], path: str, problems: Problems
) -> bool:
    unknown = [(index, step) for index, step in enumerate(steps) if step not in known]
    for index, step in unknown:
        problems.add(
            item_path(path, index),
            f"ไม่มีขั้นตอน '{step}' ในเกณฑ์ (มี: {', '.join(sorted(known))})",
            f"'{step}' is not a step of the criteria (known: {', '.join(sorted(known))})",
        )
    return not unknown
