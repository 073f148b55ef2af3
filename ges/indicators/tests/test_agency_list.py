"""An agency's indicator list: grouped by component, the problems box, the year choice, and
the "Indicators" page that leads there; who may see it."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from ges.frameworks.tests.factories import make_component, make_framework
from ges.indicators.models import AgencyValue, Indicator
from ges.indicators.overview import agency_overview, number_key
from ges.indicators.tests.agency_factories import THREE_LEVELS, make_indicator, make_year
from ges.orgs.models import OrganizationKind
from ges.testing import make_org

READERS = ["framework_admin", "evaluator", "editor", "approver", "viewer"]
STRANGERS = ["outsider", "org_admin", "nobody"]


@pytest.fixture
def year(world):
    """FY2566 for OPS: complete except where the tests break it; FY2567 exists too."""
    framework, pb, pt = make_year(2566)
    make_year(2567)
    make_indicator(
        framework,
        world.department,
        "1",
        pb,
        weight=40,
        items=2,
        criteria=THREE_LEVELS,
        responsible_unit=world.division,
    )
    make_indicator(framework, world.department, "2", pb, weight=30, items=1, criteria=THREE_LEVELS)
    parent = make_indicator(framework, world.department, "3", pt, weight=30)
    make_indicator(
        framework,
        world.department,
        "3.1",
        pt,
        weight=60,
        parent=parent,
        items=1,
        criteria=THREE_LEVELS,
    )
    make_indicator(
        framework,
        world.department,
        "3.2",
        pt,
        weight=40,
        parent=parent,
        items=1,
        criteria={"kind": "passfail"},
    )
    # Another agency's indicators never show on OPS's list.
    make_indicator(framework, world.sibling, "1", pb, weight=70, name_th="ของกรมบัญชีกลาง")
    return framework


def url(world, year=2566, agency=None):
    return reverse("indicators:agency", args=[(agency or world.department).pk, year])


def overview_of(response):
    return response.context["overview"]


@pytest.mark.parametrize("persona", READERS)
def test_it_shows_the_list_to_everyone_who_reads_the_agencys_indicators(
    world, login, year, persona
):
    response = login(getattr(world, persona)).get(url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ตัวชี้วัดที่ 3.2" in page and "ของกรมบัญชีกลาง" not in page
    assert "สำนักตรวจสอบและประเมินผล" in page  # the responsible unit of indicator 1


@pytest.mark.parametrize("persona", STRANGERS)
def test_it_answers_404_to_people_outside_the_agency(world, login, year, persona):
    assert login(getattr(world, persona)).get(url(world)).status_code == 404


def test_it_asks_anonymous_visitors_to_log_in(world, client, year):
    response = client.get(url(world))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_answers_404_for_a_year_or_an_agency_without_a_framework(world, login, year):
    client = login(world.framework_admin)
    assert client.get(url(world, 2570)).status_code == 404
    assert client.get(url(world, agency=world.ministry)).status_code == 404
    province = make_org(world.ministry, kind=OrganizationKind.PROVINCE)
    assert client.get(url(world, agency=province)).status_code == 404
    make_framework(2566, kind="provinces")
    assert client.get(url(world, agency=province)).status_code == 200


def test_it_groups_indicators_by_component_with_sub_indicators_under_their_parent(
    world, login, year
):
    response = login(world.editor).get(url(world))
    groups = overview_of(response).groups
    assert [group.component.code for group in groups] == ["PB", "PT"]
    assert [(row.indicator.number, row.depth) for row in groups[0].rows] == [("1", 0), ("2", 0)]
    assert [(row.indicator.number, row.depth) for row in groups[1].rows] == [
        ("3", 0),
        ("3.1", 1),
        ("3.2", 1),
    ]
    assert groups[0].weight == 70 and groups[1].weight == 30
    assert [row.item_count for row in groups[0].rows] == [2, 1]
    assert overview_of(response).problems == []
    page = response.content.decode()
    assert 'class="indent-1"' in page
    assert page.index("ตัวชี้วัดที่ 3.1") < page.index("ตัวชี้วัดที่ 3.2")


def test_it_lists_every_problem_that_keeps_the_set_from_being_complete(world, login, year):
    one = Indicator.objects.get(organization=world.department, number="1")
    one.weight = Decimal(35)
    one.criteria = None
    one.save()
    Indicator.objects.filter(organization=world.department, number="2").update(
        criteria={"kind": "levels", "thresholds": [90, 85, 95]}
    )
    Indicator.objects.filter(organization=world.department, number="3.2").update(weight=30)
    make_indicator(year, world.department, "9", None, weight=0, criteria=THREE_LEVELS)
    year.components.filter(code="PT").update(weight=25)

    client = login(world.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        response = client.get(url(world))
        problems = overview_of(response).problems
        messages = [str(problem.message) for problem in problems]
        page = response.content.decode()
    assert "The components weigh 95 in all; they must add up to 100." in messages
    assert any("Performance Base weigh 65" in m and "weight, 70" in m for m in messages)
    assert any("Potential Base weigh 30" in m and "weight, 25" in m for m in messages)
    assert "Indicator 9 is in no component." in messages
    assert "The sub-indicators of 3 weigh 90 in all; they must add up to 100." in messages
    assert "Indicator 1 has no criteria." in messages
    assert "Indicator 9 has no evaluation items." in messages
    rejected = next(p for p in problems if p.message.startswith("The scoring engine rejects"))
    assert rejected.indicator.number == "2" and "thresholds[1]" in rejected.details[0]
    assert "85" in rejected.details[0]
    for message in messages:
        assert message in page.replace("&#x27;", "'")
    # Sub-indicators are scored on their own; their parent needs neither criteria nor items.
    assert not any("Indicator 3 has" in m for m in messages)


def test_it_checks_criteria_against_the_agencys_values(world, login, year):
    Indicator.objects.filter(organization=world.department, number="2").update(
        criteria={"kind": "levels", "thresholds": ["prev - 10", "prev", "prev + 2%"]}
    )
    client = login(world.editor)
    problems = overview_of(client.get(url(world))).problems
    assert [p.indicator.number for p in problems] == ["2"]  # prev is unknown for OPS
    AgencyValue.objects.create(
        framework=year, organization=world.department, name="prev", value=Decimal("431.73")
    )
    assert overview_of(client.get(url(world))).problems == []


def test_it_lets_people_choose_among_the_years_that_exist(world, login, year):
    response = login(world.viewer).get(url(world))
    assert response.context["years"] == [2567, 2566]
    page = response.content.decode()
    assert url(world, 2567) in page
    assert login(world.viewer).get(url(world, 2567)).status_code == 200


def test_it_offers_adding_an_indicator_to_editors_only(world, login, year):
    create = reverse("indicators:create", args=[world.department.pk, 2566])
    assert create in login(world.editor).get(url(world)).content.decode()
    assert create in login(world.framework_admin).get(url(world)).content.decode()
    for persona in ("approver", "viewer", "evaluator"):
        assert create not in login(getattr(world, persona)).get(url(world)).content.decode()


def test_it_reads_the_list_in_a_fixed_number_of_queries(
    world, login, year, django_assert_num_queries, django_assert_max_num_queries
):
    client = login(world.editor)
    client.get(url(world))  # warm the session
    with django_assert_max_num_queries(10) as small:  # 10: the nav's unread notices
        client.get(url(world))
    pb = year.components.get(code="PB")
    for number in range(10, 30):
        make_indicator(
            year,
            world.department,
            str(number),
            pb,
            weight=1,
            items=3,
            criteria=THREE_LEVELS,
            responsible_unit=world.division,
        )
    assert Indicator.objects.filter(organization=world.department).count() == 25
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(url(world))
    assert len(overview_of(response).groups[0].rows) == 22


def test_it_sorts_indicator_numbers_as_people_do():
    assert sorted(["10", "2", "4.2", "4.10", "4.1", "4"], key=number_key) == [
        "2",
        "4",
        "4.1",
        "4.2",
        "4.10",
        "10",
    ]


def test_it_finds_sub_component_problems_and_no_components(world):
    framework = make_framework(2555)
    external = make_component(framework, "EX", 70, order=1, name_th="ภายนอก")
    effectiveness = make_component(framework, "EF", 60, external, order=1, name_th="ประสิทธิผล")
    quality = make_component(framework, "QU", 10, external, order=2, name_th="คุณภาพ")
    internal = make_component(framework, "IN", 30, order=2, name_th="ภายใน")
    rows = [
        make_indicator(
            framework,
            world.department,
            "1",
            effectiveness,
            weight=60,
            items=1,
            criteria={"kind": "passfail"},
        ),
        make_indicator(
            framework,
            world.department,
            "2",
            quality,
            weight=5,
            items=1,
            criteria={"kind": "passfail"},
        ),
        make_indicator(
            framework,
            world.department,
            "3",
            internal,
            weight=30,
            items=1,
            criteria={"kind": "passfail"},
        ),
    ]
    for row in rows:
        row.item_count = 1
    with translation.override("en"):
        overview = agency_overview(
            framework, framework.components.all(), rows, agency_code="OPS", values={}
        )
        messages = [problem.message for problem in overview.problems]
    assert [(g.component.code, g.depth) for g in overview.groups] == [
        ("EX", 0),
        ("EF", 1),
        ("QU", 1),
        ("IN", 0),
    ]
    assert messages == [
        "The indicators of คุณภาพ weigh 5 in all; they must add up to the component's weight, 10."
    ]
    bare = make_framework(2556)
    with translation.override("en"):
        overview = agency_overview(bare, [], rows[:1], agency_code="OPS", values={})
    assert [p.message for p in overview.problems] == [
        "The indicators weigh 60 in all; they must add up to 100."
    ]


# The "Indicators" page --------------------------------------------------------------------


def test_it_sends_an_agency_editor_straight_to_the_latest_year_of_their_agency(world, login, year):
    response = login(world.editor).get(reverse("indicators:mine"))
    assert response.status_code == 302 and response["Location"] == url(world, 2567)
    # Searching shows the list instead.
    response = login(world.editor).get(reverse("indicators:mine"), {"q": "OPS"})
    assert response.status_code == 200


def test_it_lists_the_agencies_and_years_a_ministry_viewer_sees(world, login, year):
    response = login(world.viewer).get(reverse("indicators:mine"))
    assert response.status_code == 200
    rows = {agency.code: years for agency, years in response.context["rows"]}
    assert set(rows) == {"OPS", "CGD"}
    assert rows["OPS"] == [(2566, 3), (2567, 0)] and rows["CGD"] == [(2566, 1), (2567, 0)]
    assert url(world) in response.content.decode()


def test_it_lists_every_agency_to_a_framework_admin(world, login, year):
    response = login(world.framework_admin).get(reverse("indicators:mine"))
    codes = {agency.code for agency, _years in response.context["rows"]}
    assert codes == {"OPS", "CGD", "DITP", "OPDC"}
    response = login(world.framework_admin).get(reverse("indicators:mine"), {"q": "DITP"})
    assert [agency.code for agency, _years in response.context["rows"]] == ["DITP"]


@pytest.mark.parametrize("persona", ["org_admin", "nobody"])
def test_it_refuses_the_indicators_page_without_the_right_to_read_indicators(world, login, persona):
    assert login(getattr(world, persona)).get(reverse("indicators:mine")).status_code == 403


def test_it_asks_anonymous_visitors_to_log_in_for_the_indicators_page(client, db):
    response = client.get(reverse("indicators:mine"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_shows_the_indicators_link_in_the_menu_to_readers_only(world, login, year):
    link = f'href="{reverse("indicators:mine")}"'
    assert link in login(world.viewer).get(reverse("home")).content.decode()
    assert link not in login(world.org_admin).get(reverse("home")).content.decode()
    assert link not in Client().get(reverse("home")).content.decode()
