"""Agreement pages at national scale: OPDC's overview of 154 agencies, and an agreement of 20
indicators (its page, one indicator's negotiation, the printable agreement).

Run: `make bench` (or `.venv/bin/python bench/bench_agreements.py`). Uses a throwaway SQLite
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

from ges.agreements import actions  # noqa: E402
from ges.agreements.models import AgreementIndicator  # noqa: E402
from ges.agreements.tests.test_queries import make_agencies, make_set  # noqa: E402
from ges.audit.log import Actor  # noqa: E402
from ges.indicators.tests.agency_factories import make_year  # noqa: E402
from ges.orgs.models import OrganizationKind, Role  # noqa: E402
from ges.testing import make_member, make_org  # noqa: E402

RUNS = 20


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
    framework, pb, pt = make_year(2566)
    make_agencies(framework, 154)
    ministry = make_org(kind=OrganizationKind.MINISTRY, code="BENCH-MIN")
    agency = make_org(ministry, code="BENCH-20")
    editor = make_member(agency, Role.AGENCY_EDITOR, "bench-editor")
    make_set(framework, pb, pt, agency, 20)
    agreement = actions.open_agreement(Actor(editor), framework, agency)
    actions.propose_agreement(Actor(editor), agreement)
    first = AgreementIndicator.objects.filter(agreement=agreement).earliest("pk")
    client = Client()
    client.force_login(admin)
    from django.conf import settings

    settings.DEBUG = True  # record queries
    print(f"{'page':<40}{'median ms':>10}{'queries':>9}   (aim: under 200 ms)")
    for label, url in [
        ("overview, 156 agencies", f"/agreements/frameworks/{framework.pk}/"),
        ("agreement page, 20 indicators", f"/agreements/{agreement.pk}/"),
        (
            "one indicator's negotiation",
            f"/agreements/{agreement.pk}/indicators/{first.indicator_id}/",
        ),
        ("printable agreement, 20 indicators", f"/agreements/{agreement.pk}/print/"),
    ]:
        median, queries = measure(client, url)
        print(f"{label:<40}{median:>10.1f}{queries:>9}")


if __name__ == "__main__":
    main()
