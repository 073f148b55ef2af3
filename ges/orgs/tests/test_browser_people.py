"""An organisation's user administrator manages people and roles, in headless Chromium."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from conftest import log_in, screenshot
from ges.audit.models import AuditEntry
from ges.orgs.models import Membership, Role, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Sawasdee-Krub-2569"


def option_values(page, selector: str):
    return page.locator(f"{selector} option").evaluate_all("options => options.map(o => o.value)")


def test_it_adds_a_person_who_sets_a_password_and_logs_in(world, page):
    log_in(page, "orgadmin")
    page.goto("/orgs/people/")
    page.locator("a[href='/orgs/people/add/']").click()
    expect(page).to_have_url(re.compile(r"/orgs/people/add/$"))
    page.fill("input[name=username]", "somchai")
    page.fill("input[name=first_name]", "สมชาย")
    page.fill("input[name=last_name]", "ใจดี")
    page.fill("input[name=email]", "somchai@example.go.th")
    page.select_option("select[name=organization]", "DIV")
    page.select_option("select[name=role]", Role.AGENCY_EDITOR)
    page.locator("form.form button[type=submit]").click()

    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator("table")).to_contain_text("somchai@example.go.th")
    expect(page.locator("table")).to_contain_text("สมชาย ใจดี")
    person = User.objects.get(username="somchai")
    assert not person.has_usable_password()
    (membership,) = Membership.objects.filter(user=person)
    assert (membership.organization, membership.role) == (world.division, Role.AGENCY_EDITOR)
    assert membership.granted_by == world.org_admin
    actions = AuditEntry.objects.filter(actor=world.org_admin).values_list("action", flat=True)
    assert sorted(actions) == ["membership.granted", "person.created"]

    (message,) = mail.outbox
    assert message.to == ["somchai@example.go.th"]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body)
    assert link is not None, message.body
    page.locator(".site-header form.inline-form button").click()  # log out
    expect(page.locator(".user-name")).to_have_count(0)
    page.goto(link.group(0))
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.locator("form.form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/complete/$"))
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)

    log_in(page, "somchai", NEW_PASSWORD)
    expect(page.locator(".user-name")).to_have_text("สมชาย ใจดี")
    expect(page.locator("#my-roles + p + ul")).to_contain_text("สำนักตรวจสอบและประเมินผล")


def test_it_grants_and_revokes_a_role_within_the_own_subtree_only(world, page):
    log_in(page, "orgadmin")
    page.goto("/orgs/people/")
    page.locator("a[href='/orgs/people/grant/']").click()
    expect(page).to_have_url(re.compile(r"/orgs/people/grant/$"))

    # Only OPS and the division under it are offered; MOF, CGD and DITP are out of reach.
    offered = option_values(page, "select[name=organization]")
    assert offered == ["", "OPS", "DIV"]
    assert set(option_values(page, "select[name=role]")) == {
        "",
        Role.AGENCY_EDITOR,
        Role.AGENCY_APPROVER,
        Role.VIEWER,
        Role.ORG_ADMIN,
    }

    # A tampered page that offers the sibling department gets an error and changes nothing.
    page.fill("input[name=person]", "nobody")
    page.locator("select[name=organization]").evaluate(
        "select => select.add(new Option('CGD', 'CGD', true, true))"
    )
    page.select_option("select[name=role]", Role.VIEWER)
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#id_organization_error")).to_be_visible()
    assert not Membership.objects.filter(user=world.nobody).exists()
    assert not AuditEntry.objects.filter(action="membership.granted", actor=world.org_admin)
    screenshot(page, "people-grant-refused")

    page.fill("input[name=person]", "nobody")
    page.select_option("select[name=organization]", "OPS")
    page.select_option("select[name=role]", Role.VIEWER)
    page.locator("form.form button[type=submit]").click()
    expect(page.locator(".message--success")).to_be_visible()
    granted = Membership.objects.get(user=world.nobody)
    assert (granted.organization, granted.role) == (world.department, Role.VIEWER)
    assert granted.granted_by == world.org_admin
    entry = AuditEntry.objects.get(action="membership.granted", actor=world.org_admin)
    assert entry.object_id == str(granted.pk)
    row = page.locator(f"#membership-{granted.pk}")
    expect(row).to_contain_text("nobody")
    screenshot(page, "people-granted")

    questions = []

    def accept(dialog):
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    row.locator("button.button--danger").click()
    expect(page.locator(".message--success")).to_be_visible()
    expect(page.locator(f"#membership-{granted.pk}")).to_have_count(0)
    assert len(questions) == 1 and "nobody" in questions[0]
    assert not Membership.objects.filter(pk=granted.pk).exists()
    revoked = AuditEntry.objects.get(action="membership.revoked")
    assert revoked.actor == world.org_admin and revoked.object_id == str(granted.pk)
    assert revoked.before is not None and revoked.before["role"] == Role.VIEWER

    # People outside OPS are not listed, and there is nothing to revoke for them.
    expect(page.locator("table")).not_to_contain_text("outsider")
    expect(page.locator("table")).not_to_contain_text("evaluator")
    # The administrator's own role shows, but without a Revoke button.
    own = Membership.objects.get(user=world.org_admin)
    expect(page.locator(f"#membership-{own.pk}")).to_be_visible()
    expect(page.locator(f"#membership-{own.pk} button")).to_have_count(0)
