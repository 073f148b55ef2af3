"""The whole negotiation of the Ministry of Finance demo agreement, through the pages: the editor
proposes, an evaluator rejects one indicator with a reason, the editor finds it in the inbox and
revises it, the evaluator compares the two versions and agrees every indicator, both sides sign,
then an amendment is proposed and approved. Shot at 1280 px and on a phone (390 px)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import log_in, screenshot
from ges.agreements.models import (
    Agreement,
    AgreementIndicator,
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Decision,
)
from ges.notices.models import Notice
from ges.orgs.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def as_person(page: Any, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, DEMO_PASSWORD)


def no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone"


def decide(page: Any, agreement: Agreement, indicator_pk: int, decision: str, reason: str) -> None:
    page.goto(f"/agreements/{agreement.pk}/indicators/{indicator_pk}/")
    form = page.locator(f"form[action$='/indicators/{indicator_pk}/decide/']")
    form.locator(f"input[name=decision][value={decision}]").check()
    form.locator("textarea[name=reason]").fill(reason)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_it_negotiates_the_ministry_of_finance_agreement(page: Any) -> None:
    call_command("load_demo", verbosity=0)
    agreement = Agreement.objects.get(organization__code="OPS-MOF")
    assert agreement.status == AgreementStatus.DRAFT

    # The editor proposes the complete draft.
    as_person(page, "mof.editor")
    page.goto(f"/agreements/{agreement.pk}/")
    screenshot(page, "negotiation-1-draft-1280")
    page.locator(f"form[action$='/agreements/{agreement.pk}/propose/'] button").click()
    page.wait_for_load_state()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PROPOSED
    entries = list(
        AgreementIndicator.objects.filter(agreement=agreement).select_related("indicator")
    )
    assert len(entries) >= 2
    target = entries[1]  # indicator 2: the inspection of the ministry's units

    # An evaluator finds the proposal in the inbox and rejects one indicator with a reason.
    as_person(page, "opdc.evaluator")
    page.goto("/inbox/")
    expect(page.locator(".task-list")).to_contain_text(agreement.organization.name_th)
    expect(page.locator(".notice--unread")).to_have_count(1)
    decide(page, agreement, target.indicator_id, "rejected", "เป้าหมายรอบ 6 เดือนยังไม่ชัดเจน")
    target.refresh_from_db()
    assert target.decision == Decision.REJECTED

    # The editor sees it in the inbox (on a phone), follows the notice and revises.
    as_person(page, "mof.editor")
    page.set_viewport_size(PHONE)
    page.goto("/inbox/")
    expect(page.locator(".task-list")).to_contain_text(agreement.organization.name_th)
    unread = page.locator(".notice--unread")
    expect(unread).to_have_count(1)
    expect(page.locator(".nav-count")).to_have_text("1 ยังไม่ได้อ่าน", use_inner_text=False)
    no_sideways_scroll(page)
    screenshot(page, "negotiation-2-inbox-390")
    unread.locator("a").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/agreements/{agreement.pk}/indicators/{target.indicator_id}/")
    expect(page.locator("section.decision-card--rejected")).to_contain_text("ยังไม่ชัดเจน")
    no_sideways_scroll(page)
    screenshot(page, "negotiation-3-rejected-390")
    assert Notice.objects.get(user__username="mof.editor").read_at is not None
    page.set_viewport_size(DESKTOP)

    page.goto(f"/indicators/{target.indicator_id}/sections/targets/edit/")
    page.locator("[name=six_month_target]").fill("ตรวจติดตามหน่วยงานในสังกัดครบร้อยละ 50 ภายในเดือนมีนาคม")
    page.locator("#section-targets button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"/agreements/{agreement.pk}/indicators/{target.indicator_id}/")
    revise = page.locator(f"form[action$='/indicators/{target.indicator_id}/revise/']")
    revise.locator("textarea[name=reason]").fill("กำหนดเป้าหมายรอบ 6 เดือนเป็นตัวเลขตามข้อเสนอ")
    revise.locator("button[type=submit]").click()
    page.wait_for_load_state()
    target.refresh_from_db()
    assert (target.decision, target.submitted.number) == (Decision.PENDING, 2)

    # The evaluator compares the two versions, then agrees every indicator.
    as_person(page, "opdc.evaluator")
    page.goto(f"/agreements/{agreement.pk}/indicators/{target.indicator_id}/compare/")
    expect(page.locator("main")).to_contain_text("ร้อยละ 50 ภายในเดือนมีนาคม")
    screenshot(page, "negotiation-4-compare-1280")
    page.set_viewport_size(PHONE)
    page.reload()
    screenshot(page, "negotiation-4-compare-390")
    page.set_viewport_size(DESKTOP)
    for entry in entries:
        decide(page, agreement, entry.indicator_id, "agreed", "ตัวชี้วัดและเกณฑ์เหมาะสม")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.AGREED

    # Both sides sign: the committee (the evaluator) and the agency's approver.
    page.goto(f"/agreements/{agreement.pk}/")
    page.locator("form[action$='/sign/'] button").click()
    page.wait_for_load_state()
    as_person(page, "mof.approver")
    page.goto("/inbox/")
    expect(page.locator(".task-list")).to_contain_text(agreement.organization.name_th)
    page.goto(f"/agreements/{agreement.pk}/")
    page.locator("form[action$='/sign/'] button").click()
    page.wait_for_load_state()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNED
    expect(page.locator("#signatures-title + .card dl.facts dd")).to_have_count(2)
    screenshot(page, "negotiation-5-signed-1280")
    page.set_viewport_size(PHONE)
    page.reload()
    no_sideways_scroll(page)
    screenshot(page, "negotiation-5-signed-390")
    page.set_viewport_size(DESKTOP)

    # After signing, the editor proposes an amendment; the evaluator approves it.
    as_person(page, "mof.editor")
    page.goto(f"/agreements/{agreement.pk}/indicators/{target.indicator_id}/amend/")
    page.locator("[name=six_month_target]").fill("ตรวจติดตามหน่วยงานในสังกัดครบร้อยละ 40 ภายในเดือนมีนาคม")
    page.locator("textarea[name=reason]").fill("งบประมาณการตรวจติดตามถูกปรับลดกลางปี")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    screenshot(page, "negotiation-6-amendment-proposed-1280")
    amendment = Amendment.objects.get(agreement=agreement)

    as_person(page, "opdc.evaluator")
    page.goto("/inbox/")
    expect(page.locator(".task-list")).to_contain_text("งบประมาณการตรวจติดตามถูกปรับลดกลางปี")
    page.locator(f".task-list a[href='/agreements/amendments/{amendment.pk}/']").click()
    page.wait_for_load_state()
    page.locator("input[name=decision][value=approve]").check()
    page.locator("textarea[name=reason]").fill("เหตุผลเพียงพอ")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_load_state()
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.APPROVED
    target.indicator.refresh_from_db()
    assert "ร้อยละ 40" in target.indicator.six_month_target
    screenshot(page, "negotiation-7-amendment-approved-1280")

    # The editor is told; the agreement page on a phone.
    as_person(page, "mof.editor")
    page.set_viewport_size(PHONE)
    page.goto("/inbox/")
    expect(page.locator(".notice--unread").first).to_be_visible()
    no_sideways_scroll(page)
    screenshot(page, "negotiation-8-inbox-390")
    page.goto(f"/agreements/{agreement.pk}/")
    no_sideways_scroll(page)
    screenshot(page, "negotiation-8-agreement-390")
