"""Exporting the organisation list as CSV and Excel: the columns the import reads, within scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ges.lib import tabular
from ges.orgs import exports
from ges.testing import make_org


def exported(client, file_format: str) -> dict[str, dict[str, str]]:
    response = client.get(reverse("orgs:export", args=[file_format]))
    assert response.status_code == 200
    header, rows = tabular.read_table(response.content, f"export.{file_format}")
    assert header == exports.COLUMNS
    return {row.values["code"]: row.values for row in rows}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_it_exports_every_organisation_to_framework_admins(world, login, file_format):
    make_org(
        world.division,
        code="OFF",
        name_th="งานที่ปิดแล้ว",
        name_en="Closed unit",
        short_name="ปด.",
        is_active=False,
    )
    rows = exported(login(world.framework_admin), file_format)
    assert set(rows) == {"MOF", "OPS", "DIV", "CGD", "MOC", "DITP", "OPDC", "OFF"}
    assert rows["OFF"] == {
        "code": "OFF",
        "parent_code": "DIV",
        "kind": "department",
        "name_th": "งานที่ปิดแล้ว",
        "name_en": "Closed unit",
        "short_name": "ปด.",
        "is_active": "0",
    }
    assert rows["MOF"]["parent_code"] == "" and rows["MOF"]["kind"] == "ministry"
    assert rows["OPS"]["is_active"] == "1"


def test_it_writes_csv_that_excel_opens_as_utf8(world, login):
    response = login(world.framework_admin).get(reverse("orgs:export", args=["csv"]))
    assert response["Content-Type"] == tabular.CSV_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="ges-organizations.csv"'
    assert response.content.startswith(b"\xef\xbb\xbfcode,parent_code,kind,")
    assert "กระทรวงการคลัง".encode() in response.content


def test_it_writes_an_excel_workbook(world, login):
    response = login(world.framework_admin).get(reverse("orgs:export", args=["xlsx"]))
    assert response["Content-Type"] == tabular.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="ges-organizations.xlsx"'
    assert response.content.startswith(b"PK")


@pytest.mark.parametrize(
    ("persona", "codes"),
    [
        ("viewer", {"MOF", "OPS", "DIV", "CGD"}),
        ("evaluator", {"MOF", "OPS", "DIV", "CGD"}),
        ("editor", {"OPS", "DIV"}),
        ("org_admin", {"OPS", "DIV"}),
        ("owner", {"CGD"}),
        ("outsider", {"DITP"}),
        ("nobody", set()),
    ],
)
def test_it_exports_only_what_the_person_may_see(world, login, persona, codes):
    for file_format in ("csv", "xlsx"):
        assert set(exported(login(getattr(world, persona)), file_format)) == codes


def test_it_answers_404_for_unknown_formats(world, login):
    client = login(world.framework_admin)
    for file_format in ("pdf", "json", "xls", "CSV"):
        assert client.get(reverse("orgs:export", args=[file_format])).status_code == 404


def test_it_asks_anonymous_visitors_to_log_in(world, client):
    for file_format in ("csv", "xlsx"):
        response = client.get(reverse("orgs:export", args=[file_format]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_refuses_post(world, login):
    response = login(world.framework_admin).post(reverse("orgs:export", args=["csv"]))
    assert response.status_code == 405


def test_it_exports_with_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.framework_admin)
    for index in range(60):
        make_org(world.department if index % 2 else world.other_ministry, code=f"Q{index}")
    for file_format in ("csv", "xlsx"):
        with django_assert_max_num_queries(5):
            response = client.get(reverse("orgs:export", args=[file_format]))
        assert response.status_code == 200
