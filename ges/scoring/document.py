"""A what-if document (one agency's indicators, criteria and results), read strictly.

`load_document` returns a Document only when nothing is wrong; otherwise InvalidDocument
lists every problem, in Thai and English, with its path (see docs/scoring.md).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ges.scoring.arithmetic import HUNDRED, ZERO, exact, plain
from ges.scoring.criteria import Criteria, Reading, parse_criteria
from ges.scoring.expressions import NAME_PATTERN
from ges.scoring.problems import InvalidDocument, Problem, Problems, item_path, key_path
from ges.scoring.resolve import Choice, Result, Rule, read_result, resolve_criteria
from ges.scoring.schema import (
    is_object,
    read_bool,
    read_choice,
    read_integer,
    read_list,
    read_number,
    read_object,
    read_text,
)

MAX_SCALE = Decimal(1000)
MAX_DECIMALS = 10


class ExemptWeight(StrEnum):
    """Who receives an exempt indicator's weight."""

    COMPONENT = "component"  # the other indicators of its component
    AGENCY = "agency"  # all the agency's other indicators


class Exemption(StrEnum):
    MARKED = "marked"  # "exempt": true
    OVERRIDE = "override"  # the criteria's overrides exempt this agency
    CHILDREN = "children"  # every sub-indicator is exempt


@dataclass(frozen=True, slots=True)
class Component:
    code: str
    weight: Decimal


@dataclass(frozen=True, slots=True)
class Condition:
    label: str
    met: bool
    cap: Decimal = ZERO  # the most the indicator may score when the condition is not met


@dataclass(frozen=True, slots=True)
class Indicator:
    code: str
    weight: Decimal
    component: str | None = None
    rule: Rule | None = None  # None for a parent or an exempt indicator
    choice: Choice | None = None  # the group or override the rule came from
    result: Result = None
    conditions: tuple[Condition, ...] = ()
    children: tuple["Indicator", ...] = ()
    exemption: Exemption | None = None
    values: Mapping[str, Decimal] = field(default_factory=dict)  # names thresholds may use


@dataclass(frozen=True, slots=True)
class Document:
    indicators: tuple[Indicator, ...]
    components: tuple[Component, ...] = ()
    scale: Decimal = HUNDRED
    decimals: int = 3
    exempt_weight: ExemptWeight = ExemptWeight.COMPONENT
    result_levels: tuple[tuple[Decimal, str], ...] = ()
    agency: str | None = None

    @property
    def exemptions(self) -> bool:
        """Whether any weight moves (scoring skips redistribution when none does)."""
        return any(indicator.exemption is not None for indicator in self.indicators)


DOCUMENT_KEYS = (
    "scale",
    "decimals",
    "exempt_weight",
    "result_levels",
    "agency",
    "context",
    "components",
)
INDICATOR_KEYS = ("name", "result", "criteria", "context", "conditions", "exempt", "children")


@dataclass(frozen=True, slots=True)
class _Header:
    """What is known of an indicator even when its criteria are broken: for the sums."""

    path: str
    code: str | None
    weight: Decimal | None
    component: str | None


@dataclass(frozen=True, slots=True)
class _Body:
    rule: Rule | None = None
    choice: Choice | None = None
    result: Result = None
    children: tuple[Indicator, ...] = ()
    exemption: Exemption | None = None


@dataclass(frozen=True, slots=True)
class _Setting:
    """What every indicator of one document is read against."""

    scale: Decimal
    agency: str | None
    components: tuple[str, ...] | None  # None: the document has no components
    registry: list[_Header] = field(default_factory=list)  # every indicator read, children too


@exact
def validate_document(data: object) -> list[Problem]:
    """Every problem of the document (empty when it can be scored)."""
    problems = Problems()
    _read_document(data, problems)
    return list(problems)


@exact
def load_document(data: object) -> Document:
    problems = Problems()
    document = _read_document(data, problems)
    if problems or document is None:
        raise InvalidDocument(list(problems))
    return document


def _read_document(data: object, problems: Problems) -> Document | None:
    root = read_object(data, "", problems, required=["indicators"], optional=DOCUMENT_KEYS)
    if root is None:
        return None
    scale = read_number(root.get("scale", 100), "scale", problems, minimum=ZERO, maximum=MAX_SCALE)
    if scale is not None and scale == ZERO:
        problems.add("scale", "คะแนนเต็มต้องมากกว่า 0", "the scale must be above 0")
        scale = None
    default_decimals = 4 if scale is not None and scale <= 5 else 3
    decimals = read_integer(
        root.get("decimals", default_decimals),
        "decimals",
        problems,
        minimum=0,
        maximum=MAX_DECIMALS,
    )
    exempt_weight = read_choice(
        root.get("exempt_weight", "component"), "exempt_weight", problems, ExemptWeight
    )
    agency = (
        None if root.get("agency") is None else read_text(root.get("agency"), "agency", problems)
    )
    values = read_values(root.get("context", {}), "context", problems)
    components = _read_components(root.get("components"), problems)
    result_levels = _read_result_levels(root.get("result_levels", []), problems, scale)
    # Indicators are read even when the settings above are wrong, so all problems show at once.
    codes = tuple(c.code for c in components) if components else None
    setting = _Setting(scale or HUNDRED, agency, codes)
    headers, indicators = _read_indicators(root.get("indicators"), problems, setting, values)
    _check_weights(headers, components, problems)
    _check_codes(setting.registry, problems)
    if indicators is not None and not _has_active_weight(indicators):
        problems.add(
            "indicators",
            "ทุกตัวชี้วัดได้รับการยกเว้นหรือมีน้ำหนัก 0 จึงคำนวณคะแนนรวมไม่ได้",
            "every indicator is exempt or weighs 0, so there is no total to compute",
        )
    if problems or indicators is None or scale is None or decimals is None:
        return None
    return Document(
        indicators,
        components or (),
        scale,
        decimals,
        ExemptWeight(exempt_weight or "component"),
        result_levels or (),
        agency,
    )


def read_values(data: object, path: str, problems: Problems) -> dict[str, Decimal]:
    """An agency's named values (`{"prev": 431.73}`) that thresholds and groups may use.

    Only the valid ones are returned; the others are reported.
    """
    if not is_object(data):
        read_object(data, path, problems)
        return {}
    values: dict[str, Decimal] = {}
    for name, value in data.items():
        name_path = key_path(path, str(name))
        if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
            problems.add(
                name_path,
                f"ชื่อค่า '{name}' ต้องขึ้นต้นด้วยตัวอักษรภาษาอังกฤษและมีเฉพาะ A-Z a-z 0-9 _",
                f"value name '{name}' must be an identifier of A-Z a-z 0-9 _",
            )
            continue
        number = read_number(value, name_path, problems)
        if number is not None:
            values[name] = number
    return values


def _read_components(data: object, problems: Problems) -> tuple[Component, ...] | None:
    if data is None:
        return None
    items = read_list(data, "components", problems)
    if items is None:
        return None
    components: list[Component] = []
    for index, item in enumerate(items):
        path = item_path("components", index)
        component = read_object(
            item, path, problems, required=["code", "weight"], optional=["name"]
        )
        if component is None:
            continue
        code = read_text(component.get("code"), key_path(path, "code"), problems)
        weight = read_number(
            component.get("weight"), key_path(path, "weight"), problems, minimum=ZERO
        )
        if code is not None and any(other.code == code for other in components):
            problems.add(
                key_path(path, "code"), f"รหัสองค์ประกอบ '{code}' ซ้ำ", f"component '{code}' repeated"
            )
        elif code is not None and weight is not None:
            components.append(Component(code, weight))
    total = sum((component.weight for component in components), ZERO)
    if len(components) == len(items) and total != HUNDRED:
        problems.add(
            "components",
            f"น้ำหนักขององค์ประกอบรวมกันได้ {plain(total)} แต่ต้องเท่ากับ 100",
            f"component weights add up to {plain(total)}, not 100",
        )
    return tuple(components)


def _read_result_levels(
    data: object, problems: Problems, scale: Decimal | None
) -> tuple[tuple[Decimal, str], ...] | None:
    items = read_list(data, "result_levels", problems, non_empty=False)
    if items is None:
        return None
    levels: list[tuple[Decimal, str]] = []
    for index, item in enumerate(items):
        path = item_path("result_levels", index)
        if not isinstance(item, list | tuple) or len(item) != 2:
            problems.add(path, 'ต้องเป็นคู่ [คะแนนขั้นต่ำ, "ชื่อระดับ"]', 'must be a pair [minimum, "label"]')
            continue
        minimum = read_number(item[0], item_path(path, 0), problems, minimum=ZERO, maximum=scale)
        label = read_text(item[1], item_path(path, 1), problems)
        if minimum is not None and levels and minimum >= levels[-1][0]:
            problems.add(
                item_path(path, 0),
                f"คะแนนขั้นต่ำต้องเรียงจากมากไปน้อย ({plain(minimum)} ไม่น้อยกว่า {plain(levels[-1][0])})",
                f"minimums must descend ({plain(minimum)} is not below {plain(levels[-1][0])})",
            )
        elif minimum is not None and label is not None:
            levels.append((minimum, label))
    return tuple(levels) if len(levels) == len(items) else None


def _read_indicators(
    data: object, problems: Problems, setting: _Setting, values: Mapping[str, Decimal]
) -> tuple[list[_Header], tuple[Indicator, ...] | None]:
    items = read_list(data, "indicators", problems)
    if items is None:
        return [], None
    read = [
        _read_indicator(item, item_path("indicators", index), problems, setting, values, top=True)
        for index, item in enumerate(items)
    ]
    return [header for header, _ in read], _all_read([indicator for _, indicator in read])


def _all_read(indicators: list[Indicator | None]) -> tuple[Indicator, ...] | None:
    if any(indicator is None for indicator in indicators):
        return None
    return tuple(indicator for indicator in indicators if indicator is not None)


def _read_indicator(
    data: object,
    path: str,
    problems: Problems,
    setting: _Setting,
    inherited: Mapping[str, Decimal],
    *,
    top: bool,
) -> tuple[_Header, Indicator | None]:
    required = ["code", "weight"]
    if top and setting.components is not None:
        required.append("component")
    entry = read_object(data, path, problems, required=required, optional=INDICATOR_KEYS)
    if entry is None:
        return _Header(path, None, None, None), None
    code = read_text(entry.get("code"), key_path(path, "code"), problems)
    weight = read_number(entry.get("weight"), key_path(path, "weight"), problems, minimum=ZERO)
    component = _read_component_code(entry, path, problems, setting, top=top)
    header = _Header(path, code, weight, component)
    setting.registry.append(header)
    if entry.get("name") is not None:
        read_text(entry.get("name"), key_path(path, "name"), problems)
    before = len(problems)
    own = read_values(entry.get("context", {}), key_path(path, "context"), problems)
    context_read = len(problems) == before
    marked = read_bool(entry.get("exempt", False), key_path(path, "exempt"), problems)
    conditions = read_conditions(
        entry.get("conditions", []), key_path(path, "conditions"), problems, setting.scale
    )
    if not context_read:
        return header, None
    values = {**inherited, **own} if own else inherited
    if "children" in entry:
        body = _read_parent(entry, path, problems, setting, values, marked=bool(marked))
    else:
        body = _read_leaf(entry, path, problems, setting, values, marked=bool(marked))
    if code is None or weight is None or marked is None or conditions is None or body is None:
        return header, None
    if top and setting.components is not None and component is None:
        return header, None
    indicator = Indicator(
        code,
        weight,
        component,
        body.rule,
        body.choice,
        body.result,
        conditions,
        body.children,
        body.exemption,
        values,
    )
    return header, indicator


def _read_component_code(
    entry: Mapping[str, object], path: str, problems: Problems, setting: _Setting, *, top: bool
) -> str | None:
    if "component" not in entry:
        return None
    component_path = key_path(path, "component")
    if not top:
        problems.add(
            component_path, "ตัวชี้วัดย่อยไม่ต้องระบุองค์ประกอบ", "sub-indicators take no component"
        )
        return None
    if setting.components is None:
        problems.add(
            component_path,
            "เอกสารไม่มีรายการองค์ประกอบ (components)",
            "the document lists no components",
        )
        return None
    return read_choice(entry.get("component"), component_path, problems, setting.components)


def read_conditions(
    data: object, path: str, problems: Problems, scale: Decimal
) -> tuple[Condition, ...] | None:
    items = read_list(data, path, problems, non_empty=False)
    if items is None:
        return None
    conditions: list[Condition] = []
    for index, item in enumerate(items):
        condition_path = item_path(path, index)
        entry = read_object(
            item, condition_path, problems, required=["label", "met"], optional=["cap"]
        )
        if entry is None:
            continue
        label = read_text(entry.get("label"), key_path(condition_path, "label"), problems)
        met = read_bool(entry.get("met"), key_path(condition_path, "met"), problems)
        cap = read_number(
            entry.get("cap", 0),
            key_path(condition_path, "cap"),
            problems,
            minimum=ZERO,
            maximum=scale,
        )
        if label is not None and met is not None and cap is not None:
            conditions.append(Condition(label, met, cap))
    return tuple(conditions) if len(conditions) == len(items) else None


def _read_parent(
    entry: Mapping[str, object],
    path: str,
    problems: Problems,
    setting: _Setting,
    values: Mapping[str, Decimal],
    *,
    marked: bool,
) -> _Body | None:
    for key in ("criteria", "result"):
        if key in entry:
            problems.add(
                key_path(path, key),
                "ตัวชี้วัดที่มีตัวชี้วัดย่อยได้คะแนนจากตัวชี้วัดย่อย จึงไม่ต้องมีเกณฑ์หรือผลของตัวเอง",
                "an indicator with sub-indicators is scored from them"
                " and takes no criteria or result of its own",
            )
    children_path = key_path(path, "children")
    items = read_list(entry.get("children"), children_path, problems)
    if items is None:
        return None
    read = [
        _read_indicator(item, item_path(children_path, index), problems, setting, values, top=False)
        for index, item in enumerate(items)
    ]
    headers = [header for header, _ in read]
    if not _weights_add_up(headers, HUNDRED):
        total = sum((header.weight or ZERO for header in headers), ZERO)
        problems.add(
            children_path,
            f"น้ำหนักของตัวชี้วัดย่อยรวมกันได้ {plain(total)} แต่ต้องเท่ากับ 100",
            f"sub-indicator weights add up to {plain(total)}, not 100",
        )
        return None
    children = _all_read([child for _, child in read])
    if children is None:
        return None
    exemption = Exemption.MARKED if marked else None
    if exemption is None and all(child.exemption is not None for child in children):
        exemption = Exemption.CHILDREN
    if exemption is None and not _has_active_weight(children):
        problems.add(
            children_path,
            "ตัวชี้วัดย่อยที่ไม่ได้รับการยกเว้นมีน้ำหนักรวม 0 จึงเฉลี่ยคะแนนไม่ได้",
            "the sub-indicators that are not exempt weigh 0 in total,"
            " so there is nothing to average",
        )
        return None
    return _Body(children=children, exemption=exemption)


def _weights_add_up(headers: list[_Header], expected: Decimal) -> bool:
    """False only when every weight was read and they miss `expected` (else already reported)."""
    weights = [header.weight for header in headers]
    if any(weight is None for weight in weights):
        return True
    return sum((weight for weight in weights if weight is not None), ZERO) == expected


def _read_leaf(
    entry: Mapping[str, object],
    path: str,
    problems: Problems,
    setting: _Setting,
    values: Mapping[str, Decimal],
    *,
    marked: bool,
) -> _Body | None:
    criteria_path = key_path(path, "criteria")
    if "criteria" not in entry:
        if marked:
            return _Body(exemption=Exemption.MARKED)
        problems.add(
            criteria_path,
            "ต้องระบุเกณฑ์ (หรือ exempt: true)",
            "criteria are required (or exempt: true)",
        )
        return None
    reading = Reading(setting.scale, frozenset(values))
    criteria = parse_criteria(entry.get("criteria"), criteria_path, problems, reading)
    if criteria is None:
        return None
    if marked:
        return _Body(exemption=Exemption.MARKED)
    return _resolve_leaf(criteria, entry, path, problems, setting, values)


def _resolve_leaf(
    criteria: Criteria,
    entry: Mapping[str, object],
    path: str,
    problems: Problems,
    setting: _Setting,
    values: Mapping[str, Decimal],
) -> _Body | None:
    resolution = resolve_criteria(
        criteria,
        agency=setting.agency,
        values=values,
        path=key_path(path, "criteria"),
        problems=problems,
    )
    if resolution is None:
        return None
    if resolution.rule is None:
        return _Body(choice=resolution.choice, exemption=Exemption.OVERRIDE)
    count = len(problems)
    result = read_result(resolution.rule, entry.get("result"), key_path(path, "result"), problems)
    if len(problems) > count:
        return None
    return _Body(resolution.rule, resolution.choice, result)


def _check_weights(
    headers: list[_Header], components: tuple[Component, ...] | None, problems: Problems
) -> None:
    if not components:
        if headers and not _weights_add_up(headers, HUNDRED):
            total = sum((header.weight or ZERO for header in headers), ZERO)
            problems.add(
                "indicators",
                f"น้ำหนักของตัวชี้วัดรวมกันได้ {plain(total)} แต่ต้องเท่ากับ 100",
                f"indicator weights add up to {plain(total)}, not 100",
            )
        return
    for index, component in enumerate(components):
        own = [header for header in headers if header.component == component.code]
        if any(header.component is None for header in headers) or _weights_add_up(
            own, component.weight
        ):
            continue
        total = sum((header.weight or ZERO for header in own), ZERO)
        problems.add(
            key_path(item_path("components", index), "weight"),
            f"น้ำหนักของตัวชี้วัดในองค์ประกอบ {component.code} รวมกันได้ {plain(total)} "
            f"แต่ต้องเท่ากับน้ำหนักขององค์ประกอบ {plain(component.weight)}",
            f"the weights of component {component.code}'s indicators add up to {plain(total)}, "
            f"not its weight {plain(component.weight)}",
        )


def _has_active_weight(indicators: tuple[Indicator, ...]) -> bool:
    return any(indicator.exemption is None and indicator.weight > ZERO for indicator in indicators)


def _check_codes(headers: list[_Header], problems: Problems) -> None:
    """Codes are unique in the whole document, sub-indicators included."""
    seen: set[str] = set()
    for header in headers:
        if header.code is not None and header.code in seen:
            problems.add(
                key_path(header.path, "code"),
                f"รหัสตัวชี้วัด '{header.code}' ซ้ำ",
                f"indicator code '{header.code}' is repeated",
            )
        if header.code is not None:
            seen.add(header.code)
