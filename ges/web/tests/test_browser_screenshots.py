"""Every foundation page at a desktop and a phone width, with accessibility basics.

Each page is photographed at 1280 px and at 390 px into test-artifacts/screenshots/page-*.png
(for a person to look at), and must: have exactly one h1, give every form control a label,
render in Sarabun, and not scroll sideways on a phone.
"""

import re

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from conftest import log_in, screenshot
from ges.audit.log import Actor
from ges.orgs import actions
from ges.orgs.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
EXAMPLES = settings.BASE_DIR / "docs" / "examples"

UNLABELLED_CONTROLS = """() => [...document.querySelectorAll("input, select, textarea")]
  .filter(el => el.type !== "hidden")
  .filter(el => {
    const labelled = [...(el.labels || [])].some(label => label.textContent.trim());
    return !labelled && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby");
  })
  .map(el => el.outerHTML)"""
SARABUN_IN_USE = """async () => {
  await document.fonts.ready;
  return [...document.fonts].some(font => font.family.replaceAll('"', '') === "Sarabun"
                                         && font.status === "loaded");
}"""


def check_page(page, name: str) -> None:
    """Photograph the page at both widths and hold it to the basics."""
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1, f"{name}: not exactly one h1"
    assert page.evaluate(UNLABELLED_CONTROLS) == [], f"{name}: controls without a label"
    assert page.evaluate(SARABUN_IN_USE), f"{name}: Sarabun is not in use"
    screenshot(page, f"page-{name}")
    page.set_viewport_size(PHONE)
    try:
        width = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, f"page-{name}-phone")
        assert width <= PHONE["width"], f"{name} is {width} px wide on a phone"
    finally:
        page.set_viewport_size(DESKTOP)


def sign_in(page, live_server, user) -> None:
    """Start a session through its cookie; the login form itself is tested elsewhere."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def nav_targets(page):
    return page.locator(".site-nav a").evaluate_all("links => links.map(a => a.pathname)")


def test_it_shows_the_home_page_to_everyone(world, page, live_server):
    page.goto("/")
    expect(page.get_by_role("link", name=re.compile("Log in|เข้าสู่ระบบ")).first).to_be_visible()
    check_page(page, "home-anonymous")
    for user in (
        world.framework_admin,
        world.evaluator,
        world.owner,
        world.editor,
        world.approver,
        world.viewer,
        world.org_admin,
        world.outsider,
        world.nobody,
    ):
        sign_in(page, live_server, user)
        page.goto("/")
        expect(page.locator(".user-name")).to_have_text(user.display_name)
        links = nav_targets(page)
        assert ("/orgs/import/" in links) == (user == world.framework_admin), user
        assert ("/audit/" in links) == (user == world.framework_admin), user
        assert ("/orgs/people/" in links) == (
            user in (world.framework_admin, world.org_admin, world.approver)
        ), user
        memberships = page.locator("#my-roles ~ ul li")
        expect(memberships).to_have_count(user.memberships.count())
        check_page(page, f"home-{user.username}")


def test_it_shows_the_account_pages(world, page):
    page.goto("/accounts/login/")
    check_page(page, "login")
    log_in(page, "viewer", "wrong-password")
    expect(page.locator(".errorlist")).to_be_visible()
    check_page(page, "login-error")

    page.goto("/accounts/password/reset/")
    expect(page.locator("input[name=email]")).to_be_visible()
    check_page(page, "password-reset")
    page.fill("input[name=email]", "nobody@example.go.th")
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/sent/$"))
    check_page(page, "password-reset-sent")

    uid = urlsafe_base64_encode(force_bytes(world.viewer.pk))
    token = default_token_generator.make_token(world.viewer)
    page.goto(f"/accounts/password/reset/{uid}/{token}/")
    page.fill("input[name=new_password1]", "short")
    page.fill("input[name=new_password2]", "other")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field--error").first).to_be_visible()
    check_page(page, "password-set-error")

    log_in(page, "viewer")
    page.goto("/accounts/password/change/")
    expect(page.locator("input[name=old_password]")).to_be_visible()
    check_page(page, "password-change")
    page.fill("input[name=old_password]", "not-it")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field--error").first).to_be_visible()
    check_page(page, "password-change-error")


def test_it_shows_the_tree_pages(world, page, live_server):
    sign_in(page, live_server, world.framework_admin)
    page.goto("/orgs/")
    expect(page.get_by_role("link", name="กระทรวงการคลัง")).to_be_visible()
    check_page(page, "tree")
    page.locator(f"#org-{world.ministry.pk} .tree__toggle").first.click()
    expect(page.get_by_role("link", name="กรมบัญชีกลาง")).to_be_visible()
    check_page(page, "tree-expanded")
    page.goto("/orgs/?q=กรม")
    expect(page.locator("table tbody tr")).to_have_count(Organization.objects.search("กรม").count())
    check_page(page, "tree-search")
    page.goto(f"/orgs/{world.division.pk}/")
    expect(page.locator(".breadcrumb li")).to_have_count(4)  # Organisations › MOF › OPS › DIV
    check_page(page, "org-detail")
    page.goto(f"/orgs/{world.department.pk}/edit/")
    page.fill("input[name=code]", "CGD")
    page.fill("input[name=parent_code]", "NOPE")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field--error")).to_have_count(2)
    world.department.refresh_from_db()
    assert world.department.code == "OPS"
    check_page(page, "org-edit-error")


def test_it_shows_the_people_pages(world, page, live_server):
    sign_in(page, live_server, world.org_admin)
    page.goto("/orgs/people/")
    expect(page.locator("table tbody tr")).to_have_count(3)  # editor, approver, orgadmin
    check_page(page, "people")
    page.goto("/orgs/people/add/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=email]", "not-an-address")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".field--error")).to_have_count(6)
    check_page(page, "people-add-error")
    page.goto("/orgs/people/grant/")
    expect(page.locator("select[name=organization]")).to_be_visible()
    check_page(page, "people-grant")


def test_it_shows_the_import_pages(world, page, live_server, tmp_path):
    sign_in(page, live_server, world.framework_admin)
    page.goto("/orgs/import/")
    check_page(page, "import")
    not_a_table = tmp_path / "organisations.pdf"
    not_a_table.write_bytes(b"%PDF-1.4")
    page.set_input_files("input[name=file]", str(not_a_table))
    page.locator("#import-upload-form button[type=submit]").click()
    expect(page.locator(".field--error")).to_be_visible()
    check_page(page, "import-file-error")
    for name, state in (("with-errors", "errors"), ("example", "ready")):
        page.goto("/orgs/import/")
        page.set_input_files("input[name=file]", str(EXAMPLES / f"organizations-{name}.csv"))
        page.locator("#import-upload-form button[type=submit]").click()
        expect(page.locator("#import-rows")).to_be_visible()
        check_page(page, f"import-preview-{state}")
    page.locator("form#import-apply-form button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    check_page(page, "import-done")
    page.goto("/orgs/import/")
    expect(page.locator("table").last.locator("tbody tr")).to_have_count(2)
    check_page(page, "import-recent")


def test_it_shows_the_audit_log_and_the_admin(world, page, live_server):
    actor = Actor(world.framework_admin, "192.0.2.10")
    actions.update_organization(
        actor, world.division, world.department, name_en="Inspection and Evaluation Division"
    )
    sign_in(page, live_server, world.framework_admin)
    page.goto("/audit/?action=org.&person=admin")
    expect(page.locator("table tbody tr")).to_have_count(1)
    expect(page.locator("table tbody")).to_contain_text("Inspection and Evaluation Division")
    check_page(page, "audit-filtered")
    page.goto("/audit/?date_from=2568-13-40")
    expect(page.locator(".field--error")).to_be_visible()
    check_page(page, "audit-filter-error")
    page.goto("/admin/")
    expect(page.locator("#content h1")).to_be_visible()
    check_page(page, "admin-index")


def test_it_skips_to_the_content_from_the_keyboard(world, page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0, "the skip link stays off screen"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    expect(page.locator("main#main")).to_be_focused()
    page.keyboard.press("Tab")
    # The next stop is inside the page content, not back in the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")
