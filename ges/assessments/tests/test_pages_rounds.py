"""Rounds of a framework, the submissions of a round, closing the evaluation, the ranking,
"My work" and the round scores on the report page; fixed queries on the list pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ges.assessments import actions
from ges.assessments.inbox import assessment_tasks
from ges.assessments.models import AgencyScore, Submission, SubmissionStatus
from ges.assessments.tests.scenario import Scenario, build, fill, scenario
from ges.audit.log import Actor
from ges.frameworks.models import Round
from ges.indicators.models import EvaluationItem, Indicator
from ges.notices.inbox import tasks_for
from ges.orgs.models import Organization, OrganizationKind
from ges.testing import SYSTEM, make_org

__all__ = ["scenario"]


def submitted(s: Scenario, world: Any) -> None:
    fill(s, Actor(world.editor))
    actions.submit(Actor(world.approver), Submission.objects.get(pk=s.submission.pk))


def test_it_lists_the_rounds_with_thai_dates_and_counts(world, login, scenario):
    response = login(world.viewer).get(reverse("assessments:rounds", args=[scenario.framework.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        f"พ.ศ. {scenario.round.deadline.year + 543}" in page
        or str(scenario.round.deadline.year + 543) in page
    )
    assert reverse("assessments:round", args=[scenario.round.pk]) in page
    assert reverse("assessments:close", args=[scenario.round.pk]) not in page
    admin_page = login(world.framework_admin).get(
        reverse("assessments:rounds", args=[scenario.framework.pk])
    )
    assert reverse("assessments:close", args=[scenario.round.pk]) in admin_page.content.decode()
    index = login(world.viewer).get(reverse("assessments:index"))
    assert scenario.framework.name_th in index.content.decode()
    framework_page = login(world.viewer).get(
        reverse("frameworks:detail", args=[scenario.framework.pk])
    )
    assert reverse("assessments:rounds", args=[scenario.framework.pk]) in (
        framework_page.content.decode()
    )


def test_it_lists_the_submissions_with_progress_and_filters(world, login, scenario):
    fill(scenario)
    other = make_org(world.other_ministry, code="OTH", name_th="กรมอื่น")
    Indicator.objects.create(
        framework=scenario.framework, organization=other, number="1", name_th="x", weight=100
    )
    client = login(world.framework_admin)
    url = reverse("assessments:round", args=[scenario.round.pk])
    page = client.get(url).content.decode()
    assert "สำนักงานปลัดกระทรวงการคลัง" in page and "กรมอื่น" in page
    assert 'value="8"' in page  # 8 of 8 items reported
    only_mof = client.get(url, {"ministry": world.ministry.pk}).content.decode()
    assert "กรมอื่น" not in only_mof and "สำนักงานปลัดกระทรวงการคลัง" in only_mof
    not_started = client.get(url, {"status": "not_started"}).content.decode()
    assert "กรมอื่น" in not_started and "สำนักงานปลัดกระทรวงการคลัง" not in not_started
    # An evaluator of MOF sees only MOF's agencies.
    mine = login(world.evaluator).get(url).content.decode()
    assert "กรมอื่น" not in mine


@pytest.mark.parametrize("persona", ["org_admin", "nobody"])
def test_it_refuses_the_round_pages_without_a_reading_role(world, login, scenario, persona):
    client = login(getattr(world, persona))
    for name in ("round", "ranking", "close"):
        url = reverse(f"assessments:{name}", args=[scenario.round.pk])
        assert client.get(url).status_code == 403


def make_agencies(scenario: Scenario, count: int) -> None:
    """`count` more agencies under two ministries, each with a submitted-ish report."""
    ministries = [
        make_org(kind=OrganizationKind.MINISTRY, code=f"MX{n}", name_th=f"กระทรวง {n}")
        for n in range(2)
    ]
    for n in range(count):
        agency = make_org(ministries[n % 2], code=f"AG{n}", name_th=f"กรม {n}")
        indicator = Indicator.objects.create(
            framework=scenario.framework,
            organization=agency,
            number="1",
            name_th="ตัวชี้วัด",
            weight=Decimal(100),
            criteria={"kind": "levels", "thresholds": [80, 85, 90]},
        )
        EvaluationItem.objects.create(indicator=indicator, text="ค่า", kind="number")
        actions.open_submission(SYSTEM, scenario.round, agency)


def count_queries(client: Any, url: str, params: dict[str, Any] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["round", "ranking", "rounds"])
def test_it_lists_154_agencies_in_as_many_queries_as_5(world, login, scenario, name):
    args = [scenario.framework.pk] if name == "rounds" else [scenario.round.pk]
    url = reverse(f"assessments:{name}", args=args)
    client = login(world.framework_admin)
    make_agencies(scenario, 5)
    small = count_queries(client, url)
    make_agencies_more(scenario, 149)
    assert AgencyScore.objects.filter(round=scenario.round).count() == 155
    with CaptureQueriesContext(connection):
        pass
    large = count_queries(client, url)
    assert large == small
    assert large <= 16


def make_agencies_more(scenario: Scenario, count: int) -> None:
    ministry = make_org(kind=OrganizationKind.MINISTRY, code="MBIG", name_th="กระทรวงใหญ่")
    for n in range(count):
        agency = make_org(ministry, code=f"BIG{n}", name_th=f"กรมใหญ่ {n}")
        indicator = Indicator.objects.create(
            framework=scenario.framework,
            organization=agency,
            number="1",
            name_th="ตัวชี้วัด",
            weight=Decimal(100),
            criteria={"kind": "levels", "thresholds": [80, 85, 90]},
        )
        EvaluationItem.objects.create(indicator=indicator, text="ค่า", kind="number")
    Submission.objects.bulk_create(
        Submission(round=scenario.round, organization=agency)
        for agency in Organization.objects.filter(code__startswith="BIG")
    )
    from ges.assessments.scores import recompute

    recompute(scenario.round)


def test_it_lets_only_framework_admins_close_the_evaluation(world, login, scenario):
    submitted(scenario, world)
    url = reverse("assessments:close", args=[scenario.round.pk])
    for persona in ("evaluator", "viewer", "editor", "approver", "outsider"):
        client = login(getattr(world, persona))
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    assert Round.objects.get(pk=scenario.round.pk).closed_at is None
    admin = login(world.framework_admin)
    confirm = admin.get(url)
    assert confirm.status_code == 200 and 'method="post"' in confirm.content.decode()
    assert admin.post(url).status_code == 302
    assert Round.objects.get(pk=scenario.round.pk).closed_at is not None
    assert Submission.objects.get(pk=scenario.submission.pk).status == SubmissionStatus.FINAL
    # Nothing may be reported or reviewed any more: no buttons.
    page = login(world.editor).get(reverse("assessments:submission", args=[scenario.submission.pk]))
    assert reverse("assessments:save", args=[scenario.levels.pk]) not in page.content.decode()


def test_it_ranks_agencies_by_total_with_self_totals(world, login, scenario):
    submitted(scenario, world)
    second = build(world.sibling, scenario.framework, scenario.round)
    fill(second)
    url = reverse("assessments:ranking", args=[scenario.round.pk])
    page = login(world.evaluator).get(url).content.decode()
    assert "สำนักงานปลัดกระทรวงการคลัง" in page and "กรมบัญชีกลาง" in page
    year = scenario.framework.fiscal_year.year
    assert reverse("reports:agency", args=[world.department.pk, year]) in page
    score = AgencyScore.objects.get(round=scenario.round, organization=world.department)
    assert score.total is not None
    only_other = login(world.evaluator).get(url, {"ministry": world.other_ministry.pk})
    assert "สำนักงานปลัดกระทรวงการคลัง" not in only_other.content.decode()
    by_kind = login(world.evaluator).get(url, {"kind": OrganizationKind.PROVINCE})
    assert "สำนักงานปลัดกระทรวงการคลัง" not in by_kind.content.decode()


def test_it_shows_the_ranking_to_agencies_only_once_the_evaluation_is_closed(
    world, login, scenario
):
    submitted(scenario, world)
    url = reverse("assessments:ranking", args=[scenario.round.pk])
    assert login(world.viewer).get(url).status_code == 403
    assert login(world.editor).get(url).status_code == 403
    rounds = reverse("assessments:index")
    assert url not in login(world.editor).get(rounds).content.decode()  # no link to a 403
    round_page = reverse("assessments:round", args=[scenario.round.pk])
    assert url not in login(world.editor).get(round_page).content.decode()
    assert url in login(world.evaluator).get(rounds).content.decode()
    actions.close_evaluation(Actor(world.framework_admin), scenario.round)
    assert login(world.viewer).get(url).status_code == 200
    assert url in login(world.editor).get(rounds).content.decode()


def test_it_gives_each_person_their_work(world, scenario):
    editor_tasks = assessment_tasks(world.editor)
    assert [t.kind for t in editor_tasks] == ["submission.edit"]
    assert editor_tasks[0].progress == (0, 8)
    assert editor_tasks[0].due == scenario.round.last_day
    assert assessment_tasks(world.approver) == []
    fill(scenario, Actor(world.editor))
    assert [t.kind for t in assessment_tasks(world.approver)] == ["submission.submit"]
    assert assessment_tasks(world.editor)[0].progress == (8, 8)
    assert assessment_tasks(world.evaluator) == []
    actions.submit(Actor(world.approver), Submission.objects.get(pk=scenario.submission.pk))
    assert assessment_tasks(world.editor) == []
    review = assessment_tasks(world.evaluator)
    assert [t.kind for t in review] == ["submission.review"] and review[0].progress == (0, 4)
    assert assessment_tasks(world.outsider) == []
    assert assessment_tasks(world.viewer) == []
    levels = scenario.result("levels")
    actions.ask(Actor(world.evaluator), levels, "ขอหลักฐาน")
    assert [t.kind for t in assessment_tasks(world.editor)] == ["result.answer"]
    actions.return_result(Actor(world.evaluator), scenario.result("milestone"), "แก้ไข")
    kinds = sorted(t.kind for t in assessment_tasks(world.editor))
    assert kinds == ["result.answer", "result.fix"]
    # The inbox page shows them (registered in AssessmentsConfig.ready).
    assert any(t.kind == "result.fix" for t in tasks_for(world.editor))


def test_the_inbox_costs_the_same_for_many_tasks(world, scenario):
    from ges.orgs.actions import grant_role
    from ges.orgs.models import Role, User

    make_agencies(scenario, 3)
    make_agencies_more(scenario, 30)
    editor = User.objects.create_user("ministry-editor")
    for code in ("MX0", "MX1"):
        grant_role(SYSTEM, editor, Organization.objects.get(code=code), Role.AGENCY_EDITOR)

    def tasks() -> tuple[int, int]:
        fresh = User.objects.get(pk=editor.pk)
        with CaptureQueriesContext(connection) as captured:
            found = assessment_tasks(fresh)
        return len(captured), len(found)

    few = tasks()
    grant_role(SYSTEM, editor, Organization.objects.get(code="MBIG"), Role.AGENCY_EDITOR)
    many = tasks()
    assert (few[1], many[1]) == (3, 33)
    assert few[0] == many[0]


def test_the_report_page_shows_the_round_scores(world, login, scenario):
    submitted(scenario, world)
    year = scenario.framework.fiscal_year.year
    response = login(world.viewer).get(reverse("reports:agency", args=[world.department.pk, year]))
    if response.status_code == 404:
        pytest.fail("the report page has no framework for the agency")
    page = response.content.decode()
    assert 'id="round-scores-title"' in page
    score = AgencyScore.objects.get(round=scenario.round, organization=world.department)
    assert format(score.total.quantize(Decimal("0.001")), "f") in page
