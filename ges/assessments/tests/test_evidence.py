"""Evidence files: accepted by content (not by name), size limit, SHA-256 and reuse, who may
change and download them, and nothing stored when a file is refused or a save fails."""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook

from ges.assessments import actions
from ges.assessments import evidence as files
from ges.assessments.errors import AssessmentError
from ges.assessments.models import Evidence, IndicatorResult, ResultStatus
from ges.assessments.tests.scenario import Scenario, make_round, scenario
from ges.audit.log import Actor
from ges.audit.models import AuditEntry
from ges.testing import SYSTEM

__all__ = ["scenario"]

# A 2x2 JPEG (made once with Chromium's screenshot encoder).
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABsSFBcUERsXFhceHBsgKEIrKCUlKFE6PTBCYFVlZF9VXVtqeJmBanGQc1tdhbWGkJ6jq62rZ4C8ybqmx5moq6T/2wBDARweHigjKE4rK06kbl1upKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKSkpKT/wAARCAACAAIDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AJwBY7//2Q=="
)
PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n"
    b"trailer <</Root 1 0 R>>\n%%EOF\n"
)
OFFICE = "application/vnd.openxmlformats-officedocument"


def png() -> bytes:
    """A 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x1e\x4d\x8c")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def package(main_part: str, main_type: str, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Office (OPC) package with its content types, relationships and main part."""
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{main_part}"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr(main_part, "<root/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bare_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<root/>")
    return buffer.getvalue()


def docx() -> bytes:
    return package("word/document.xml", f"{OFFICE}.wordprocessingml.document.main+xml")


def pptx() -> bytes:
    return package("ppt/presentation.xml", f"{OFFICE}.presentationml.presentation.main+xml")


def xlsx() -> bytes:
    book = Workbook()
    book.create_sheet("ผล")["A1"] = "ผลการดำเนินงาน"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


KINDS = {
    "pdf": (PDF, "application/pdf"),
    "jpg": (JPEG, "image/jpeg"),
    "jpeg": (JPEG, "image/jpeg"),
    "png": (png(), "image/png"),
    "docx": (docx(), f"{OFFICE}.wordprocessingml.document"),
    "xlsx": (xlsx(), f"{OFFICE}.spreadsheetml.sheet"),
    "pptx": (pptx(), f"{OFFICE}.presentationml.presentation"),
}


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def as_(user: Any) -> Actor:
    return Actor(user=user)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GES_EVIDENCE_MAX_MB = 20
    return tmp_path / "media"


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def nothing_saved(media: Path) -> bool:
    return (
        not Evidence.objects.exists()
        and not stored_files(media)
        and not AuditEntry.objects.filter(action__startswith="assessments.evidence").exists()
    )


def add(world: Any, result: IndicatorResult, name: str, data: bytes, **values: Any) -> Evidence:
    return files.upload_evidence(as_(world.editor), result, upload(name, data), **values)


# --- what is accepted ----------------------------------------------------------------------


@pytest.mark.parametrize("extension", list(KINDS))
def test_it_accepts_each_kind_by_its_content(
    world: Any, scenario: Scenario, media: Path, extension: str
) -> None:
    data, content_type = KINDS[extension]
    result = scenario.result("milestone")
    name = f"รายงานผลการดำเนินงาน ไตรมาส 4.{extension.upper()}"
    evidence = add(world, result, name, data, description=" หลักฐานประกอบ ")
    evidence.refresh_from_db()
    assert evidence.name == name
    assert evidence.content_type == content_type
    assert evidence.size == len(data)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.description == "หลักฐานประกอบ"
    assert (evidence.organization, evidence.indicator) == (world.department, result.indicator)
    assert evidence.uploaded_by == world.editor and not evidence.is_public
    assert list(result.evidence.all()) == [evidence]
    [path] = stored_files(media)
    assert path.read_bytes() == data
    assert path.relative_to(media).parts[0] == "evidence"
    assert "รายงาน" not in path.name  # stored under a random name, shown under its own
    entry = AuditEntry.objects.get(action="assessments.evidence.upload")
    assert entry.actor == world.editor and entry.after is not None
    assert entry.after["sha256"] == evidence.sha256 and entry.after["result"] == result.pk


def not_a(label: str) -> str:
    return gettext("This file is not a %(kind)s file, as its name says.") % {"kind": label}


@pytest.mark.parametrize(
    ("name", "data", "label"),
    [
        ("ภาพ.pdf", png(), "PDF"),
        ("เอกสาร.jpg", PDF, "JPEG"),
        ("เอกสาร.png", JPEG, "PNG"),
        ("ตาราง.xlsx", docx(), "Excel (xlsx)"),
        ("สไลด์.pptx", xlsx(), "PowerPoint (pptx)"),
        ("บันทึก.docx", pptx(), "Word (docx)"),
        ("บันทึก.docx", PDF, "Word (docx)"),
        ("บันทึก.docx", b"PK\x03\x04 not really a zip", "Word (docx)"),
        # A zip holding the main part but no [Content_Types].xml
        ("บันทึก.docx", bare_zip(), "Word (docx)"),
        # A macro-enabled document (docm) renamed to docx
        (
            "บันทึก.docx",
            package("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
            "Word (docx)",
        ),
        # The content types name the main part, but the part is not there
        (
            "ตาราง.xlsx",
            package("xl/other.xml", f"{OFFICE}.spreadsheetml.sheet.main+xml"),
            "Excel (xlsx)",
        ),
    ],
)
def test_it_refuses_a_file_whose_content_is_not_what_its_name_says(
    world: Any, scenario: Scenario, media: Path, name: str, data: bytes, label: str
) -> None:
    with translation.override("th"), pytest.raises(AssessmentError) as refused:
        add(world, scenario.result("milestone"), name, data)
    with translation.override("th"):
        assert refused.value.message == not_a(label)
    assert nothing_saved(media)


@pytest.mark.parametrize("name", ["โปรแกรม.exe", "บีบอัด.zip", "บันทึก.txt", "ไม่มีนามสกุล", ".pdf"])
def test_it_refuses_kinds_it_does_not_accept(
    world: Any, scenario: Scenario, media: Path, name: str
) -> None:
    with pytest.raises(AssessmentError):
        add(world, scenario.result("milestone"), name, PDF)
    assert nothing_saved(media)


def test_it_refuses_an_empty_file(world: Any, scenario: Scenario, media: Path) -> None:
    with translation.override("th"), pytest.raises(AssessmentError) as refused:
        add(world, scenario.result("milestone"), "ว่าง.pdf", b"")
    with translation.override("th"):
        assert refused.value.message == gettext("The file is empty.")
    assert nothing_saved(media)


def test_it_refuses_a_file_over_the_limit_naming_the_limit(
    world: Any, scenario: Scenario, media: Path, settings: Any
) -> None:
    settings.GES_EVIDENCE_MAX_MB = 1
    data = PDF + b"0" * (files.MB - len(PDF) + 1)
    with translation.override("th"), pytest.raises(AssessmentError) as refused:
        add(world, scenario.result("milestone"), "ใหญ่.pdf", data)
    with translation.override("th"):
        expected = gettext("The file is larger than %(limit)s MB, the largest accepted.")
        assert refused.value.message == expected % {"limit": 1}
    assert nothing_saved(media)
    # Exactly the limit is accepted.
    add(world, scenario.result("milestone"), "พอดี.pdf", data[:-1])
    assert Evidence.objects.count() == 1


def test_it_refuses_a_package_that_unpacks_to_far_more_than_its_size(
    world: Any, scenario: Scenario, media: Path
) -> None:
    bomb = package(
        "word/document.xml",
        f"{OFFICE}.wordprocessingml.document.main+xml",
        {"word/media/zeros.bin": b"\0" * (4 * files.MB)},
    )
    assert len(bomb) < 50_000
    with translation.override("th"), pytest.raises(AssessmentError) as refused:
        add(world, scenario.result("milestone"), "ระเบิด.docx", bomb)
    with translation.override("th"):
        assert refused.value.message == gettext(
            "This file unpacks to far more than its size; it cannot be accepted."
        )
    assert nothing_saved(media)


def test_it_keeps_the_file_name_without_folders_or_control_characters() -> None:
    assert files.clean_name("C:\\เอกสาร\\ผลงาน\x00.pdf") == "ผลงาน.pdf"
    assert files.clean_name("../../etc/รายงาน.pdf") == "รายงาน.pdf"
    long = "ก" * 300 + ".pdf"
    assert len(files.clean_name(long)) == 255 and files.clean_name(long).endswith(".pdf")


def test_it_writes_sizes_in_the_readers_units() -> None:
    with translation.override("th"):
        assert files.size_text(512) == gettext("%(size)s bytes") % {"size": 512}
        assert files.size_text(1536) == gettext("%(size)s KB") % {"size": "1.5"}
        assert files.size_text(20 * files.MB) == gettext("%(size)s MB") % {"size": "20"}


# --- reuse ---------------------------------------------------------------------------------


def later_round(scenario: Scenario) -> IndicatorResult:
    """The same indicator in the 6-month round of the same framework."""
    round = make_round(scenario.framework, months=6)
    submission = actions.open_submission(SYSTEM, round, scenario.agency)
    return submission.results.get(indicator=scenario.milestone.indicator)


def test_it_reuses_the_stored_file_when_the_same_content_comes_again(
    world: Any, scenario: Scenario, media: Path
) -> None:
    first = add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    other_round = later_round(scenario)
    again = add(world, other_round, "ผลงาน (สำเนา).pdf", PDF)
    assert again == first
    assert Evidence.objects.count() == 1 and len(stored_files(media)) == 1
    assert set(first.results.all()) == {scenario.result("milestone"), other_round}
    entry = AuditEntry.objects.get(action="assessments.evidence.attach")
    assert (
        entry.after is not None
        and entry.after["reused"] is True
        and entry.after["result"] == other_round.pk
    )
    # Uploading it again to the same result changes nothing.
    add(world, other_round, "ผลงาน.pdf", PDF)
    assert AuditEntry.objects.filter(action__startswith="assessments.evidence").count() == 2
    # Another indicator keeps its own copy.
    own = add(world, scenario.result("levels"), "ผลงาน.pdf", PDF)
    assert own != first and len(stored_files(media)) == 2


def test_it_attaches_a_file_of_an_earlier_round_of_the_same_indicator(
    world: Any, scenario: Scenario, media: Path
) -> None:
    earlier = add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    result = later_round(scenario)
    files.attach_evidence(as_(world.editor), result, earlier)
    assert list(result.evidence.all()) == [earlier]
    panel = files.evidence_panel(world.editor, scenario.result("milestone"))
    assert panel.may_edit and [f.evidence for f in panel.files] == [earlier]
    assert panel.reusable == []


def test_it_attaches_no_file_of_another_indicator_or_agency(
    world: Any, scenario: Scenario, media: Path
) -> None:
    other_indicator = add(world, scenario.result("levels"), "ผลงาน.pdf", PDF)
    result = scenario.result("milestone")
    with pytest.raises(AssessmentError):
        files.attach_evidence(as_(world.editor), result, other_indicator)
    foreign = Evidence.objects.create(
        organization=world.sibling,
        indicator=result.indicator,
        file="evidence/x.pdf",
        name="อื่น.pdf",
        content_type="application/pdf",
        size=1,
        sha256="0" * 64,
        uploaded_by=world.editor,
    )
    with pytest.raises(AssessmentError):
        files.attach_evidence(as_(world.editor), result, foreign)
    assert not result.evidence.exists()


# --- who may change evidence, and when ---------------------------------------------------


@pytest.mark.parametrize("who", ["approver", "viewer", "evaluator", "outsider", "framework_admin"])
def test_it_lets_only_the_agency_editor_upload(
    world: Any, scenario: Scenario, media: Path, who: str
) -> None:
    with pytest.raises(AssessmentError):
        files.upload_evidence(
            as_(getattr(world, who)), scenario.result("milestone"), upload("ผลงาน.pdf", PDF)
        )
    assert nothing_saved(media)


def test_it_refuses_changes_once_the_result_left_the_agency(
    world: Any, scenario: Scenario, media: Path
) -> None:
    kept = add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    IndicatorResult.objects.filter(pk=scenario.milestone.pk).update(status=ResultStatus.SUBMITTED)
    result = scenario.result("milestone")
    with pytest.raises(AssessmentError):
        add(world, result, "ใหม่.pdf", PDF + b"x")
    with pytest.raises(AssessmentError):
        files.detach_evidence(as_(world.editor), result, kept)
    assert Evidence.objects.count() == 1 and list(result.evidence.all()) == [kept]


def test_it_refuses_changes_after_the_evaluation_is_closed_unless_reopened(
    world: Any, scenario: Scenario, media: Path
) -> None:
    scenario.round.closed_at = timezone.now()
    scenario.round.save()
    with pytest.raises(AssessmentError):
        add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    assert nothing_saved(media)


def test_it_accepts_a_reopened_result_after_the_last_day(
    world: Any, scenario: Scenario, media: Path
) -> None:
    today = timezone.localdate()
    round = scenario.round
    round.opens_on = today.replace(year=today.year - 1)
    round.deadline = round.opens_on
    round.grace_until = None
    round.save()
    with pytest.raises(AssessmentError):
        add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    IndicatorResult.objects.filter(pk=scenario.milestone.pk).update(reopened_until=today)
    add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    assert Evidence.objects.count() == 1


def test_it_leaves_no_file_and_no_row_when_the_save_fails_midway(
    world: Any, scenario: Scenario, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the audit log is down")

    monkeypatch.setattr(files, "record", broken)
    with pytest.raises(RuntimeError):
        add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    assert not Evidence.objects.exists() and not stored_files(media)
    assert not scenario.result("milestone").evidence.exists()


def test_it_detaches_and_deletes_a_file_no_result_uses(
    world: Any, scenario: Scenario, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    shared = add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    other_round = later_round(scenario)
    add(world, other_round, "ผลงาน.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        files.detach_evidence(as_(world.editor), other_round, shared)
    assert Evidence.objects.filter(pk=shared.pk).exists() and len(stored_files(media)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        files.detach_evidence(as_(world.editor), scenario.result("milestone"), shared)
    assert not Evidence.objects.exists() and not stored_files(media)
    entries = AuditEntry.objects.filter(action="assessments.evidence.detach").order_by("pk")
    assert [(entry.after or {}).get("deleted") for entry in entries] == [False, True]


def test_it_lets_the_editor_mark_a_file_public(world: Any, scenario: Scenario, media: Path) -> None:
    evidence = add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    with pytest.raises(AssessmentError):
        files.set_public(as_(world.viewer), evidence, True)
    files.set_public(as_(world.editor), evidence, True)
    files.set_public(as_(world.editor), evidence, True)  # no change, no entry
    evidence.refresh_from_db()
    assert evidence.is_public
    entry = AuditEntry.objects.get(action="assessments.evidence.public")
    assert (entry.before, entry.after) == ({"is_public": False}, {"is_public": True})


# --- downloads -----------------------------------------------------------------------------


def download(client: Client, evidence: Evidence) -> Any:
    return client.get(reverse("assessments:evidence_download", args=[evidence.pk]))


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("who", ["editor", "approver", "viewer", "evaluator", "framework_admin"])
def test_it_lets_people_who_see_the_submission_download(
    world: Any, scenario: Scenario, media: Path, login: Any, who: str
) -> None:
    name = "รายงาน ผลการดำเนินงาน.pdf"
    evidence = add(world, scenario.result("milestone"), name, PDF)
    response = download(login(getattr(world, who)), evidence)
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"filename*=utf-8''{quote(name)}" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("who", ["outsider", "owner", "nobody"])
def test_it_hides_files_from_people_outside_the_agency(
    world: Any, scenario: Scenario, media: Path, login: Any, who: str
) -> None:
    evidence = add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    assert download(login(getattr(world, who)), evidence).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(
    world: Any, scenario: Scenario, media: Path, client: Client
) -> None:
    evidence = add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    response = download(client, evidence)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_publishes_a_public_file_only_once_the_evaluation_is_closed(
    world: Any, scenario: Scenario, media: Path, client: Client, login: Any
) -> None:
    public = add(world, scenario.result("milestone"), "สาธารณะ.pdf", PDF, is_public=True)
    private = add(world, scenario.result("milestone"), "ภายใน.png", png())
    assert download(client, public).status_code == 302
    assert download(login(world.outsider), public).status_code == 404
    scenario.round.closed_at = timezone.now()
    scenario.round.save()
    response = download(client, public)
    assert response.status_code == 200 and body(response) == PDF
    assert download(login(world.outsider), public).status_code == 200
    assert download(client, private).status_code == 302
    assert download(login(world.outsider), private).status_code == 404


def test_it_answers_404_for_a_file_that_does_not_exist(world: Any, media: Path, login: Any) -> None:
    url = reverse("assessments:evidence_download", args=[999])
    assert login(world.editor).get(url).status_code == 404


# --- the views -----------------------------------------------------------------------------


def post_file(client: Client, result: IndicatorResult, name: str, data: bytes, **extra: Any) -> Any:
    url = reverse("assessments:evidence_upload", args=[result.pk])
    fields = {"description": "หลักฐาน", "file": upload(name, data)} | extra
    return client.post(url, fields, headers={"HX-Request": "true"})


def test_it_uploads_through_the_panel_and_shows_the_file(
    world: Any, scenario: Scenario, media: Path, login: Any
) -> None:
    result = scenario.result("milestone")
    with translation.override("th"):
        response = post_file(login(world.editor), result, "ผลงาน.pdf", PDF, is_public="1")
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert evidence.is_public and evidence.description == "หลักฐาน"
    html = response.content.decode()
    assert f'id="evidence-{result.pk}"' in html and "ผลงาน.pdf" in html
    assert reverse("assessments:evidence_download", args=[evidence.pk]) in html
    assert str(timezone.localdate().year + 543) in html  # the date in the Buddhist Era
    assert reverse("assessments:evidence_detach", args=[result.pk, evidence.pk]) in html


def test_it_redirects_back_to_the_submission_without_htmx(
    world: Any, scenario: Scenario, media: Path, login: Any
) -> None:
    result = scenario.result("milestone")
    url = reverse("assessments:evidence_upload", args=[result.pk])
    response = login(world.editor).post(url, {"file": upload("ผลงาน.pdf", PDF)})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#evidence-{result.pk}")
    assert Evidence.objects.count() == 1


def test_it_shows_why_a_file_was_refused(
    world: Any, scenario: Scenario, media: Path, login: Any
) -> None:
    with translation.override("th"):
        response = post_file(login(world.editor), scenario.result("milestone"), "ภาพ.pdf", png())
        assert not_a("PDF") in response.content.decode()
    assert nothing_saved(media)


def test_it_stops_reading_an_oversize_upload(
    world: Any, scenario: Scenario, media: Path, login: Any, settings: Any
) -> None:
    settings.GES_EVIDENCE_MAX_MB = 1
    data = PDF + b"0" * (2 * files.MB)
    with translation.override("th"):
        response = post_file(login(world.editor), scenario.result("milestone"), "ใหญ่.pdf", data)
        assert files.too_large_message() in response.content.decode()
    assert response.status_code == 200
    assert nothing_saved(media)


def test_it_checks_the_csrf_token_of_uploads(world: Any, scenario: Scenario, media: Path) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.editor)
    response = post_file(client, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    assert response.status_code == 403
    assert nothing_saved(media)


@pytest.mark.parametrize(("who", "status"), [("viewer", 403), ("approver", 403), ("outsider", 404)])
def test_it_refuses_uploads_from_others(
    world: Any, scenario: Scenario, media: Path, login: Any, who: str, status: int
) -> None:
    response = post_file(login(getattr(world, who)), scenario.result("milestone"), "ก.pdf", PDF)
    assert response.status_code == status
    assert nothing_saved(media)


def test_it_refuses_anonymous_uploads(
    world: Any, scenario: Scenario, media: Path, client: Client
) -> None:
    response = post_file(client, scenario.result("milestone"), "ก.pdf", PDF)
    assert response.status_code == 302
    assert nothing_saved(media)


def test_it_attaches_removes_and_publishes_through_the_views(
    world: Any, scenario: Scenario, media: Path, login: Any
) -> None:
    earlier = add(world, scenario.result("milestone"), "ผลงาน.pdf", PDF)
    result = later_round(scenario)
    editor = login(world.editor)
    htmx = {"HX-Request": "true"}
    page = files.evidence_panel(world.editor, result)
    assert [f.evidence for f in page.reusable] == [earlier]
    attach = reverse("assessments:evidence_attach", args=[result.pk])
    assert login(world.viewer).post(attach, {"evidence": earlier.pk}).status_code == 403
    assert not result.evidence.exists()
    response = editor.post(attach, {"evidence": earlier.pk}, headers=htmx)
    assert response.status_code == 200 and list(result.evidence.all()) == [earlier]
    public = reverse("assessments:evidence_public", args=[result.pk, earlier.pk])
    assert login(world.outsider).post(public, {"is_public": "1"}).status_code == 404
    editor.post(public, {"is_public": "1"}, headers=htmx)
    earlier.refresh_from_db()
    assert earlier.is_public
    detach = reverse("assessments:evidence_detach", args=[result.pk, earlier.pk])
    assert login(world.approver).post(detach).status_code == 403
    editor.post(detach, headers=htmx)
    assert not result.evidence.exists() and Evidence.objects.filter(pk=earlier.pk).exists()
    # A file of another indicator cannot be picked.
    other = add(world, scenario.result("levels"), "อื่น.pdf", PDF)
    editor.post(attach, {"evidence": other.pk}, headers=htmx)
    assert not result.evidence.exists()


def test_it_builds_the_panels_of_a_submission_in_two_queries(
    world: Any, scenario: Scenario, media: Path, django_assert_num_queries: Any
) -> None:
    for key in ("milestone", "levels", "sub_pass"):
        add(world, scenario.result(key), f"{key}.pdf", PDF + key.encode())
    results = list(
        IndicatorResult.objects.filter(submission=scenario.submission).select_related("submission")
    )
    with django_assert_num_queries(2):
        panels = files.evidence_panels(results, {result.pk for result in results})
    assert [f.evidence.name for f in panels[scenario.milestone.pk].files] == ["milestone.pdf"]
    assert panels[scenario.sub_levels.pk].files == []
