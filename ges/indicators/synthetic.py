"""Synthetic indicators at national scale, for benchmarks (never loaded by `make run`).

`generate_demo(9000)` adds 9,000 organisations (`ges.orgs.synthetic`), a FY2567 departments
framework when there is none, and for every new organisation about 15 indicators of mixed
criteria kinds (levels both ways, milestone, points, pass/fail, groups by last year's score,
hybrid, and one parent with two sub-indicators), each with about 5 evaluation items, baselines,
steps and a monthly plan. The same seed gives the same data. Rows are written with
bulk_create, chunk by chunk, so the nation takes seconds, not minutes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

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
CHUNK = 1000  # agencies written per round of bulk inserts
BATCH = 5000
SQLITE_CACHE_KIB = 1024 * 1024  # 1 GiB, only while generating
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
    with _large_page_cache(), transaction.atomic():
        last = Organization.objects.aggregate(last=Max("pk"))["last"] or 0
        generate_organizations(agencies, seed=seed, prefix=prefix)
        organizations = list(
            Organization.objects.filter(pk__gt=last, code__startswith=f"{prefix}-")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        framework, components = synthetic_framework()
        rng = random.Random(seed)
        totals = [0, 0, 0]
        for start in range(0, len(organizations), CHUNK):
            chunk = organizations[start : start + CHUNK]
            counts = _write_chunk(framework, components, chunk, indicators, rng)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return Generated(len(organizations), *totals)


@contextlib.contextmanager
def _large_page_cache() -> Iterator[None]:
    """On SQLite, keep the whole transaction in memory: with the default 2 MB page cache a
    transaction this size spills to the write-ahead log page by page, which more than doubles
    the time on a slow disk. Other databases are left alone."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


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
    return [Decimal(b - a) / 10 for a, b in itertools.pairwise(bounds)]


def _per_component(components: list[Component], count: int) -> list[int]:
    """How many of `count` indicators each component gets: by weight, at least one each."""
    total = sum(c.weight for c in components)
    shares = [max(1, int(count * c.weight / total)) for c in components]
    shares[0] += count - sum(shares)
    return shares


@dataclass
class _Planned:
    """One indicator to write, before it has an id."""

    agency: int
    number: str
    component: int | None
    weight: Decimal
    kind: str
    name: str
    unit: str
    criteria: dict[str, Any] | None  # None for a parent: scored from its sub-indicators
    parent: str = ""  # the parent's number, for a sub-indicator


def _write_chunk(
    framework: Framework,
    components: list[Component],
    agencies: list[int],
    count: int,
    rng: random.Random,
) -> tuple[int, int, int]:
    shares = _per_component(components, count)
    planned: list[_Planned] = []
    values = []
    for agency in agencies:
        prev = Decimal(rng.randrange(36000, 48000)) / 100
        values.append({"framework_id": framework.pk, "organization_id": agency, "value": prev})
        number = 0
        for component, share in zip(components, shares, strict=True):
            for weight in split(component.weight, share, rng):
                number += 1
                kind = "parent" if number == 4 else KINDS[rng.randrange(len(KINDS))]
                planned.append(
                    _plan_indicator(agency, str(number), component.pk, weight, kind, rng)
                )
                if kind == "parent":
                    for position, (share_weight, child_kind) in enumerate(
                        ((Decimal(60), "levels"), (Decimal(40), "milestone")), start=1
                    ):
                        child = _plan_indicator(
                            agency, f"{number}.{position}", None, share_weight, child_kind, rng
                        )
                        child.parent = str(number)
                        planned.append(child)
    _insert(AgencyValue, [{"name": "prev", **value} for value in values])
    tops = [p for p in planned if not p.parent]
    ids = _insert_indicators(framework, tops, {}, agencies)
    ids = _insert_indicators(framework, [p for p in planned if p.parent], ids, agencies)
    leaves = [(ids[(p.agency, p.number)], p) for p in planned if p.criteria is not None]
    items = list(_items(leaves, rng))
    baselines = list(_baselines(leaves, rng))
    _insert(EvaluationItem, items)
    _insert(Baseline, baselines)
    _insert(Step, list(_steps(leaves)))
    _insert(PlanActivity, list(_plan(leaves, rng)))
    return len(planned), len(items), len(baselines)


def _plan_indicator(
    agency: int, number: str, component: int | None, weight: Decimal, kind: str, rng: random.Random
) -> _Planned:
    subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
    word = THAI_WORDS[rng.randrange(len(THAI_WORDS))]
    lower = kind == "levels_lower"
    name = f"ระยะเวลาเฉลี่ยของ{subject}ด้าน{word}" if lower else f"ระดับความสำเร็จของ{subject}ด้าน{word}"
    unit = "วัน" if lower else UNITS[rng.randrange(len(UNITS))]
    criteria = None if kind == "parent" else criteria_for(kind, rng)
    return _Planned(agency, number, component, weight, kind, name, unit, criteria)


def _insert_indicators(
    framework: Framework,
    planned: list[_Planned],
    ids: dict[tuple[int, str], int],
    agencies: list[int],
) -> dict[tuple[int, str], int]:
    """Write the indicators; returns the ids of every indicator of these agencies."""
    rows = [
        {
            "framework_id": framework.pk,
            "organization_id": p.agency,
            "component_id": p.component,
            "parent_id": ids[(p.agency, p.parent)] if p.parent else None,
            "number": p.number,
            "order": int(p.number.split(".")[-1]),
            "name_th": p.name,
            "weight": p.weight,
            "unit": p.unit,
            "direction": Direction.LOWER if p.kind == "levels_lower" else Direction.HIGHER,
            "description": f"พิจารณาจากผลการดำเนินงานของหน่วยงานตลอดปีงบประมาณ พ.ศ. {YEAR}",
            "data_source": "รายงานผลการดำเนินงานของหน่วยงาน",
            "six_month_target": "มีแผนการดำเนินงานที่ผู้บริหารให้ความเห็นชอบ",
            "criteria": p.criteria,
        }
        for p in planned
    ]
    _insert(Indicator, rows)
    found = Indicator.objects.filter(framework=framework, organization_id__in=agencies).values_list(
        "organization_id", "number", "pk"
    )
    return {(agency, number): pk for agency, number, pk in found if agency is not None}


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """INSERT rows (all with the same keys) with executemany.

    bulk_create builds and prepares a model object per row, which is most of the time at
    national scale. Columns the rows do not give get the field's default, prepared once;
    JSON values are adapted once per distinct object.
    """
    if not rows:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    defaults = [
        now
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add)
        else f.get_db_prep_save(f.get_default(), connection)
        for f in fields
    ]
    position = {f.attname: index for index, f in enumerate(fields)}
    given = [(position[key], key) for key in rows[0]]
    json_keys = {f.attname for f in fields if isinstance(f, models.JSONField)}
    adapted: dict[int, Any] = {}
    params = []
    for row in rows:
        values = defaults.copy()
        for index, key in given:
            value = row[key]
            if key in json_keys and value is not None:
                if id(value) not in adapted:
                    adapted[id(value)] = connection.ops.adapt_json_value(value, None)
                value = adapted[id(value)]
            values[index] = value
        params.append(values)
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column or f.attname) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start : start + BATCH])


def criteria_for(kind: str, rng: random.Random) -> dict[str, Any]:
    """Criteria in the engine's format; every kind validates (the tests check).

    Equal criteria are one shared object, so each is turned into JSON once.
    """
    if kind == "levels":
        return _criteria(kind, rng.randrange(60, 85), rng.randrange(2, 6))
    if kind == "levels_lower":
        return _criteria(kind, rng.randrange(20, 40), 5)
    return _criteria(kind, 0, 0)


@functools.cache
def _criteria(kind: str, first: int, step: int) -> dict[str, Any]:
    if kind == "levels":
        return {"kind": "levels", "thresholds": [first, first + step, first + 2 * step]}
    if kind == "levels_lower":
        return {
            "kind": "levels",
            "direction": "lower",
            "thresholds": [first, first - step, first - 2 * step],
        }
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
                    "criteria": {
                        "kind": "levels",
                        "thresholds": ["prev", "400", "(prev + 445) / 2"],
                    },
                },
                {
                    "min": 400,
                    "max": None,
                    "criteria": {
                        "kind": "levels",
                        "thresholds": ["prev - 10", "prev", "prev + 2%"],
                    },
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


def _items(leaves: list[tuple[int, _Planned]], rng: random.Random) -> Iterator[dict[str, Any]]:
    for pk, planned in leaves:
        measured = planned.kind in ("levels", "levels_lower", "groups", "hybrid")
        for order in range(1, rng.randrange(4, 7) + 1):
            if order == 1 and measured:
                yield {
                    "indicator_id": pk,
                    "order": order,
                    "text": planned.name,
                    "kind": ItemKind.NUMBER,
                    "unit": planned.unit,
                }
            else:
                yield {
                    "indicator_id": pk,
                    "order": order,
                    "text": f"ดำเนินการตามขั้นตอนที่ {order} ของแผน",
                    "kind": ItemKind.PASS_FAIL,
                    "unit": "",
                }


def _baselines(leaves: list[tuple[int, _Planned]], rng: random.Random) -> Iterator[dict[str, Any]]:
    for pk, planned in leaves:
        if planned.kind not in ("levels", "levels_lower", "groups"):
            continue
        level = rng.randrange(5000, 9500)
        for order, year in enumerate(BASELINE_YEARS, start=1):
            value = Decimal(level + rng.randrange(-500, 500)) / 100
            yield {
                "indicator_id": pk,
                "year": year,
                "value": value,
                "value_text": str(value),
                "order": order,
            }


def _steps(leaves: list[tuple[int, _Planned]]) -> Iterator[dict[str, Any]]:
    for pk, _ in leaves:
        yield {"indicator_id": pk, "order": 1, "text": "จัดทำแผนการดำเนินงานและเสนอผู้บริหาร"}
        yield {"indicator_id": pk, "order": 2, "text": "ดำเนินการและติดตามผลรายไตรมาส"}


# (first month, the months after it): shared lists, so each becomes JSON once.
PLAN_MONTHS = {start: ([start], list(range(start + 1, 12))) for start in range(3)}


def _plan(leaves: list[tuple[int, _Planned]], rng: random.Random) -> Iterator[dict[str, Any]]:
    for pk, _ in leaves:
        first, rest = PLAN_MONTHS[rng.randrange(0, 3)]
        yield {"indicator_id": pk, "order": 1, "text": "จัดทำแผน", "months": first}
        yield {"indicator_id": pk, "order": 2, "text": "ดำเนินการตามแผน", "months": rest}
