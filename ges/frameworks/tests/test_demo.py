"""The demo frameworks: FY2566 from seed 001, FY2555 departments and provinces from seed 004."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ges.frameworks import demo
from ges.frameworks.models import (
    DEFAULT_RESULT_LEVELS,
    Component,
    FiscalYear,
    Framework,
    FrameworkKind,
    FrameworkStatus,
    Round,
    ScoringMode,
)
from ges.testing import SYSTEM

SEEDS = Path(demo.__file__).resolve().parent.parent / "demo_seeds"

pytestmark = pytest.mark.django_db


def seed_without_spaces(name: str) -> str:
    # The slides' text breaks lines with spaces anywhere; compare without them.
    return re.sub(r"\s+", "", (SEEDS / name).read_text(encoding="utf-8"))


def weights(framework: Framework, parent: Component | None = None) -> dict[str, Decimal]:
    return {
        c.code: c.weight
        for c in Component.objects.filter(framework=framework, parent=parent).order_by("order")
    }


def test_it_loads_the_fiscal_years() -> None:
    demo.load_frameworks(SYSTEM)

    assert sorted(FiscalYear.objects.values_list("year", flat=True)) == [2555, 2566, 2567]


def test_it_loads_the_fy2566_departments_framework_of_seed_001() -> None:
    demo.load_frameworks(SYSTEM)

    framework = Framework.objects.get(fiscal_year__year=2566, kind=FrameworkKind.DEPARTMENTS)
    assert framework.name_th == (
        "การประเมินส่วนราชการตามมาตรการปรับปรุงประสิทธิภาพในการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2566"
    )
    assert framework.status == FrameworkStatus.PUBLISHED
    assert (framework.scale, framework.decimals) == (Decimal(100), 3)
    assert framework.mode == ScoringMode.INTERPOLATE
    assert framework.below_first == 0
    assert framework.result_levels == DEFAULT_RESULT_LEVELS
    components = list(framework.components.order_by("order"))
    assert [(c.code, c.name_th, c.weight) for c in components] == [
        (
            "PB",
            "องค์ประกอบที่ 1 การประเมินประสิทธิผลการดำเนินงาน (Performance Base)",
            Decimal(70),
        ),
        (
            "PT",
            "องค์ประกอบที่ 2 การประเมินศักยภาพในการดำเนินงาน (Potential Base)",
            Decimal(30),
        ),
    ]
    seed = seed_without_spaces("001_3591153ba24c71a1.txt")
    for text in (framework.name_th, *(c.name_th for c in components)):
        assert re.sub(r"\s+", "", text) in seed


def test_it_dates_the_fy2566_rounds_after_their_periods() -> None:
    demo.load_frameworks(SYSTEM)

    rounds = list(Round.objects.filter(framework__fiscal_year__year=2566).order_by("months"))
    assert [(r.months, r.opens_on, r.deadline) for r in rounds] == [
        (6, dt.date(2023, 4, 1), dt.date(2023, 4, 30)),
        (12, dt.date(2023, 10, 1), dt.date(2023, 10, 31)),
    ]
    fy_start, fy_end = FiscalYear.objects.get(year=2566).bounds
    assert fy_start == dt.date(2022, 10, 1)
    assert all(r.opens_on > fy_start for r in rounds)
    assert rounds[-1].opens_on > fy_end


def test_it_loads_the_fy2555_departments_component_tree_of_seed_004() -> None:
    demo.load_frameworks(SYSTEM)

    framework = Framework.objects.get(fiscal_year__year=2555, kind=FrameworkKind.DEPARTMENTS)
    assert (framework.scale, framework.decimals) == (Decimal(5), 4)
    assert weights(framework) == {"EXT": 70, "INT": 30}
    external = framework.components.get(code="EXT")
    internal = framework.components.get(code="INT")
    assert external.name_th == "มิติภายนอก (External Impacts)"
    assert internal.name_th == "มิติภายใน (Internal Management)"
    assert [(c.name_th, c.weight) for c in external.children.order_by("order")] == [
        ("การประเมินประสิทธิผล", Decimal(60)),
        ("การประเมินคุณภาพ", Decimal(10)),
    ]
    assert [(c.name_th, c.weight) for c in internal.children.order_by("order")] == [
        ("การประเมินประสิทธิภาพ", Decimal(15)),
        ("การพัฒนาองค์การ", Decimal(15)),
    ]
    assert list(framework.rounds.values_list("months", flat=True)) == [6, 9, 12]


def test_it_loads_the_fy2555_provinces_framework_with_the_four_dimensions() -> None:
    demo.load_frameworks(SYSTEM)

    framework = Framework.objects.get(fiscal_year__year=2555, kind=FrameworkKind.PROVINCES)
    top = list(framework.components.filter(parent=None).order_by("order"))
    assert [(c.name_th, c.weight) for c in top] == [
        ("มิติที่ 1 มิติด้านประสิทธิผล", Decimal(50)),
        ("มิติที่ 2 มิติด้านคุณภาพการให้บริการ", Decimal(20)),
        ("มิติที่ 3 มิติด้านประสิทธิภาพของการปฏิบัติราชการ", Decimal(10)),
        ("มิติที่ 4 มิติด้านการพัฒนาองค์การ", Decimal(20)),
    ]
    assert [c.weight for c in top[0].children.order_by("order")] == [20, 10, 20]
    assert [c.weight for c in top[1].children.order_by("order")] == [16, 4]
    rounds = framework.rounds.order_by("months")
    assert [(r.months, r.deadline) for r in rounds] == [
        (6, dt.date(2012, 4, 30)),
        (9, dt.date(2012, 7, 31)),
        (12, dt.date(2012, 10, 31)),
    ]


def test_it_names_every_fy2555_component_as_seed_004_does() -> None:
    demo.load_frameworks(SYSTEM)

    seed = seed_without_spaces("004_0353db2dc096dccb.txt")
    names = Component.objects.filter(framework__fiscal_year__year=2555).values_list(
        "name_th", flat=True
    )
    assert len(names) == 6 + 12
    for name in names:
        assert re.sub(r"\s+", "", name) in seed, name


@pytest.mark.parametrize(
    ("year", "kind"),
    [
        (2566, FrameworkKind.DEPARTMENTS),
        (2555, FrameworkKind.DEPARTMENTS),
        (2555, FrameworkKind.PROVINCES),
    ],
)
def test_it_makes_component_weights_add_up(year: int, kind: str) -> None:
    demo.load_frameworks(SYSTEM)

    framework = Framework.objects.get(fiscal_year__year=year, kind=kind)
    assert sum(weights(framework).values()) == 100
    for component in framework.components.all():
        children = weights(framework, component)
        if children:
            assert sum(children.values()) == component.weight, component.code


def test_it_changes_nothing_when_loaded_again() -> None:
    assert demo.load_frameworks(SYSTEM) == 3
    counts = [m.objects.count() for m in (FiscalYear, Framework, Component, Round)]

    assert demo.load_frameworks(SYSTEM) == 0

    assert [m.objects.count() for m in (FiscalYear, Framework, Component, Round)] == counts


def test_it_leaves_a_framework_an_admin_changed() -> None:
    demo.load_frameworks(SYSTEM)
    framework = Framework.objects.get(fiscal_year__year=2566, kind=FrameworkKind.DEPARTMENTS)
    framework.name_th = "ชื่อที่แก้แล้ว"
    framework.save(update_fields=["name_th"])
    framework.components.filter(code="PT").update(weight=Decimal(25))

    call_command("load_demo", stdout=StringIO())

    framework.refresh_from_db()
    assert framework.name_th == "ชื่อที่แก้แล้ว"
    assert framework.components.get(code="PT").weight == 25
    assert framework.components.count() == 2
