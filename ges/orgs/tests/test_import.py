"""Importing the organisation list: checking every row, preview, apply, and who may do it."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from ges.audit.log import Actor
from ges.audit.models import AuditEntry
from ges.lib import tabular
from ges.orgs import actions, imports
from ges.orgs.models import ImportStatus, Organization, OrganizationImport, Role
from ges.testing import make_member, make_org

HEADER = "code,parent_code,kind,name_th,name_en,short_name,is_active"
EXAMPLES = settings.BASE_DIR / "docs" / "examples"
OTHER_PERSONAS = ["evaluator", "owner", "editor", "approver", "viewer", "org_admin", "outsider"]


def csv_bytes(*lines: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *lines]).encode()


def plan(*lines: str, header: str = HEADER) -> imports.ImportPlan:
    with translation.override("en"):
        table = imports.read_organization_file(csv_bytes(*lines, header=header), "orgs.csv")
        return imports.plan_import(table)


def errors(result: imports.ImportPlan) -> dict[int, list[str]]:
    return {row.number: row.errors for row in result.rows if row.errors}


def file_error(data: bytes, filename: str = "orgs.csv") -> str:
    with translation.override("en"), pytest.raises(imports.ImportFileError) as caught:
        imports.read_organization_file(data, filename)
    return str(caught.value)


def upload(client, data: bytes, name: str = "orgs.csv"):
    return client.post(reverse("orgs:import"), {"file": SimpleUploadedFile(name, data)})


def upload_and_preview(client, data: bytes, name: str = "orgs.csv") -> OrganizationImport:
    response = upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[-2000:]
    batch = OrganizationImport.objects.get()
    assert response["Location"] == reverse("orgs:import_preview", args=[batch.pk])
    return batch


def apply(client, batch: OrganizationImport):
    return client.post(reverse("orgs:import_apply", args=[batch.pk]))


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# Checking rows ---------------------------------------------------------------------------


def test_it_plans_additions_updates_and_unchanged_rows(world):
    result = plan(
        "MOF,,ministry,กระทรวงการคลัง,,,1",
        "OPS,MOF,department,สำนักงานปลัดกระทรวงการคลัง (ใหม่),,,1",
        "NEW,OPS,division,กองใหม่,New Division,กม.,1",
    )
    assert not result.has_errors
    actions_by_code = {row.code: row.action for row in result.rows}
    assert actions_by_code == {
        "MOF": imports.RowAction.UNCHANGED,
        "OPS": imports.RowAction.UPDATE,
        "NEW": imports.RowAction.CREATE,
    }
    assert result.rows[1].changes == ["name_th"]
    assert result.counts() == {"rows": 3, "created": 1, "updated": 1, "unchanged": 1, "errors": 0}


def test_it_requires_code_kind_and_thai_name(world):
    result = plan(",MOF,department,กรมหนึ่ง,,,1", "A2,MOF,,กรมสอง,,,1", "A3,MOF,department,,,,1")
    found = errors(result)
    assert list(found) == [2, 3, 4]
    assert found[2] == ["Code is required."]
    assert found[3] == ["Kind is required."]
    assert found[4] == ["Name (Thai) is required."]


def test_it_names_both_rows_of_a_duplicate_code(world):
    result = plan(
        "DUP,MOF,department,กรมหนึ่ง,,,1",
        "OK1,MOF,department,กรมสอง,,,1",
        "DUP,MOF,department,กรมสาม,,,1",
    )
    found = errors(result)
    assert list(found) == [2, 4]
    assert all("DUP" in found[n][0] and "rows 2, 4" in found[n][0] for n in (2, 4))


def test_it_accepts_parents_from_the_file_or_from_ges_but_no_others(world):
    result = plan(
        "CHILD,NEWPARENT,division,กองลูก,,,1",
        "NEWPARENT,CGD,department,กรมใหม่,,,1",
        "LOST,NOWHERE,division,กองหลงทาง,,,1",
    )
    assert errors(result) == {
        4: ["No organisation has the parent code NOWHERE, in this file or in GES."]
    }


def test_it_refuses_an_organisation_that_is_its_own_parent(world):
    result = plan("SELF,SELF,department,กรมวน,,,1")
    assert errors(result) == {2: ["An organisation cannot be its own parent."]}


def test_it_finds_cycles_within_the_file(world):
    result = plan(
        "A,B,department,กรมเอ,,,1",
        "B,A,department,กรมบี,,,1",
        "C,A,division,กองซี,,,1",
    )
    found = errors(result)
    assert found == {
        2: ["A would end up under itself: A → B → A."],
        3: ["B would end up under itself: B → A → B."],
    }


def test_it_finds_a_move_under_the_organisations_own_unit(world):
    # DIV sits under OPS in GES; moving OPS under DIV would close a loop through GES's rows.
    result = plan("OPS,DIV,department,สำนักงานปลัดกระทรวงการคลัง,,,1")
    assert errors(result) == {2: ["OPS would end up under itself: OPS → DIV → OPS."]}
    result = plan("MOF,DIV,ministry,กระทรวงการคลัง,,,1")
    assert errors(result) == {2: ["MOF would end up under itself: MOF → DIV → OPS → MOF."]}


def test_it_allows_swapping_a_parent_and_its_child_in_one_file(world):
    result = plan(
        "OPS,DIV,department,สำนักงานปลัดกระทรวงการคลัง,,,1",
        "DIV,MOF,division,สำนักตรวจสอบและประเมินผล,,,1",
    )
    assert not result.has_errors
    assert [row.code for row in result.in_apply_order()] == ["DIV", "OPS"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("department", "department"),
        ("Department", "department"),
        ("กรม", "department"),
        ("กระทรวง", "ministry"),
        ("จังหวัด", "province"),
        ("องค์การมหาชน", "public_organization"),
        ("หน่วยงานภายใน", "division"),
        ("Internal division", "division"),
        ("local_government", "local_government"),
    ],
)
def test_it_reads_kinds_by_code_or_name(world, text, kind):
    result = plan(f"K1,MOF,{text},หน่วยงาน,,,1")
    assert not result.has_errors
    assert result.rows[0].target["kind"] == kind


def test_it_refuses_unknown_kinds(world):
    result = plan("K1,MOF,ทบวง,หน่วยงาน,,,1")
    [message] = errors(result)[2]
    assert message.startswith("Unknown kind “ทบวง”. Use one of: ministry (Ministry)")


def test_it_refuses_values_that_are_too_long(world):
    result = plan(f"{'X' * 33},MOF,department,กรม,,{'ย' * 65},1")
    assert errors(result) == {
        2: [
            "Code is too long: 33 characters, at most 32.",
            "Short name is too long: 65 characters, at most 64.",
        ]
    }


@pytest.mark.parametrize(
    ("text", "active"),
    [
        ("", True),
        ("1", True),
        ("0", False),
        ("TRUE", True),
        ("false", False),
        ("ใช่", True),
        ("ไม่ใช่", False),
    ],
)
def test_it_reads_yes_and_no(world, text, active):
    result = plan(f"Y1,MOF,department,กรม,,,{text}")
    assert not result.has_errors
    assert result.rows[0].target["is_active"] is active


def test_it_refuses_other_answers_for_active(world):
    result = plan("Y1,MOF,department,กรม,,,maybe")
    assert errors(result) == {2: ["“maybe” is not a yes/no value for Active. Write 1 or 0."]}


def test_it_reads_thai_column_names(world):
    header = "รหัส,รหัสหน่วยงานแม่,ประเภท,ชื่อภาษาไทย,ชื่อภาษาอังกฤษ,ชื่อย่อ,ใช้งาน"
    result = plan("TH1,MOF,กรม,กรมภาษาไทย,Thai Department,กท.,ใช่", header=header)
    assert not result.has_errors
    row = result.rows[0]
    assert row.action == imports.RowAction.CREATE
    assert row.target == {
        "kind": "department",
        "name_th": "กรมภาษาไทย",
        "name_en": "Thai Department",
        "short_name": "กท.",
        "is_active": True,
    }


def test_it_keeps_current_values_of_columns_left_out(world):
    make_org(world.ministry, code="KEEP", name_th="กรมเดิม", name_en="Old", short_name="กด.")
    result = plan("KEEP,MOF,department,กรมเดิม", header="code,parent_code,kind,name_th,note")
    assert result.rows[0].action == imports.RowAction.UNCHANGED
    assert result.rows[0].target["short_name"] == "กด."


def test_it_numbers_rows_as_the_spreadsheet_does(world):
    data = csv_bytes("OK1,MOF,department,กรม,,,1", "", "BAD,MOF,ทบวง,กรม,,,1")
    table = imports.read_organization_file(data, "orgs.csv")
    assert [row.number for row in table.rows] == [2, 4]


def test_it_checks_nine_thousand_rows_with_one_query(world, django_assert_num_queries):
    lines = [
        f"N{i},{'MOF' if i < 100 else f'N{i % 100}'},division,หน่วย {i},,,1" for i in range(9000)
    ]
    table = imports.read_organization_file(csv_bytes(*lines), "orgs.csv")
    with django_assert_num_queries(1):
        result = imports.plan_import(table)
    assert not result.has_errors and result.count(imports.RowAction.CREATE) == 9000


# File-level errors -----------------------------------------------------------------------


def test_it_tells_the_user_to_save_csv_as_utf8():
    data = (HEADER + "\nX1,MOF,กรม,กรมทดสอบ,,,1\n").encode("cp874")
    message = file_error(data)
    assert "Line 2" in message and "CSV UTF-8" in message


def test_it_refuses_files_it_cannot_read():
    assert "cannot read" in file_error(b"not a workbook", "orgs.xlsx")
    assert "cannot read" in file_error(b"code\nX", "orgs.txt")


def test_it_refuses_empty_files_and_files_without_rows():
    assert "empty" in file_error(b"")
    assert "empty" in file_error(b"\n,,\n")
    assert "no organisations" in file_error(HEADER.encode())


def test_it_names_missing_columns():
    message = file_error(b"code,name_th\nX,Y")
    assert "parent_code, kind" in message


def test_it_refuses_a_column_given_twice():
    data = "code,parent_code,kind,name_th,รหัส\nX,,ministry,Y,Z".encode()
    assert "appears more than once" in file_error(data)


def test_it_limits_rows_and_size(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 2)
    assert "at most 2" in file_error(csv_bytes("A,,ministry,ก", "B,,ministry,ข", "C,,ministry,ค"))
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 50)
    assert "larger than" in file_error(b"x" * 51)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        ((HEADER + "\nX1,MOF,กรม,กรมทดสอบ,,,1\n").encode("cp874"), "thai.csv"),
        (b"garbage", "orgs.xlsx"),
        (b"", "orgs.csv"),
        (b"code,name_th\nX,Y", "orgs.csv"),
        (b"%PDF-1.7", "orgs.pdf"),
    ],
)
def test_it_shows_file_errors_on_the_upload_page_and_keeps_nothing(world, login, data, name):
    response = upload(login(world.framework_admin), data, name)
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    assert not OrganizationImport.objects.exists()


def test_it_refuses_a_large_upload_on_the_page(world, login, monkeypatch):
    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 100)
    response = upload(login(world.framework_admin), csv_bytes(*["A,,ministry,ก"] * 20))
    assert response.status_code == 200 and 'id="id_file_error"' in response.content.decode()
    assert not OrganizationImport.objects.exists()


# Preview and apply -----------------------------------------------------------------------


def test_it_previews_without_changing_anything(world, login):
    client = login(world.framework_admin)
    before = Organization.objects.count()
    batch = upload_and_preview(client, csv_bytes("NEW,OPS,division,กองใหม่,,,1"))
    assert batch.uploaded_by == world.framework_admin
    assert batch.status == ImportStatus.PREVIEWED and batch.filename == "orgs.csv"
    assert batch.rows == [
        {
            "number": 2,
            "values": {
                "code": "NEW",
                "parent_code": "OPS",
                "kind": "division",
                "name_th": "กองใหม่",
                "name_en": "",
                "short_name": "",
                "is_active": "1",
            },
        }
    ]
    response = client.get(reverse("orgs:import_preview", args=[batch.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "กองใหม่" in body and 'data-action="create"' in body
    assert 'id="import-apply-form"' in body and "row--error" not in body
    assert Organization.objects.count() == before


def test_it_imports_nothing_while_a_row_has_an_error(world, login):
    client = login(world.framework_admin)
    batch = upload_and_preview(
        client,
        csv_bytes("GOOD,OPS,division,กองดี,,,1", "BAD,NOWHERE,division,กองเสีย,,,1"),
    )
    response = client.get(reverse("orgs:import_preview", args=[batch.pk]))
    body = response.content.decode()
    assert 'id="row-3" data-action="" class="row--error"' in body
    assert 'id="import-apply-form"' not in body

    response = apply(client, batch)
    assert response.status_code == 200
    assert 'class="row--error"' in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED
    assert not Organization.objects.filter(code__in=["GOOD", "BAD"]).exists()
    assert not AuditEntry.objects.filter(action__startswith="org.import").exists()


def test_it_imports_a_fixed_file_and_writes_the_audit_log(world, login):
    client = login(world.framework_admin)
    bad = upload_and_preview(client, csv_bytes("GOOD,OPS,division,กองดี,,,1", "BAD,,ทบวง,x,,,1"))
    apply(client, bad)
    OrganizationImport.objects.all().delete()
    entries_before = AuditEntry.objects.count()

    batch = upload_and_preview(
        client,
        csv_bytes(
            "CHILD,GOOD,division,งานย่อย,,,0",
            "GOOD,OPS,division,กองดี,Good Division,กด.,1",
            "CGD,MOF,department,กรมบัญชีกลาง,Comptroller General's Department,บก.,1",
            "MOF,,ministry,กระทรวงการคลัง,,,1",
        ),
    )
    response = apply(client, batch)
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:import_preview", args=[batch.pk])

    good = Organization.objects.get(code="GOOD")
    child = Organization.objects.get(code="CHILD")
    world.department.refresh_from_db()
    assert good.parent == world.department and good.path == f"{world.department.path}{good.pk}/"
    assert child.parent == good and child.depth == 3 and not child.is_active
    assert Organization.objects.get(code="CGD").short_name == "บก."

    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED and batch.applied_by == world.framework_admin
    assert batch.applied_at is not None
    new_entries = AuditEntry.objects.order_by("id")[entries_before:]
    assert [entry.action for entry in new_entries] == [
        "org.updated",  # CGD (depth 1) before the new units below OPS
        "org.created",
        "org.created",
        "org.import.applied",
    ]
    summary = new_entries[3]
    assert summary.actor == world.framework_admin
    assert summary.object_id == str(batch.pk)
    assert summary.after == {
        "filename": "orgs.csv",
        "rows": 4,
        "created": 2,
        "updated": 1,
        "unchanged": 1,
        "errors": 0,
    }
    page = client.get(reverse("orgs:import_preview", args=[batch.pk])).content.decode()
    assert 'data-action="create"' in page and 'id="import-apply-form"' not in page


def test_it_refuses_to_apply_an_import_twice(world, login):
    client = login(world.framework_admin)
    batch = upload_and_preview(client, csv_bytes("ONCE,OPS,division,กองเดียว,,,1"))
    assert apply(client, batch).status_code == 302
    entries = AuditEntry.objects.count()
    response = apply(client, batch)
    assert response.status_code == 302
    assert AuditEntry.objects.count() == entries
    assert Organization.objects.filter(code="ONCE").count() == 1
    with pytest.raises(imports.ImportAlreadyApplied):
        imports.apply_import(Actor(world.framework_admin), batch.pk)


def test_it_checks_again_when_applying(world, login):
    client = login(world.framework_admin)
    batch = upload_and_preview(client, csv_bytes("OPS,CGD,department,สำนักงานปลัด,,,1"))
    page = client.get(reverse("orgs:import_preview", args=[batch.pk])).content.decode()
    assert 'id="import-apply-form"' in page
    # Meanwhile someone puts CGD under DIV, which sits under OPS: the file now makes a loop.
    actions.update_organization(Actor(world.framework_admin), world.sibling, world.division)
    entries = AuditEntry.objects.count()

    response = apply(client, batch)
    assert response.status_code == 200
    assert 'class="row--error"' in response.content.decode()
    world.department.refresh_from_db()
    assert world.department.parent == world.ministry
    assert world.department.name_th == "สำนักงานปลัดกระทรวงการคลัง"
    assert AuditEntry.objects.count() == entries
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED


def test_it_moves_subtrees_and_keeps_their_paths(world, login):
    client = login(world.framework_admin)
    deep = make_org(world.division, code="DEEP")
    batch = upload_and_preview(
        client,
        csv_bytes(
            # OPS goes under its former unit DIV, which moves up to MOF first.
            "OPS,DIV,department,สำนักงานปลัดกระทรวงการคลัง,,,1",
            "DIV,CGD,division,สำนักตรวจสอบและประเมินผล,,,1",
            # A new unit under DEEP, whose path the two moves above change.
            "NEWX,DEEP,division,งานใหม่,,,1",
        ),
    )
    assert apply(client, batch).status_code == 302
    for org in (world.department, world.division, world.sibling, deep):
        org.refresh_from_db()
    new = Organization.objects.get(code="NEWX")
    assert new.path == f"{deep.path}{new.pk}/" and new.depth == 4
    assert world.division.path == f"{world.sibling.path}{world.division.pk}/"
    assert world.department.path == f"{world.division.path}{world.department.pk}/"
    assert deep.path == f"{world.division.path}{deep.pk}/"
    assert (world.division.depth, world.department.depth, deep.depth) == (2, 3, 3)
    for org in Organization.objects.all():
        assert org.path == org.compute_path(), org.code
        assert org.depth == org.path.count("/") - 2, org.code


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_it_imports_its_own_export_as_unchanged(world, login, file_format):
    client = login(world.framework_admin)
    make_org(world.division, code="OFF", name_en="Closed unit", short_name="ปิด", is_active=False)
    exported = client.get(reverse("orgs:export", args=[file_format])).content
    batch = upload_and_preview(client, exported, f"ges-organizations.{file_format}")
    result = imports.review(batch)
    assert not result.has_errors
    assert result.counts()["unchanged"] == Organization.objects.count()
    assert apply(client, batch).status_code == 302
    changes = AuditEntry.objects.filter(action__in=["org.created", "org.updated"])
    assert not changes.filter(actor=world.framework_admin).exists()
    assert AuditEntry.objects.get(action="org.import.applied").after["unchanged"] == 8


def test_it_reads_an_excel_file_with_numbers_and_booleans(world, login):
    data = xlsx_bytes(
        [
            ["Code", "Parent_Code", "Kind", "Name_TH", "is_active"],
            [1001, "MOF", "กรม", "กรมเลข", True],
            [1002, 1001, "division", "กองเลข", 0],
        ]
    )
    with translation.override("en"):
        result = imports.plan_import(imports.read_organization_file(data, "numbers.xlsx"))
    assert not result.has_errors
    assert [(r.code, r.parent_code, r.target["is_active"]) for r in result.rows] == [
        ("1001", "MOF", True),
        ("1002", "1001", False),
    ]


def test_it_imports_the_example_files(world, login):
    client = login(world.framework_admin)
    batch = upload_and_preview(
        client, (EXAMPLES / "organizations-with-errors.csv").read_bytes(), "with-errors.csv"
    )
    result = imports.review(batch)
    assert sorted(errors(result)) == [6, 8, 10]
    OrganizationImport.objects.all().delete()

    batch = upload_and_preview(client, (EXAMPLES / "organizations-example.csv").read_bytes())
    assert apply(client, batch).status_code == 302
    ministry = Organization.objects.get(code="MHESI")
    assert ministry.descendants().count() == 9
    assert Organization.objects.get(code="DSS-MAT").parent.code == "DSS"
    assert not Organization.objects.get(code="OPS-MHESI-INS").is_active
    assert Organization.objects.get(code="GISTDA").kind == "public_organization"


def test_it_filters_the_preview_rows(world, login):
    client = login(world.framework_admin)
    batch = upload_and_preview(
        client,
        csv_bytes(
            "MOF,,ministry,กระทรวงการคลัง,,,1",
            "NEW,MOF,department,กรมใหม่,,,1",
            "BAD,MOF,ทบวง,กรมผิด,,,1",
        ),
    )
    url = reverse("orgs:import_preview", args=[batch.pk])
    body = client.get(url, {"show": "errors"}).content.decode()
    assert 'id="row-4"' in body and 'id="row-2"' not in body and 'id="row-3"' not in body
    body = client.get(url, {"show": "changes"}).content.decode()
    assert 'id="row-3"' in body and 'id="row-4"' in body and 'id="row-2"' not in body
    body = client.get(url, {"show": "nonsense"}).content.decode()
    assert all(f'id="row-{n}"' in body for n in (2, 3, 4))


def test_it_gives_a_template_that_imports_cleanly(world, login):
    client = login(world.framework_admin)
    response = client.get(reverse("orgs:import_template"))
    assert response.status_code == 200
    assert response["Content-Type"] == tabular.XLSX_CONTENT_TYPE
    header, rows = tabular.read_table(response.content, "template.xlsx")
    assert header == imports.COLUMNS and len(rows) == 1
    batch = upload_and_preview(client, response.content, "template.xlsx")
    assert [row.action for row in imports.review(batch).rows] == [imports.RowAction.CREATE]


def test_it_previews_five_hundred_rows_with_few_queries(
    world, login, django_assert_max_num_queries
):
    client = login(world.framework_admin)
    lines = [f"P{i},{'OPS' if i < 50 else f'P{i % 50}'},division,หน่วย {i},,,1" for i in range(500)]
    batch = upload_and_preview(client, csv_bytes(*lines))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("orgs:import_preview", args=[batch.pk]))
    assert response.content.decode().count('data-action="create"') == 500


# Who may import --------------------------------------------------------------------------


def test_it_lets_any_framework_admin_see_another_admins_import(world, login):
    batch = upload_and_preview(login(world.framework_admin), csv_bytes("X1,MOF,กรม,กรม,,,1"))
    colleague = make_member(world.ministry, Role.FRAMEWORK_ADMIN, "admin2")
    client = login(colleague)
    assert client.get(reverse("orgs:import_preview", args=[batch.pk])).status_code == 200
    assert batch.filename in client.get(reverse("orgs:import")).content.decode()


def test_it_answers_404_for_an_unknown_import(world, login):
    client = login(world.framework_admin)
    assert client.get(reverse("orgs:import_preview", args=[999999])).status_code == 404
    assert client.post(reverse("orgs:import_apply", args=[999999])).status_code == 404


@pytest.mark.parametrize("persona", [*OTHER_PERSONAS, "nobody"])
def test_it_refuses_imports_to_everyone_else(world, login, persona):
    batch = upload_and_preview(login(world.framework_admin), csv_bytes("X1,MOF,กรม,กรม,,,1"))
    client = login(getattr(world, persona))
    assert client.get(reverse("orgs:import")).status_code == 403
    assert upload(client, csv_bytes("X2,MOF,กรม,กรม,,,1")).status_code == 403
    assert client.get(reverse("orgs:import_template")).status_code == 403
    assert client.get(reverse("orgs:import_preview", args=[batch.pk])).status_code == 403
    assert client.get(reverse("orgs:import_preview", args=[999999])).status_code == 403
    assert apply(client, batch).status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED
    assert OrganizationImport.objects.count() == 1
    assert not Organization.objects.filter(code__in=["X1", "X2"]).exists()


def test_it_asks_anonymous_visitors_to_log_in(world, client, login):
    batch = upload_and_preview(login(world.framework_admin), csv_bytes("X1,MOF,กรม,กรม,,,1"))
    login_url = reverse("login")
    for response in (
        client.get(reverse("orgs:import")),
        upload(client, csv_bytes("X2,MOF,กรม,กรม,,,1")),
        client.get(reverse("orgs:import_template")),
        client.get(reverse("orgs:import_preview", args=[batch.pk])),
        apply(client, batch),
    ):
        assert response.status_code == 302 and response["Location"].startswith(login_url)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEWED
    assert OrganizationImport.objects.count() == 1


def test_it_refuses_the_wrong_http_methods(world, login):
    client = login(world.framework_admin)
    batch = upload_and_preview(client, csv_bytes("X1,MOF,กรม,กรม,,,1"))
    assert client.get(reverse("orgs:import_apply", args=[batch.pk])).status_code == 405
    assert client.post(reverse("orgs:import_preview", args=[batch.pk])).status_code == 405
    assert not Organization.objects.filter(code="X1").exists()
