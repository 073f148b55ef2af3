"""The submission page: who sees it, who may report, save, preview, submit and review through
it, and that a refusal (bad value, stale form, wrong person) changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ges.assessments import actions
from ges.assessments.models import (
    IndicatorResult,
    ItemResult,
    MessageKind,
    ResultStatus,
    ReviewMessage,
    Submission,
    SubmissionStatus,
)
from ges.assessments.tests.scenario import Scenario, fill, report, scenario
from ges.audit.log import Actor

__all__ = ["scenario"]


def page_url(s: Scenario) -> str:
    return reverse("assessments:submission", args=[s.submission.pk])


def save_data(s: Scenario, result: IndicatorResult, **values: Any) -> dict[str, Any]:
    prefix = f"r{result.pk}-"
    data = {f"{prefix}sequence": result.sequence}
    data |= {f"{prefix}{key}": value for key, value in values.items()}
    return data


def levels_data(s: Scenario, number: str = "87.5", **values: Any) -> dict[str, Any]:
    result = s.result("levels")
    fields = {
        f"item_{s.items['number'].pk}": number,
        f"item_{s.items['text'].pk}": "ดำเนินการครบถ้วน",
        "performance": "ผลการดำเนินงานตามแผน",
        "obstacles": "งบประมาณล่าช้า",
        "suggestions": "เร่งรัดการเบิกจ่าย",
    } | values
    return save_data(s, result, **fields)


def snapshot(s: Scenario) -> tuple[Any, ...]:
    levels = s.result("levels")
    return (
        levels.status,
        levels.sequence,
        levels.performance,
        list(ItemResult.objects.filter(result=levels).values_list("value", "text")),
        ReviewMessage.objects.count(),
        Submission.objects.get(pk=s.submission.pk).status,
    )


@pytest.mark.parametrize(
    "persona", ["editor", "approver", "evaluator", "viewer", "framework_admin"]
)
def test_it_shows_the_submission_to_every_reader_in_scope(world, login, scenario, persona):
    response = login(getattr(world, persona)).get(page_url(scenario))
    assert response.status_code == 200
    assert "ตัวชี้วัด 2" in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("nobody", 404)])
def test_it_hides_the_submission_outside_the_scope(world, login, scenario, persona, status):
    assert login(getattr(world, persona)).get(page_url(scenario)).status_code == status


def test_it_asks_anonymous_visitors_to_log_in(client, scenario):
    response = client.get(page_url(scenario))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_shows_the_report_form_only_to_the_agency_editor(world, login, scenario):
    save = reverse("assessments:save", args=[scenario.levels.pk])
    preview = reverse("assessments:preview", args=[scenario.levels.pk])
    editor_page = login(world.editor).get(page_url(scenario)).content.decode()
    assert save in editor_page and preview in editor_page
    assert 'hx-trigger="input changed delay:400ms' in editor_page
    for persona in ("approver", "evaluator", "viewer", "framework_admin"):
        page = login(getattr(world, persona)).get(page_url(scenario)).content.decode()
        assert save not in page, persona


def test_it_saves_one_indicator_with_its_narrative_and_self_score(world, login, scenario):
    response = login(world.editor).post(
        reverse("assessments:save", args=[scenario.levels.pk]), levels_data(scenario)
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#result-{scenario.levels.pk}")
    levels = scenario.result("levels")
    assert levels.sequence == 1
    assert levels.obstacles == "งบประมาณล่าช้า"
    assert levels.self_score == Decimal("87.5")
    value = ItemResult.objects.get(result=levels, item=scenario.items["number"]).value
    assert value == Decimal("87.5")
    page = login(world.editor).get(page_url(scenario)).content.decode()
    assert "87.500" in page and "เร่งรัดการเบิกจ่าย" in page


def test_it_saves_steps_done_and_pass_fail_items(world, login, scenario):
    milestone = scenario.result("milestone")
    items = scenario.items
    data = save_data(
        scenario,
        milestone,
        **{
            f"item_{items['m1'].pk}": "pass",
            f"item_{items['m2'].pk}": "pass",
            f"item_{items['m3'].pk}": "fail",
            "done": ["a", "b"],
        },
    )
    response = login(world.editor).post(reverse("assessments:save", args=[milestone.pk]), data)
    assert response.status_code == 302
    milestone = scenario.result("milestone")
    assert milestone.done == ["a", "b"] and milestone.self_score == Decimal(75)
    passed = dict(ItemResult.objects.filter(result=milestone).values_list("item", "passed"))
    assert passed == {items["m1"].pk: True, items["m2"].pk: True, items["m3"].pk: False}


def test_it_shows_a_wrong_value_next_to_its_item_and_saves_nothing(world, login, scenario):
    before = snapshot(scenario)
    response = login(world.editor).post(
        reverse("assessments:save", args=[scenario.levels.pk]), levels_data(scenario, "ไม่ทราบ")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="row--error"' in page
    assert "ไม่ทราบ" in page  # what was typed stays in the field
    assert snapshot(scenario) == before


def test_it_keeps_what_was_typed_when_someone_saved_first(world, login, scenario):
    stale = levels_data(scenario, "88")
    report(Actor(world.editor), scenario.result("levels"), {scenario.items["number"].pk: "81"})
    response = login(world.editor).post(
        reverse("assessments:save", args=[scenario.levels.pk]), stale
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="88"' in page  # the user's value is kept
    assert 'class="card problems stale"' in page
    levels = scenario.result("levels")
    value = ItemResult.objects.get(result=levels, item=scenario.items["number"]).value
    assert value == Decimal(81) and levels.sequence == 1
    # The form now carries the current step: saving again deliberately replaces it.
    assert f'name="r{levels.pk}-sequence" value="1"' in page


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("outsider", 404),
        ("viewer", 403),
        ("approver", 403),
        ("evaluator", 403),
        ("framework_admin", 403),
        ("nobody", 404),
    ],
)
def test_it_refuses_saving_to_anyone_but_the_editor(world, login, scenario, persona, status):
    before = snapshot(scenario)
    for name in ("save", "preview"):
        url = reverse(f"assessments:{name}", args=[scenario.levels.pk])
        response = login(getattr(world, persona)).post(url, levels_data(scenario))
        assert response.status_code == status
    assert snapshot(scenario) == before


def test_it_refuses_saving_to_anonymous_visitors(client, scenario):
    before = snapshot(scenario)
    response = client.post(
        reverse("assessments:save", args=[scenario.levels.pk]), levels_data(scenario)
    )
    assert response.status_code == 302 and snapshot(scenario) == before


def test_it_previews_the_self_score_as_results_are_typed_and_saves_nothing(world, login, scenario):
    before = snapshot(scenario)
    response = login(world.editor).post(
        reverse("assessments:preview", args=[scenario.levels.pk]),
        levels_data(scenario, "๘๗.๕"),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.strip().startswith(f'<div id="selfscore-{scenario.levels.pk}"')
    assert "87.500" in fragment and "<html" not in fragment
    assert snapshot(scenario) == before
    empty = login(world.editor).post(
        reverse("assessments:preview", args=[scenario.levels.pk]), levels_data(scenario, "")
    )
    assert "87.500" not in empty.content.decode()


def test_it_lets_the_approver_return_one_indicator_and_submit(world, login, scenario):
    fill(scenario)
    approver = login(world.approver)
    page = approver.get(page_url(scenario)).content.decode()
    assert reverse("assessments:submit", args=[scenario.submission.pk]) in page
    url = reverse("assessments:return_to_editor", args=[scenario.levels.pk])
    prefix = f"return_to_editor-{scenario.levels.pk}-"
    refused = approver.post(url, {f"{prefix}reason": ""})
    assert refused.status_code == 400
    assert scenario.result("levels").status == ResultStatus.DRAFT
    assert approver.post(url, {f"{prefix}reason": "ค่าไม่ตรงกับหลักฐาน"}).status_code == 302
    assert scenario.result("levels").status == ResultStatus.RETURNED_BY_APPROVER
    message = ReviewMessage.objects.get(result=scenario.levels)
    assert message.kind == MessageKind.RETURNED_BY_APPROVER and message.text == "ค่าไม่ตรงกับหลักฐาน"
    editor_page = login(world.editor).get(page_url(scenario)).content.decode()
    assert "ค่าไม่ตรงกับหลักฐาน" in editor_page
    response = approver.post(reverse("assessments:submit", args=[scenario.submission.pk]))
    assert response.status_code == 302
    submission = Submission.objects.get(pk=scenario.submission.pk)
    assert submission.status == SubmissionStatus.SUBMITTED


@pytest.mark.parametrize(
    "persona", ["editor", "viewer", "evaluator", "framework_admin", "outsider"]
)
def test_it_refuses_submitting_and_returning_to_others(world, login, scenario, persona):
    fill(scenario)
    before = snapshot(scenario)
    client = login(getattr(world, persona))
    submit = client.post(reverse("assessments:submit", args=[scenario.submission.pk]))
    back = client.post(
        reverse("assessments:return_to_editor", args=[scenario.levels.pk]),
        {f"return_to_editor-{scenario.levels.pk}-reason": "x"},
    )
    assert submit.status_code in (403, 404) and back.status_code in (403, 404)
    assert snapshot(scenario) == before
    page = client.get(page_url(scenario))
    if page.status_code == 200:
        assert (
            reverse("assessments:submit", args=[scenario.submission.pk])
            not in page.content.decode()
        )


def submitted(s: Scenario, world: Any) -> None:
    fill(s, Actor(world.editor))
    actions.submit(Actor(world.approver), Submission.objects.get(pk=s.submission.pk))


def test_it_walks_the_review_of_one_indicator(world, login, scenario):
    submitted(scenario, world)
    evaluator = login(world.evaluator)
    pk = scenario.levels.pk
    page = evaluator.get(page_url(scenario)).content.decode()
    assert reverse("assessments:ask", args=[pk]) in page
    assert reverse("assessments:confirm", args=[pk]) in page
    ask = evaluator.post(reverse("assessments:ask", args=[pk]), {f"ask-{pk}-question": "ขอหลักฐาน"})
    assert ask.status_code == 302 and scenario.result("levels").status == ResultStatus.QUESTION
    editor = login(world.editor)
    assert (
        reverse("assessments:answer", args=[pk]) in editor.get(page_url(scenario)).content.decode()
    )
    answer = editor.post(reverse("assessments:answer", args=[pk]), {f"answer-{pk}-text": "แนบแล้ว"})
    assert answer.status_code == 302 and scenario.result("levels").status == ResultStatus.SUBMITTED
    levels = scenario.result("levels")
    confirm = evaluator.post(
        reverse("assessments:confirm", args=[pk]),
        {
            f"c{pk}-sequence": levels.sequence,
            f"c{pk}-item_{scenario.items['number'].pk}": "85",
            f"c{pk}-justification": "หลักฐานรองรับ 85",
        },
    )
    assert confirm.status_code == 302
    levels = scenario.result("levels")
    assert levels.status == ResultStatus.CONFIRMED
    assert levels.confirmed_justification == "หลักฐานรองรับ 85"
    page = evaluator.get(page_url(scenario)).content.decode()
    assert "87.500" in page and "75.000" in page  # self-score beside the confirmed score
    milestone = scenario.result("milestone")
    accept = evaluator.post(
        reverse("assessments:accept", args=[milestone.pk]),
        {f"accept-{milestone.pk}-sequence": milestone.sequence},
    )
    assert accept.status_code == 302
    assert scenario.result("milestone").status == ResultStatus.ACCEPTED
    kinds = list(ReviewMessage.objects.filter(result=levels).values_list("kind", flat=True))
    assert kinds[-3:] == [MessageKind.QUESTION, MessageKind.ANSWER, MessageKind.CONFIRMED]


def test_it_says_why_a_self_score_is_missing(world, login, scenario):
    submitted(scenario, world)
    levels = scenario.result("levels")
    IndicatorResult.objects.filter(pk=levels.pk).update(self_score=None, self_explanation="")
    evaluator = login(world.evaluator)
    assert "ยังมีผลการดำเนินงานไม่เพียงพอสำหรับคำนวณคะแนน" in (
        evaluator.get(page_url(scenario)).content.decode()
    )
    type(levels.indicator).objects.filter(pk=levels.indicator_id).update(criteria={})
    page = evaluator.get(page_url(scenario)).content.decode()
    assert "ยังไม่มีคะแนน เนื่องจากตัวชี้วัดนี้ยังไม่มีเกณฑ์การประเมิน" in page


def test_it_refuses_a_confirmation_without_justification(world, login, scenario):
    submitted(scenario, world)
    levels = scenario.result("levels")
    response = login(world.evaluator).post(
        reverse("assessments:confirm", args=[levels.pk]),
        {f"c{levels.pk}-sequence": levels.sequence, f"c{levels.pk}-justification": ""},
    )
    assert response.status_code == 400
    assert scenario.result("levels").status == ResultStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["editor", "approver", "viewer", "outsider", "owner", "nobody"])
def test_it_refuses_reviews_to_anyone_but_evaluators(world, login, scenario, persona):
    submitted(scenario, world)
    before = snapshot(scenario)
    client: Client = login(getattr(world, persona))
    pk = scenario.levels.pk
    posts = {
        "accept": {f"accept-{pk}-sequence": scenario.result("levels").sequence},
        "ask": {f"ask-{pk}-question": "?"},
        "return_result": {f"return_result-{pk}-reason": "x"},
        "confirm": {f"c{pk}-sequence": 0, f"c{pk}-justification": "x"},
        "reopen": {f"reopen-{pk}-reason": "x", f"reopen-{pk}-until": "2999-01-01"},
    }
    for name, data in posts.items():
        response = client.post(reverse(f"assessments:{name}", args=[pk]), data)
        assert response.status_code in (403, 404), (name, response.status_code)
    assert snapshot(scenario) == before
    page = client.get(page_url(scenario))
    if page.status_code == 200:
        assert reverse("assessments:accept", args=[pk]) not in page.content.decode()


def test_it_refuses_the_evaluator_outside_the_scope(world, login, scenario):
    from ges.orgs.models import Role
    from ges.testing import make_member

    submitted(scenario, world)
    stranger = make_member(world.other_ministry, Role.EVALUATOR, "other-evaluator")
    pk = scenario.levels.pk
    response = login(stranger).post(
        reverse("assessments:ask", args=[pk]), {f"ask-{pk}-question": "?"}
    )
    assert response.status_code == 404
    assert scenario.result("levels").status == ResultStatus.SUBMITTED


def test_it_redirects_a_result_to_its_place_on_the_page(world, login, scenario):
    response = login(world.viewer).get(reverse("assessments:result", args=[scenario.levels.pk]))
    assert response["Location"].endswith(f"#result-{scenario.levels.pk}")
    outsider = login(world.outsider).get(reverse("assessments:result", args=[scenario.levels.pk]))
    assert outsider.status_code == 404


def test_it_names_the_actions_in_english_and_thai(world, login, scenario):
    fill(scenario)
    with translation.override("en"):
        page = login(world.approver).get(page_url(scenario), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200


def test_the_submission_page_costs_the_same_for_4_or_20_indicators(world, login, scenario):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ges.assessments.tests.scenario import LEVELS
    from ges.indicators.models import EvaluationItem, Indicator

    fill(scenario, Actor(world.editor))
    big = world.division
    for number in range(1, 21):
        indicator = Indicator.objects.create(
            framework=scenario.framework,
            organization=big,
            number=str(number),
            order=number,
            name_th=f"ตัวชี้วัด {number}",
            weight=Decimal(5),
            criteria=LEVELS,
        )
        EvaluationItem.objects.create(indicator=indicator, text="ค่า", kind="number")
    large = actions.open_submission(Actor(world.editor), scenario.round, big)
    for result in large.results.all():
        item = EvaluationItem.objects.get(indicator=result.indicator_id)
        report(Actor(world.editor), result, {item.pk: "86"})
    counts = []
    for submission in (scenario.submission, large):
        client = login(world.editor)
        client.get(reverse("assessments:submission", args=[submission.pk]))
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("assessments:submission", args=[submission.pk]))
        assert response.status_code == 200
        counts.append(len(captured))
    assert large.results.count() == 20
    assert counts[0] == counts[1] and counts[1] <= 16
