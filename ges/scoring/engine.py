"""Scores: one rule and one result, then weights, exemptions, components and the total.

Every number here is exact (arithmetic.py); rounding happens only when a score is published.
"""

from collections.abc import Iterable
from decimal import Decimal

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
    _distribute(scored, document)
    components = tuple(_component_score(component, scored) for component in document.components)
    if components:
        total = sum((component.points for component in components), ZERO)
    else:
        total = sum((indicator.points for indicator in scored), ZERO)
    level = result_level(round_half_up(total, document.decimals), document.result_levels)
    return DocumentScore(document, tuple(scored), components, total, level)


@exact
def score_alone(indicator: Indicator) -> IndicatorScore:
    """One indicator on its own, at its own weight (what-if scores, the indicator editor)."""
    item = _score(indicator)
    _weigh(item, ())
    return item


def result_level(total: Decimal, levels: Iterable[tuple[Decimal, str]]) -> str | None:
    for minimum, label in levels:
        if total >= minimum:
            return label
    return None


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
    key = result if rule.direction is Direction.HIGHER else -result
    keys = rule.keys
    if key < keys[0]:
        return LevelsTrace(rule, result, -1, rule.below)
    last = len(keys) - 1
    for index in range(last):
        if key < keys[index + 1]:
            return LevelsTrace(rule, result, index, _between(rule, result, index))
    return LevelsTrace(rule, result, last, rule.scores[last])


def _between(rule: ResolvedLevels, result: Decimal, index: int) -> Decimal:
    """Linear between neighbouring thresholds; the same ratio serves lower-is-better."""
    low = rule.thresholds[index]
    score = rule.scores[index]
    if rule.mode is Mode.STEP or result == low:
        return score
    rise = rule.scores[index + 1] - score
    return score + divide(rise * (result - low), rule.thresholds[index + 1] - low)


def score_milestone(rule: Milestone, done: frozenset[str]) -> MilestoneTrace:
    """The highest level whose steps, and every lower level's steps, are all done."""
    reached = -1
    for index, level in enumerate(rule.levels):
        if not done.issuperset(level.steps):
            break
        reached = index
    score = rule.levels[reached].score if reached >= 0 else rule.below
    return MilestoneTrace(rule, done, reached, score)


def score_points(rule: Points, done: frozenset[str]) -> PointsTrace:
    """A block counts when it is done and every block it requires counts; capped."""
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
    return PointsTrace(rule, tuple(counted), total, min(total, rule.cap))


def score_hybrid(rule: ResolvedHybrid, result: Done) -> HybridTrace:
    """The measured scale once the value reaches its first threshold, else the milestones."""
    value = result.value
    if value is not None:
        measured = score_levels(rule.measured, value)
        if measured.position >= 0:
            return HybridTrace(rule, value, measured, measured.score)
    milestone = score_milestone(rule.milestones, result.steps)
    return HybridTrace(rule, value, milestone, milestone.score)


def apply_conditions(conditions: tuple[Condition, ...], score: Decimal) -> Decimal:
    """A condition not met caps the score (at 0 unless it says otherwise)."""
    for condition in conditions:
        if not condition.met and condition.cap < score:
            score = condition.cap
    return score


def _score(indicator: Indicator) -> IndicatorScore:
    if indicator.exemption is not None:
        children = tuple(_exempt(child) for child in indicator.children)
        return IndicatorScore(indicator, None, ZERO, ZERO, None, None, children)
    if indicator.children:
        children = _score_children(indicator.children)
        raw = sum((child.points for child in children), ZERO)
        trace = None
    else:
        assert indicator.rule is not None  # document.py gives every leaf a rule or an exemption
        children = ()
        trace = score_rule(indicator.rule, indicator.result)
        raw = trace.score
    score = apply_conditions(indicator.conditions, raw) if indicator.conditions else raw
    return IndicatorScore(indicator, score, indicator.weight, ZERO, trace, raw, children)


def _exempt(indicator: Indicator) -> IndicatorScore:
    children = tuple(_exempt(child) for child in indicator.children)
    return IndicatorScore(indicator, None, ZERO, ZERO, None, None, children)


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
            vacant.add(component.code)
        elif active in (ZERO, component.weight):
            shares[component.code] = ()
        else:
            shares[component.code] = ((component.weight, active),)
    return shares, vacant


def _weigh(item: IndicatorScore, share: Share) -> None:
    if item.score is None:
        return
    weight = item.indicator.weight
    if share:
        numerator = ONE
        denominator = ONE
        for part, whole in share:
            numerator *= part
            denominator *= whole
        weight = divide(weight * numerator, denominator)
        item.share = share
    item.effective_weight = weight
    item.points = weight * item.score * HUNDREDTH


def _component_score(component: Component, scored: list[IndicatorScore]) -> ComponentScore:
    points = sum(
        (item.points for item in scored if item.indicator.component == component.code), ZERO
    )
    return ComponentScore(component.code, component.weight, points)
