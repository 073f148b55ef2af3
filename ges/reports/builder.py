"""An agency's evaluation report (รายงานผลการประเมิน) for one framework, as plain dataclasses.

`build_report(agency, framework)` reads the agency's indicators with their items, steps and
plan rows in a fixed number of queries, whatever their number, and scores them with the
scoring engine (nothing else computes a score):

- an indicator's result comes from its evaluation items, in the shape its criteria score:
  `levels` (and `groups` of levels) take the value of its one number item; `passfail` passes
  when every pass/fail item passed; `milestone` and `points` count the pass/fail items that
  passed as done, named by their position ("1", "2", ...); `hybrid` takes both;
- when every indicator has criteria and a result, the whole agency is scored as one document
  (scores per indicator, per component, the total and the result level);
- otherwise each indicator that can be scored is scored on its own (its score and
  explanation, no weighted points), and `problems` says why there is no total;
- when the agency reported through a round of the framework, the scores the engine stored for
  the round that counts are used instead, with the results reported in it
  (ges.reports.rounds); `round` says which round.

Rendering (text, JSON) is in ges.reports.render.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from ges.frameworks.models import Component, Framework
from ges.indicators import esar
from ges.indicators.models import AgencyValue, EvaluationItem, Indicator, ItemKind
from ges.orgs.models import Organization
from ges.reports.rounds import RoundSource, apply_round_scores
from ges.scoring import (
    DocumentScore,
    IndicatorScore,
    InvalidDocument,
    Problem,
    explain,
    load_document,
    score_document,
)

HUNDRED = Decimal(100)
MAX_DEPTH = 4  # sub-indicators of sub-indicators ...; deeper rows are not GES's own


class ReportError(Exception):
    """The report cannot be made as asked (unknown agency, no such framework, ...)."""


@dataclass
class ComponentReport:
    code: str
    name_th: str
    name_en: str
    weight: Decimal
    score: Decimal | None = None  # the engine's subtotal, in points of the agency's total


@dataclass
class IndicatorReport:
    pk: int
    number: str
    name_th: str
    name_en: str = ""
    weight: Decimal = Decimal(0)
    component: str = ""  # the component's code
    unit: str = ""
    direction: str = ""
    cascade: str = ""
    strategic_kpi: str = ""
    details: dict[str, str] = field(default_factory=dict)  # esar.TEXT_FIELDS that are filled
    steps: list[esar.Row] = field(default_factory=list)
    plan: list[esar.Row] = field(default_factory=list)
    items: list[esar.Item] = field(default_factory=list)
    item_pks: list[int] = field(default_factory=list)  # of the EvaluationItem rows, as `items`
    criteria: Any = None
    layout: list[dict[str, Any]] = field(default_factory=list)
    children: list[IndicatorReport] = field(default_factory=list)
    result: Any = None  # what the engine was given, derived from the items
    score: Decimal | None = None  # exact, from the engine
    points: Decimal | None = None  # its share of the total, when the agency was scored whole
    explanation: str = ""
    explanation_en: str = ""

    def walk(self) -> list[IndicatorReport]:
        return [self, *(report for child in self.children for report in child.walk())]

    def block(self) -> esar.IndicatorBlock:
        """The printable content, for the e-SAR text layout."""
        return esar.IndicatorBlock(
            number=self.number,
            name=self.name_th,
            cascade=self.cascade,
            strategic_kpi=self.strategic_kpi,
            fields=dict(self.details),
            steps=self.steps,
            plan=self.plan,
            items=self.items,
            children=[child.block() for child in self.children],
            layout=self.layout,
        )


@dataclass
class Report:
    agency_code: str
    agency_name_th: str
    agency_name_en: str
    parent_code: str
    parent_name_th: str
    year: int
    framework_kind: str
    framework_name_th: str
    scale: Decimal
    decimals: int
    weight: Decimal = HUNDRED
    indicators: list[IndicatorReport] = field(default_factory=list)
    components: list[ComponentReport] = field(default_factory=list)
    total: Decimal | None = None  # exact, from the engine
    level: str | None = None
    problems: list[Problem] = field(default_factory=list)  # why there is no total
    round: RoundSource | None = None  # the round whose stored scores these are

    def all_indicators(self) -> list[IndicatorReport]:
        return [report for top in self.indicators for report in top.walk()]


# --- finding what to report on -------------------------------------------------------------


def find_agency(text: str) -> Organization:
    """An organisation by its code, or by its exact Thai or English name."""
    text = text.strip()
    organizations = Organization.objects.select_related("parent")
    by_code = organizations.filter(code__iexact=text).first()
    if by_code is not None:
        return by_code
    named = list(organizations.filter(Q(name_th=text) | Q(name_en__iexact=text))[:6])
    if len(named) == 1:
        return named[0]
    if named:
        codes = ", ".join(org.code for org in named)
        raise ReportError(
            _("Several organisations are called %(name)s; give the code (%(codes)s).")
            % {"name": text, "codes": codes}
        )
    near = ", ".join(f"{org.code} {org.name_th}" for org in organizations.search(text)[:5])
    message = _("No organisation has the code or name %(name)s.") % {"name": text}
    if near:
        message += " " + _("Did you mean: %(near)s?") % {"near": near}
    raise ReportError(message)


def find_framework(agency: Organization, year: int, kind: str | None = None) -> Framework:
    """The framework of `year` (and `kind`); without a kind, the one holding the agency's
    indicators, or the year's only framework."""
    frameworks = Framework.objects.filter(fiscal_year__year=year).select_related("fiscal_year")
    if kind:
        found = frameworks.filter(kind=kind).first()
        if found is None:
            raise ReportError(
                _("There is no %(kind)s framework for fiscal year %(year)s.")
                % {"kind": kind, "year": year}
            )
        return found
    candidates = list(frameworks.filter(indicators__organization=agency).distinct()[:2])
    if not candidates:
        candidates = list(frameworks[:2])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ReportError(_("There is no framework for fiscal year %(year)s.") % {"year": year})
    raise ReportError(
        _("Fiscal year %(year)s has several frameworks; choose one with --framework-kind.")
        % {"year": year}
    )


# --- building ------------------------------------------------------------------------------


def build_report(agency: Organization, framework: Framework) -> Report:
    """The report of `agency` under `framework`, scored by the engine where it can be."""
    parent = agency.parent
    report = Report(
        agency_code=agency.code,
        agency_name_th=agency.name_th,
        agency_name_en=agency.name_en,
        parent_code=parent.code if parent else "",
        parent_name_th=parent.name_th if parent else "",
        year=framework.fiscal_year.year,
        framework_kind=framework.kind,
        framework_name_th=framework.name_th,
        scale=framework.scale,
        decimals=framework.decimals,
    )
    rows = list(
        Indicator.objects.of_agency(agency, framework)
        .select_related("component")
        .prefetch_related("items", "steps", "plan")
        .order_by("order", "number", "pk")
    )
    report.indicators = _tree(rows)
    components = list(framework.components.all())
    report.components = [
        ComponentReport(c.code, c.name_th, c.name_en, c.weight) for c in _leaves(components)
    ]
    if apply_round_scores(report, agency, framework):
        return report
    values = {
        value.name: value.value
        for value in AgencyValue.objects.filter(framework=framework, organization=agency)
    }
    score_report(report, framework.engine_settings(), values)
    return report


def _tree(rows: list[Indicator]) -> list[IndicatorReport]:
    ids = {row.pk for row in rows}
    by_parent: dict[int | None, list[Indicator]] = defaultdict(list)
    for row in rows:
        by_parent[row.parent_id if row.parent_id in ids else None].append(row)

    def make(row: Indicator, depth: int) -> IndicatorReport:
        report = _indicator(row)
        if depth < MAX_DEPTH:
            report.children = [make(child, depth + 1) for child in by_parent[row.pk]]
        return report

    return [make(row, 0) for row in by_parent[None]]


def _indicator(row: Indicator) -> IndicatorReport:
    items = list(row.items.all())
    return IndicatorReport(
        pk=row.pk,
        number=row.number,
        name_th=row.name_th,
        name_en=row.name_en,
        weight=row.weight,
        component=row.component.code if row.component else "",
        unit=row.unit,
        direction=row.direction,
        cascade=row.cascade,
        strategic_kpi=row.strategic_kpi,
        details={name: getattr(row, name) for name in esar.TEXT_FIELDS if getattr(row, name)},
        steps=[esar.Row(step.text) for step in row.steps.all()],
        plan=[esar.Row(activity.text, list(activity.months)) for activity in row.plan.all()],
        items=[_item(item) for item in items],
        item_pks=[item.pk for item in items],
        criteria=row.criteria,
        layout=row.layout if isinstance(row.layout, list) else [],
    )


def _item(item: EvaluationItem) -> esar.Item:
    return esar.Item(
        text=item.text,
        kind=item.kind,
        unit=item.unit,
        passed=item.result_passed,
        value=item.result_value,
        written=item.result_text,
    )


def _leaves(components: list[Component]) -> list[Component]:
    """The components indicators sit in: those without sub-components (their weights make 100)."""
    parents = {component.parent_id for component in components}
    return [component for component in components if component.pk not in parents]


# --- results and scores --------------------------------------------------------------------


def indicator_result(criteria: object, items: Sequence[esar.Item]) -> object:
    """The result the criteria score, read from the evaluation items; None when there is none."""
    shape = _shape(criteria)
    passfail = [item for item in items if item.kind == ItemKind.PASS_FAIL]
    done = [
        str(position)
        for position, item in enumerate(items, start=1)
        if item.kind == ItemKind.PASS_FAIL and item.passed
    ]
    whole = bool(passfail) and all(item.passed is not None for item in passfail)
    if shape == "number":
        return _one_number(items)
    if shape == "pass":
        return all(item.passed for item in passfail) if whole else None
    if shape == "done":
        return {"done": done} if whole else None
    if shape == "hybrid":
        value = _one_number(items)
        if not whole and value is None:
            return None
        return {"done": done} | ({"value": value} if value is not None else {})
    return None


# The shape of result each kind of criteria scores.
_SHAPES = {
    "levels": "number",
    "passfail": "pass",
    "milestone": "done",
    "points": "done",
    "hybrid": "hybrid",
}


def _shape(criteria: object) -> str | None:
    if not isinstance(criteria, Mapping):
        return None
    kind = criteria.get("kind")
    if kind == "groups":  # every group must take a result of the same shape
        groups = criteria.get("groups")
        groups = groups if isinstance(groups, list) else []
        shapes = {_shape(group.get("criteria")) for group in groups if isinstance(group, Mapping)}
        return shapes.pop() if len(shapes) == 1 else None
    return _SHAPES.get(str(kind))


def _one_number(items: Iterable[esar.Item]) -> Decimal | None:
    numbers = [item.value for item in items if item.kind == ItemKind.NUMBER]
    return numbers[0] if len(numbers) == 1 else None


def score_report(
    report: Report, settings: Mapping[str, Any], values: Mapping[str, Decimal]
) -> None:
    """Fill in results and the engine's scores; say in `report.problems` why a total is missing."""
    for indicator in report.all_indicators():
        if not indicator.children:
            indicator.result = indicator_result(indicator.criteria, indicator.items)
    if not report.indicators:
        return
    report.problems = _gaps(report.indicators)
    base = {
        "scale": settings["scale"],
        "decimals": settings["decimals"],
        "agency": report.agency_code,
        "context": dict(values),
    }
    if not report.problems:
        document = base | {
            "exempt_weight": settings["exempt_weight"],
            "result_levels": settings["result_levels"],
            "indicators": [_entry(i, report.components) for i in report.indicators],
        }
        if report.components:
            document["components"] = [
                {"code": c.code, "weight": c.weight} for c in report.components
            ]
        try:
            scored = score_document(load_document(document))
        except InvalidDocument as invalid:
            report.problems = invalid.problems
        else:
            _apply(report, scored)
            return
    for indicator in report.indicators:  # each on its own, where it can be scored
        if any(_gaps([indicator])):
            continue
        alone = base | {"indicators": [_entry(indicator, [], weight=HUNDRED)]}
        try:
            scored = score_document(load_document(alone))
        except InvalidDocument:
            continue
        _apply_indicator(indicator, scored.indicators[0], report.decimals, None, whole=False)


def _gaps(indicators: Iterable[IndicatorReport]) -> list[Problem]:
    gaps: list[Problem] = []
    for top in indicators:
        for indicator in top.walk():
            if indicator.children:
                continue
            path = f"indicators[{indicator.number}]"
            number = indicator.number
            if indicator.criteria is None:
                gaps.append(
                    Problem(
                        path,
                        f"ตัวชี้วัด {number} ยังไม่มีเกณฑ์การให้คะแนน",
                        f"indicator {number} has no criteria",
                    )
                )
            elif indicator.result is None:
                gaps.append(
                    Problem(
                        path,
                        f"ตัวชี้วัด {number} ยังไม่มีผลการดำเนินงานที่เกณฑ์นำมาคิดคะแนนได้",
                        f"indicator {number} has no result its criteria can score",
                    )
                )
    return gaps


def _entry(
    indicator: IndicatorReport,
    components: list[ComponentReport],
    *,
    weight: Decimal | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "code": indicator.number,
        "name": indicator.name_th or indicator.number,
        "weight": indicator.weight if weight is None else weight,
    }
    if components:
        entry["component"] = indicator.component
    if indicator.children:
        entry["children"] = [_entry(child, []) for child in indicator.children]
    else:
        entry["criteria"] = indicator.criteria
        entry["result"] = indicator.result
    return entry


def _apply(report: Report, scored: DocumentScore) -> None:
    report.total = scored.total
    report.level = scored.level
    points = {component.code: component.points for component in scored.components}
    for component in report.components:
        component.score = points.get(component.code)
    for indicator, item in zip(report.indicators, scored.indicators, strict=True):
        _apply_indicator(indicator, item, report.decimals, None, whole=True)


def _apply_indicator(
    indicator: IndicatorReport,
    item: IndicatorScore,
    decimals: int,
    parent: IndicatorScore | None,
    *,
    whole: bool,
) -> None:
    phrase = explain(item, decimals=decimals, parent=parent, weighted=whole)
    indicator.score = item.score
    indicator.points = item.points if whole else None
    indicator.explanation, indicator.explanation_en = phrase.th, phrase.en
    for child, child_item in zip(indicator.children, item.children, strict=True):
        _apply_indicator(child, child_item, decimals, item, whole=whole)
