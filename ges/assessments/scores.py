"""Scores of a round, from the agencies' results, by the scoring engine (nothing else scores).

- `engine_result(criteria, items, done, conditions)`: one indicator's result in the engine's
  shape: `levels` (and `groups` of levels) take the first number item; `passfail` passes when
  every pass/fail item passed; `milestone` and `points` take the ids in `done` (steps / blocks
  of the criteria, see `done_choices`); `hybrid` takes both. None while incomplete (a
  pass/fail item or the number not reported, a condition not answered).
- `engine_conditions(conditions)`: {"label": met} as the engine's condition list.
- `preview(result, items, done)`: the self-score of what is typed, nothing saved.
- `recompute(round, organizations=None)`: rebuild AgencyScore + IndicatorScore rows from the
  confirmed results where set, else the self results, in a fixed number of queries.
"""

from __future__ import annotations

import decimal
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import F
from django.utils import timezone

from ges.agreements.models import AgreementIndicator
from ges.assessments.models import AgencyScore, IndicatorResult, IndicatorScore, Submission
from ges.frameworks.models import Component, Framework, Round
from ges.indicators.models import AgencyValue, EvaluationItem, Indicator, ItemKind
from ges.lib.rows import insert_values, update_values
from ges.orgs.models import Organization
from ges.scoring import (
    EXACT,
    DocumentScore,
    InvalidDocument,
    Problem,
    WhatIf,
    explain,
    load_document,
    round_half_up,
    score_document,
    score_indicator,
)
from ges.scoring import IndicatorScore as EngineScore

HUNDRED = Decimal(100)
STORED_DECIMALS = 6  # the decimal places of the score columns


class ItemLike(Protocol):
    """An item's result: ItemResult, or ItemValue for what is typed but not saved."""

    @property
    def kind(self) -> str: ...
    @property
    def passed(self) -> bool | None: ...
    @property
    def value(self) -> Decimal | None: ...


@dataclass(frozen=True)
class ItemValue:
    kind: str
    passed: bool | None = None
    value: Decimal | None = None
    text: str = ""


# --- one indicator -------------------------------------------------------------------------

# The shape of result each kind of criteria scores.
_SHAPES = {
    "levels": "number",
    "passfail": "pass",
    "milestone": "done",
    "points": "done",
    "hybrid": "hybrid",
}


def result_shape(criteria: object) -> str | None:
    """ "number", "pass", "done", "hybrid", or None when the criteria cannot take a result."""
    if not isinstance(criteria, Mapping):
        return None
    kind = criteria.get("kind")
    if kind == "groups":  # every group (and override) must take a result of the same shape
        shapes = {result_shape(group.get("criteria")) for group in _groups(criteria)}
        shapes |= {result_shape(o) for o in _overrides(criteria) if isinstance(o, Mapping)}
        return shapes.pop() if len(shapes) == 1 else None
    return _SHAPES.get(str(kind))


def _groups(criteria: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    groups = criteria.get("groups")
    return [g for g in groups if isinstance(g, Mapping)] if isinstance(groups, list) else []


def _overrides(criteria: Mapping[str, Any]) -> list[object]:
    overrides = criteria.get("overrides")
    return list(overrides.values()) if isinstance(overrides, Mapping) else []


def done_choices(criteria: object) -> list[str]:
    """The ids `done` may hold: milestone steps and points blocks (or their items), in order;
    for groups, those of every group."""
    if not isinstance(criteria, Mapping):
        return []
    kind = criteria.get("kind")
    found: list[str] = []
    if kind == "groups":
        nested = [g.get("criteria") for g in _groups(criteria)] + _overrides(criteria)
        for inner in nested:
            found += done_choices(inner)
    elif kind == "milestone":
        for level in _list(criteria.get("levels")):
            if isinstance(level, Mapping):
                found += [str(step) for step in _list(level.get("steps"))]
    elif kind == "points":
        for block in _list(criteria.get("blocks")):
            if not isinstance(block, Mapping):
                continue
            items = _list(block.get("items"))
            found += [str(item) for item in items] if items else [str(block.get("id"))]
    elif kind == "hybrid":
        milestones = criteria.get("milestones")
        if isinstance(milestones, Mapping):
            found += done_choices({**milestones, "kind": "milestone"})
    return list(dict.fromkeys(found))


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def engine_result(
    criteria: object,
    items: Sequence[ItemLike],
    done: Sequence[str],
    conditions: Mapping[str, Any],
) -> object | None:
    """The result `criteria` score, from the items' results and the ids done; None while
    something it needs is not reported (or the criteria cannot take a result)."""
    if any(met is None for met in conditions.values()):
        return None
    shape = result_shape(criteria)
    number = _first_number(items)
    if shape == "number":
        return number
    if shape == "pass":
        passfail = [item.passed for item in items if item.kind == ItemKind.PASS_FAIL]
        if not passfail or any(passed is None for passed in passfail):
            return None
        return all(passfail)
    if shape == "done":
        return {"done": list(done)}
    if shape == "hybrid":
        return {"done": list(done)} | ({"value": number} if number is not None else {})
    return None


def _first_number(items: Iterable[ItemLike]) -> Decimal | None:
    for item in items:
        if item.kind == ItemKind.NUMBER:
            return item.value
    return None


def engine_conditions(conditions: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"label": str(label), "met": bool(met)}
        for label, met in conditions.items()
        if met is not None
    ]


def score_one(
    indicator: Indicator,
    result: object,
    *,
    conditions: Mapping[str, Any],
    framework: Framework,
    agency: Organization,
    values: Mapping[str, Decimal],
) -> WhatIf:
    """The engine's score of one indicator's result; raises InvalidDocument."""
    return score_indicator(
        indicator.criteria,
        result,
        values=dict(values),
        agency=agency.code,
        conditions=engine_conditions(conditions),
        scale=framework.scale,
        decimals=framework.decimals,
        code=indicator.number,
    )


def agency_values(framework: Framework, organization: Organization) -> dict[str, Decimal]:
    rows = AgencyValue.objects.filter(framework=framework, organization=organization)
    return {row.name: row.value for row in rows}


def preview(
    result: IndicatorResult,
    items: Mapping[int, Any],
    done: Sequence[str],
    conditions: Mapping[str, Any] | None = None,
) -> WhatIf | None:
    """The self-score of what is typed (EvaluationItem pk -> text or parsed value), nothing
    saved; None when it cannot be scored yet. Text that does not parse counts as not given."""
    from ges.assessments.errors import AssessmentError
    from ges.assessments.values import parse_item_value

    indicator = result.indicator
    rows: list[ItemValue] = []
    for item in EvaluationItem.objects.filter(indicator=indicator).order_by("order", "pk"):
        typed = items.get(item.pk)
        try:
            parsed = parse_item_value(item, typed) if isinstance(typed, str) else typed
        except AssessmentError:
            parsed = None
        rows.append(item_value(item.kind, parsed))
    chosen = result.conditions if conditions is None else conditions
    shaped = engine_result(indicator.criteria, rows, done, chosen)
    if shaped is None:
        return None
    submission = result.submission
    framework = submission.round.framework
    try:
        return score_one(
            indicator,
            shaped,
            conditions=chosen,
            framework=framework,
            agency=submission.organization,
            values=agency_values(framework, submission.organization),
        )
    except InvalidDocument:
        return None


def item_value(kind: str, parsed: object) -> ItemValue:
    if kind == ItemKind.PASS_FAIL:
        return ItemValue(kind, passed=parsed if isinstance(parsed, bool) else None)
    if kind == ItemKind.NUMBER:
        return ItemValue(kind, value=parsed if isinstance(parsed, Decimal) else None)
    return ItemValue(kind, text=parsed if isinstance(parsed, str) else "")


def stored(value: Decimal | None) -> Decimal | None:
    """A Decimal rounded half up to what the score columns hold."""
    return None if value is None else round_half_up(value, STORED_DECIMALS)


# --- a whole round -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Indicator:
    """What scoring reads of an agency's indicator."""

    pk: int
    parent_id: int | None
    number: str
    name_th: str
    weight: Decimal
    criteria: Any
    component: str  # its component's code, "" without one


@dataclass(frozen=True)
class _Result:
    """What scoring reads of an indicator's result."""

    self_result: Any
    confirmed_result: Any
    conditions: dict[str, Any]


@dataclass
class _Agency:
    organization: Organization
    indicators: list[_Indicator] = field(default_factory=list)
    results: dict[int, _Result] = field(default_factory=dict)  # by indicator pk
    values: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class _Line:
    indicator: _Indicator
    result: object = None
    score: Decimal | None = None
    points: Decimal | None = None
    explanation: str = ""
    explanation_en: str = ""


@dataclass
class _Outcome:
    total: Decimal | None = None
    level: str = ""
    self_total: Decimal | None = None
    components: list[dict[str, Any]] = field(default_factory=list)
    problems: list[dict[str, str]] = field(default_factory=list)
    lines: dict[int, _Line] = field(default_factory=dict)


def recompute(round: Round, organizations: Iterable[Organization] | None = None) -> int:
    """Rebuild the scores of `organizations` (every agency with a submission in the round when
    None); returns the number of agencies scored. Queries do not grow with the agencies."""
    framework = Framework.objects.get(pk=round.framework_id)
    if organizations is None:
        organizations = Organization.objects.filter(
            pk__in=Submission.objects.filter(round=round).values("organization_id")
        )
    # The given objects are used as they are, in the tree's order (as Organization orders).
    agencies = {org.pk: _Agency(org) for org in sorted(organizations, key=lambda o: o.path)}
    if not agencies:
        return 0
    tops = _load(round, framework, agencies)
    versions = dict(
        AgreementIndicator.objects.filter(indicator__in=tops, version__isnull=False).values_list(
            "indicator_id", "version_id"
        )
    )
    components = _leaves(list(Component.objects.filter(framework=framework)))
    outcomes = {pk: _score_agency(agency, framework, components) for pk, agency in agencies.items()}
    _store(round, agencies, outcomes, versions)
    return len(agencies)


def _load(round: Round, framework: Framework, agencies: Mapping[int, _Agency]) -> list[int]:
    """Fill in the agencies' indicators, results and values (plain rows: scoring thousands of
    agencies would spend more on building model objects than on scoring); returns the pks of
    the indicators without a parent."""
    org_ids = list(agencies)
    indicators = (
        Indicator.objects.filter(framework=framework, organization_id__in=org_ids)
        .order_by("order", "number", "pk")
        .values_list(
            "organization_id", "pk", "parent_id", "number", "name_th", "weight", "criteria"
        )
        .annotate(component_code=F("component__code"))
    )
    tops: list[int] = []
    for org_id, pk, parent_id, number, name, weight, criteria, code in indicators:
        agencies[org_id].indicators.append(
            _Indicator(pk, parent_id, number, name, weight, criteria, code or "")
        )
        if parent_id is None:
            tops.append(pk)
    results = IndicatorResult.objects.filter(
        submission__round=round, submission__organization_id__in=org_ids
    ).values_list(
        "submission__organization_id",
        "indicator_id",
        "self_result",
        "confirmed_result",
        "conditions",
    )
    for org_id, indicator_id, self_result, confirmed_result, conditions in results:
        agencies[org_id].results[indicator_id] = _Result(self_result, confirmed_result, conditions)
    values = AgencyValue.objects.filter(framework=framework, organization_id__in=org_ids)
    for org_id, name, value in values.values_list("organization_id", "name", "value"):
        agencies[org_id].values[name] = value
    return tops


def _leaves(components: list[Component]) -> list[Component]:
    """The components indicators sit in: those without sub-components (weights make 100)."""
    parents = {component.parent_id for component in components}
    return [component for component in components if component.pk not in parents]


def _tree(indicators: list[_Indicator]) -> tuple[list[_Indicator], dict[int, list[_Indicator]]]:
    ids = {indicator.pk for indicator in indicators}
    children: dict[int, list[_Indicator]] = defaultdict(list)
    tops: list[_Indicator] = []
    for indicator in indicators:
        if indicator.parent_id in ids:
            assert indicator.parent_id is not None
            children[indicator.parent_id].append(indicator)
        else:
            tops.append(indicator)
    return tops, children


def _score_agency(agency: _Agency, framework: Framework, components: list[Component]) -> _Outcome:
    outcome = _Outcome()
    tops, children = _tree(agency.indicators)
    if not tops:
        outcome.problems = [
            _problem("", "หน่วยงานยังไม่มีตัวชี้วัดในกรอบการประเมินนี้", "the agency has no indicators")
        ]
        return outcome

    def result_of(indicator: _Indicator, confirmed: bool) -> object:
        row = agency.results.get(indicator.pk)
        if row is None:
            return None
        if confirmed and row.confirmed_result is not None:
            return row.confirmed_result
        return row.self_result

    leaves = [i for i in _walk(tops, children) if not children.get(i.pk)]
    gaps = _gaps(leaves, lambda i: result_of(i, True))
    base: dict[str, Any] = {
        "scale": framework.scale,
        "decimals": framework.decimals,
        "agency": agency.organization.code,
        "context": dict(agency.values),
    }
    whole = base | {
        "exempt_weight": framework.exempt_weight,
        "result_levels": framework.result_levels,
    }
    if components:
        whole["components"] = [{"code": c.code, "weight": c.weight} for c in components]

    def document(confirmed: bool) -> dict[str, Any]:
        entries = [
            _entry(top, children, agency, lambda i: result_of(i, confirmed), bool(components))
            for top in tops
        ]
        return whole | {"indicators": entries}

    scored: DocumentScore | None = None
    if not gaps:
        try:
            scored = score_document(load_document(document(True)))
        except InvalidDocument as invalid:
            gaps = invalid.problems
    if scored is not None:
        outcome.total = stored(scored.total)
        outcome.level = scored.level or ""
        outcome.components = [
            {"code": c.code, "points": str(stored(c.points))} for c in scored.components
        ]
        for top, item in zip(tops, scored.indicators, strict=True):
            _lines(outcome, top, item, children, None, framework.decimals, whole=True)
        outcome.self_total = _self_total(agency, leaves, scored, lambda: document(False))
    else:
        outcome.problems = [problem.to_json() for problem in gaps]
        for top in tops:  # each on its own, where it can be scored
            if _gaps(list(_walk([top], children)), lambda i: result_of(i, True)):
                continue
            entry = _entry(top, children, agency, lambda i: result_of(i, True), False)
            alone = base | {"indicators": [entry | {"weight": HUNDRED}]}
            try:
                single = score_document(load_document(alone))
            except InvalidDocument:
                continue
            _lines(
                outcome, top, single.indicators[0], children, None, framework.decimals, whole=False
            )
    for leaf in leaves:
        line = outcome.lines.setdefault(leaf.pk, _Line(leaf))
        line.result = result_of(leaf, True)
    for indicator in _walk(tops, children):
        outcome.lines.setdefault(indicator.pk, _Line(indicator))
    return outcome


def _self_total(
    agency: _Agency,
    leaves: list[_Indicator],
    scored: DocumentScore,
    self_document: Any,
) -> Decimal | None:
    """The total of the self results alone (the same as the total when nothing was
    confirmed); None when a self result is missing or they cannot be scored whole."""
    rows = [agency.results.get(leaf.pk) for leaf in leaves]
    if any(row is None or row.self_result is None for row in rows):
        return None
    if all(row is not None and row.confirmed_result is None for row in rows):
        return stored(scored.total)
    try:
        return stored(score_document(load_document(self_document())).total)
    except InvalidDocument:
        return None


def _walk(tops: list[_Indicator], children: Mapping[int, list[_Indicator]]) -> list[_Indicator]:
    found: list[_Indicator] = []
    for top in tops:
        found.append(top)
        found += _walk(children.get(top.pk, []), children)
    return found


def _problem(path: str, message: str, message_en: str) -> dict[str, str]:
    return {"path": path, "message": message, "message_en": message_en}


def _gaps(leaves: list[_Indicator], result_of: Any) -> list[Problem]:
    gaps: list[Problem] = []
    for indicator in leaves:
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
        elif result_of(indicator) is None:
            gaps.append(
                Problem(
                    path,
                    f"ตัวชี้วัด {number} ยังไม่มีผลการดำเนินงานที่เกณฑ์นำมาคิดคะแนนได้",
                    f"indicator {number} has no result its criteria can score",
                )
            )
    return gaps


def _entry(
    indicator: _Indicator,
    children: Mapping[int, list[_Indicator]],
    agency: _Agency,
    result_of: Any,
    with_component: bool,
) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "code": indicator.number,
        "name": indicator.name_th or indicator.number,
        "weight": indicator.weight,
    }
    if with_component:
        entry["component"] = indicator.component
    kids = children.get(indicator.pk)
    if kids:
        entry["children"] = [_entry(kid, children, agency, result_of, False) for kid in kids]
    else:
        entry["criteria"] = indicator.criteria
        entry["result"] = result_of(indicator)
        row = agency.results.get(indicator.pk)
        if row is not None and row.conditions:
            entry["conditions"] = engine_conditions(row.conditions)
    return entry


def _lines(
    outcome: _Outcome,
    indicator: _Indicator,
    item: EngineScore,
    children: Mapping[int, list[_Indicator]],
    parent: EngineScore | None,
    decimals: int,
    *,
    whole: bool,
) -> None:
    phrase = explain(item, decimals=decimals, parent=parent, weighted=whole)
    outcome.lines[indicator.pk] = _Line(
        indicator,
        score=stored(item.score),
        points=stored(item.points) if whole else None,
        explanation=phrase.th,
        explanation_en=phrase.en,
    )
    kids = children.get(indicator.pk, [])
    for kid, kid_item in zip(kids, item.children, strict=True):
        _lines(outcome, kid, kid_item, children, item, decimals, whole=whole)


def _store(
    round: Round,
    agencies: Mapping[int, _Agency],
    outcomes: Mapping[int, _Outcome],
    versions: Mapping[int, int],
) -> None:
    """Write the scores as plain values (model objects would cost more than the writes)."""
    scores = AgencyScore.objects.filter(round=round).order_by()
    existing = dict(
        scores.filter(organization_id__in=list(agencies)).values_list("organization_id", "pk")
    )
    now = timezone.now()
    kept = [
        _agency_score(outcome, now) | {"pk": existing[pk]}
        for pk, outcome in outcomes.items()
        if pk in existing
    ]
    update_values(AgencyScore, kept)
    if kept:
        IndicatorScore.objects.filter(agency_score__in=[row["pk"] for row in kept]).delete()
    added = [pk for pk in outcomes if pk not in existing]
    insert_values(
        AgencyScore,
        [
            {"round_id": round.pk, "organization_id": pk} | _agency_score(outcomes[pk], now)
            for pk in added
        ],
    )
    if added:
        existing |= dict(
            scores.filter(organization_id__in=added).values_list("organization_id", "pk")
        )
    insert_values(
        IndicatorScore,
        [
            line
            for pk, outcome in outcomes.items()
            for line in _indicator_scores(existing[pk], agencies[pk], outcome, versions)
        ],
    )


def _agency_score(outcome: _Outcome, now: Any) -> dict[str, Any]:
    return {
        "total": outcome.total,
        "level": outcome.level,
        "self_total": outcome.self_total,
        "components": outcome.components,
        "problems": outcome.problems,
        "complete": outcome.total is not None,
        "computed_at": now,
    }


def _indicator_scores(
    agency_score_id: int, agency: _Agency, outcome: _Outcome, versions: Mapping[int, int]
) -> list[dict[str, Any]]:
    tops = {i.pk: i for i in agency.indicators}
    lines: list[dict[str, Any]] = []
    for line in outcome.lines.values():
        top = line.indicator
        while top.parent_id is not None and top.parent_id in tops:
            top = tops[top.parent_id]
        lines.append(
            {
                "agency_score_id": agency_score_id,
                "indicator_id": line.indicator.pk,
                "result": to_json(line.result),
                "score": line.score,
                "points": line.points,
                "explanation": line.explanation,
                "explanation_en": line.explanation_en,
                "criteria": line.indicator.criteria,
                "version_id": versions.get(top.pk),
            }
        )
    return lines


def to_json(value: object) -> Any:
    """A result as JSON can hold it (numbers as strings, exactly)."""
    with decimal.localcontext(EXACT):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, Mapping):
            return {str(k): to_json(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [to_json(v) for v in value]
        return value
