"""Walk through the foundation as a person would, in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from conftest import log_in, screenshot
from ges.testing import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_and_shows_the_thai_home_page(world, page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "th")
    screenshot(page, "home-anonymous")
    make_user("somchai", first_name="สมชาย", last_name="ใจดี")
    log_in(page, "viewer")
    expect(page.locator(".user-name")).to_be_visible()
    screenshot(page, "home-viewer")


def test_it_refuses_a_wrong_password(world, page):
    log_in(page, "viewer", "not-the-password")
    expect(page.locator(".errorlist")).to_be_visible()
    expect(page.locator(".user-name")).to_have_count(0)
    screenshot(page, "login-error")


def test_it_switches_to_english_and_back(world, page):
    log_in(page, "viewer")
    page.goto("/orgs/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisations")
    screenshot(page, "tree-english")
    page.get_by_role("button", name="ภาษาไทย").click()
    expect(page.locator("html")).to_have_attribute("lang", "th")


def test_it_browses_and_searches_the_tree(world, page):
    log_in(page, "viewer")
    page.goto("/orgs/")
    expect(page.get_by_role("link", name="กระทรวงการคลัง")).to_be_visible()
    expect(page.get_by_role("link", name="สำนักงานปลัดกระทรวงการคลัง")).to_have_count(0)
    page.locator(f"#org-{world.ministry.pk} .tree__toggle").first.click()
    expect(page.get_by_role("link", name="สำนักงานปลัดกระทรวงการคลัง")).to_be_visible()
    expect(page.locator(f"#org-{world.ministry.pk} .tree__toggle").first).to_have_attribute(
        "aria-expanded", "true"
    )
    screenshot(page, "tree-expanded")
    page.fill("input[name=q]", "ปลัด")
    page.locator("form.search button").click()
    expect(page.get_by_role("link", name="สำนักงานปลัดกระทรวงการคลัง")).to_be_visible()
    expect(page.get_by_role("link", name="กรมส่งเสริมการส่งออก")).to_have_count(0)
    screenshot(page, "tree-search")
    page.get_by_role("link", name="สำนักงานปลัดกระทรวงการคลัง").click()
    expect(page).to_have_url(re.compile(rf"/orgs/{world.department.pk}/$"))
    expect(page.locator(".breadcrumb")).to_contain_text("กระทรวงการคลัง")
    screenshot(page, "org-detail")


def test_it_works_on_a_phone(world, page):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "viewer")
    page.goto("/orgs/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "tree-phone")
