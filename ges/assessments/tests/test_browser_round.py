"""One round for the Ministry of Finance demo agency (OPS-MOF), in the browser: the editor
reports every indicator with evidence, the approver returns one with a reason, the editor fixes
it, the approver submits; an evaluator asks a question, the editor answers, the evaluator
confirms one result with a justification and accepts the rest; OPDC closes the evaluation; the
ranking and the evaluation report show the score. Screenshots at 1280 and 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from conftest import log_in, screenshot
from ges.assessments.models import (
    AgencyScore,
    IndicatorResult,
    ResultStatus,
    Submission,
    SubmissionStatus,
)
from ges.assessments.scores import done_choices
from ges.orgs.demo import DEMO_PASSWORD
from ges.scoring import round_half_up

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A small real PDF (one empty page), as an agency would attach.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n170\n%%EOF\n"
)


def both_widths(page: Any, name: str) -> None:
    screenshot(page, f"round-{name}-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"round-{name}-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def as_user(page: Any, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, DEMO_PASSWORD)


def report_indicator(page: Any, result: IndicatorResult, number: str | None = None) -> None:
    """Fill one indicator's form (every item passes, the number given, every step done) and
    save it; then attach the PDF."""
    prefix = f"r{result.pk}-"
    section = page.locator(f"#result-{result.pk}")
    for item in result.indicator.items.all():
        name = f"{prefix}item_{item.pk}"
        if item.kind == "passfail":
            section.locator(f"input[name='{name}'][value='pass']").check()
        elif item.kind == "number":
            section.locator(f"input[name='{name}']").fill(number or "")
        else:
            section.locator(f"[name='{name}']").fill("ดำเนินการแล้ว")
    for box in section.locator(f"input[name='{prefix}done']").all():
        box.check()
    section.locator(f"[name='{prefix}performance']").fill("ดำเนินการตามแผนครบถ้วน")
    # The self-score follows what is typed (htmx preview), before anything is saved.
    with page.expect_response(lambda response: "/preview/" in response.url):
        section.locator(f"[name='{prefix}obstacles']").fill("ไม่มี")
    expect(section.locator(".selfscore__value")).not_to_have_text("—")
    section.locator("form.result-form button[type=submit]").click()
    page.wait_for_load_state()
    evidence = page.locator(f"#evidence-{result.pk}")
    evidence.locator("input[type=file]").set_input_files(
        {
            "name": f"หลักฐาน-{result.indicator.number}.pdf",
            "mimeType": "application/pdf",
            "buffer": PDF,
        }
    )
    evidence.locator("form.evidence-upload button[type=submit]").click()
    expect(page.locator(f"#evidence-{result.pk} table")).to_contain_text(
        f"หลักฐาน-{result.indicator.number}.pdf"
    )


def test_it_walks_one_round_for_the_ministry_of_finance(page: Any) -> None:
    call_command("load_demo", verbosity=0)
    submission = Submission.objects.select_related("round").get(organization__code="OPS-MOF")
    results = list(
        IndicatorResult.objects.filter(submission=submission)
        .select_related("indicator")
        .order_by("indicator__order", "indicator__number")
    )
    url = f"/assessments/submissions/{submission.pk}/"
    numbers = {"levels": "87.5", "groups": "452.5"}

    # The editor reports every indicator, with evidence.
    as_user(page, "mof.editor")
    page.goto("/inbox/")
    page.goto(url)
    both_widths(page, "1-editor-empty")
    for result in results:
        page.goto(url)
        kind = (result.indicator.criteria or {}).get("kind", "")
        report_indicator(page, result, numbers.get(kind, "90"))
    page.goto(url)
    both_widths(page, "2-editor-reported")
    assert all(
        r.self_result is not None for r in IndicatorResult.objects.filter(submission=submission)
    )

    # The approver returns indicator 2 with a reason; the editor fixes it; the approver submits.
    second = next(r for r in results if r.indicator.number == "2")
    as_user(page, "mof.approver")
    page.goto(url)
    section = page.locator(f"#result-{second.pk}")
    section.locator("form[action$='/return-to-editor/']").evaluate(
        "form => form.closest('details').open = true"
    )
    section.locator(f"[name='return_to_editor-{second.pk}-reason']").fill(
        "ค่าร้อยละไม่ตรงกับรายงานที่แนบ"
    )
    section.locator(f"form[action$='/results/{second.pk}/return-to-editor/'] button").click()
    page.wait_for_load_state()
    assert IndicatorResult.objects.get(pk=second.pk).status == ResultStatus.RETURNED_BY_APPROVER
    both_widths(page, "3-approver-returned")
    as_user(page, "mof.editor")
    page.goto(url)
    expect(page.locator(f"#result-{second.pk}")).to_contain_text("ค่าร้อยละไม่ตรงกับรายงานที่แนบ")
    fixed = IndicatorResult.objects.get(pk=second.pk)
    item = fixed.indicator.items.get()
    page.locator(f"input[name='r{fixed.pk}-item_{item.pk}']").fill("86.25")
    page.locator(f"#result-{fixed.pk} form.result-form button[type=submit]").click()
    page.wait_for_load_state()
    as_user(page, "mof.approver")
    page.goto(url)
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED

    # The evaluator asks about indicator 1; the editor answers.
    first = results[0]
    as_user(page, "opdc.evaluator")
    page.goto("/inbox/")
    screenshot(page, "round-4-evaluator-inbox-1280")
    page.goto(url)
    section = page.locator(f"#result-{first.pk}")
    section.locator(f"form[action$='/results/{first.pk}/ask/']").evaluate(
        "form => form.closest('details').open = true"
    )
    section.locator(f"[name='ask-{first.pk}-question']").fill("ขอรายงานการตรวจติดตามฉบับเต็ม")
    section.locator(f"form[action$='/results/{first.pk}/ask/'] button").click()
    page.wait_for_load_state()
    assert IndicatorResult.objects.get(pk=first.pk).status == ResultStatus.QUESTION
    as_user(page, "mof.editor")
    page.goto(url)
    page.locator(f"[name='answer-{first.pk}-text']").fill("แนบรายงานฉบับเต็มไว้ในหลักฐานแล้ว")
    page.locator(f"form[action$='/results/{first.pk}/answer/'] button").click()
    page.wait_for_load_state()
    both_widths(page, "5-editor-answered")

    # The evaluator confirms indicator 2 at 85 with a justification and accepts the rest.
    as_user(page, "opdc.evaluator")
    page.goto(url)
    section = page.locator(f"#result-{second.pk}")
    form = section.locator(f"form[action$='/results/{second.pk}/confirm/']")
    form.evaluate("form => form.closest('details').open = true")
    form.locator(f"input[name='c{second.pk}-item_{item.pk}']").fill("85")
    form.locator(f"[name='c{second.pk}-justification']").fill("รายงานผลการเบิกจ่ายที่แนบแสดงร้อยละ 85")
    form.locator("button").click()
    page.wait_for_load_state()
    assert IndicatorResult.objects.get(pk=second.pk).status == ResultStatus.CONFIRMED
    for result in results:
        if result.pk == second.pk:
            continue
        page.goto(url)
        page.locator(f"form[action$='/results/{result.pk}/accept/'] button").click()
        page.wait_for_load_state()
    statuses = set(
        IndicatorResult.objects.filter(submission=submission).values_list("status", flat=True)
    )
    assert statuses == {ResultStatus.ACCEPTED, ResultStatus.CONFIRMED}
    page.goto(url + f"#result-{second.pk}")
    both_widths(page, "6-evaluator-confirmed")

    # OPDC closes the evaluation (with a confirmation step).
    as_user(page, "opdc.admin")
    page.goto(f"/assessments/rounds/{submission.round_id}/close/")
    both_widths(page, "7-close-confirm")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FINAL

    # The ranking and the report show the score.
    score = AgencyScore.objects.get(round=submission.round, organization=submission.organization)
    page.goto(f"/assessments/rounds/{submission.round_id}/ranking/")
    row = page.locator("table.ranking tr", has_text=submission.organization.name_th)
    expect(row).to_be_visible()
    shown = row.locator("td.num").nth(1).inner_text()
    assert (score.total is None and shown) or (
        score.total is not None and shown.startswith(str(int(score.total)))
    )
    both_widths(page, "8-ranking")
    year = submission.round.framework.fiscal_year.year
    page.goto(f"/reports/{submission.organization_id}/{year}/")
    expect(page.locator("#round-scores-title")).to_be_visible()
    # The report's header shows the closed round's stored total and level, marked final.
    head = page.locator("header.report-head")
    expect(head.locator(".report-head__round--final")).to_contain_text("12")
    if score.total is not None:
        decimals = submission.round.framework.decimals
        total = format(round_half_up(score.total, decimals), "f")
        expect(head.locator(".report-figures__score dd")).to_contain_text(total)
        expect(head).to_contain_text(score.level)
    both_widths(page, "9-report")
    assert done_choices(results[0].indicator.criteria)
