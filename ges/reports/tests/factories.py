"""An agency with criteria and results for its evaluation report (tests and bench_report.py).

Each indicator is written from an `IndicatorSpec`, and `document(...)` turns the same specs
into the scoring engine's what-if document, so a test can compare the page with
`ges.scoring.score_json` without repeating any number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal
from typing import Any

from ges.frameworks.models import Component, FiscalYear, Framework, FrameworkKind
from ges.indicators.models import EvaluationItem, Indicator, ItemKind
from ges.orgs.models import Organization

LEVELS = {"kind": "levels", "thresholds": [80, 85, 90], "scores": [50, 75, 100]}
FIVE_LEVELS = {"kind": "levels", "thresholds": [60, 70, 80, 90, 100]}


def milestone(steps: int) -> dict[str, Any]:
    """Three levels over the pass/fail items "1".."steps" (their positions)."""
    ids = [str(n) for n in range(1, steps + 1)]
    thirds = [ids[: steps // 3], ids[steps // 3 : 2 * steps // 3], ids[2 * steps // 3 :]]
    return {
        "kind": "milestone",
        "levels": [
            {"score": score, "steps": part}
            for score, part in zip((50, 75, 100), thirds, strict=True)
            if part
        ],
    }


@dataclass
class ItemSpec:
    text: str
    kind: str
    value: Decimal | None = None
    passed: bool | None = None
    unit: str = ""


@dataclass
class IndicatorSpec:
    number: str
    weight: Decimal
    component: str  # code; "" for a sub-indicator
    criteria: dict[str, Any] | None = None
    items: list[ItemSpec] = field(default_factory=list)
    children: list[IndicatorSpec] = field(default_factory=list)
    name: str = ""

    @property
    def name_th(self) -> str:
        return self.name or f"ตัวชี้วัดทดสอบที่ {self.number}"

    def result(self) -> object:
        """What the engine is given, as the report reads it from the items."""
        assert self.criteria is not None
        if self.criteria["kind"] == "levels":
            return next(item.value for item in self.items if item.kind == ItemKind.NUMBER)
        if self.criteria["kind"] == "passfail":
            return all(item.passed for item in self.items if item.kind == ItemKind.PASS_FAIL)
        done = [
            str(position)
            for position, item in enumerate(self.items, start=1)
            if item.kind == ItemKind.PASS_FAIL and item.passed
        ]
        return {"done": done}

    def entry(self, with_component: bool) -> dict[str, Any]:
        entry: dict[str, Any] = {"code": self.number, "weight": self.weight}
        if with_component and self.component:
            entry["component"] = self.component
        if self.children:
            entry["children"] = [child.entry(False) for child in self.children]
        else:
            entry["criteria"] = self.criteria
            entry["result"] = self.result()
        return entry


def report_framework(
    year: int = 2566, *, scale: int = 100, decimals: int = 3
) -> tuple[Framework, dict[str, Component]]:
    """A departments framework: Performance Base 70, Potential Base 30."""
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
    framework = Framework.objects.create(
        fiscal_year=fiscal_year,
        kind=FrameworkKind.DEPARTMENTS,
        name_th=f"กรอบการประเมินส่วนราชการ ประจำปีงบประมาณ พ.ศ. {year}",
        scale=Decimal(scale),
        decimals=decimals,
    )
    components = {
        code: Component.objects.create(
            framework=framework, code=code, name_th=name, weight=Decimal(weight), order=order
        )
        for order, (code, name, weight) in enumerate(
            [
                ("PB", "องค์ประกอบที่ 1 การประเมินประสิทธิผลการดำเนินงาน (Performance Base)", 70),
                ("PT", "องค์ประกอบที่ 2 การประเมินศักยภาพในการดำเนินงาน (Potential Base)", 30),
            ]
        )
    }
    return framework, components


def split(total: Decimal, parts: int) -> list[Decimal]:
    """`total` in `parts` weights of 3 decimals that add up exactly (the last takes the rest)."""
    share = (total / parts).quantize(Decimal("0.001"), rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def many_indicators(count: int, items: int = 6) -> list[IndicatorSpec]:
    """`count` indicators, 70% in PB and the rest in PT, each with `items` evaluation items:
    odd numbers score a percentage on three levels (one number item, the rest pass/fail),
    even numbers are milestones over `items` pass/fail items, some of them passed."""
    in_pb = max(1, min(count - 1, round(count * 0.7)))
    weights = split(Decimal(70), in_pb) + split(Decimal(30), count - in_pb)
    specs = []
    for number, weight in enumerate(weights, start=1):
        if number % 2:
            rows = [
                ItemSpec(
                    f"ร้อยละของผลการดำเนินงานตามแผน ข้อ {number}",
                    ItemKind.NUMBER,
                    value=Decimal(78) + Decimal(number) * Decimal("0.75"),
                    unit="ร้อยละ",
                )
            ] + [
                ItemSpec(f"จัดทำรายงานผลการดำเนินงาน ครั้งที่ {n}", ItemKind.PASS_FAIL, passed=True)
                for n in range(1, items)
            ]
            criteria = LEVELS
        else:
            done = 2 + number % (items - 1) if items > 2 else items
            rows = [
                ItemSpec(f"ขั้นตอนที่ {n} ของตัวชี้วัด {number}", ItemKind.PASS_FAIL, passed=n <= done)
                for n in range(1, items + 1)
            ]
            criteria = milestone(items)
        specs.append(
            IndicatorSpec(
                str(number),
                weight,
                "PB" if number <= in_pb else "PT",
                criteria,
                rows,
            )
        )
    return specs


def make_indicators(
    framework: Framework,
    components: dict[str, Component],
    agency: Organization,
    specs: list[IndicatorSpec],
) -> list[Indicator]:
    made: list[Indicator] = []

    def write(spec: IndicatorSpec, order: int, parent: Indicator | None) -> None:
        indicator = Indicator.objects.create(
            framework=framework,
            organization=agency,
            component=components.get(spec.component) if parent is None else None,
            parent=parent,
            number=spec.number,
            order=order,
            name_th=spec.name_th,
            weight=spec.weight,
            criteria=None if spec.children else spec.criteria,
            unit="ร้อยละ",
            description=f"คำอธิบายของตัวชี้วัด {spec.number}",
        )
        EvaluationItem.objects.bulk_create(
            EvaluationItem(
                indicator=indicator,
                order=position,
                text=item.text,
                kind=item.kind,
                unit=item.unit,
                result_value=item.value,
                result_passed=item.passed,
            )
            for position, item in enumerate(spec.items, start=1)
        )
        made.append(indicator)
        for child_order, child in enumerate(spec.children, start=1):
            write(child, child_order, indicator)

    for order, spec in enumerate(specs, start=1):
        write(spec, order, None)
    return made


def document(
    framework: Framework, agency: Organization, specs: list[IndicatorSpec]
) -> dict[str, Any]:
    """The engine's what-if document for the same agency, written from the specs."""
    return {
        "scale": framework.scale,
        "decimals": framework.decimals,
        "exempt_weight": framework.exempt_weight,
        "result_levels": framework.result_levels,
        "agency": agency.code,
        "components": [
            {"code": component.code, "weight": component.weight}
            for component in framework.components.order_by("order")
        ],
        "indicators": [spec.entry(True) for spec in specs],
    }
