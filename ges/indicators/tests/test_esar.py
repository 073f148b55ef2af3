"""e-SAR report pages: reading seed 000, printing it back, importing it (again), bad files."""

from __future__ import annotations

import itertools
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ges.audit.models import AuditEntry
from ges.frameworks.models import Component, FiscalYear, Framework, FrameworkKind
from ges.indicators import esar
from ges.indicators.imports import import_esar_file
from ges.indicators.models import EvaluationItem, Indicator, PlanActivity, Step
from ges.orgs.models import Organization, OrganizationKind
from ges.reports.builder import build_report
from ges.reports.render import as_text
from ges.testing import make_org

SEED = Path(__file__).resolve().parents[2] / "demo_seeds" / "000_f2d4ae963f1b8038.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_LINES = esar.source_lines(SEED_TEXT)
HEADER_LINES = 11  # the report header of seed 000, before its first block
AGENCY = "สำนักงบประมาณ"
PARENT = "สำนักนายกรัฐมนตรี"
_names = itertools.count(1)


def write(tmp_path: Path, text: str | bytes, name: str = "page.txt") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path


def renamed(agency: str, text: str = SEED_TEXT) -> str:
    return text.replace(f"\n{AGENCY}\n", f"\n{agency}\n", 1)


def printed(agency: Organization, year: int = 2566) -> list[str]:
    framework = Framework.objects.get(fiscal_year__year=year, kind=FrameworkKind.DEPARTMENTS)
    return as_text(build_report(agency, framework)).split("\n")[:-1]


# --- reading (no database) -----------------------------------------------------------------


def test_it_reads_seed_000_and_prints_it_back_line_for_line() -> None:
    page = esar.read_page(SEED.read_bytes(), year=2566)

    assert page.ok and page.warnings == []
    assert esar.page_text(page.header, page.indicators).split("\n")[:-1] == SEED_LINES


def test_it_reads_the_header() -> None:
    page = esar.parse_page(SEED_TEXT)

    assert (page.header.agency, page.header.parent) == (AGENCY, PARENT)
    assert (page.header.weight, page.header.score, page.header.summary) == ("100", "", "-")


def test_it_numbers_the_14_blocks_with_sub_indicators_under_their_parent() -> None:
    page = esar.parse_page(SEED_TEXT)

    assert len(page.blocks()) == 14
    assert [block.number for block in page.blocks()] == [
        *map(str, range(1, 8)),
        "7.1",
        "7.2",
        *map(str, range(8, 13)),
    ]
    parent = page.indicators[6]
    assert parent.name == "ความสำเร็จของการนำเทคโนโลยีดิจิทัลมาใช้เพื่อการจัดทำและบริหารงบประมาณ"
    assert [child.name for child in parent.children] == [
        "ความสำเร็จของการพัฒนาระบบการจัดการงบประมาณอิเล็กทรอนิกส์ใหม่ (New e-Budgeting)",
        "ร้อยละความพึงพอใจของการนำเทคโนโลยีดิจิทัลมาใช้เพื่อการจัดทำและบริหารงบประมาณ",
    ]
    assert [block.line for block in page.blocks()][:3] == [12, 37, 47]


def test_it_reads_cascade_phrases() -> None:
    blocks = esar.parse_page(SEED_TEXT).blocks()

    cascades = [(block.number, block.cascade) for block in blocks if block.cascade]
    assert cascades == [
        ("3", "same_as"),
        ("4", "same_as"),
        ("5", "same_as"),
        ("6", "same_as"),
        ("7.1", "same_as"),
        ("8", "proxy_of"),
        ("9", "same_as"),
    ]
    proxy = blocks[9]
    assert proxy.strategic_kpi == "ระดับความสำเร็จของปริมาณการโอนเปลี่ยนแปลงงบประมาณลดลง"
    assert proxy.name == proxy.strategic_kpi  # blocks carry no names: the KPI names it


def test_it_reads_every_evaluation_item_with_its_result() -> None:
    items = [item for block in esar.parse_page(SEED_TEXT).blocks() for item in block.items]

    assert len(items) == 30
    assert sum(item.kind == "passfail" for item in items) == 22
    numbers = [(item.value, item.unit) for item in items if item.kind == "number"]
    assert numbers == [
        (Decimal("99.63"), "ร้อยละ"),
        (Decimal("92.04"), "ร้อยละ"),
        (Decimal("3"), "ช่องทาง"),
        (Decimal("100.00"), "ร้อยละ"),
        (Decimal("85.67"), "ร้อยละ"),
        (Decimal("2"), "รายการ"),
        (Decimal("100.00"), "คะแนน"),
        (Decimal("454.38"), "คะแนน"),
    ]
    assert all(item.passed for item in items if item.kind == "passfail")
    assert items[0].text.endswith("ไม่ต่ำกว่า 734 หน่วยงาน")


@pytest.mark.parametrize(
    ("line", "kind", "text", "passed", "value", "unit"),
    [
        ("จำนวน 12 ฉบับ ผ่าน", "passfail", "จำนวน 12 ฉบับ", True, None, ""),
        ("จำนวน 12 ฉบับ ไม่ผ่าน", "passfail", "จำนวน 12 ฉบับ", False, None, ""),
        ("ร้อยละการใช้จ่าย 99.63 (ร้อยละ)", "number", "ร้อยละการใช้จ่าย", None, "99.63", "ร้อยละ"),
        (
            "จำนวนช่องทาง พ.ศ. 2567 3 (ช่องทาง)",
            "number",
            "จำนวนช่องทาง พ.ศ. 2567",
            None,
            "3",
            "ช่องทาง",
        ),
        ("จำนวนแห่ง 2,247 (แห่ง)", "number", "จำนวนแห่ง", None, "2247", "แห่ง"),
        (
            "ผลการดำเนินงาน อยู่ระหว่างดำเนินการ",
            "text",
            "ผลการดำเนินงาน อยู่ระหว่างดำเนินการ",
            None,
            None,
            "",
        ),
        (
            "ตัวเลขใหญ่เกินไป 123456789012345678 (บาท)",
            "text",
            "ตัวเลขใหญ่เกินไป 123456789012345678 (บาท)",
            None,
            None,
            "",
        ),
    ],
)
def test_it_reads_results_as_the_page_writes_them(line, kind, text, passed, value, unit) -> None:
    warnings: list[esar.Note] = []

    item = esar.read_item(line, 7, warnings)

    assert (item.kind, item.text, item.passed, item.unit) == (kind, text, passed, unit)
    assert item.value == (None if value is None else Decimal(value))
    assert esar.item_line(item) == line
    assert [note.line for note in warnings] == ([7] if kind == "text" else [])


def test_it_keeps_labelled_lines_steps_and_plan_rows_where_they_belong() -> None:
    blocks = esar.parse_page(SEED_TEXT, year=2566).blocks()
    first, e_budgeting, paperless = blocks[0], blocks[7], blocks[12]

    assert first.fields["definitions"].startswith("การเพิ่มประสิทธิภาพในการจัดการงบประมาณ")
    assert first.fields["scope"].startswith("การเพิ่มประสิทธิภาพในการจัดการงบประมาณเพื่อรองรับ")
    assert first.fields["data_source"] == "สำนักงบประมาณ"
    assert [row.text[:9] for row in first.steps] == ["รวบรวมและ"] * 3
    assert e_budgeting.fields["conditions"].startswith("ระยะเวลาในขั้นตอนการจัดซื้อจัดจ้าง")
    months = {row.text: row.months for row in e_budgeting.plan}
    assert months["จัดทำขอบเขตของงาน (TOR) พร้อมราคากลาง (ตุลาคม 65)"] == [0]
    assert months["ประกาศผลผู้ชนะการเสนอราคา (พฤศจิกายน 65)"] == [1]
    assert months["แผนดำเนินงานโครงการฯ (ม.ค. 66)"] == [3]
    assert months["ขั้นตอนที่ 1"] == []
    # A step written over two lines is one step.
    assert paperless.steps[0].text == (
        "พัฒนาระบบร่างหนังสือ ระบบรอลงนาม ระบบสารบรรณ\nมาใช้งานในการเสนองาน สั่งการ/ลงนามแบบอิเล็กทรอนิกส์"
    )
    assert paperless.fields["definitions"].startswith("การปรับกระบวนทำงานไปสู่ระบบดิจิทัล")


def test_it_warns_with_line_numbers_about_items_without_a_result() -> None:
    text = SEED_TEXT.replace("92.04 (ร้อยละ)", "ยังไม่รายงาน")

    page = esar.parse_page(text)

    assert page.ok
    assert [note.line for note in page.warnings] == [76]
    item = page.blocks()[3].items[0]
    assert (item.kind, item.text) == ("text", "ร้อยละการใช้จ่ายงบประมาณรายจ่ายลงทุน ยังไม่รายงาน")


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (b"", 0),
        (b"   \n\n", 0),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 0),
        (SEED_TEXT.encode("cp874"), 1),
        ("หัวเรื่องอื่น\nไม่ใช่รายงาน".encode(), 1),
        ("รายงานผลการประเมิน\n\nน้ำหนัก\n100\n".encode(), 3),
        ("รายงานผลการประเมิน\n\nสำนักงบประมาณ\n".encode(), 3),
    ],
)
def test_it_refuses_pages_it_cannot_read(data: bytes, line: int) -> None:
    page = esar.read_page(data)

    assert not page.ok
    assert page.indicators == []
    assert [note.line for note in page.errors] == [line]


def test_it_keeps_what_is_whole_of_a_page_cut_in_the_middle_of_a_character() -> None:
    data = SEED.read_bytes()[:-5]  # "(คะแนน)" loses its last bytes, mid-character

    page = esar.read_page(data)

    assert page.ok
    assert len(page.blocks()) == 14
    assert [note.line for note in page.warnings] == [376, 376]  # cut character, item result
    assert page.blocks()[-1].items[0].kind == "text"


def test_it_drops_a_last_block_cut_before_its_items_and_says_where() -> None:
    text = "\n".join(SEED_LINES[:372])  # into the PMQA block, before its items

    page = esar.parse_page(text)

    assert page.ok
    assert len(page.blocks()) == 13
    assert [note.line for note in page.warnings] == [367]


def test_it_warns_when_sub_indicators_are_missing() -> None:
    text = "\n".join(SEED_LINES[:160])  # after 4.1's block starts, before its items

    page = esar.parse_page(text)

    assert [block.number for block in page.blocks()] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [note.line for note in page.warnings] == [150, 142]


def test_it_prints_indicators_made_in_ges_in_e_sar_order() -> None:
    block = esar.IndicatorBlock(
        number="1",
        name="ร้อยละความพึงพอใจ",
        cascade="proxy_of",
        strategic_kpi="ความพึงพอใจของผู้รับบริการ",
        fields={"description": "วัดความพึงพอใจ\nของผู้รับบริการ", "conditions": "ไม่น้อยกว่า 400 คน"},
        steps=[esar.Row("สำรวจ"), esar.Row("สรุปผล")],
        items=[esar.Item("ร้อยละความพึงพอใจ", "number", "ร้อยละ", value=Decimal("87.500000"))],
    )

    assert esar.block_lines(block) == [
        "รายละเอียดตัวชี้วัด",
        "",
        "• เป็นตัวชี้วัดทดแทน (Proxy KPIs) ที่ถ่ายทอดจาก Strategic KPIs “ความพึงพอใจของผู้รับบริการ”",
        "",
        "คำอธิบาย :",
        "วัดความพึงพอใจ",
        "ของผู้รับบริการ",
        "",
        "เงื่อนไข : ไม่น้อยกว่า 400 คน",
        "",
        "ขั้นตอนการดำเนินงาน",
        "",
        "1. สำรวจ",
        "",
        "2. สรุปผล",
        "",
        "ประเด็นการประเมิน ผลการดำเนินงาน",
        "ร้อยละความพึงพอใจ 87.5 (ร้อยละ)",
        "",
    ]


def test_it_prints_what_was_added_after_the_import_next_to_what_was_imported() -> None:
    block = esar.parse_page(SEED_TEXT).blocks()[2]  # คำอธิบาย, items
    block.fields["description"] += "\nบรรทัดที่เพิ่มใน GES"
    block.fields["data_source"] = "กรมบัญชีกลาง"
    block.items.append(esar.Item("รายการใหม่", "passfail", passed=False))

    lines = esar.block_lines(block)

    assert lines.index("บรรทัดที่เพิ่มใน GES") == lines.index(SEED_LINES[57]) + 1
    assert lines.index("แหล่งที่มาของข้อมูล : กรมบัญชีกลาง") < lines.index(esar.ITEMS_HEADING)
    assert lines[-3:] == [
        "ร้อยละการใช้จ่ายงบประมาณรายจ่ายภาพรวม 99.63 (ร้อยละ)",
        "รายการใหม่ ไม่ผ่าน",
        "",
    ]


def test_it_prints_by_default_when_a_stored_layout_is_broken() -> None:
    block = esar.IndicatorBlock(
        number="1", name="ก", items=[esar.Item("ข", "passfail", passed=True)], layout=[{"k": 3}]
    )

    assert esar.block_lines(block) == ["รายละเอียดตัวชี้วัด", "", esar.ITEMS_HEADING, "ข ผ่าน", ""]


# Random pages: seed lines, random text and the lines the parser looks for, in any order.
PIECES = (
    st.sampled_from(SEED_LINES[HEADER_LINES:])
    | st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=40)  # NUL: not text
    | st.sampled_from(
        [
            esar.BLOCK_TITLE,
            esar.ITEMS_HEADING,
            "ผ่าน",
            "ข้อความ ไม่ผ่าน",
            "12 (ครั้ง)",
            "ก 1,234.5 (บาท)",
            "4.1 ตัวชี้วัดย่อย",
            "ก มี 2 ตัวชี้วัดย่อย ได้แก่",
            "นิยาม :",
            "คำอธิบาย",
            "ขั้นตอนการดำเนินงาน",
            "แผนการดำเนินงานในปี 2566",
            "- จัดทำแผน (ม.ค. 66)",
            "   ",
            "1. ขั้นที่หนึ่ง",
            "• เป็นตัวชี้วัดที่ถ่ายทอดเป็นตัวเดียวกับ Strategic KPIs “ก”",
        ]
    )
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=60))
def test_it_prints_any_page_it_reads_back_line_for_line(body: list[str]) -> None:
    text = "\n".join([*SEED_LINES[:HEADER_LINES], esar.BLOCK_TITLE, *body])

    page = esar.parse_page(text, year=2566)

    assert page.ok
    source = esar.source_lines(text)
    if page.dropped:  # a last block without its items is not imported: the rest prints back
        source = source[: page.dropped - 1]
    assert esar.page_text(page.header, page.indicators).split("\n")[:-1] == source


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_it_never_fails_on_any_bytes(data: bytes) -> None:
    page = esar.read_page(data, year=2566)

    assert page.ok or page.indicators == []
    esar.page_text(page.header, page.indicators)


# --- importing (database) ------------------------------------------------------------------


@pytest.mark.django_db
def test_it_imports_seed_000_and_prints_every_line_back_in_order(tmp_path: Path) -> None:
    summary = import_esar_file(SEED, 2566)

    assert summary.ok and summary.warnings == []
    assert (summary.indicators, summary.sub_indicators, summary.items) == (14, 2, 30)
    agency = Organization.objects.get(name_th=AGENCY)
    assert printed(agency) == SEED_LINES


@pytest.mark.django_db
def test_it_stores_the_page_as_structured_rows() -> None:
    import_esar_file(SEED, 2566)

    agency = Organization.objects.select_related("parent").get(name_th=AGENCY)
    assert agency.parent is not None
    assert (agency.kind, agency.parent.name_th, agency.parent.kind) == (
        OrganizationKind.DEPARTMENT,
        PARENT,
        OrganizationKind.MINISTRY,
    )
    indicators = Indicator.objects.filter(organization=agency)
    assert indicators.count() == 14
    assert indicators.filter(parent__isnull=True).count() == 12
    assert list(indicators.filter(parent__number="7").values_list("number", flat=True)) == [
        "7.1",
        "7.2",
    ]
    assert indicators.filter(cascade="same_as").count() == 6
    assert indicators.get(cascade="proxy_of").number == "8"
    items = EvaluationItem.objects.filter(indicator__organization=agency)
    assert items.count() == 30
    assert items.filter(kind="passfail", result_passed=True).count() == 22
    pmqa = items.get(indicator__number="12")
    assert (pmqa.kind, pmqa.result_value, pmqa.unit, pmqa.result_text) == (
        "number",
        Decimal("454.38"),
        "คะแนน",
        "454.38",
    )
    assert Step.objects.filter(indicator__organization=agency).count() == 12
    plan = PlanActivity.objects.filter(indicator__number="7.1", indicator__organization=agency)
    assert plan.count() == 19
    assert plan.get(order=3).months == [0]


@pytest.mark.django_db
def test_it_creates_the_fiscal_year_and_framework_with_fy2566_defaults() -> None:
    import_esar_file(SEED, 2566)

    framework = Framework.objects.get(fiscal_year__year=2566, kind=FrameworkKind.DEPARTMENTS)
    assert (framework.scale, framework.decimals) == (Decimal(100), 3)
    assert list(Component.objects.filter(framework=framework).values_list("code", "weight")) == [
        ("PB", Decimal(70)),
        ("PT", Decimal(30)),
    ]
    assert AuditEntry.objects.filter(action="framework.created").count() == 1


@pytest.mark.django_db
def test_it_uses_the_agency_framework_and_year_that_exist() -> None:
    fiscal_year = FiscalYear.objects.create(year=2566)
    framework = Framework.objects.create(
        fiscal_year=fiscal_year, kind=FrameworkKind.DEPARTMENTS, name_th="กรอบที่มีอยู่"
    )
    ministry = make_org(kind=OrganizationKind.MINISTRY, code="PMO", name_th=PARENT)
    make_org(ministry, code="BB-OTHER", name_th=AGENCY)  # a namesake elsewhere
    other = make_org(kind=OrganizationKind.MINISTRY, code="MOF", name_th="กระทรวงการคลัง")
    make_org(other, code="BB-ELSEWHERE", name_th=AGENCY)

    summary = import_esar_file(SEED, 2566)

    assert summary.ok and not summary.agency_created
    assert summary.agency_code == "BB-OTHER"
    assert Organization.objects.count() == 4
    assert Indicator.objects.filter(framework=framework).count() == 14
    assert Framework.objects.count() == 1


@pytest.mark.django_db
def test_it_refuses_an_agency_it_cannot_tell_apart() -> None:
    first = make_org(kind=OrganizationKind.MINISTRY, code="M1", name_th="กระทรวงหนึ่ง")
    second = make_org(kind=OrganizationKind.MINISTRY, code="M2", name_th="กระทรวงสอง")
    make_org(first, code="BB1", name_th=AGENCY)
    make_org(second, code="BB2", name_th=AGENCY)

    summary = import_esar_file(SEED, 2566)

    assert not summary.ok
    assert Indicator.objects.count() == 0
    assert Framework.objects.count() == 0  # the whole page is one transaction
    assert Organization.objects.count() == 4


@pytest.mark.django_db
def test_it_updates_the_page_instead_of_duplicating_it(tmp_path: Path) -> None:
    import_esar_file(SEED, 2566)
    before = dict(Indicator.objects.values_list("number", "pk"))
    items_before = sorted(EvaluationItem.objects.values_list("pk", flat=True))
    changed = SEED_TEXT.replace("99.63 (ร้อยละ)", "99.70 (ร้อยละ)").replace(
        "จำนวน 12 ฉบับ ผ่าน", "จำนวน 12 ฉบับ ไม่ผ่าน"
    )

    summary = import_esar_file(write(tmp_path, changed), 2566)

    assert (len(summary.created), len(summary.updated)) == (0, 14)
    assert dict(Indicator.objects.values_list("number", "pk")) == before
    # Items are updated in place: results reported against them in rounds stay attached.
    assert sorted(EvaluationItem.objects.values_list("pk", flat=True)) == items_before
    assert EvaluationItem.objects.count() == 30
    assert EvaluationItem.objects.get(indicator__number="3").result_value == Decimal("99.70")
    assert EvaluationItem.objects.filter(result_passed=False).count() == 1
    assert Organization.objects.count() == 2
    assert printed(Organization.objects.get(name_th=AGENCY)) == esar.source_lines(changed)
    assert AuditEntry.objects.filter(action="indicators.esar_imported").count() == 2


@pytest.mark.django_db
def test_it_keeps_what_ges_holds_beyond_the_page_when_it_updates() -> None:
    import_esar_file(SEED, 2566)
    Indicator.objects.filter(number="1").update(weight=Decimal(10), criteria={"kind": "passfail"})

    import_esar_file(SEED, 2566)

    first = Indicator.objects.get(number="1")
    assert (first.weight, first.criteria) == (Decimal(10), {"kind": "passfail"})


@pytest.mark.django_db
def test_it_imports_the_whole_blocks_of_a_cut_page_and_warns_with_line_numbers(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, "\n".join(SEED_LINES[:372]))

    summary = import_esar_file(path, 2566)

    assert summary.ok
    assert (summary.indicators, summary.items) == (13, 29)
    assert [note.line for note in summary.warnings] == [367]
    assert Indicator.objects.count() == 13


@pytest.mark.parametrize(
    "content",
    [None, b"", b"\x00\x01\x02binary", SEED_TEXT.encode("cp874"), "dir"],
    ids=["missing", "empty", "binary", "not-utf-8", "folder"],
)
@pytest.mark.django_db
def test_it_imports_nothing_from_a_file_it_cannot_read(tmp_path: Path, content) -> None:
    path = tmp_path / "page.txt"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)

    summary = import_esar_file(path, 2566)

    assert not summary.ok and summary.errors
    assert Organization.objects.count() == 0
    assert Indicator.objects.count() == 0
    assert FiscalYear.objects.count() == 0


@pytest.mark.django_db
def test_it_imports_a_page_in_a_fixed_number_of_queries(tmp_path: Path) -> None:
    blocks = "\n".join(SEED_LINES[HEADER_LINES:])
    small = write(tmp_path, renamed("หน่วยงานเล็ก"), "small.txt")
    large = write(
        tmp_path,
        renamed("หน่วยงานใหญ่", "\n".join([*SEED_LINES[:HEADER_LINES], *[blocks] * 4])),
        "large.txt",
    )
    import_esar_file(SEED, 2566)  # the fiscal year and framework exist from here on

    counts = []
    for path in (small, large, small, large):
        with CaptureQueriesContext(connection) as queries:
            summary = import_esar_file(path, 2566)
        counts.append(len(queries))

    assert Indicator.objects.filter(organization__name_th="หน่วยงานใหญ่").count() == 4 * 14
    assert summary.items == 4 * 30
    assert counts[0] == counts[1] <= 30  # first import: creates the agency and its indicators
    assert counts[2] == counts[3] <= 20  # again: updates


@pytest.mark.django_db
def test_the_command_says_what_it_imported(tmp_path: Path) -> None:
    out = StringIO()

    call_command("import_esar", str(SEED), "--year", "2566", stdout=out)

    assert AGENCY in out.getvalue() and PARENT in out.getvalue()
    assert "14" in out.getvalue() and "30" in out.getvalue()


@pytest.mark.django_db
def test_the_command_imports_the_good_files_and_fails_for_the_bad(tmp_path: Path) -> None:
    bad = write(tmp_path, b"\xff\xfe\x00x", "bad.txt")
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError):
        call_command("import_esar", str(bad), str(SEED), "--year", "2566", stdout=out, stderr=err)

    assert "bad.txt" in err.getvalue()
    assert Indicator.objects.count() == 14


@pytest.mark.django_db
def test_the_command_refuses_a_year_that_is_not_buddhist_era() -> None:
    with pytest.raises(CommandError):
        call_command("import_esar", str(SEED), "--year", "2023")
    assert Indicator.objects.count() == 0


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=st.lists(PIECES, max_size=40))
@pytest.mark.django_db
def test_it_prints_any_imported_page_back_from_the_database(
    tmp_path: Path, body: list[str]
) -> None:
    agency = f"หน่วยงานสุ่ม {next(_names)}"
    lines = [*SEED_LINES[:HEADER_LINES], esar.BLOCK_TITLE, *body]
    lines[2] = agency
    text = "\n".join(lines)

    summary = import_esar_file(write(tmp_path, text), 2566)

    assert summary.ok
    source = esar.source_lines(text)
    dropped = esar.parse_page(text).dropped
    if dropped:
        source = source[: dropped - 1]
    assert printed(Organization.objects.get(name_th=agency)) == source


def test_it_prints_a_strategic_kpi_changed_after_the_import_in_the_pages_words() -> None:
    block = esar.parse_page(SEED_TEXT.replace("“ร้อยละการใช้จ่าย", "“ ร้อยละการใช้จ่าย", 1)).blocks()[2]
    assert esar.block_lines(block)[2].endswith("“ ร้อยละการใช้จ่ายงบประมาณรายจ่ายภาพรวม”")

    block.strategic_kpi = "ร้อยละการเบิกจ่าย"
    assert esar.block_lines(block)[2] == (
        "• เป็นตัวชี้วัดที่ถ่ายทอดเป็นตัวเดียวกับ Strategic KPIs “ร้อยละการเบิกจ่าย”"
    )
    block.cascade = "proxy_of"
    assert esar.block_lines(block)[2] == (
        "• เป็นตัวชี้วัดทดแทน (Proxy KPIs) ที่ถ่ายทอดจาก Strategic KPIs “ร้อยละการเบิกจ่าย”"
    )
    block.cascade = ""
    assert esar.block_lines(block)[2] == ""
