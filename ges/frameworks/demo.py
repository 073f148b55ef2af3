"""Demo fiscal years and frameworks, from the seed documents. Loading twice changes nothing.

- FY2566 departments: seed 001 ("องค์ประกอบที่ 1 ... (ร้อยละ 70)", "องค์ประกอบที่ 2 ... (ร้อยละ 30)").
- FY2555 departments and provinces: seed 004, slides 13-14 and 17-21, on the 5-level scale,
  reported every 6, 9 and 12 months (slide 58: "ทุกรอบ 6, 9 และ 12 เดือน").

Seed 004 does not say what a result below level 1 scores, so FY2555 keeps the default (0).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from ges.audit.log import Actor
from ges.frameworks import actions
from ges.frameworks.models import (
    Component,
    FiscalYear,
    Framework,
    FrameworkKind,
    FrameworkStatus,
    ScoringMode,
    default_result_levels,
)

DEMO_FISCAL_YEARS = (2555, 2566, 2567)


@dataclass(frozen=True)
class DemoComponent:
    code: str
    name_th: str
    name_en: str
    weight: int
    children: tuple[DemoComponent, ...] = ()


@dataclass(frozen=True)
class DemoRound:
    months: int
    opens_on: dt.date
    deadline: dt.date


@dataclass(frozen=True)
class DemoFramework:
    year: int
    kind: str
    name_th: str
    name_en: str
    scale: int
    decimals: int
    components: tuple[DemoComponent, ...]
    rounds: tuple[DemoRound, ...]
    below_first: int = 0
    mode: str = ScoringMode.INTERPOLATE
    status: str = FrameworkStatus.PUBLISHED
    result_levels: list[list[object]] = field(default_factory=default_result_levels)


def _rounds(year_ce_end: int, months: tuple[int, ...]) -> tuple[DemoRound, ...]:
    """A round opens the day after its period ends and closes a month later."""
    periods = {
        6: (dt.date(year_ce_end, 4, 1), dt.date(year_ce_end, 4, 30)),
        9: (dt.date(year_ce_end, 7, 1), dt.date(year_ce_end, 7, 31)),
        12: (dt.date(year_ce_end, 10, 1), dt.date(year_ce_end, 10, 31)),
    }
    return tuple(DemoRound(m, *periods[m]) for m in months)


FY2566_DEPARTMENTS = DemoFramework(
    year=2566,
    kind=FrameworkKind.DEPARTMENTS,
    name_th="การประเมินส่วนราชการตามมาตรการปรับปรุงประสิทธิภาพในการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2566",
    name_en="Evaluation of government agencies under the measure to improve performance, "
    "fiscal year 2566",
    scale=100,
    decimals=3,
    components=(
        DemoComponent(
            "PB",
            "องค์ประกอบที่ 1 การประเมินประสิทธิผลการดำเนินงาน (Performance Base)",
            "Component 1: effectiveness (Performance Base)",
            70,
        ),
        DemoComponent(
            "PT",
            "องค์ประกอบที่ 2 การประเมินศักยภาพในการดำเนินงาน (Potential Base)",
            "Component 2: capability (Potential Base)",
            30,
        ),
    ),
    # FY2566 runs 1 Oct 2022 - 30 Sep 2023: the 6-month round covers up to 31 Mar 2023.
    rounds=_rounds(2023, (6, 12)),
)

FY2555_DEPARTMENTS = DemoFramework(
    year=2555,
    kind=FrameworkKind.DEPARTMENTS,
    name_th="กรอบการประเมินผลของส่วนราชการ ประจำปีงบประมาณ พ.ศ. 2555",
    name_en="Performance evaluation framework for departments, fiscal year 2555",
    scale=5,
    decimals=4,
    components=(
        DemoComponent(
            "EXT",
            "มิติภายนอก (External Impacts)",
            "External impacts",
            70,
            (
                DemoComponent("EXT-EFF", "การประเมินประสิทธิผล", "Effectiveness", 60),
                DemoComponent("EXT-QUA", "การประเมินคุณภาพ", "Quality", 10),
            ),
        ),
        DemoComponent(
            "INT",
            "มิติภายใน (Internal Management)",
            "Internal management",
            30,
            (
                DemoComponent("INT-EFC", "การประเมินประสิทธิภาพ", "Efficiency", 15),
                DemoComponent("INT-DEV", "การพัฒนาองค์การ", "Organisational development", 15),
            ),
        ),
    ),
    # FY2555 runs 1 Oct 2011 - 30 Sep 2012.
    rounds=_rounds(2012, (6, 9, 12)),
)

FY2555_PROVINCES = DemoFramework(
    year=2555,
    kind=FrameworkKind.PROVINCES,
    name_th="กรอบการประเมินผลของจังหวัด ประจำปีงบประมาณ พ.ศ. 2555",
    name_en="Performance evaluation framework for provinces, fiscal year 2555",
    scale=5,
    decimals=4,
    components=(
        DemoComponent(
            "D1",
            "มิติที่ 1 มิติด้านประสิทธิผล",
            "Dimension 1: effectiveness",
            50,
            (
                DemoComponent(
                    "D1-PLAN",
                    "ผลสำเร็จตามแผนปฏิบัติราชการ",
                    "Results of the action plan",
                    20,
                ),
                DemoComponent(
                    "D1-POLICY",
                    "ผลสำเร็จในการขับเคลื่อนนโยบายเร่งด่วนของรัฐบาล",
                    "Driving the government's urgent policies",
                    10,
                ),
                DemoComponent(
                    "D1-SOCIAL",
                    "การพัฒนาสังคม คุณภาพชีวิต ความปลอดภัย ความมั่นคง ทรัพยากรธรรมชาติและสิ่งแวดล้อม",
                    "Society, quality of life, safety, security, natural resources and environment",
                    20,
                ),
            ),
        ),
        DemoComponent(
            "D2",
            "มิติที่ 2 มิติด้านคุณภาพการให้บริการ",
            "Dimension 2: quality of service",
            20,
            (
                DemoComponent("D2-SAT", "ความพึงพอใจ", "Satisfaction", 16),
                DemoComponent("D2-CORR", "การป้องกันการทุจริต", "Preventing corruption", 4),
            ),
        ),
        DemoComponent(
            "D3",
            "มิติที่ 3 มิติด้านประสิทธิภาพของการปฏิบัติราชการ",
            "Dimension 3: efficiency",
            10,
            (
                DemoComponent(
                    "D3-TIME",
                    "การรักษามาตรฐานระยะเวลาการให้บริการ",
                    "Keeping service time standards",
                    5,
                ),
                DemoComponent(
                    "D3-BUDGET",
                    "การเบิกจ่ายงบประมาณตามแผน",
                    "Budget disbursement to plan",
                    5,
                ),
            ),
        ),
        DemoComponent(
            "D4",
            "มิติที่ 4 มิติด้านการพัฒนาองค์การ",
            "Dimension 4: organisational development",
            20,
            (
                DemoComponent(
                    "D4-PMQA",
                    "การพัฒนาคุณภาพการบริหารจัดการภาครัฐ",
                    "Public sector management quality",
                    20,
                ),
            ),
        ),
    ),
    rounds=_rounds(2012, (6, 9, 12)),
)

DEMO_FRAMEWORKS = (FY2566_DEPARTMENTS, FY2555_DEPARTMENTS, FY2555_PROVINCES)


def load_frameworks(actor: Actor) -> int:
    """Create the demo fiscal years and frameworks that are missing; returns frameworks created.

    A framework that exists already is left as it is (its admin may have changed it). New ones
    are built as drafts through the framework actions (each change audited), then published.
    """
    for year in DEMO_FISCAL_YEARS:
        if not FiscalYear.objects.filter(year=year).exists():
            actions.create_fiscal_year(actor, year)
    created = 0
    for spec in DEMO_FRAMEWORKS:
        fiscal_year = FiscalYear.objects.get(year=spec.year)
        if Framework.objects.filter(fiscal_year=fiscal_year, kind=spec.kind).exists():
            continue
        framework = actions.create_framework(
            actor,
            fiscal_year=fiscal_year,
            kind=spec.kind,
            name_th=spec.name_th,
            name_en=spec.name_en,
            scale=Decimal(spec.scale),
            decimals=spec.decimals,
            mode=spec.mode,
            below_first=Decimal(spec.below_first),
            result_levels=spec.result_levels,
        )
        _create_components(actor, framework, spec.components, None)
        for round_ in spec.rounds:
            actions.create_round(
                actor,
                framework,
                months=round_.months,
                opens_on=round_.opens_on,
                deadline=round_.deadline,
                grace_until=None,
            )
        if spec.status == FrameworkStatus.PUBLISHED:
            actions.publish_framework(actor, framework)
        created += 1
    return created


def _create_components(
    actor: Actor,
    framework: Framework,
    specs: tuple[DemoComponent, ...],
    parent: Component | None,
) -> None:
    for order, spec in enumerate(specs, start=1):
        component = actions.create_component(
            actor,
            framework,
            parent=parent,
            code=spec.code,
            name_th=spec.name_th,
            name_en=spec.name_en,
            weight=Decimal(spec.weight),
            order=order,
        )
        _create_components(actor, framework, spec.children, component)


def demo_framework(year: int, kind: str) -> Framework:
    return Framework.objects.get(fiscal_year__year=year, kind=kind)
