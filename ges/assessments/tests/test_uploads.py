"""An indicator owner's results file for many agencies (ges/assessments/uploads.py): the
template, reading .xlsx and .csv, the check of every row, and applying all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation

from ges.assessments import owner, upload_file, uploads
from ges.assessments.models import (
    AgencyScore,
    IndicatorResult,
    ItemResult,
    ResultUpload,
    Submission,
    UploadStatus,
)
from ges.assessments.tests.scenario import Scenario, report, scenario
from ges.audit.log import Actor
from ges.audit.models import AuditEntry
from ges.frameworks.models import Component, Round
from ges.indicators.models import EvaluationItem, Indicator, ItemKind
from ges.lib import tabular
from ges.orgs.models import Organization, Role
from ges.testing import make_member, make_org

__all__ = ["scenario", "upload_world"]

LEVELS = {"kind": "levels", "thresholds": [80, 85, 90]}
ITEMS = [
    ("ส่งแผนการใช้จ่ายตามกำหนด", ItemKind.PASS_FAIL, ""),
    ("ร้อยละของการเบิกจ่าย", ItemKind.NUMBER, "ร้อยละ"),
    ("หมายเหตุ", ItemKind.TEXT, ""),
]


@dataclass
class UploadWorld:
    """The CGD (world.sibling) owns standard indicator S1 (items [1] pass/fail, [2] a number
    in ร้อยละ, [3] text). OPS (world.department) reports on it and has a submission; DITP
    (world.other_department) has it too but has not opened its submission; DIV
    (world.division) is in GES without the indicator."""

    scenario: Scenario
    round: Round
    standard: Indicator
    copies: dict[str, Indicator]  # by agency code
    owner: Any

    @property
    def columns(self) -> list[upload_file.Column]:
        return upload_file.columns_of(self.standard)

    def header(self) -> list[str]:
        return [upload_file.CODE, upload_file.NAME, *(column.header for column in self.columns)]

    def items(self, code: str) -> list[EvaluationItem]:
        return list(self.copies[code].items.order_by("order", "pk"))


def add_standard(
    framework: Any, owner: Organization, agencies: list[Organization], number: str = "S1"
) -> Indicator:
    pb = Component.objects.get(framework=framework, code="PB")
    standard = Indicator.objects.create(
        framework=framework, number=number, order=9, name_th="การเบิกจ่ายงบประมาณ", owner=owner
    )
    for indicator in [standard, *(_copy(standard, agency, pb) for agency in agencies)]:
        EvaluationItem.objects.bulk_create(
            EvaluationItem(indicator=indicator, order=order, text=text, kind=kind, unit=unit)
            for order, (text, kind, unit) in enumerate(ITEMS, start=1)
        )
    return standard


def _copy(standard: Indicator, agency: Organization, pb: Component) -> Indicator:
    return Indicator.objects.create(
        framework=standard.framework,
        organization=agency,
        standard=standard,
        number="4",
        order=9,
        name_th=standard.name_th,
        component=pb,
        weight=Decimal(30),
        criteria=LEVELS,
    )


@pytest.fixture
def upload_world(world: Any, scenario: Scenario) -> UploadWorld:
    standard = add_standard(
        scenario.framework, world.sibling, [world.department, world.other_department]
    )
    copies = {
        code: copy
        for copy, code in (
            (copy, copy.organization.code if copy.organization else "")
            for copy in standard.adoptions.select_related("organization")
        )
    }
    return UploadWorld(scenario, scenario.round, standard, copies, world.owner)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages are compared in English; Thai comes from the translation catalogue."""
    with translation.override("en"):
        yield


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def read(w: UploadWorld, data: bytes, filename: str = "results.csv") -> upload_file.Table:
    return upload_file.read_upload_file(data, filename, w.columns)


def upload_rows(w: UploadWorld, *rows: list[str]) -> ResultUpload:
    table = read(w, csv_bytes([w.header(), *rows]))
    return uploads.start_upload(Actor(w.owner), w.round, w.standard, "results.csv", table)


def state() -> tuple[Any, ...]:
    return (
        sorted(ItemResult.objects.values_list("item_id", "passed", "value", "text")),
        sorted(IndicatorResult.objects.values_list("pk", "sequence", "self_score")),
        Submission.objects.count(),
        AgencyScore.objects.count(),
    )


# The template -------------------------------------------------------------------------------


def test_it_fills_the_template_with_the_agencies_and_what_they_reported(
    upload_world: UploadWorld,
) -> None:
    w = upload_world
    ops = w.items("OPS")
    result = IndicatorResult.objects.create(
        submission=w.scenario.submission, indicator=w.copies["OPS"]
    )
    owner.set_item_values(
        Actor(w.owner), result, {ops[0].pk: True, ops[1].pk: Decimal("87.50"), ops[2].pk: "ok"}
    )
    header, rows = tabular.read_table(uploads.template_file(w.round, w.standard), "t.xlsx")
    assert header == [
        "รหัสหน่วยงาน",
        "ชื่อหน่วยงาน",
        "[1] ส่งแผนการใช้จ่ายตามกำหนด (ผ่าน/ไม่ผ่าน)",
        "[2] ร้อยละของการเบิกจ่าย (ร้อยละ)",
        "[3] หมายเหตุ (text)",
    ]
    assert sorted(list(row.values.values()) for row in rows) == [
        ["DITP", "กรมส่งเสริมการส่งออก", "", "", ""],
        ["OPS", "สำนักงานปลัดกระทรวงการคลัง", "ผ่าน", "87.5", "ok"],
    ]
    assert uploads.template_filename(w.round, w.standard) == (
        f"ges-results-S1-round-{w.round.pk}.xlsx"
    )


def test_the_filled_template_reads_back_unchanged(upload_world: UploadWorld) -> None:
    w = upload_world
    table = read(w, uploads.template_file(w.round, w.standard), "template.xlsx")
    assert table.keys == [1, 2, 3]
    assert sorted(row["code"] for row in table.rows) == ["DITP", "OPS"]  # in tree order


# Reading files ------------------------------------------------------------------------------

ROWS = [["OPS", "สป.กค.", "ผ่าน", "85.5", "ส่งครบ"], ["DITP", "", "ไม่ผ่าน", "๙๐", ""]]
EXPECTED = [
    {"number": 2, "code": "OPS", "values": {"1": "ผ่าน", "2": "85.5", "3": "ส่งครบ"}},
    {"number": 3, "code": "DITP", "values": {"1": "ไม่ผ่าน", "2": "๙๐", "3": ""}},
]


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda rows: csv_bytes(rows), id="utf-8"),
        pytest.param(lambda rows: csv_bytes(rows, "utf-8-sig"), id="utf-8 with BOM"),
        pytest.param(lambda rows: csv_bytes(rows, "cp874"), id="TIS-620 / cp874"),
        pytest.param(lambda rows: tabular.write_xlsx(rows[0], rows[1:], title="S1"), id="xlsx"),
    ],
)
def test_it_reads_excel_and_csv_in_utf8_and_tis620(upload_world: UploadWorld, encode: Any) -> None:
    w = upload_world
    table = read(w, encode([w.header(), *ROWS]))
    assert table.keys == [1, 2, 3]
    assert table.rows == EXPECTED


def test_it_judges_the_file_by_its_content_not_its_name(upload_world: UploadWorld) -> None:
    w = upload_world
    workbook = tabular.write_xlsx(w.header(), ROWS, title="S1")
    assert read(w, workbook, "results.csv").rows == EXPECTED
    assert read(w, csv_bytes([w.header(), *ROWS]), "results.xlsx").rows == EXPECTED


def test_english_headers_and_reworded_item_names_are_read(upload_world: UploadWorld) -> None:
    w = upload_world
    header = ["Agency_Code", "name", "[1] sent the plan", "[ 2 ] %", "[3]"]
    assert read(w, csv_bytes([header, *ROWS])).rows == EXPECTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n\x00\x01\x02binary", "GES cannot read this file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Excel 97-2003 workbook"),
        (b"PK\x03\x04 not really a workbook", "GES cannot read this file"),
        ("รหัสหน่วยงาน,x\n".encode("utf-16"), "GES cannot read this file"),
        (b"code,M\xfcller\n", "is not in UTF-8"),  # Latin-1: neither UTF-8 nor TIS-620
        (b"", "The file is empty"),
        (b" , ,\n\n", "The file is empty"),
    ],
)
def test_files_that_are_not_tables_are_refused_with_a_reason(
    upload_world: UploadWorld, data: bytes, message: str
) -> None:
    with pytest.raises(upload_file.UploadFileError, match=re.escape(message)):
        read(upload_world, data)


def test_file_level_problems_name_the_columns(upload_world: UploadWorld) -> None:
    w = upload_world
    with pytest.raises(upload_file.UploadFileError, match=r"missing: “\[2\] ร้อยละของการเบิกจ่าย”"):
        read(w, csv_bytes([[upload_file.CODE, "[1] a", "[3] c"], ["OPS", "ผ่าน", ""]]))
    with pytest.raises(upload_file.UploadFileError, match="missing: “รหัสหน่วยงาน”"):
        read(w, csv_bytes([["[1]", "[2]", "[3]"], ["ผ่าน", "1", ""]]))
    with pytest.raises(upload_file.UploadFileError, match="not an evaluation item"):
        read(w, csv_bytes([[*w.header(), "[4] extra"], ["OPS", "", "", "", "", ""]]))
    with pytest.raises(upload_file.UploadFileError, match=r"item \[2\] appears more than once"):
        read(w, csv_bytes([[*w.header(), "[2] again"], ["OPS", "", "", "", "", ""]]))
    with pytest.raises(
        upload_file.UploadFileError, match="agency code column appears more than once"
    ):
        read(w, csv_bytes([[*w.header(), "code"], ["OPS", "", "", "", "", "OPS"]]))
    with pytest.raises(upload_file.UploadFileError, match="no agencies below them"):
        read(w, csv_bytes([w.header()]))


def test_too_many_rows_or_bytes_are_refused(
    upload_world: UploadWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = upload_world
    monkeypatch.setattr(upload_file, "MAX_ROWS", 1)
    with pytest.raises(upload_file.UploadFileError, match="at most 1 can be uploaded"):
        read(w, csv_bytes([w.header(), *ROWS]))
    monkeypatch.setattr(upload_file, "MAX_FILE_BYTES", 10)
    with pytest.raises(upload_file.UploadFileError, match="larger than"):
        read(w, csv_bytes([w.header(), *ROWS]))


def test_file_messages_are_in_thai_for_thai_readers(upload_world: UploadWorld) -> None:
    with translation.override("th"), pytest.raises(upload_file.UploadFileError) as refused:
        read(upload_world, b"\x00\x01")
    assert "GES อ่านไฟล์นี้ไม่ได้" in str(refused.value)


# Checking the rows --------------------------------------------------------------------------


def test_a_good_file_plans_new_and_changed_values(upload_world: UploadWorld) -> None:
    w = upload_world
    plan = uploads.review(upload_rows(w, *ROWS))
    assert not plan.has_errors
    assert [(row.code, row.name, row.action, row.new) for row in plan.rows] == [
        ("OPS", "สำนักงานปลัดกระทรวงการคลัง", "change", 3),
        ("DITP", "กรมส่งเสริมการส่งออก", "change", 2),
    ]
    assert plan.counts() == {
        "rows": 2,
        "agencies": 2,
        "new": 5,
        "changed": 0,
        "unchanged": 0,
        "errors": 0,
    }


ROW_ERRORS = [
    (["NOPE", "", "ผ่าน", "", ""], "No agency in GES has the code NOPE."),
    (["DIV", "", "ผ่าน", "", ""], "does not have indicator S1 in this framework"),
    (["", "ใครสักคน", "ผ่าน", "", ""], "The agency code is empty."),
    (["OPS", "", "อาจจะ", "", ""], "[1] ส่งแผนการใช้จ่ายตามกำหนด: “อาจจะ” — Enter pass or fail"),
    (["OPS", "", "", "แปดสิบ", ""], "[2] ร้อยละของการเบิกจ่าย: “แปดสิบ” — Enter a number in ร้อยละ"),
    (["OPS", "", "", "1.1234567", ""], "Use at most 6 decimal places"),
    (["OPS", "", "", "1e5", ""], "Enter a number in ร้อยละ"),
]


@pytest.mark.parametrize(("row", "message"), ROW_ERRORS)
def test_every_wrong_row_gets_its_own_error(
    upload_world: UploadWorld, row: list[str], message: str
) -> None:
    w = upload_world
    plan = uploads.review(upload_rows(w, ["DITP", "", "ผ่าน", "90", ""], row))
    good, bad = plan.rows
    assert not good.errors and good.action == "change"
    assert bad.action == "error" and len(bad.errors) == 1
    assert message in bad.errors[0]
    assert plan.has_errors and plan.counts()["errors"] == 1
    assert plan.error_rows == [bad]


def test_an_agency_on_two_rows_is_an_error_on_both(upload_world: UploadWorld) -> None:
    w = upload_world
    plan = uploads.review(upload_rows(w, ROWS[0], ROWS[1], ["OPS", "", "", "70", ""]))
    assert [row.errors for row in plan.rows] == [
        ["The agency OPS appears on more than one row: rows 2, 4."],
        [],
        ["The agency OPS appears on more than one row: rows 2, 4."],
    ]


def test_an_item_the_agency_copy_lacks_is_an_error(upload_world: UploadWorld) -> None:
    w = upload_world
    EvaluationItem.objects.filter(indicator=w.copies["DITP"], order=3).delete()
    plan = uploads.review(upload_rows(w, ["DITP", "", "", "", "ข้อความ"], ["OPS", "", "", "", ""]))
    assert plan.rows[0].errors == [
        "[3] หมายเหตุ: this agency's indicator has no such evaluation item."
    ]
    assert plan.rows[1].action == "unchanged"


def test_a_closed_round_refuses_the_whole_upload(upload_world: UploadWorld) -> None:
    w = upload_world
    upload = upload_rows(w, *ROWS)
    Round.objects.filter(pk=w.round.pk).update(closed_at=timezone.now())
    upload.refresh_from_db()
    plan = uploads.review(upload)
    assert plan.has_errors and plan.problems == [
        "The evaluation of this round is closed; results are final."
    ]
    before = state()
    assert uploads.apply_upload(Actor(w.owner), upload.pk).has_errors
    assert state() == before
    assert ResultUpload.objects.get(pk=upload.pk).status == UploadStatus.PREVIEWED


def test_past_the_last_day_only_reopened_agencies_take_values(upload_world: UploadWorld) -> None:
    w = upload_world
    today = timezone.localdate()
    upload = upload_rows(w, *ROWS)
    Round.objects.filter(pk=w.round.pk).update(
        deadline=today - dt.timedelta(days=5), grace_until=today - dt.timedelta(days=1)
    )
    upload.refresh_from_db()
    plan = uploads.review(upload)
    assert all("is not reopened" in row.errors[0] for row in plan.rows)
    assert "พ.ศ." not in plan.rows[0].errors[0] and str(today.year + 543) in plan.rows[0].errors[0]


def test_changed_items_since_the_upload_refuse_it(upload_world: UploadWorld) -> None:
    w = upload_world
    upload = upload_rows(w, *ROWS)
    EvaluationItem.objects.create(indicator=w.standard, order=4, text="ใหม่", kind=ItemKind.TEXT)
    plan = uploads.review(upload)
    assert plan.has_errors and "changed since the upload" in plan.problems[0]


def test_checking_takes_a_fixed_number_of_queries(
    world: Any, upload_world: UploadWorld, django_assert_max_num_queries: Any
) -> None:
    w = upload_world
    agencies = [make_org(code=f"X{n}") for n in range(30)]
    copies = add_standard(w.scenario.framework, world.sibling, agencies, "S2")
    many = [[f"X{n}", "", "ผ่าน", str(80 + n % 10), ""] for n in range(30)]
    table = read(w, csv_bytes([w.header(), *many, ["NOPE", "", "", "", ""]]))
    upload = uploads.start_upload(Actor(w.owner), w.round, copies, "many.csv", table)
    upload = ResultUpload.objects.select_related("round", "indicator").get(pk=upload.pk)
    with django_assert_max_num_queries(8):
        plan = uploads.review(upload)
    assert plan.counts()["new"] == 60 and plan.counts()["errors"] == 1


# Applying ------------------------------------------------------------------------------------


def test_applying_saves_the_values_scores_and_audit(upload_world: UploadWorld) -> None:
    w = upload_world
    upload = upload_rows(w, *ROWS)
    assert AuditEntry.objects.filter(action="assessments.upload.checked").count() == 1
    assert not IndicatorResult.objects.filter(indicator__in=w.copies.values()).exists()
    plan = uploads.apply_upload(Actor(w.owner), upload.pk)
    assert not plan.has_errors
    ops, ditp = (IndicatorResult.objects.get(indicator=w.copies[code]) for code in ("OPS", "DITP"))
    assert ops.self_score == Decimal("77.5") and ditp.self_score == Decimal(100)
    values = {
        (row.result_id, row.item.order): (row.passed, row.value, row.text)
        for row in ItemResult.objects.filter(result__in=[ops, ditp]).select_related("item")
    }
    assert values == {
        (ops.pk, 1): (True, None, ""),
        (ops.pk, 2): (None, Decimal("85.5"), ""),
        (ops.pk, 3): (None, None, "ส่งครบ"),
        (ditp.pk, 1): (False, None, ""),
        (ditp.pk, 2): (None, Decimal(90), ""),
    }
    # DITP had no submission: it is opened with every indicator it reports on
    assert ditp.submission.results.count() == 1
    assert AgencyScore.objects.filter(round=w.round).count() == 2
    upload.refresh_from_db()
    assert upload.status == UploadStatus.APPLIED and upload.applied_by == w.owner
    assert upload.summary["new"] == 5 and upload.summary["agencies"] == 2
    actions_written = sorted(
        AuditEntry.objects.filter(actor=w.owner).values_list("action", flat=True)
    )
    assert actions_written == [
        "assessments.result.values",
        "assessments.result.values",
        "assessments.submission.open",
        "assessments.upload.applied",
        "assessments.upload.checked",
    ]
    entry = AuditEntry.objects.get(action="assessments.result.values", object_id=str(ops.pk))
    assert entry.after is not None and entry.after["items"][str(w.items("OPS")[1].pk)] == "85.5"
    opened = AuditEntry.objects.get(action="assessments.submission.open", actor=w.owner)
    assert opened.object_repr == str(ditp.submission)  # as `record` names it


def test_an_unchanged_value_counts_as_unchanged(upload_world: UploadWorld) -> None:
    w = upload_world
    uploads.apply_upload(Actor(w.owner), upload_rows(w, *ROWS).pk)
    plan = uploads.review(upload_rows(w, ["OPS", "", "ผ่าน", "86", "ส่งครบ"]))
    assert plan.rows[0].unchanged == 2 and plan.rows[0].changed == 1
    assert plan.counts()["agencies"] == 1


def test_nothing_is_saved_while_any_row_is_wrong(upload_world: UploadWorld) -> None:
    w = upload_world
    upload = upload_rows(w, ROWS[0], ["NOPE", "", "ผ่าน", "", ""])
    before = state()
    entries = AuditEntry.objects.count()
    plan = uploads.apply_upload(Actor(w.owner), upload.pk)
    assert plan.has_errors and state() == before
    assert AuditEntry.objects.count() == entries
    assert ResultUpload.objects.get(pk=upload.pk).status == UploadStatus.PREVIEWED


def test_a_refusal_while_writing_rolls_back_the_opened_submissions(
    world: Any, upload_world: UploadWorld
) -> None:
    w = upload_world
    upload = upload_rows(w, *ROWS)
    before = state()
    # someone without the right to supply results (their role was taken away meanwhile)
    plan = uploads.apply_upload(Actor(world.editor), upload.pk)
    assert plan.problems == ["You do not supply the results of indicator 4."]
    assert state() == before
    assert ResultUpload.objects.get(pk=upload.pk).status == UploadStatus.PREVIEWED


def test_an_upload_is_applied_once(upload_world: UploadWorld) -> None:
    w = upload_world
    upload = upload_rows(w, *ROWS)
    uploads.apply_upload(Actor(w.owner), upload.pk)
    before = state()
    with pytest.raises(uploads.UploadAlreadyApplied):
        uploads.apply_upload(Actor(w.owner), upload.pk)
    assert state() == before
    # once applied, the review shows what it did, without errors
    plan = uploads.review(ResultUpload.objects.get(pk=upload.pk))
    assert not plan.has_errors


def test_final_results_of_an_agency_are_refused(upload_world: UploadWorld) -> None:
    w = upload_world
    Submission.objects.filter(pk=w.scenario.submission.pk).update(status="final")
    plan = uploads.review(upload_rows(w, *ROWS))
    assert plan.rows[0].errors == ["The results of this agency are final; they cannot change."]


def test_the_agency_editor_values_are_kept_where_the_cell_is_empty(
    world: Any, upload_world: UploadWorld
) -> None:
    w = upload_world
    result = IndicatorResult.objects.create(
        submission=w.scenario.submission, indicator=w.copies["OPS"]
    )
    items = w.items("OPS")
    report(Actor(world.editor), result, {items[0].pk: "ผ่าน", items[2].pk: "เดิม"})
    uploads.apply_upload(Actor(w.owner), upload_rows(w, ["OPS", "", "", "81", ""]).pk)
    stored = dict(ItemResult.objects.filter(result=result).values_list("item__order", "text"))
    assert stored == {1: "", 2: "", 3: "เดิม"}
    assert ItemResult.objects.get(result=result, item__order=1).passed is True


# Who may upload -----------------------------------------------------------------------------


def test_only_owners_see_their_standard_indicators(world: Any, upload_world: UploadWorld) -> None:
    w = upload_world
    assert list(uploads.uploadable_indicators(world.owner)) == [w.standard]
    other_owner = make_member(world.other_ministry, Role.INDICATOR_OWNER)
    assert not uploads.uploadable_indicators(other_owner).exists()
    assert uploads.get_indicator_for_upload(world.owner, w.round.pk, w.standard.pk) == (
        w.round,
        w.standard,
    )
    with pytest.raises(Http404):
        uploads.get_indicator_for_upload(other_owner, w.round.pk, w.standard.pk)
    with pytest.raises(Http404):  # an agency's copy is not a standard indicator
        uploads.get_indicator_for_upload(world.owner, w.round.pk, w.copies["OPS"].pk)
    for user in (world.editor, world.evaluator, world.viewer, world.nobody):
        with pytest.raises(PermissionDenied):
            uploads.get_indicator_for_upload(user, w.round.pk, w.standard.pk)
    upload = upload_rows(w, *ROWS)
    assert uploads.get_upload_for_user(world.owner, upload.pk) == upload
    assert list(uploads.visible_uploads(world.owner)) == [upload]
    assert not uploads.visible_uploads(other_owner).exists()
    with pytest.raises(Http404):
        uploads.get_upload_for_user(other_owner, upload.pk)
