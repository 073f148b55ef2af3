"""Scores: one rule and one result, then weights, exemptions, components and the total.

Every number here is exact (arithmetic.py); rounding happens only when a score is published.
"""

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from ges.scoring.arithmetic import HUNDRED, HUNDREDTH, ONE, ZERO, divide, exact, round_half_up
from ges.scoring.criteria import Direction, Milestone, Mode, PassFail, Points, ResolvedLevels
from ges.scoring.document import Component, Condition, Document, ExemptWeight, Indicator
from ges.scoring.resolve import Done, ResolvedHybrid, Result, Rule
from ges.scoring.traces import (
    ComponentScore,
    DocumentScore,
    HybridTrace,
    IndicatorScore,
    LevelsTrace,
    MilestoneTrace,
    NoResult,
    PassFailTrace,
    PointsTrace,
    Share,
    Trace,
)


@exact
def score_document(document: Document) -> DocumentScore:
    scored = [_score(indicator) for indicator in document.indicators]
    if document.exemptions:
        _distribute(scored, document)
    components = _component_scores(scored, document.components)
    if components:
        total = sum([component.points for component in components], ZERO)
    else:
        total = sum([item.points for item in scored], ZERO)
    level = result_level(round_half_up(total, document.decimals), document.result_levels)
    return DocumentScore(document, tuple(scored), components, total, level)


@exact
def score_alone(indicator: Indicator) -> IndicatorScore:
    """One indicator on its own, at its own weight (what-if scores, the indicator editor)."""
    return _score(indicator)


def result_level(total: Decimal, levels: Iterable[tuple[Decimal, str]]) -> str | None:
    for minimum, label in levels:
        if total >= minimum:
            return label
    return None


@exact
def trace_of(item: IndicatorScore) -> Trace | None:
    """How the criteria scored the result, rebuilt on demand for explanations."""
    indicator = item.indicator
    if indicator.rule is None or item.score is None:
        return None
    return score_rule(indicator.rule, indicator.result)


def score_rule(rule: Rule, result: Result) -> Trace:
    """How `rule` scores `result` (already read to fit it by resolve.read_result)."""
    if result is None:
        return NoResult()
    if isinstance(rule, ResolvedLevels) and isinstance(result, Decimal):
        return score_levels(rule, result)
    if isinstance(result, Done):
        if isinstance(rule, Milestone):
            return score_milestone(rule, result.steps)
        if isinstance(rule, Points):
            return score_points(rule, result.steps)
        if isinstance(rule, ResolvedHybrid):
            return score_hybrid(rule, result)
    if isinstance(rule, PassFail) and isinstance(result, bool):
        return PassFailTrace(result, rule.score if result else ZERO)
    raise TypeError(f"{type(rule).__name__} cannot score a {type(result).__name__} result")


def score_levels(rule: ResolvedLevels, result: Decimal) -> LevelsTrace:
    position, score = levels_point(rule, result)
    return LevelsTrace(rule, result, position, score)


def levels_point(rule: ResolvedLevels, result: Decimal) -> tuple[int, Decimal]:
    """The last threshold reached (-1 for none) and the score there.

    Linear between neighbouring thresholds (`interpolate`) or the reached one's score
    (`step`); the ratio (result - low) / (high - low) serves lower-is-better unchanged.
    """
    keys = rule.keys
    key = result if rule.direction is Direction.HIGHER else -result
    if key < keys[0]:
        return -1, rule.below
    last = len(keys) - 1
    for position in range(last):
        if key < keys[position + 1]:
            score = rule.scores[position]
            low = rule.thresholds[position]
            if rule.mode is Mode.STEP:
                return position, score  # on a threshold, the formula below gives it exactly
            rise = rule.scores[position + 1] - score
            return position, score + divide(
                rise * (result - low), rule.thresholds[position + 1] - low
            )
    return last, rule.scores[last]


def score_milestone(rule: Milestone, done: frozenset[str]) -> MilestoneTrace:
    reached = milestone_reached(rule, done)
    return MilestoneTrace(rule, done, reached, milestone_score(rule, reached))


def milestone_reached(rule: Milestone, done: frozenset[str]) -> int:
    """The highest level whose steps, and every lower level's steps, are all done."""
    reached = -1
    for index, level in enumerate(rule.levels):
        if not done.issuperset(level.steps):
            break
        reached = index
    return reached


def milestone_score(rule: Milestone, reached: int) -> Decimal:
    return rule.levels[reached].score if reached >= 0 else rule.below


def score_points(rule: Points, done: frozenset[str]) -> PointsTrace:
    counted, total = points_counted(rule, done)
    return PointsTrace(rule, counted, total, min(total, rule.cap))


def points_counted(rule: Points, done: frozenset[str]) -> tuple[tuple[bool, ...], Decimal]:
    """A block counts when it is done and every block it requires counts."""
    counted: list[bool] = []
    counting: set[str] = set()
    total = ZERO
    for block in rule.blocks:
        met = done.issuperset(block.items) if block.items else block.id in done
        counts = met and counting.issuperset(block.requires)
        if counts:
            counting.add(block.id)
            total += block.points
        counted.append(counts)
    return tuple(counted), total


def score_hybrid(rule: ResolvedHybrid, result: Done) -> HybridTrace:
    """The measured scale once the value reaches its first threshold, else the milestones."""
    value = result.value
    if value is not None:
        measured = score_levels(rule.measured, value)
        if measured.position >= 0:
            return HybridTrace(rule, value, measured, measured.score)
    milestone = score_milestone(rule.milestones, result.steps)
    return HybridTrace(rule, value, milestone, milestone.score)


# The same helpers without building traces: what scoring a nation runs.
def _levels_only(rule: ResolvedLevels, result: Decimal) -> Decimal:
    return levels_point(rule, result)[1]


def _milestone_only(rule: Milestone, result: Done) -> Decimal:
    return milestone_score(rule, milestone_reached(rule, result.steps))


def _points_only(rule: Points, result: Done) -> Decimal:
    return min(points_counted(rule, result.steps)[1], rule.cap)


def _passfail_only(rule: PassFail, result: bool) -> Decimal:
    return rule.score if result else ZERO


def _hybrid_only(rule: ResolvedHybrid, result: Done) -> Decimal:
    value = result.value
    if value is not None:
        position, score = levels_point(rule.measured, value)
        if position >= 0:
            return score
    return _milestone_only(rule.milestones, result)


# Keyed by the rule's type; resolve.read_result guarantees the result's shape fits.
_SCORE_ONLY: dict[type, Callable[[Any, Any], Decimal]] = {
    ResolvedLevels: _levels_only,
    Milestone: _milestone_only,
    Points: _points_only,
    PassFail: _passfail_only,
    ResolvedHybrid: _hybrid_only,
}


def score_only(rule: Rule, result: Result) -> Decimal:
    """The score `score_rule` would give, without the trace."""
    return ZERO if result is None else _SCORE_ONLY[type(rule)](rule, result)


def apply_conditions(conditions: tuple[Condition, ...], score: Decimal) -> Decimal:
    """A condition not met caps the score (at 0 unless it says otherwise)."""
    for condition in conditions:
        if not condition.met and condition.cap < score:
            score = condition.cap
    return score


def _score(indicator: Indicator) -> IndicatorScore:
    rule = indicator.rule
    if rule is None:
        return _score_parent(indicator)
    result = indicator.result
    raw = ZERO if result is None else _SCORE_ONLY[type(rule)](rule, result)
    score = apply_conditions(indicator.conditions, raw) if indicator.conditions else raw
    weight = indicator.weight
    return IndicatorScore(indicator, score, weight, weight * score * HUNDREDTH, raw)


def _score_parent(indicator: Indicator) -> IndicatorScore:
    if indicator.exemption is not None:
        children = tuple(_exempt(child) for child in indicator.children)
        return IndicatorScore(indicator, None, ZERO, ZERO, None, children)
    children = _score_children(indicator.children)
    raw = sum([child.points for child in children], ZERO)
    score = apply_conditions(indicator.conditions, raw) if indicator.conditions else raw
    weight = indicator.weight
    return IndicatorScore(indicator, score, weight, weight * score * HUNDREDTH, raw, children)


def _exempt(indicator: Indicator) -> IndicatorScore:
    children = tuple(_exempt(child) for child in indicator.children)
    return IndicatorScore(indicator, None, ZERO, ZERO, None, children)


def _score_children(children: tuple[Indicator, ...]) -> tuple[IndicatorScore, ...]:
    scored = tuple(_score(child) for child in children)
    active = sum((child.indicator.weight for child in scored if child.score is not None), ZERO)
    share: Share = ((HUNDRED, active),) if active != HUNDRED else ()
    for child in scored:
        _weigh(child, share)
    return scored


def _distribute(scored: list[IndicatorScore], document: Document) -> None:
    """Effective weights: exempt indicators' weight goes to the others, by their weights."""
    if document.exempt_weight is ExemptWeight.AGENCY or not document.components:
        active = sum((item.indicator.weight for item in scored if item.score is not None), ZERO)
        share: Share = ((HUNDRED, active),) if active != HUNDRED else ()
        for item in scored:
            item.agency_wide = item.score is None
            _weigh(item, share)
        return
    shares, vacant = _component_shares(scored, document.components)
    remaining = HUNDRED - sum((c.weight for c in document.components if c.code in vacant), ZERO)
    # A wholly exempt component's weight goes to all the agency's other indicators.
    extra: Share = ((HUNDRED, remaining),) if vacant else ()
    for item in scored:
        component = item.indicator.component
        item.agency_wide = item.score is None and component in vacant
        if item.score is not None:
            _weigh(item, shares[component or ""] + extra)


def _component_shares(
    scored: list[IndicatorScore], components: tuple[Component, ...]
) -> tuple[dict[str, Share], set[str]]:
    shares: dict[str, Share] = {}
    vacant: set[str] = set()
    for component in components:
        active = sum(
            (
                item.indicator.weight
                for item in scored
                if item.score is not None and item.indicator.component == component.code
            ),
            ZERO,
        )
        if active == ZERO and component.weight > ZERO:
            vacant.add(component.code)  # any indicator left in it weighs 0
            shares[component.code] = ()
        elif active in (ZERO, component.weight):
            shares[component.code] = ()
        else:
            shares[component.code] = ((component.weight, active),)
    return shares, vacant


def _weigh(item: IndicatorScore, share: Share) -> None:
    """Apply the weight moved from exempt indicators: weight x parts / wholes, one division."""
    if item.score is None or not share:
        return
    numerator = item.indicator.weight
    denominator = ONE
    for part, whole in share:
        numerator *= part
        denominator *= whole
    item.share = share
    item.effective_weight = divide(numerator, denominator)
    item.points = item.effective_weight * item.score * HUNDREDTH


def _component_scores(
    scored: list[IndicatorScore], components: tuple[Component, ...]
) -> tuple[ComponentScore, ...]:
    points = {component.code: ZERO for component in components}
    for item in scored:
        if item.indicator.component is not None:
            points[item.indicator.component] += item.points
    return tuple(ComponentScore(c.code, c.weight, points[c.code]) for c in components)
