"""Small factories for frameworks and standard indicators (explicit rows, no fixture dumps)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ges.frameworks.models import Component, FiscalYear, Framework, FrameworkKind, Round
from ges.indicators.models import Indicator
from ges.orgs.models import Organization


def make_framework(
    year: int = 2566, kind: str = FrameworkKind.DEPARTMENTS, **values: Any
) -> Framework:
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
    values.setdefault("name_th", f"กรอบการประเมินส่วนราชการ ประจำปีงบประมาณ พ.ศ. {year}")
    return Framework.objects.create(fiscal_year=fiscal_year, kind=kind, **values)


def make_component(
    framework: Framework,
    code: str,
    weight: int | str | Decimal,
    parent: Component | None = None,
    **values: Any,
) -> Component:
    values.setdefault("name_th", f"องค์ประกอบ {code}")
    return Component.objects.create(
        framework=framework, parent=parent, code=code, weight=Decimal(weight), **values
    )


def make_round(
    framework: Framework, months: int, opens_on: dt.date, deadline: dt.date, **values: Any
) -> Round:
    return Round.objects.create(
        framework=framework, months=months, opens_on=opens_on, deadline=deadline, **values
    )


def make_standard_indicator(
    framework: Framework,
    number: str,
    owner: Organization | None = None,
    component: Component | None = None,
    **values: Any,
) -> Indicator:
    values.setdefault("name_th", f"ตัวชี้วัดมาตรฐาน {number}")
    values.setdefault("weight", Decimal(10))
    return Indicator.objects.create(
        framework=framework,
        organization=None,
        owner=owner,
        component=component,
        number=number,
        **values,
    )


def make_departments_2566(owner: Organization, other_owner: Organization) -> Framework:
    """FY2566 departments, draft: PB 70 (PB1 40 + PB2 30), PT 30; rounds 6 and 12; two
    standard indicators, one owned by `owner`, one by `other_owner`."""
    framework = make_framework(2566)
    pb = make_component(framework, "PB", 70, name_th="Performance Base", order=1)
    make_component(framework, "PB1", 40, pb, order=1)
    make_component(framework, "PB2", 30, pb, order=2)
    pt = make_component(framework, "PT", 30, name_th="Potential Base", order=2)
    make_round(
        framework, 6, dt.date(2023, 4, 1), dt.date(2023, 4, 30), grace_until=dt.date(2023, 5, 7)
    )
    make_round(framework, 12, dt.date(2023, 10, 1), dt.date(2023, 10, 31))
    make_standard_indicator(
        framework,
        "5",
        owner,
        pt,
        name_th="ร้อยละการเบิกจ่ายงบประมาณ",
        criteria={"kind": "levels", "thresholds": [90, 95, 100]},
    )
    make_standard_indicator(
        framework,
        "6",
        other_owner,
        pt,
        name_th="การพัฒนาสู่การเป็นระบบราชการ 4.0 (PMQA 4.0)",
        criteria={
            "kind": "groups",
            "by": "prev",
            "groups": [
                {
                    "min": None,
                    "max": 350,
                    "criteria": {"kind": "levels", "thresholds": [300, 325, 350]},
                },
                {
                    "min": 350,
                    "max": None,
                    "criteria": {
                        "kind": "levels",
                        "thresholds": ["prev", "prev + 2%", "prev + 5%"],
                    },
                },
            ],
            "overrides": {"DITP": "exempt"},
        },
    )
    return framework
