"""The component tree of a framework and whether its weights add up, from one list of rows.

Top-level components share the agency's 100 points; a component's sub-components share its
weight in points of the total (FY2555: external 70 = effectiveness 60 + quality 10).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ges.frameworks.models import Component

HUNDRED = Decimal(100)


@dataclass
class ComponentNode:
    component: Component
    depth: int
    children: list[ComponentNode] = field(default_factory=list)

    @property
    def children_weight(self) -> Decimal:
        return sum((child.component.weight for child in self.children), Decimal(0))

    @property
    def children_add_up(self) -> bool:
        return not self.children or self.children_weight == self.component.weight


def component_tree(components: Iterable[Component]) -> list[ComponentNode]:
    """The roots, each with its children, in the components' own order (order, code)."""
    rows = list(components)
    nodes = {component.pk: ComponentNode(component, 0) for component in rows}
    roots: list[ComponentNode] = []
    for component in rows:
        node = nodes[component.pk]
        parent = nodes.get(component.parent_id) if component.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    _set_depths(roots, 0)
    return roots


def _set_depths(nodes: list[ComponentNode], depth: int) -> None:
    for node in nodes:
        node.depth = depth
        _set_depths(node.children, depth + 1)


def flatten(nodes: list[ComponentNode]) -> list[ComponentNode]:
    """Depth first: each component followed by its sub-components, for tables and selects."""
    ordered: list[ComponentNode] = []
    for node in nodes:
        ordered.append(node)
        ordered.extend(flatten(node.children))
    return ordered


def weight_problems(components: Iterable[Component]) -> list[str]:
    """Every place where the weights do not add up, in words; empty when the tree is right."""
    roots = component_tree(components)
    if not roots:
        return [_("The framework has no components yet.")]
    problems = []
    total = sum((node.component.weight for node in roots), Decimal(0))
    if total != HUNDRED:
        problems.append(
            _("The top-level components weigh %(total)s in all; they must add up to 100.")
            % {"total": plain(total)}
        )
    for node in flatten(roots):
        if not node.children_add_up:
            problems.append(
                _(
                    "The parts of %(component)s weigh %(sum)s in all; they must add up to "
                    "its weight, %(weight)s."
                )
                % {
                    "component": node.component,
                    "sum": plain(node.children_weight),
                    "weight": plain(node.component.weight),
                }
            )
    return problems


def descendant_ids(components: Iterable[Component], component_id: int) -> set[int]:
    """The ids of a component's sub-components at every depth (not its own)."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for component in components:
        children[component.parent_id].append(component.pk)
    found: set[int] = set()
    waiting = list(children[component_id])
    while waiting:
        current = waiting.pop()
        if current in found:
            continue
        found.add(current)
        waiting.extend(children[current])
    return found


def plain(number: Decimal) -> str:
    """A weight without trailing zeros: 70, 12.5."""
    if number == number.to_integral_value():
        return str(number.quantize(Decimal(1)))
    return format(number.normalize(), "f")
