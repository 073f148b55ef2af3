"""The framework admin imports an organisation file with errors and then without, in Chromium."""

import re

import pytest
from django.conf import settings
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import log_in, screenshot
from ges.audit.models import AuditEntry
from ges.orgs.models import Organization, OrganizationImport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLES = settings.BASE_DIR / "docs" / "examples"
NEW_CODES = {
    "MHESI",
    "OPS-MHESI",
    "DSS",
    "DSS-MAT",
    "OAP",
    "OAP-NRS",
    "GISTDA",
    "OPS-MHESI-PPD",
    "OPS-MHESI-DTC",
    "OPS-MHESI-INS",
}


def upload(page, filename: str) -> None:
    page.goto("/orgs/import/")
    page.set_input_files("input[name=file]", str(EXAMPLES / filename))
    page.locator("#import-upload-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/orgs/import/\d+/$"))


def test_it_shows_the_errors_of_a_file_then_imports_the_corrected_one(world, page):
    before = Organization.objects.count()
    log_in(page, "admin")

    upload(page, "organizations-with-errors.csv")
    expect(page.locator("#import-errors")).to_be_visible()
    for number in (6, 8, 10):
        expect(page.locator(f"tr#row-{number}")).to_have_class(re.compile(r"\brow--error\b"))
        expect(page.locator(f"#import-errors a[href='#row-{number}']")).to_be_visible()
    for number in (2, 3, 4, 5, 7, 9, 11):
        expect(page.locator(f"tr#row-{number}")).not_to_have_class(re.compile("row--error"))
    expect(page.locator("tr.row--error")).to_have_count(3)
    expect(page.locator("form#import-apply-form")).to_have_count(0)
    screenshot(page, "import-preview-errors")
    assert Organization.objects.count() == before
    assert not Organization.objects.filter(code__in=NEW_CODES).exists()
    assert not AuditEntry.objects.filter(action__startswith="org.", actor=world.framework_admin)

    upload(page, "organizations-example.csv")
    expect(page.locator("#import-errors")).to_have_count(0)
    expect(page.locator("tr.row--error")).to_have_count(0)
    expect(page.locator("#import-rows tbody tr[data-action=create]")).to_have_count(10)
    expect(page.locator("#import-counts")).to_contain_text("10")
    screenshot(page, "import-preview-ready")
    assert Organization.objects.count() == before

    page.locator("form#import-apply-form button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("form#import-apply-form")).to_have_count(0)
    screenshot(page, "import-done")
    assert Organization.objects.count() == before + 10
    imported = {org.code: org for org in Organization.objects.filter(code__in=NEW_CODES)}
    assert set(imported) == NEW_CODES
    assert imported["DSS-MAT"].parent == imported["DSS"]
    assert imported["OAP-NRS"].parent == imported["OAP"]
    assert imported["OPS-MHESI-INS"].is_active is False
    created = AuditEntry.objects.filter(action="org.created", actor=world.framework_admin)
    assert {entry.object_id for entry in created} == {str(org.pk) for org in imported.values()}
    batch = OrganizationImport.objects.get(filename="organizations-example.csv")
    assert batch.is_applied and batch.applied_by == world.framework_admin
    assert AuditEntry.objects.filter(action="org.import.applied", object_id=str(batch.pk)).exists()

    page.goto("/orgs/?q=วิทยาศาสตร์บริการ")
    link = page.get_by_role("link", name="กรมวิทยาศาสตร์บริการ")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator(".breadcrumb")).to_contain_text("กระทรวงการอุดมศึกษา")
    expect(page.get_by_role("link", name="กองวัสดุวิศวกรรม")).to_be_visible()


def test_it_downloads_the_excel_template(world, page):
    log_in(page, "admin")
    page.goto("/orgs/import/")
    with page.expect_download() as caught:
        page.locator("a[href='/orgs/import/template.xlsx']").first.click()
    download = caught.value
    assert download.suggested_filename == "ges-organizations-template.xlsx"
    with open(download.path(), "rb") as file:
        sheet = load_workbook(file).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[:3] == ["code", "parent_code", "kind"]
