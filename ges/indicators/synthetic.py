"""Synthetic indicators at national scale, for benchmarks (never loaded by `make run`).

`generate_demo(9000)` adds 9,000 organisations (`ges.orgs.synthetic`), a FY2567 departments
framework when there is none, and for every new organisation about 15 indicators of mixed
criteria kinds (levels both ways, milestone, points, pass/fail, groups by last year's score,
hybrid, and one parent with two sub-indicators), each with about 5 evaluation items, baselines,
steps and a monthly plan. The same seed gives the same data. Rows are written with
bulk_create, chunk by chunk, so the nation takes seconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from ges.frameworks.models import (
    Component,
    FiscalYear,
    Framework,
    FrameworkKind,
    FrameworkStatus,
    Round,
)
from ges.indicators.models import (
    AgencyValue,
    Baseline,
    Direction,
    EvaluationItem,
    Indicator,
    ItemKind,
    PlanActivity,
    Step,
)
from ges.orgs.models import Organization
from ges.orgs.synthetic import THAI_WORDS, generate_organizations

YEAR = 2567
CHUNK = 250  # agencies written per round of bulk inserts
BATCH = 2000
BASELINE_YEARS = (2563, 2564, 2565, 2566)
KINDS = ("levels", "levels_lower", "milestone", "points", "passfail", "groups", "hybrid")

SUBJECTS = (
    "การให้บริการประชาชน",
    "การเบิกจ่ายงบประมาณ",
    "การพัฒนาระบบข้อมูล",
    "การลดขั้นตอนการทำงาน",
    "การตรวจติดตามหน่วยงาน",
    "การพัฒนาบุคลากร",
    "การบริหารความเสี่ยง",
    "การเชื่อมโยงข้อมูล",
)
UNITS = ("ร้อยละ", "คะแนน", "แห่ง", "ครั้ง", "วัน")


@dataclass(frozen=True)
class Generated:
    organizations: int
    indicators: int
    items: int
    baselines: int

    def __str__(self) -> str:
        return (
            f"{self.organizations:,} organisations, {self.indicators:,} indicators, "
            f"{self.items:,} evaluation items, {self.baselines:,} baseline values"
        )


def generate_demo(
    agencies: int, *, indicators: int = 15, seed: int = 2569, prefix: str = "SYN"
) -> Generated:
    """Add `agencies` organisations, each with about `indicators` indicators of FY2567."""
    if agencies < 1 or indicators < 3:
        raise ValueError("at least 1 agency and 3 indicators each")
    with transaction.atomic():
        last = Organization.objects.aggregate(last=Max("pk"))["last"] or 0
        generate_organizations(agencies, seed=seed, prefix=prefix)
        organizations = list(
            Organization.objects.filter(pk__gt=last, code__startswith=f"{prefix}-")
            .order_by("pk")
            .only("pk")
        )
        framework, components = synthetic_framework()
        rng = random.Random(seed)
        totals = [0, 0, 0]
        for start in range(0, len(organizations), CHUNK):
            chunk = organizations[start : start + CHUNK]
            counts = _write_chunk(framework, components, chunk, indicators, rng)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return Generated(len(organizations), *totals)


def synthetic_framework() -> tuple[Framework, list[Component]]:
    """The FY2567 departments framework, made (70/30, rounds 6 and 12) when there is none."""
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=YEAR)
    framework, created = Framework.objects.get_or_create(
        fiscal_year=fiscal_year,
        kind=FrameworkKind.DEPARTMENTS,
        defaults={
            "name_th": "กรอบการประเมินส่วนราชการ ประจำปีงบประมาณ พ.ศ. 2567 (ข้อมูลสังเคราะห์)",
            "name_en": "Departments framework, fiscal year 2567 (synthetic)",
            "status": FrameworkStatus.DRAFT,
        },
    )
    components = list(framework.components.filter(parent=None).order_by("order", "code"))
    if not components:
        components = [
            Component.objects.create(
                framework=framework,
                code="PB",
                name_th="องค์ประกอบที่ 1 การประเมินประสิทธิผลการดำเนินงาน (Performance Base)",
                weight=Decimal(70),
                order=1,
            ),
            Component.objects.create(
                framework=framework,
                code="PT",
                name_th="องค์ประกอบที่ 2 การประเมินศักยภาพในการดำเนินงาน (Potential Base)",
                weight=Decimal(30),
                order=2,
            ),
        ]
    if created:
        Round.objects.bulk_create(
            [
                Round(
                    framework=framework,
                    months=6,
                    opens_on=dt.date(2024, 4, 1),
                    deadline=dt.date(2024, 4, 30),
                ),
                Round(
                    framework=framework,
                    months=12,
                    opens_on=dt.date(2024, 10, 1),
                    deadline=dt.date(2024, 10, 31),
                ),
            ]
        )
    return framework, components


def split(total: Decimal, parts: int, rng: random.Random) -> list[Decimal]:
    """`parts` positive weights (one decimal place) that add up to `total` exactly."""
    units = int(total * 10)
    if parts > units:
        raise ValueError(f"cannot split {total} into {parts} positive weights")
    cuts = sorted(rng.sample(range(1, units), parts - 1))
    bounds = [0, *cuts, units]
    return [Decimal(b - a) / 10 for a, b in zip(bounds, bounds[1:], strict=False)]


def _per_component(components: list[Component], count: int) -> list[int]:
    """How many of `count` indicators each component gets: by weight, at least one each."""
    total = sum(c.weight for c in components)
    shares = [max(1, int(count * c.weight / total)) for c in components]
    shares[0] += count - sum(shares)
    return shares


def _write_chunk(
    framework: Framework,
    components: list[Component],
    agencies: list[Organization],
    count: int,
    rng: random.Random,
) -> tuple[int, int, int]:
    shares = _per_component(components, count)
    tops: list[Indicator] = []
    parents: list[tuple[Indicator, str]] = []
    values: list[AgencyValue] = []
    for agency in agencies:
        prev = Decimal(rng.randrange(36000, 48000)) / 100
        values.append(
            AgencyValue(framework=framework, organization=agency, name="prev", value=prev)
        )
        number = 0
        for component, share in zip(components, shares, strict=True):
            for weight in split(component.weight, share, rng):
                number += 1
                kind = "parent" if number == 4 else KINDS[rng.randrange(len(KINDS))]
                indicator = _indicator(framework, agency, component, number, weight, kind, rng)
                tops.append(indicator)
                if kind == "parent":
                    parents.append((indicator, str(number)))
    AgencyValue.objects.bulk_create(values, batch_size=BATCH)
    Indicator.objects.bulk_create(tops, batch_size=BATCH)
    children: list[Indicator] = []
    for parent, number in parents:
        for position, weight in enumerate((Decimal(60), Decimal(40)), start=1):
            kind = ("levels", "milestone")[position - 1]
            child = _indicator(
                framework, parent.organization, None, position, weight, kind, rng
            )
            child.parent = parent
            child.number = f"{number}.{position}"
            children.append(child)
    Indicator.objects.bulk_create(children, batch_size=BATCH)
    leaves = [i for i in (*tops, *children) if i.criteria is not None]
    items = list(_items(leaves, rng))
    baselines = list(_baselines(leaves, rng))
    EvaluationItem.objects.bulk_create(items, batch_size=BATCH)
    Baseline.objects.bulk_create(baselines, batch_size=BATCH)
    Step.objects.bulk_create(_steps(leaves), batch_size=BATCH)
    PlanActivity.objects.bulk_create(_plan(leaves, rng), batch_size=BATCH)
    return len(tops) + len(children), len(items), len(baselines)


def _indicator(
    framework: Framework,
    agency: Organization,
    component: Component | None,
    number: int,
    weight: Decimal,
    kind: str,
    rng: random.Random,
) -> Indicator:
    subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
    word = THAI_WORDS[rng.randrange(len(THAI_WORDS))]
    lower = kind == "levels_lower"
    name = (
        f"ระยะเวลาเฉลี่ยของ{subject}ด้าน{word}"
        if lower
        else f"ระดับความสำเร็จของ{subject}ด้าน{word}"
    )
    return Indicator(
        framework=framework,
        organization=agency,
        component=component,
        number=str(number),
        order=number,
        name_th=name,
        weight=weight,
        unit="วัน" if lower else UNITS[rng.randrange(len(UNITS))],
        direction=Direction.LOWER if lower else Direction.HIGHER,
        description=f"พิจารณาจากผลการดำเนินงาน{subject}ของหน่วยงานตลอดปีงบประมาณ พ.ศ. {YEAR}",
        data_source="รายงานผลการดำเนินงานของหน่วยงาน",
        six_month_target=f"มีแผนการดำเนินงาน{subject}ที่ผู้บริหารให้ความเห็นชอบ",
        criteria=None if kind == "parent" else criteria_for(kind, rng),
    )


def criteria_for(kind: str, rng: random.Random) -> dict[str, Any]:
    """Criteria in the engine's format; every kind validates (the tests check)."""
    if kind == "levels":
        low = rng.randrange(60, 85)
        step = rng.randrange(2, 6)
        return {"kind": "levels", "thresholds": [low, low + step, low + 2 * step]}
    if kind == "levels_lower":
        high = rng.randrange(20, 40)
        return {"kind": "levels", "direction": "lower", "thresholds": [high, high - 5, high - 10]}
    if kind == "milestone":
        return {
            "kind": "milestone",
            "levels": [
                {"score": 50, "steps": ["จัดทำแผนการดำเนินงาน"]},
                {"score": 75, "steps": ["ดำเนินการตามแผนครบทุกกิจกรรม"]},
                {"score": 100, "steps": ["รายงานผลการดำเนินงานเสนอผู้บริหาร"]},
            ],
        }
    if kind == "points":
        return {
            "kind": "points",
            "blocks": [
                {"id": "base", "points": 50, "items": ["รายชื่อชุดข้อมูล", "คำอธิบายชุดข้อมูล"]},
                {"id": "catalog", "points": 25, "requires": ["base"]},
                {"id": "open", "points": 25, "requires": ["catalog"]},
            ],
        }
    if kind == "passfail":
        return {"kind": "passfail"}
    if kind == "groups":
        return {
            "kind": "groups",
            "by": "prev",
            "groups": [
                {
                    "min": 360,
                    "max": 400,
                    "criteria": {"kind": "levels", "thresholds": ["prev", "400", "(prev + 445) / 2"]},
                },
                {
                    "min": 400,
                    "max": None,
                    "criteria": {"kind": "levels", "thresholds": ["prev - 10", "prev", "prev + 2%"]},
                },
            ],
        }
    if kind == "hybrid":
        return {
            "kind": "hybrid",
            "milestones": {
                "kind": "milestone",
                "levels": [
                    {"score": 20, "steps": ["ศึกษาและออกแบบ"]},
                    {"score": 40, "steps": ["ทดลองใช้งาน"]},
                ],
            },
            "measured": {"kind": "levels", "thresholds": [60, 70, 80], "scores": [50, 75, 100]},
        }
    raise ValueError(f"unknown kind {kind!r}")


def _items(indicators: list[Indicator], rng: random.Random) -> Iterator[EvaluationItem]:
    for indicator in indicators:
        measured = indicator.criteria is not None and indicator.criteria["kind"] in (
            "levels",
            "groups",
            "hybrid",
        )
        count = rng.randrange(4, 7)
        for order in range(1, count + 1):
            if order == 1 and measured:
                yield EvaluationItem(
                    indicator=indicator,
                    order=order,
                    text=indicator.name_th,
                    kind=ItemKind.NUMBER,
                    unit=indicator.unit,
                )
            else:
                yield EvaluationItem(
                    indicator=indicator,
                    order=order,
                    text=f"ดำเนินการตามขั้นตอนที่ {order} ของแผน",
                    kind=ItemKind.PASS_FAIL,
                )


def _baselines(indicators: list[Indicator], rng: random.Random) -> Iterator[Baseline]:
    for indicator in indicators:
        if indicator.criteria is None or indicator.criteria["kind"] not in ("levels", "groups"):
            continue
        level = rng.randrange(5000, 9500)
        for order, year in enumerate(BASELINE_YEARS, start=1):
            value = Decimal(level + rng.randrange(-500, 500)) / 100
            yield Baseline(
                indicator=indicator,
                year=year,
                value=value,
                value_text=str(value),
                order=order,
            )


def _steps(indicators: list[Indicator]) -> Iterator[Step]:
    for indicator in indicators:
        yield Step(indicator=indicator, order=1, text="จัดทำแผนการดำเนินงานและเสนอผู้บริหาร")
        yield Step(indicator=indicator, order=2, text="ดำเนินการและติดตามผลรายไตรมาส")


def _plan(indicators: list[Indicator], rng: random.Random) -> Iterator[PlanActivity]:
    for indicator in indicators:
        start = rng.randrange(0, 3)
        yield PlanActivity(indicator=indicator, order=1, text="จัดทำแผน", months=[start])
        yield PlanActivity(
            indicator=indicator, order=2, text="ดำเนินการตามแผน", months=list(range(start + 1, 12))
        )
