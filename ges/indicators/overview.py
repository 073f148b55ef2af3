"""An agency's indicators for one framework, grouped by component, and what stops the set from
being complete (weights that do not add up, indicators without criteria or evaluation items).

Everything here works on rows already loaded (two or three queries in the view), so the list
page costs the same number of queries however many indicators the agency has.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ges.frameworks.models import Component, Framework
from ges.indicators.criteria_display import criteria_summary, number_text, problem_text
from ges.indicators.models import Indicator
from ges.scoring import validate_criteria

HUNDRED = Decimal(100)
ZERO = Decimal(0)


def number_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for indicator numbers: 2 before 10, 4 before 4.1 before 4.2."""
    parts = [part for part in re.split(r"[.\s]+", number.strip()) if part]
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts)


def in_order(indicators: Iterable[Indicator]) -> list[Indicator]:
    return sorted(indicators, key=lambda indicator: (indicator.order, number_key(indicator.number)))


def effective_criteria(indicator: Indicator) -> Any:
    """An agency's copy of a standard indicator without criteria of its own uses the standard's."""
    if indicator.criteria not in (None, {}):
        return indicator.criteria
    standard = indicator.standard if indicator.standard_id else None
    return standard.criteria if standard is not None else None


@dataclass
class Row:
    indicator: Indicator
    depth: int
    criteria_kind: str
    item_count: int


@dataclass
class ComponentGroup:
    component: Component | None  # None: indicators placed in no component
    depth: int
    rows: list[Row] = field(default_factory=list)
    weight: Decimal = ZERO  # the weights of its top-level indicators


@dataclass(frozen=True)
class Problem:
    message: str
    indicator: Indicator | None = None
    details: tuple[str, ...] = ()


@dataclass
class Overview:
    groups: list[ComponentGroup]
    problems: list[Problem]
    total_weight: Decimal
    indicator_count: int


def agency_overview(
    framework: Framework,
    components: Iterable[Component],
    indicators: Iterable[Indicator],
    *,
    agency_code: str,
    values: Mapping[str, Decimal],
) -> Overview:
    """`indicators` carry `item_count` (annotated); `values` are the agency's values (prev...)."""
    ordered_components = _depth_first(list(components))
    rows = list(indicators)
    children: dict[int, list[Indicator]] = defaultdict(list)
    top_by_component: dict[int | None, list[Indicator]] = defaultdict(list)
    for indicator in rows:
        if indicator.parent_id is not None:
            children[indicator.parent_id].append(indicator)
        else:
            top_by_component[indicator.component_id].append(indicator)
    known = {component.pk for component, _depth in ordered_components}
    groups = []
    for component, depth in ordered_components:
        groups.append(_group(component, depth, top_by_component[component.pk], children, framework))
    homeless = [
        indicator
        for component_id, tops in top_by_component.items()
        if component_id is None or component_id not in known
        for indicator in tops
    ]
    if homeless:
        groups.append(_group(None, 0, homeless, children, framework))
    problems = [
        *_weight_problems(ordered_components, top_by_component, homeless),
        *_children_problems(rows, children),
        *_leaf_problems(rows, children, framework, agency_code, values),
    ]
    total = sum((group.weight for group in groups), ZERO)
    return Overview(groups, problems, total, len(rows))


def _depth_first(components: list[Component]) -> list[tuple[Component, int]]:
    by_parent: dict[int | None, list[Component]] = defaultdict(list)
    ids = {component.pk for component in components}
    for component in components:
        parent = component.parent_id if component.parent_id in ids else None
        by_parent[parent].append(component)
    ordered: list[tuple[Component, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for component in sorted(by_parent[parent], key=lambda c: (c.order, c.code)):
            ordered.append((component, depth))
            walk(component.pk, depth + 1)

    walk(None, 0)
    return ordered


def _group(
    component: Component | None,
    depth: int,
    tops: list[Indicator],
    children: Mapping[int, list[Indicator]],
    framework: Framework,
) -> ComponentGroup:
    group = ComponentGroup(component, depth)
    for indicator in in_order(tops):
        group.rows.append(_row(indicator, 0, framework))
        group.weight += indicator.weight
        for child in in_order(children.get(indicator.pk, [])):
            group.rows.append(_row(child, 1, framework))
    return group


def _row(indicator: Indicator, depth: int, framework: Framework) -> Row:
    return Row(
        indicator,
        depth,
        criteria_summary(effective_criteria(indicator), scale=framework.scale),
        getattr(indicator, "item_count", 0),
    )


def _weight_problems(
    components: list[tuple[Component, int]],
    top_by_component: Mapping[int | None, list[Indicator]],
    homeless: list[Indicator],
) -> list[Problem]:
    problems = []
    if components:
        total = sum((c.weight for c, depth in components if depth == 0), ZERO)
        if total != HUNDRED:
            problems.append(
                Problem(
                    _("The components weigh %(total)s in all; they must add up to 100.")
                    % {"total": number_text(total)}
                )
            )
    else:
        total = sum((i.weight for tops in top_by_component.values() for i in tops), ZERO)
        if total != HUNDRED:
            problems.append(
                Problem(
                    _("The indicators weigh %(total)s in all; they must add up to 100.")
                    % {"total": number_text(total)}
                )
            )
    subtree = _subtree_ids(components)
    for component, _depth in components:
        leaf = len(subtree[component.pk]) == 1
        if not leaf and not top_by_component.get(component.pk):
            continue  # its sub-components are checked one by one
        weight = sum(
            (i.weight for cid in subtree[component.pk] for i in top_by_component.get(cid, [])),
            ZERO,
        )
        if weight != component.weight:
            problems.append(
                Problem(
                    _(
                        "The indicators of %(component)s weigh %(sum)s in all; they must add up "
                        "to the component's weight, %(weight)s."
                    )
                    % {
                        "component": component.name,
                        "sum": number_text(weight),
                        "weight": number_text(component.weight),
                    }
                )
            )
    if components:
        for indicator in in_order(homeless):
            problems.append(
                Problem(
                    _("Indicator %(number)s is in no component.") % _names(indicator), indicator
                )
            )
    return problems


def _subtree_ids(components: list[tuple[Component, int]]) -> dict[int, set[int]]:
    """Each component's id with the ids of all its sub-components."""
    subtree: dict[int, set[int]] = {component.pk: {component.pk} for component, _d in components}
    parents = {component.pk: component.parent_id for component, _d in components}
    for component, _depth in components:
        parent = parents.get(component.pk)
        while parent is not None and parent in subtree:
            subtree[parent].add(component.pk)
            parent = parents.get(parent)
    return subtree


def _children_problems(
    rows: list[Indicator], children: Mapping[int, list[Indicator]]
) -> list[Problem]:
    problems = []
    for indicator in in_order(rows):
        kids = children.get(indicator.pk)
        if not kids:
            continue
        weight = sum((child.weight for child in kids), ZERO)
        if weight != HUNDRED:
            problems.append(
                Problem(
                    _(
                        "The sub-indicators of %(number)s weigh %(sum)s in all; they must add "
                        "up to 100."
                    )
                    % {**_names(indicator), "sum": number_text(weight)},
                    indicator,
                )
            )
    return problems


def _leaf_problems(
    rows: list[Indicator],
    children: Mapping[int, list[Indicator]],
    framework: Framework,
    agency_code: str,
    values: Mapping[str, Decimal],
) -> list[Problem]:
    """Indicators scored on their own (no sub-indicators) need criteria and evaluation items."""
    problems = []
    for indicator in in_order(rows):
        if children.get(indicator.pk):
            continue
        criteria = effective_criteria(indicator)
        if criteria is None:
            problems.append(
                Problem(_("Indicator %(number)s has no criteria.") % _names(indicator), indicator)
            )
        else:
            found = validate_criteria(
                criteria, scale=framework.scale, known_values=dict(values), agency=agency_code
            )
            if found:
                problems.append(
                    Problem(
                        _("The scoring engine rejects the criteria of indicator %(number)s:")
                        % _names(indicator),
                        indicator,
                        tuple(problem_text(problem) for problem in found),
                    )
                )
        if not getattr(indicator, "item_count", 0):
            problems.append(
                Problem(
                    _("Indicator %(number)s has no evaluation items.") % _names(indicator),
                    indicator,
                )
            )
    return problems


def _names(indicator: Indicator) -> dict[str, str]:
    return {"number": indicator.number, "name": indicator.name}
