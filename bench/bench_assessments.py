"""Assessment actions: saving one indicator result, and recomputing a round's scores.

Run: `make bench` (or `.venv/bin/python bench/bench_assessments.py`). Uses a throwaway SQLite
database, or the database in DATABASE_URL if set. 154 agencies (the number of departments)
report 15 indicators each (levels, milestone and pass/fail, 1-3 items each). Prints the median
and 95th percentile of 200 saves of one result by its editor (audit, self-score and the
agency's score included), the owner path for every agency at once, and the recompute of the
whole round, with the queries each makes.
"""

import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GES_VAR_DIR", tempfile.mkdtemp(prefix="ges-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ges.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from ges.assessments import actions, owner, scores  # noqa: E402
from ges.assessments.models import AgencyScore, IndicatorResult  # noqa: E402
from ges.assessments.tests.scenario import make_framework, make_round  # noqa: E402
from ges.assessments.values import ParsedValue  # noqa: E402
from ges.audit.log import Actor  # noqa: E402
from ges.frameworks.models import Component, Framework, Round  # noqa: E402
from ges.indicators.models import EvaluationItem, Indicator, ItemKind  # noqa: E402
from ges.orgs.models import Organization, OrganizationKind, Role  # noqa: E402
from ges.testing import SYSTEM, make_member, make_org  # noqa: E402

AGENCIES = 154
SAVES = 200
MILESTONE = {
    "kind": "milestone",
    "levels": [
        {"score": 50, "steps": ["1"]},
        {"score": 75, "steps": ["2"]},
        {"score": 100, "steps": ["3"]},
    ],
}
LEVELS = {"kind": "levels", "thresholds": [80, 85, 90]}
PASSFAIL = {"kind": "passfail"}
# (criteria, items) of the 15 indicators: 10 in PB (weight 7), 5 in PT (weight 6)
KINDS = [
    (LEVELS, [ItemKind.NUMBER]),
    (MILESTONE, [ItemKind.PASS_FAIL] * 3),
    (PASSFAIL, [ItemKind.PASS_FAIL] * 2),
]


def build_indicators(framework: Framework, agencies: list[Organization]) -> None:
    pb = Component.objects.get(framework=framework, code="PB")
    pt = Component.objects.get(framework=framework, code="PT")
    indicators = []
    for agency in agencies:
        for number in range(1, 16):
            criteria, _kinds = KINDS[number % 3]
            indicators.append(
                Indicator(
                    framework=framework,
                    organization=agency,
                    number=str(number),
                    order=number,
                    name_th=f"ตัวชี้วัด {number}",
                    component=pb if number <= 10 else pt,
                    weight=Decimal(7 if number <= 10 else 6),
                    criteria=criteria,
                )
            )
    Indicator.objects.bulk_create(indicators, batch_size=1000)
    items = []
    for indicator in Indicator.objects.filter(framework=framework):
        _criteria, kinds = KINDS[int(indicator.number) % 3]
        for order, kind in enumerate(kinds, start=1):
            items.append(
                EvaluationItem(indicator=indicator, order=order, text=f"ประเด็น {order}", kind=kind)
            )
    EvaluationItem.objects.bulk_create(items, batch_size=1000)


def fill(round: Round) -> float:
    """Every agency's results through the owner's bulk path; returns seconds."""
    results = list(
        IndicatorResult.objects.filter(submission__round=round).select_related("indicator")
    )
    items: dict[int, list[EvaluationItem]] = {}
    for item in EvaluationItem.objects.filter(indicator__framework=round.framework).order_by(
        "order"
    ):
        items.setdefault(item.indicator_id, []).append(item)
    changes = []
    for index, result in enumerate(results):
        values: dict[int, ParsedValue] = {}
        for item in items[result.indicator_id]:
            values[item.pk] = (
                Decimal(78 + index % 15) if item.kind == ItemKind.NUMBER else index % 4 != 0
            )
        changes.append((result, values))
    start = time.perf_counter()
    owner.set_many_item_values(SYSTEM, changes)
    elapsed = time.perf_counter() - start
    milestones = [r for r in results if r.indicator.criteria == MILESTONE]
    for index, result in enumerate(milestones):
        result.done = [str(step) for step in range(1, 1 + index % 4)]
        result.self_result = {"done": result.done}
    IndicatorResult.objects.bulk_update(milestones, ["done", "self_result"], batch_size=1000)
    return elapsed


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    ministry = make_org(kind=OrganizationKind.MINISTRY, code="BENCH-MIN", name_th="กระทรวงทดสอบ")
    agencies = [
        make_org(ministry, code=f"BENCH-{n}", name_th=f"กรมทดสอบ {n}") for n in range(AGENCIES)
    ]
    editor = make_member(agencies[0], Role.AGENCY_EDITOR, "bench-editor")
    framework = make_framework(2569)
    round = make_round(framework)
    build_indicators(framework, agencies)
    for agency in agencies:
        actions.open_submission(SYSTEM, round, agency)
    owner_seconds = fill(round)

    reset_queries()
    start = time.perf_counter()
    scored = scores.recompute(round)
    recompute_ms = (time.perf_counter() - start) * 1000
    recompute_queries = len(connection.queries)
    complete = AgencyScore.objects.filter(round=round, complete=True).count()

    result = IndicatorResult.objects.get(
        submission__round=round, submission__organization=agencies[0], indicator__number="3"
    )
    item = EvaluationItem.objects.get(indicator=result.indicator)
    actor = Actor(user=editor)
    timings = []
    for n in range(SAVES):
        result.refresh_from_db()
        reset_queries()
        start = time.perf_counter()
        actions.save_result(
            actor,
            result,
            sequence=result.sequence,
            items={item.pk: f"{80 + n % 12}.5"},
            done=[],
            conditions={},
            performance=f"ครั้งที่ {n}",
        )
        timings.append((time.perf_counter() - start) * 1000)
    save_queries = len(connection.queries)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"database: {connection.vendor}; {AGENCIES} agencies x 15 indicators")
    print(
        f"save one result ({SAVES} saves): median {statistics.median(timings):.1f} ms, "
        f"p95 {p95:.1f} ms, {save_queries} queries each"
    )
    print(
        f"recompute the round ({scored} agencies, {complete} complete): {recompute_ms:.0f} ms, "
        f"{recompute_queries} queries"
    )
    print(
        f"owner path, item results of every agency ({AGENCIES * 15} results) in one call: "
        f"{owner_seconds:.2f} s"
    )


if __name__ == "__main__":
    from django.conf import settings

    settings.DEBUG = True  # count queries
    main()
