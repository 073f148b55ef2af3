"""An indicator owner's upload of 100,000 item results, end to end: read the .xlsx, check
every row, apply (open the submissions, write the item results, audit each agency's result,
self-scores) and recompute the agencies' scores. Two shapes:

- one standard indicator with 5 evaluation items (2 numbers, 2 pass/fail, 1 text) for 20,000
  agencies; two uploads are timed: the first opens every submission and adds every value, the
  second changes every value;
- at national scale, as `ges generate_demo --agencies 9000`: 11 evaluation items for 9,000
  agencies (99,000 item results), the first upload only.

Each agency reports on 3 indicators (the standard one and 2 of its own).

Run: `make bench` (or `.venv/bin/python bench/bench_uploads.py [agencies]`; the national
shape's agencies from GES_BENCH_NATIONAL_AGENCIES, 0 to leave it out). Uses a throwaway
SQLite database, or the database in DATABASE_URL if set. Aim: under 10 s per upload.
"""

import os
import resource
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
from django.test.utils import setup_test_environment  # noqa: E402

from ges.assessments import upload_file, uploads  # noqa: E402
from ges.assessments.models import AgencyScore, ItemResult  # noqa: E402
from ges.assessments.tests.scenario import make_framework, make_round  # noqa: E402
from ges.audit.log import Actor  # noqa: E402
from ges.frameworks.models import Component, Framework, Round  # noqa: E402
from ges.indicators.models import EvaluationItem, Indicator, ItemKind  # noqa: E402
from ges.lib import tabular  # noqa: E402
from ges.orgs.models import Organization, OrganizationKind, Role, User  # noqa: E402
from ges.testing import make_member, make_org  # noqa: E402

AGENCIES = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
NATIONAL_AGENCIES = int(os.environ.get("GES_BENCH_NATIONAL_AGENCIES", "9000"))
type Items = list[tuple[str, ItemKind, str]]
ITEMS: Items = [
    ("ร้อยละของการเบิกจ่ายงบประมาณ", ItemKind.NUMBER, "ร้อยละ"),
    ("ส่งแผนการใช้จ่ายตามกำหนด", ItemKind.PASS_FAIL, ""),
    ("รายงานผลครบทุกไตรมาส", ItemKind.PASS_FAIL, ""),
    ("จำนวนโครงการที่เบิกจ่าย", ItemKind.NUMBER, "โครงการ"),
    ("หมายเหตุ", ItemKind.TEXT, ""),
]
NATIONAL_ITEMS: Items = [
    *ITEMS[:4],
    ("ร้อยละของโครงการที่แล้วเสร็จตามแผน", ItemKind.NUMBER, "ร้อยละ"),
    ("จัดทำรายงานประจำปี", ItemKind.PASS_FAIL, ""),
    ("เผยแพร่ข้อมูลบนเว็บไซต์", ItemKind.PASS_FAIL, ""),
    ("จำนวนผู้รับบริการ", ItemKind.NUMBER, "คน"),
    ("ผ่านการตรวจสอบภายใน", ItemKind.PASS_FAIL, ""),
    ("แหล่งข้อมูล", ItemKind.TEXT, ""),
    ITEMS[4],
]
BATCH = 2000


def build(agencies: int, items: Items) -> tuple[Round, Indicator, User]:
    framework = make_framework()
    round = make_round(framework)
    owner_org = make_org(code="CGD-BENCH", name_th="กรมบัญชีกลาง")
    owner = make_member(owner_org, Role.INDICATOR_OWNER, "bench-owner")
    pb = Component.objects.get(framework=framework, code="PB")
    pt = Component.objects.get(framework=framework, code="PT")
    standard = Indicator.objects.create(
        framework=framework,
        number="1",
        order=1,
        name_th="การเบิกจ่ายงบประมาณ",
        owner=owner_org,
        component=pb,
        weight=Decimal(60),
        criteria={"kind": "levels", "thresholds": [80, 85, 90]},
    )
    EvaluationItem.objects.bulk_create(
        EvaluationItem(indicator=standard, order=n, text=text, kind=kind, unit=unit)
        for n, (text, kind, unit) in enumerate(items, start=1)
    )
    ministry = make_org(kind=OrganizationKind.MINISTRY, code="MIN-BENCH")
    start = (Organization.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    orgs = [
        Organization(
            pk=start + n,
            parent=ministry,
            kind=OrganizationKind.DEPARTMENT,
            code=f"AG{n:05d}",
            name_th=f"หน่วยงานที่ {n}",
            path=f"{ministry.path}{start + n}/",
            depth=1,
        )
        for n in range(agencies)
    ]
    Organization.objects.bulk_create(orgs, batch_size=BATCH)
    _agency_indicators(framework, standard, orgs, pb, pt, items)
    return round, standard, owner


def _agency_indicators(
    framework: Framework,
    standard: Indicator,
    orgs: list[Organization],
    pb: Component,
    pt: Component,
    standard_items: Items,
) -> None:
    copies = []
    for org in orgs:
        copies.append(
            Indicator(
                framework=framework,
                organization=org,
                standard=standard,
                number="1",
                order=1,
                name_th=standard.name_th,
                component=pb,
                weight=Decimal(60),
                criteria=standard.criteria,
            )
        )
        copies.append(
            Indicator(
                framework=framework,
                organization=org,
                number="2",
                order=2,
                name_th="ตัวชี้วัดของหน่วยงาน",
                component=pb,
                weight=Decimal(40),
                criteria={"kind": "passfail"},
            )
        )
        copies.append(
            Indicator(
                framework=framework,
                organization=org,
                number="3",
                order=3,
                name_th="ตัวชี้วัดศักยภาพ",
                component=pt,
                weight=Decimal(100),
                criteria={"kind": "passfail"},
            )
        )
    Indicator.objects.bulk_create(copies, batch_size=BATCH)
    items: list[EvaluationItem] = []
    for copy in copies:
        if copy.number == "1":
            items.extend(
                EvaluationItem(indicator=copy, order=n, text=text, kind=kind, unit=unit)
                for n, (text, kind, unit) in enumerate(standard_items, start=1)
            )
        else:
            items.append(
                EvaluationItem(indicator=copy, order=1, text="ผ่าน", kind=ItemKind.PASS_FAIL)
            )
    EvaluationItem.objects.bulk_create(items, batch_size=BATCH)


def results_file(standard: Indicator, agencies: int, shift: int) -> bytes:
    columns = upload_file.columns_of(standard)
    header = [upload_file.CODE, upload_file.NAME, *(column.header for column in columns)]
    rows = [
        [f"AG{n:05d}", f"หน่วยงานที่ {n}", *(_cell(column, n + shift, shift) for column in columns)]
        for n in range(agencies)
    ]
    return tabular.write_xlsx(header, rows, title="1")


def _cell(column: upload_file.Column, n: int, shift: int) -> object:
    """The same values as ever for the 5 items of the first shape, alike for the others."""
    if column.kind == ItemKind.NUMBER:
        return 70 + n % 30 + 0.5 if column.key == 1 else n % 40 + column.key - 4
    if column.kind == ItemKind.PASS_FAIL:
        return "ไม่ผ่าน" if column.key == 2 and not n % 3 else "ผ่าน"
    return f"บันทึก {shift}"


def upload(label: str, round: Round, standard: Indicator, owner: User, data: bytes) -> None:
    actor = Actor(owner)
    start = time.perf_counter()
    table = upload_file.read_upload_file(data, "results.xlsx", upload_file.columns_of(standard))
    read = time.perf_counter()
    batch = uploads.start_upload(actor, round, standard, "results.xlsx", table)
    plan = uploads.review(batch)
    checked = time.perf_counter()
    assert not plan.has_errors, (plan.problems, plan.error_rows[:3])
    applied = uploads.apply_upload(actor, batch.pk)
    done = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    assert not applied.has_errors, (applied.problems, applied.error_rows[:3])
    counts = applied.counts()
    print(
        f"{label}: {counts['new'] + counts['changed']:,} values written "
        f"({counts['new']:,} new, {counts['changed']:,} changed) for {counts['agencies']:,} "
        f"agencies"
    )
    print(
        f"  read {read - start:.2f} s · check (preview) {checked - read:.2f} s · "
        f"apply + recompute {done - checked:.2f} s · total {done - start:.2f} s "
        f"(aim: under 10 s) · peak memory (RSS) {peak / 1024 / 1024:.0f} MB"
    )


def run(agencies: int, items: Items, shifts: list[tuple[str, int]]) -> Round:
    started = time.perf_counter()
    round, standard, owner = build(agencies, items)
    print(
        f"{agencies:,} agencies × {len(items)} items = {agencies * len(items):,} item results "
        f"(set up in {time.perf_counter() - started:.1f} s)"
    )
    for label, shift in shifts:
        upload(label, round, standard, owner, results_file(standard, agencies, shift))
    return round


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    round = run(AGENCIES, ITEMS, [("first upload", 0), ("second upload", 1)])
    scored = AgencyScore.objects.filter(round=round).count()
    stored = ItemResult.objects.filter(result__submission__round=round).count()
    print(f"  {stored:,} item results stored, {scored:,} agency scores")
    if NATIONAL_AGENCIES:
        call_command("flush", interactive=False, verbosity=0)
        print("national scale (as generate_demo --agencies 9000):")
        run(NATIONAL_AGENCIES, NATIONAL_ITEMS, [("first upload", 0)])


if __name__ == "__main__":
    main()
