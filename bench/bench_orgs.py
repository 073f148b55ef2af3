"""Organisation tree and search pages at national scale (9,000 organisations).

Run: `make bench` (or `.venv/bin/python bench/bench_orgs.py`). Uses a throwaway SQLite
database, or the database in DATABASE_URL if set. Prints median render times and queries.
"""

import os
import statistics
import sys
import tempfile
import time
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

from ges.orgs.models import Organization, Role  # noqa: E402
from ges.orgs.synthetic import generate_organizations  # noqa: E402
from ges.testing import make_member, make_org  # noqa: E402

RUNS = 30


def measure(client: Client, url: str) -> tuple[float, int]:
    timings = []
    queries = 0
    for _ in range(RUNS):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(connection.queries)
    return statistics.median(timings), queries


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    opdc = make_org(code="BENCH-OPDC")
    admin = make_member(opdc, Role.FRAMEWORK_ADMIN, "bench-admin")
    start = time.perf_counter()
    generate_organizations(9000)
    print(
        f"generated {Organization.objects.count():,} organisations in {time.perf_counter() - start:.1f} s"
    )
    ministry = Organization.objects.filter(kind="ministry", code__startswith="SYN").earliest("pk")
    client = Client()
    client.force_login(admin)
    from django.conf import settings

    settings.DEBUG = True  # record queries
    print(f"{'page':<34}{'median ms':>10}{'queries':>9}   (aim: under 100 ms)")
    for label, url in [
        ("tree (roots)", "/orgs/"),
        ("children of a ministry (htmx)", f"/orgs/{ministry.pk}/children/"),
        ("search 'พัฒนา' (many matches)", "/orgs/?q=พัฒนา"),
        ("search 'กอง' + number (few)", "/orgs/?q=กองพัฒนา 9"),
        ("organisation page", f"/orgs/{ministry.pk}/"),
    ]:
        median, queries = measure(client, url)
        print(f"{label:<34}{median:>10.1f}{queries:>9}")


if __name__ == "__main__":
    main()
