"""Evidence files of indicator results: what is accepted, storing, reuse and who may download.

Accepted: PDF, Word (docx), Excel (xlsx), PowerPoint (pptx), JPEG and PNG, checked by their
content and not only by their name: PDF, JPEG and PNG by their first bytes; docx, xlsx and pptx
must be ZIP packages whose [Content_Types].xml declares the main part of that kind (and the part
is there). A ZIP's sizes are read from its directory, never by unpacking, so a small file that
would unpack to gigabytes is refused. No library is used: the three signatures are a few bytes
and the Office check needs `zipfile` anyway (the file-type libraries only look for a part name).

A file is kept for the agency and indicator (`Evidence`) and linked to results; the same
content (SHA-256) uploaded again for the same agency and indicator reuses the stored file.
Files live under MEDIA_ROOT/evidence/ with random names and are downloaded only through
`get_evidence_for_user`: people who may see the agency's submissions, and anyone for a file
marked public once the evaluation of a round it belongs to is closed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import IO, Any
from xml.etree import ElementTree

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ges.assessments.errors import AssessmentError
from ges.assessments.models import (
    AGENCY_EDITABLE,
    Evidence,
    IndicatorResult,
    ResultStatus,
    SubmissionStatus,
)
from ges.audit.log import Actor, record
from ges.orgs.access import Person, has_perm
from ges.orgs.permissions import Perm

MB = 1024 * 1024
# ZIP packages: at most this many parts, this much unpacked in all, and no part over 1 MB
# unpacked that is more than MAX_RATIO times its packed size (real Office XML packs ~5-20x).
MAX_PARTS = 10_000
MAX_UNPACKED = 1024 * MB
MAX_RATIO = 200
MAX_CONTENT_TYPES = MB  # [Content_Types].xml is a few kB
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


@dataclass(frozen=True)
class Kind:
    label: str  # as people know the format, in messages
    content_type: str
    main_part: str = ""  # Office packages: the part [Content_Types].xml must declare
    main_type: str = ""


PDF = Kind("PDF", "application/pdf")
JPEG = Kind("JPEG", "image/jpeg")
PNG = Kind("PNG", "image/png")
OFFICE = "application/vnd.openxmlformats-officedocument"
KINDS: dict[str, Kind] = {
    "pdf": PDF,
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
    "docx": Kind(
        "Word (docx)",
        f"{OFFICE}.wordprocessingml.document",
        "/word/document.xml",
        f"{OFFICE}.wordprocessingml.document.main+xml",
    ),
    "xlsx": Kind(
        "Excel (xlsx)",
        f"{OFFICE}.spreadsheetml.sheet",
        "/xl/workbook.xml",
        f"{OFFICE}.spreadsheetml.sheet.main+xml",
    ),
    "pptx": Kind(
        "PowerPoint (pptx)",
        f"{OFFICE}.presentationml.presentation",
        "/ppt/presentation.xml",
        f"{OFFICE}.presentationml.presentation.main+xml",
    ),
}
SIGNATURES = {PDF: b"%PDF-", JPEG: b"\xff\xd8\xff", PNG: b"\x89PNG\r\n\x1a\n"}
ZIP_SIGNATURE = b"PK\x03\x04"
ACCEPT = ",".join(f".{extension}" for extension in KINDS)  # the file input's accept=


def max_bytes() -> int:
    return int(settings.GES_EVIDENCE_MAX_MB) * MB


def too_large_message() -> str:
    return _("The file is larger than %(limit)s MB, the largest accepted.") % {
        "limit": settings.GES_EVIDENCE_MAX_MB
    }


# --- checking a file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    kind: Kind
    size: int
    sha256: str


def clean_name(name: str) -> str:
    """The file name as shown and downloaded: no folders, no control characters, at most 255
    characters with the extension kept."""
    base = PurePath(name.replace("\\", "/")).name
    base = "".join(char for char in base if char.isprintable()).strip()
    if len(base) > 255:
        suffix = PurePath(base).suffix[:20]
        base = base[: 255 - len(suffix)] + suffix
    return base


def check_file(uploaded: UploadedFile[bytes]) -> CheckedFile:
    """The file's kind, size and SHA-256 (read once, in chunks), or AssessmentError saying why
    it is refused."""
    name = clean_name(uploaded.name or "")
    extension = PurePath(name).suffix.lower().lstrip(".")
    kind = KINDS.get(extension)
    if kind is None:
        raise AssessmentError(
            _(
                "Only PDF, Word (docx), Excel (xlsx), PowerPoint (pptx), JPEG and PNG files "
                "are accepted."
            )
        )
    limit = max_bytes()
    if uploaded.size is not None and uploaded.size > limit:
        raise AssessmentError(too_large_message())
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded.chunks():
        size += len(chunk)
        if size > limit:
            raise AssessmentError(too_large_message())
        digest.update(chunk)
    if size == 0:
        raise AssessmentError(_("The file is empty."))
    uploaded.seek(0)
    if not _content_matches(uploaded, kind):
        raise AssessmentError(
            _("This file is not a %(kind)s file, as its name says.") % {"kind": kind.label}
        )
    uploaded.seek(0)
    return CheckedFile(name, extension, kind, size, digest.hexdigest())


def _content_matches(stream: IO[bytes] | UploadedFile[bytes], kind: Kind) -> bool:
    head = stream.read(8)
    signature = SIGNATURES.get(kind)
    if signature is not None:
        return bytes(head).startswith(signature)
    if not bytes(head).startswith(ZIP_SIGNATURE):
        return False
    stream.seek(0)
    return _office_package_matches(stream, kind)


def _office_package_matches(stream: Any, kind: Kind) -> bool:
    try:
        with zipfile.ZipFile(stream) as package:
            parts = package.infolist()
            _refuse_bombs(parts)
            names = {part.filename for part in parts}
            if "[Content_Types].xml" not in names or kind.main_part.lstrip("/") not in names:
                return False
            if any(part.flag_bits & 0x1 for part in parts):  # encrypted parts
                return False
            with package.open("[Content_Types].xml") as handle:
                text = handle.read(MAX_CONTENT_TYPES + 1)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, RuntimeError, ValueError):
        return False
    if len(text) > MAX_CONTENT_TYPES:
        return False
    try:
        types = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return False
    return any(
        override.get("PartName", "").lower() == kind.main_part
        and override.get("ContentType") == kind.main_type
        for override in types.iter(f"{CONTENT_TYPES_NS}Override")
    )


def _refuse_bombs(parts: Sequence[zipfile.ZipInfo]) -> None:
    """Refuse a package whose directory says it unpacks to far more than it is."""
    unpacked = sum(part.file_size for part in parts)
    suspicious = any(
        part.file_size > MB and part.file_size > MAX_RATIO * max(part.compress_size, 1)
        for part in parts
    )
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED or suspicious:
        raise AssessmentError(
            _("This file unpacks to far more than its size; it cannot be accepted.")
        )


def size_text(size: int) -> str:
    """A file size in the reader's units (ไบต์, กิโลไบต์, เมกะไบต์)."""
    if size < 1024:
        return _("%(size)s bytes") % {"size": size}
    if size < MB:
        return _("%(size)s KB") % {"size": _short(size / 1024)}
    return _("%(size)s MB") % {"size": _short(size / MB)}


def _short(value: float) -> str:
    text = f"{value:,.1f}"
    return text.removesuffix(".0")


# --- who may change a result's evidence, and when -------------------------------------------


def may_change(result: IndicatorResult, today: dt.date | None = None) -> bool:
    """Whether the agency may change the result's evidence now: the dates and states in which
    it may change the result (ges.assessments.actions has no public helper for this yet, so the
    rule is restated here)."""
    submission = result.submission
    round = submission.round
    if round.is_closed or submission.status == SubmissionStatus.FINAL:
        return False
    if result.status not in AGENCY_EDITABLE:
        return False
    today = today or timezone.localdate()
    reopened = result.reopened_until is not None and result.reopened_until >= today
    return today <= round.last_day or result.status == ResultStatus.RETURNED or reopened


def _ensure_editor(actor: Actor, result: IndicatorResult) -> None:
    organization = result.submission.organization
    if actor.user is not None and not has_perm(actor.user, Perm.SUBMISSION_EDIT, organization):
        raise AssessmentError(_("You may not change the evidence of this agency."))
    if not may_change(result):
        raise AssessmentError(
            _("The evidence of this indicator cannot be changed now: it is %(status)s.")
            % {"status": _state_text(result)}
        )


def _state_text(result: IndicatorResult) -> str:
    round = result.submission.round
    if round.is_closed or result.submission.status == SubmissionStatus.FINAL:
        return _("final")
    if result.status not in AGENCY_EDITABLE:
        return str(result.get_status_display())
    return _("past the round's last day")


def _lock(result: IndicatorResult) -> IndicatorResult:
    return (
        IndicatorResult.objects.select_for_update(of=("self",))
        .select_related("submission__round", "submission__organization", "indicator")
        .get(pk=result.pk)
    )


def _facts(evidence: Evidence, result: IndicatorResult | None = None) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "name": evidence.name,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "content_type": evidence.content_type,
        "is_public": evidence.is_public,
    }
    if result is not None:
        facts["result"] = result.pk
        facts["indicator"] = result.indicator.number
        facts["round"] = result.submission.round_id
    return facts


# --- actions -------------------------------------------------------------------------------------


def upload_evidence(
    actor: Actor,
    result: IndicatorResult,
    uploaded_file: UploadedFile[bytes],
    *,
    description: str = "",
    is_public: bool = False,
) -> Evidence:
    """Store a file as evidence of `result` (agency editor). The same content already stored
    for this agency and indicator is linked instead of stored again. Raises AssessmentError;
    a refusal or a failure stores nothing and leaves no file behind."""
    _ensure_editor(actor, result)
    description = description.strip()
    if len(description) > 500:
        raise AssessmentError(_("Keep the description to 500 characters or fewer."))
    if actor.user is None:
        raise ValueError("Evidence is uploaded by a person: the actor needs a user.")
    checked = check_file(uploaded_file)
    stored: str | None = None
    evidence = Evidence()
    try:
        with transaction.atomic():
            result = _lock(result)
            _ensure_editor(actor, result)
            existing = (
                Evidence.objects.filter(
                    organization=result.submission.organization_id,
                    indicator=result.indicator_id,
                    sha256=checked.sha256,
                )
                .order_by("pk")
                .first()
            )
            if existing is not None:
                _link(actor, result, existing, reused=True)
                return existing
            evidence = Evidence(
                organization=result.submission.organization,
                indicator=result.indicator,
                name=checked.name,
                content_type=checked.kind.content_type,
                size=checked.size,
                sha256=checked.sha256,
                description=description,
                is_public=is_public,
                uploaded_by=actor.user,
            )
            evidence.file.save(f"{uuid.uuid4().hex}.{checked.extension}", uploaded_file, save=False)
            stored = evidence.file.name
            evidence.save()
            result.evidence.add(evidence)
            record(
                actor,
                "assessments.evidence.upload",
                evidence,
                after=_facts(evidence, result) | {"description": description},
            )
            return evidence
    except BaseException:
        # The row went with the rolled-back transaction; the stored copy must go too. (A caller's
        # own outer transaction rolling back later is not seen here.)
        if stored:
            evidence.file.storage.delete(stored)
        raise


def attach_evidence(actor: Actor, result: IndicatorResult, evidence: Evidence) -> Evidence:
    """Link a file stored earlier (another round of the same indicator) to `result`: only a file
    of the same agency and the same indicator."""
    with transaction.atomic():
        result = _lock(result)
        _ensure_editor(actor, result)
        if (
            evidence.organization_id != result.submission.organization_id
            or evidence.indicator_id != result.indicator_id
        ):
            raise AssessmentError(
                _("Only files of this agency for this indicator can be attached here.")
            )
        _link(actor, result, evidence, reused=False)
    return evidence


def _link(actor: Actor, result: IndicatorResult, evidence: Evidence, *, reused: bool) -> None:
    if result.evidence.filter(pk=evidence.pk).exists():
        return
    result.evidence.add(evidence)
    facts = _facts(evidence, result) | {"reused": reused}
    record(actor, "assessments.evidence.attach", evidence, after=facts)


def detach_evidence(actor: Actor, result: IndicatorResult, evidence: Evidence) -> None:
    """Remove a file from `result`. A file no other result uses is deleted with its stored copy
    (after the transaction commits)."""
    with transaction.atomic():
        result = _lock(result)
        _ensure_editor(actor, result)
        if not result.evidence.filter(pk=evidence.pk).exists():
            raise AssessmentError(_("This file is not part of this indicator's evidence."))
        result.evidence.remove(evidence)
        orphan = not evidence.results.exists()
        record(
            actor,
            "assessments.evidence.detach",
            evidence,
            before=_facts(evidence, result),
            after={"result": result.pk, "deleted": orphan},
        )
        if orphan:
            stored, storage = evidence.file.name or "", evidence.file.storage
            evidence.delete()
            if stored:
                transaction.on_commit(lambda: storage.delete(stored))


def set_public(actor: Actor, evidence: Evidence, is_public: bool) -> Evidence:
    """Mark a file public (anyone may download it once a round it belongs to is closed) or not;
    the agency editor decides."""
    with transaction.atomic():
        evidence = (
            Evidence.objects.select_for_update(of=("self",))
            .select_related("organization")
            .get(pk=evidence.pk)
        )
        if actor.user is not None and not has_perm(
            actor.user, Perm.SUBMISSION_EDIT, evidence.organization
        ):
            raise AssessmentError(_("You may not change the evidence of this agency."))
        if evidence.is_public == is_public:
            return evidence
        evidence.is_public = is_public
        evidence.save(update_fields=["is_public"])
        record(
            actor,
            "assessments.evidence.public",
            evidence,
            before={"is_public": not is_public},
            after={"is_public": is_public},
        )
    return evidence


# --- access ----------------------------------------------------------------------------------


def get_evidence_for_user(user: Person, pk: int) -> Evidence:
    """A file the user may download: anyone with Perm.SUBMISSION_VIEW over its agency; anyone
    at all (signed in or not) when it is public and a round it belongs to is closed. 404
    otherwise, never revealing that it exists."""
    evidence = Evidence.objects.select_related("organization").filter(pk=pk).first()
    if evidence is None:
        raise Http404
    if has_perm(user, Perm.SUBMISSION_VIEW, evidence.organization):
        return evidence
    if (
        evidence.is_public
        and evidence.results.filter(submission__round__closed_at__isnull=False).exists()
    ):
        return evidence
    raise Http404


# --- what the evidence panel of a result shows ------------------------------------------------


@dataclass(frozen=True)
class EvidenceFile:
    evidence: Evidence
    size: str  # in the reader's units


@dataclass
class EvidencePanel:
    """The evidence of one indicator result (templates/assessments/_evidence.html)."""

    result: IndicatorResult
    files: list[EvidenceFile] = field(default_factory=list)
    # Files of this agency for this indicator from other rounds, not attached here.
    reusable: list[EvidenceFile] = field(default_factory=list)
    may_edit: bool = False
    error: str = ""
    accept: str = ACCEPT
    max_mb: int = 0


def evidence_panels(
    results: Sequence[IndicatorResult], editable: Container[int]
) -> dict[int, EvidencePanel]:
    """The panels of many results of one submission, by result pk, in two queries; `editable`
    holds the pks of the results whose evidence the viewer may change."""
    panels = {
        result.pk: EvidencePanel(
            result, may_edit=result.pk in editable, max_mb=settings.GES_EVIDENCE_MAX_MB
        )
        for result in results
    }
    if not results:
        return panels
    links = (
        IndicatorResult.evidence.through.objects.filter(indicatorresult__in=list(panels))
        .select_related("evidence")
        .order_by("evidence__uploaded_at", "evidence_id")
    )
    attached: dict[int, set[int]] = defaultdict(set)
    for link in links:
        panels[link.indicatorresult_id].files.append(_file(link.evidence))
        attached[link.indicatorresult_id].add(link.evidence_id)
    editing = [result for result in results if result.pk in editable]
    if not editing:
        return panels
    earlier: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    for evidence in Evidence.objects.filter(
        organization__in={result.submission.organization_id for result in editing},
        indicator__in={result.indicator_id for result in editing},
    ).order_by("-uploaded_at", "-pk"):
        earlier[evidence.organization_id, evidence.indicator_id].append(evidence)
    for result in editing:
        panels[result.pk].reusable = [
            _file(evidence)
            for evidence in earlier[result.submission.organization_id, result.indicator_id]
            if evidence.pk not in attached[result.pk]
        ]
    return panels


def _file(evidence: Evidence) -> EvidenceFile:
    return EvidenceFile(evidence, size_text(evidence.size))


def evidence_panel(user: Person, result: IndicatorResult, error: str = "") -> EvidencePanel:
    """The panel of one result as `user` sees it (the evidence views answer htmx with it)."""
    organization = result.submission.organization
    editable = has_perm(user, Perm.SUBMISSION_EDIT, organization) and may_change(result)
    panel = evidence_panels([result], {result.pk} if editable else set())[result.pk]
    panel.error = error
    return panel
