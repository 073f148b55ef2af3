"""The submission page of an agency with 20 indicators (levels, milestone and pass/fail, 1-3
items each, every one reported), as its editor sees it: every form, the self-scores, threads.

Run: `make bench` (or `.venv/bin/python bench/bench_submission_page.py`). Uses a throwaway
SQLite database, or the database in DATABASE_URL if set. Prints the median render time of the
page and of the htmx self-score preview of one indicator, with the queries each makes.
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GES_VAR_DIR", tempfile.mkdtemp(prefix="ges-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ges.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from ges.assessments import actions  # noqa: E402
from ges.assessments.models import IndicatorResult  # noqa: E402
from ges.assessments.tests.scenario import make_framework, make_round  # noqa: E402
from ges.audit.log import Actor  # noqa: E402
from ges.frameworks.models import Component  # noqa: E402
from ges.indicators.models import EvaluationItem, Indicator, ItemKind  # noqa: E402
from ges.orgs.models import OrganizationKind, Role  # noqa: E402
from ges.testing import SYSTEM, make_member, make_org  # noqa: E402

RUNS = 30
INDICATORS = 20
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
KINDS = [
    (LEVELS, [ItemKind.NUMBER, ItemKind.TEXT]),
    (MILESTONE, [ItemKind.PASS_FAIL] * 3),
    (PASSFAIL, [ItemKind.PASS_FAIL] * 2),
]


def measure(action: Callable[[], object]) -> tuple[float, int]:
    timings = []
    queries = 0
    for _ in range(RUNS):
        reset_queries()
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
    return statistics.median(timings), queries


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    ministry = make_org(kind=OrganizationKind.MINISTRY, code="BENCH-MIN", name_th="กระทรวงทดสอบ")
    agency = make_org(ministry, code="BENCH-AGENCY", name_th="กรมทดสอบความเร็ว")
    editor = make_member(agency, Role.AGENCY_EDITOR, "bench-editor")
    framework = make_framework(2569)
    pb = Component.objects.get(framework=framework, code="PB")
    pt = Component.objects.get(framework=framework, code="PT")
    for number in range(1, INDICATORS + 1):
        criteria, kinds = KINDS[number % 3]
        indicator = Indicator.objects.create(
            framework=framework,
            organization=agency,
            number=str(number),
            order=number,
            name_th=f"ตัวชี้วัดที่ {number} ระดับความสำเร็จของการดำเนินงานตามแผน",
            component=pb if number <= 14 else pt,
            weight=Decimal(5),
            criteria=criteria,
        )
        for order, kind in enumerate(kinds, start=1):
            EvaluationItem.objects.create(
                indicator=indicator, order=order, text=f"ประเด็นการประเมิน {order}", kind=kind
            )
    round = make_round(framework)
    submission = actions.open_submission(SYSTEM, round, agency)
    actor = Actor(editor)
    for result in IndicatorResult.objects.filter(submission=submission).select_related("indicator"):
        typed: dict[int, str] = {}
        for item in result.indicator.items.all():
            typed[item.pk] = {"number": "86.5", "text": "ดำเนินการแล้ว"}.get(item.kind, "ผ่าน")
        done = ["1", "2"] if result.indicator.criteria == MILESTONE else []
        actions.save_result(
            actor,
            result,
            sequence=result.sequence,
            items=typed,
            done=done,
            conditions={},
            performance="ผลการดำเนินงานเป็นไปตามแผน",
        )
    client = Client()
    client.force_login(editor)
    page = f"/assessments/submissions/{submission.pk}/"
    first = IndicatorResult.objects.filter(submission=submission).first()
    assert first is not None
    preview = f"/assessments/results/{first.pk}/preview/"

    def get() -> object:
        response = client.get(page)
        assert response.status_code == 200 and b"indicator-result" in response.content
        return response

    def post() -> object:
        response = client.post(preview, {f"r{first.pk}-sequence": first.sequence})
        assert response.status_code == 200 and b"selfscore" in response.content
        return response

    median, queries = measure(get)
    print(
        f"submission page, {INDICATORS} indicators (editor): "
        f"median {median:.1f} ms, {queries} queries"
    )
    median, queries = measure(post)
    print(f"self-score preview of one indicator (htmx): median {median:.1f} ms, {queries} queries")


if __name__ == "__main__":
    main()
