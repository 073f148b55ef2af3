"""Shared test personas on a small organisation tree.

ministry (MOF) ─ department (OPS) ─ division (DIV)
            └── sibling department (CGD)
other ministry (MOC) ─ other department (DITP)
OPDC (where the framework admin sits)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.test import Client

from ges.orgs.models import Organization, OrganizationKind, Role, User
from ges.testing import PASSWORD, make_member, make_org


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Argon2 is deliberately slow; tests that prove Argon2 is used override this back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    ministry: Organization
    department: Organization
    division: Organization
    sibling: Organization
    other_ministry: Organization
    other_department: Organization
    opdc: Organization
    framework_admin: User
    evaluator: User
    owner: User
    editor: User
    approver: User
    viewer: User
    org_admin: User
    outsider: User
    nobody: User


@pytest.fixture
def world(db: None) -> World:
    ministry = make_org(kind=OrganizationKind.MINISTRY, code="MOF", name_th="กระทรวงการคลัง")
    department = make_org(ministry, code="OPS", name_th="สำนักงานปลัดกระทรวงการคลัง")
    division = make_org(
        department, kind=OrganizationKind.DIVISION, code="DIV", name_th="สำนักตรวจสอบและประเมินผล"
    )
    sibling = make_org(ministry, code="CGD", name_th="กรมบัญชีกลาง")
    other_ministry = make_org(kind=OrganizationKind.MINISTRY, code="MOC", name_th="กระทรวงพาณิชย์")
    other_department = make_org(other_ministry, code="DITP", name_th="กรมส่งเสริมการส่งออก")
    opdc = make_org(code="OPDC", name_th="สำนักงาน ก.พ.ร.")
    return World(
        ministry=ministry,
        department=department,
        division=division,
        sibling=sibling,
        other_ministry=other_ministry,
        other_department=other_department,
        opdc=opdc,
        framework_admin=make_member(opdc, Role.FRAMEWORK_ADMIN, "admin"),
        evaluator=make_member(ministry, Role.EVALUATOR, "evaluator"),
        owner=make_member(sibling, Role.INDICATOR_OWNER, "owner"),
        editor=make_member(department, Role.AGENCY_EDITOR, "editor"),
        approver=make_member(department, Role.AGENCY_APPROVER, "approver"),
        viewer=make_member(ministry, Role.VIEWER, "viewer"),
        org_admin=make_member(department, Role.ORG_ADMIN, "orgadmin"),
        outsider=make_member(other_department, Role.AGENCY_EDITOR, "outsider"),
        nobody=User.objects.create_user("nobody", password=PASSWORD),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def login():
    return client_for


# Browser tests: Playwright driving Debian's Chromium (never `playwright install`).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API runs an event loop; Django's ORM is used from the test thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
