"""The evaluation report page of an agency with 20 indicators x 6 evaluation items.

Run: `make bench` (or `.venv/bin/python bench/bench_report.py`). Uses a throwaway SQLite
database, or the database in DATABASE_URL if set. Prints the median render time of the page
(aim: under 50 ms), of the htmx explanation of one score, and of `ges report --format html`,
with the queries each makes.
"""

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GES_VAR_DIR", tempfile.mkdtemp(prefix="ges-bench-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ges.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from ges.orgs.models import OrganizationKind, Role  # noqa: E402
from ges.reports.tests.factories import (  # noqa: E402
    make_indicators,
    many_indicators,
    report_framework,
)
from ges.testing import make_member, make_org  # noqa: E402

RUNS = 30
INDICATORS = 20
ITEMS = 6


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
    reader = make_member(ministry, Role.VIEWER, "bench-viewer")
    framework, components = report_framework(2566)
    indicators = make_indicators(framework, components, agency, many_indicators(INDICATORS, ITEMS))
    client = Client()
    client.force_login(reader)
    page = f"/reports/{agency.pk}/2566/"
    explain = f"/reports/{agency.pk}/2566/explain/{indicators[0].pk}/"

    def get(url: str, **headers: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)
            assert b"report-" in response.content or b"why__text" in response.content
            return response

        return run

    def command() -> object:
        out = StringIO()
        call_command(
            "report", "--org", agency.code, "--year", "2566", "--format", "html", stdout=out
        )
        return out

    get(page)()  # the first request compiles templates and fills caches
    settings.DEBUG = True  # record queries
    print(f"agency with {INDICATORS} indicators x {ITEMS} evaluation items, scored by the engine")
    print(f"{'what':<34}{'median ms':>10}{'queries':>9}   (aim: page under 50 ms)")
    for label, action in [
        ("report page", get(page)),
        ("explanation of a score (htmx)", get(explain, HX_Request="true")),
        ("ges report --format html", command),
    ]:
        median, queries = measure(action)
        print(f"{label:<34}{median:>10.1f}{queries:>9}")


if __name__ == "__main__":
    main()
