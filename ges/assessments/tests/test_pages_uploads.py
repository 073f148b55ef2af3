"""The pages of results from indicator owners: the list of indicators of a round, the template,
the upload form, the preview with an error per row, applying; who may not; fixed queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from ges.assessments import upload_file, uploads
from ges.assessments.models import IndicatorResult, ItemResult, ResultUpload, UploadStatus
from ges.assessments.tests.scenario import scenario
from ges.assessments.tests.test_uploads import (
    ROWS,
    UploadWorld,
    add_standard,
    csv_bytes,
    upload_rows,
    upload_world,
)
from ges.audit.log import Actor
from ges.audit.models import AuditEntry
from ges.frameworks.models import Round
from ges.lib import tabular
from ges.orgs.models import Role
from ges.testing import make_member, make_org

__all__ = ["scenario", "upload_world"]


def csv_file(w: UploadWorld, *rows: list[str], name: str = "results.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes([w.header(), *rows]), content_type="text/csv")


def urls(w: UploadWorld) -> dict[str, str]:
    args = [w.round.pk, w.standard.pk]
    return {
        "index": reverse("assessments:uploads", args=[w.round.pk]),
        "template": reverse("assessments:upload_template", args=args),
        "upload": reverse("assessments:upload", args=args),
    }


def test_the_owner_uploads_checks_and_applies_a_file(
    world: Any, login: Any, upload_world: UploadWorld
) -> None:
    w = upload_world
    client: Client = login(world.owner)
    round_page = client.get(reverse("assessments:round", args=[w.round.pk])).content.decode()
    assert urls(w)["index"] in round_page
    index = client.get(urls(w)["index"])
    assert index.status_code == 200
    page = index.content.decode()
    assert f'href="{urls(w)["template"]}"' in page and f'href="{urls(w)["upload"]}"' in page
    template = client.get(urls(w)["template"])
    assert template["Content-Type"] == tabular.XLSX_CONTENT_TYPE
    assert "ges-results-S1-round-" in template["Content-Disposition"]
    _header, rows = tabular.read_table(template.content, "t.xlsx")
    assert sorted(row.values[upload_file.CODE] for row in rows) == ["DITP", "OPS"]
    assert client.get(urls(w)["upload"]).status_code == 200

    response = client.post(urls(w)["upload"], {"file": csv_file(w, *ROWS)})
    batch = ResultUpload.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:upload_preview", args=[batch.pk])
    assert not ItemResult.objects.exists()
    preview = client.get(response["Location"]).content.decode()
    assert 'id="upload-apply-form"' in preview and 'data-action="change"' in preview
    assert "สำนักงานปลัดกระทรวงการคลัง" in preview

    applied = client.post(reverse("assessments:upload_apply", args=[batch.pk]))
    assert applied.status_code == 302
    batch.refresh_from_db()
    assert batch.status == UploadStatus.APPLIED
    assert ItemResult.objects.count() == 5
    assert IndicatorResult.objects.get(indicator=w.copies["DITP"]).self_score == 100
    result_page = client.get(applied["Location"]).content.decode()
    assert 'id="upload-apply-form"' not in result_page
    assert batch.filename in client.get(urls(w)["index"]).content.decode()
    # applying again changes nothing
    again = client.post(reverse("assessments:upload_apply", args=[batch.pk]))
    assert again.status_code == 302
    assert AuditEntry.objects.filter(action="assessments.upload.applied").count() == 1


def test_a_file_with_a_wrong_row_shows_the_error_and_offers_no_apply(
    world: Any, login: Any, upload_world: UploadWorld
) -> None:
    w = upload_world
    client = login(world.owner)
    response = client.post(
        urls(w)["upload"], {"file": csv_file(w, ROWS[0], ["NOPE", "", "ใช่ไหม", "", ""])}
    )
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert 'id="upload-errors"' in page and 'id="upload-apply-form"' not in page
    assert 'id="row-3-problem"' in page and "NOPE" in page
    only_errors = client.get(response["Location"] + "?show=errors").content.decode()
    assert 'id="row-2"' not in only_errors and 'id="row-3"' in only_errors
    # a hand-made POST to apply saves nothing
    batch = ResultUpload.objects.get()
    refused = client.post(reverse("assessments:upload_apply", args=[batch.pk]))
    assert refused.status_code == 200 and 'id="upload-errors"' in refused.content.decode()
    assert not ItemResult.objects.exists()
    assert ResultUpload.objects.get().status == UploadStatus.PREVIEWED


def test_an_unreadable_file_stays_on_the_form_with_the_reason(
    world: Any, login: Any, upload_world: UploadWorld
) -> None:
    w = upload_world
    bad = SimpleUploadedFile("results.xlsx", b"%PDF-1.7\x00\x01", content_type="application/pdf")
    response = login(world.owner).post(urls(w)["upload"], {"file": bad})
    assert response.status_code == 200
    assert "(.xlsx)" in response.content.decode()
    assert not ResultUpload.objects.exists()


def test_an_oversize_file_is_refused_while_it_arrives(
    world: Any, login: Any, upload_world: UploadWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = upload_world
    monkeypatch.setattr(upload_file, "MAX_FILE_BYTES", 100)
    response = login(world.owner).post(urls(w)["upload"], {"file": csv_file(w, *ROWS * 5)})
    assert response.status_code == 200 and "MB" in response.content.decode()
    assert not ResultUpload.objects.exists()


def test_a_closed_round_takes_no_upload(world: Any, login: Any, upload_world: UploadWorld) -> None:
    w = upload_world
    Round.objects.filter(pk=w.round.pk).update(closed_at="2026-10-01T00:00:00+07:00")
    client = login(world.owner)
    assert f'href="{urls(w)["upload"]}"' not in client.get(urls(w)["index"]).content.decode()
    response = client.post(urls(w)["upload"], {"file": csv_file(w, *ROWS)})
    assert response.status_code == 200
    assert not ResultUpload.objects.exists()


def test_changes_take_post_and_a_csrf_token(
    world: Any, login: Any, upload_world: UploadWorld
) -> None:
    w = upload_world
    batch = upload_rows(w, *ROWS)
    client = login(world.owner)
    assert client.get(reverse("assessments:upload_apply", args=[batch.pk])).status_code == 405
    assert client.post(urls(w)["template"]).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.owner)
    assert strict.post(reverse("assessments:upload_apply", args=[batch.pk])).status_code == 403
    assert strict.post(urls(w)["upload"], {"file": csv_file(w, *ROWS)}).status_code == 403
    assert ResultUpload.objects.get().status == UploadStatus.PREVIEWED
    assert ResultUpload.objects.count() == 1


@pytest.mark.parametrize("name", ["editor", "approver", "evaluator", "viewer", "nobody"])
def test_people_without_the_right_to_upload_get_403(
    world: Any, login: Any, upload_world: UploadWorld, name: str
) -> None:
    w = upload_world
    batch = upload_rows(w, *ROWS)
    client = login(getattr(world, name))
    round_page = client.get(reverse("assessments:round", args=[w.round.pk]))
    assert urls(w)["index"] not in round_page.content.decode()
    for url in urls(w).values():
        assert client.get(url).status_code == 403
    assert client.post(urls(w)["upload"], {"file": csv_file(w, *ROWS)}).status_code == 403
    assert client.get(reverse("assessments:upload_preview", args=[batch.pk])).status_code == 403
    assert client.post(reverse("assessments:upload_apply", args=[batch.pk])).status_code == 403
    assert ResultUpload.objects.count() == 1 and not ItemResult.objects.exists()


def test_another_organisations_indicator_and_upload_are_404(
    world: Any, login: Any, upload_world: UploadWorld
) -> None:
    w = upload_world
    batch = upload_rows(w, *ROWS)
    other_owner = make_member(world.other_ministry, Role.INDICATOR_OWNER)
    theirs = add_standard(w.scenario.framework, world.other_ministry, [make_org(code="Z1")], "S7")
    their_batch = uploads.start_upload(
        Actor(other_owner),
        w.round,
        theirs,
        "theirs.csv",
        upload_file.read_upload_file(
            csv_bytes([w.header(), ["Z1", "", "ผ่าน", "", ""]]), "theirs.csv", w.columns
        ),
    )
    client = login(world.owner)
    index = client.get(urls(w)["index"]).content.decode()
    assert "theirs.csv" not in index and "S7" not in index
    theirs_args = [w.round.pk, theirs.pk]
    assert client.get(reverse("assessments:upload_template", args=theirs_args)).status_code == 404
    assert client.get(reverse("assessments:upload", args=theirs_args)).status_code == 404
    assert (
        client.get(reverse("assessments:upload_preview", args=[their_batch.pk])).status_code == 404
    )
    assert (
        client.post(reverse("assessments:upload_apply", args=[their_batch.pk])).status_code == 404
    )
    assert ResultUpload.objects.get(pk=their_batch.pk).status == UploadStatus.PREVIEWED
    # and the other owner cannot reach ours
    theirs_client = login(other_owner)
    assert theirs_client.get(urls(w)["template"]).status_code == 404
    assert (
        theirs_client.post(reverse("assessments:upload_apply", args=[batch.pk])).status_code == 404
    )
    # unknown round or indicator
    assert client.get(reverse("assessments:uploads", args=[999999])).status_code == 404
    assert (
        client.get(reverse("assessments:upload", args=[w.round.pk, w.copies["OPS"].pk])).status_code
        == 404
    )


def test_the_preview_takes_a_fixed_number_of_queries(
    world: Any,
    login: Any,
    upload_world: UploadWorld,
    django_assert_max_num_queries: Any,
) -> None:
    w = upload_world
    agencies = [make_org(code=f"Q{n}") for n in range(40)]
    many = add_standard(w.scenario.framework, world.sibling, agencies, "S3")
    rows = [[f"Q{n}", "", "ผ่าน" if n % 2 else "x", str(n), ""] for n in range(40)]
    table = upload_file.read_upload_file(
        csv_bytes([w.header(), *rows, ["NOPE", "", "", "", ""]]), "many.csv", w.columns
    )
    batch = uploads.start_upload(Actor(world.owner), w.round, many, "many.csv", table)
    client = login(world.owner)
    url = reverse("assessments:upload_preview", args=[batch.pk])
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="row__problem"') == 21
    with django_assert_max_num_queries(7):
        assert client.get(urls(w)["index"]).status_code == 200
