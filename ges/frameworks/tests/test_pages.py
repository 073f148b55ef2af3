import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from ges.audit.log import Actor
from ges.audit.models import AuditEntry
from ges.frameworks import actions
from ges.frameworks.models import Component, FiscalYear, Framework, FrameworkStatus, Round
from ges.frameworks.structure import weight_problems
from ges.frameworks.tests.factories import (
    make_component,
    make_departments_2566,
    make_framework,
    make_standard_indicator,
)

READERS = ["evaluator", "owner", "editor", "approver", "viewer", "org_admin", "outsider", "nobody"]


@pytest.fixture
def framework(world):
    return make_departments_2566(world.sibling, world.opdc)


def entries(prefix=""):
    return AuditEntry.objects.filter(action__startswith=prefix)


def body(response):
    return response.content.decode()


# Reading ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["framework_admin", *READERS])
def test_it_lets_every_signed_in_person_read_frameworks(world, login, framework, persona):
    client = login(getattr(world, persona))
    listing = body(client.get(reverse("frameworks:list")))
    assert framework.name_th in listing and "2566" in listing
    response = client.get(reverse("frameworks:detail", args=[framework.pk]))
    assert response.status_code == 200
    page = body(response)
    assert "Performance Base" in page and "ร้อยละการเบิกจ่ายงบประมาณ" in page
    assert ("Frameworks" in page or "กรอบการประเมิน" in page) and reverse("frameworks:list") in page
    # Every signed-in person has the link in the main menu.
    menu = body(client.get(reverse("home"))).split('class="site-nav"')[1].split("</nav>")[0]
    assert f'href="{reverse("frameworks:list")}"' in menu


def test_it_asks_anonymous_visitors_to_log_in(client, framework):
    indicator = framework.indicators.first()
    for url in [
        reverse("frameworks:list"),
        reverse("frameworks:detail", args=[framework.pk]),
        reverse("frameworks:standard_detail", args=[indicator.pk]),
        reverse("frameworks:edit", args=[framework.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
    assert reverse("frameworks:list") not in body(client.get(reverse("home")))


def test_it_answers_404_for_a_framework_that_does_not_exist(world, login):
    assert login(world.viewer).get(reverse("frameworks:detail", args=[999])).status_code == 404


def test_it_shows_the_component_tree_rounds_settings_and_standard_indicators(
    world, login, framework
):
    page = body(login(world.viewer).get(reverse("frameworks:detail", args=[framework.pk])))
    # Component tree with weights, parts under their component.
    assert page.index("PB1") > page.index("Performance Base") < page.index("Potential Base")
    assert '<td class="num">70</td>' in page and '<td class="num">40</td>' in page
    # Rounds with Thai Buddhist Era dates.
    assert "1 เมษายน 2566" in page and "30 เมษายน 2566" in page and "7 พฤษภาคม 2566" in page
    assert "31 ตุลาคม 2566" in page
    # Result levels and the settings in words.
    for label in ["ระดับคุณภาพ", "ระดับมาตรฐานขั้นสูง", "ระดับมาตรฐานขั้นต้น", "ระดับต้องปรับปรุง"]:
        assert label in page
    # Standard indicators: number, name, owner, component, weight, criteria summary.
    assert "การพัฒนาสู่การเป็นระบบราชการ 4.0 (PMQA 4.0)" in page
    assert "กรมบัญชีกลาง" in page and "สำนักงาน ก.พ.ร." in page
    assert "50 / 75 / 100" in page


def test_it_shows_only_readers_no_buttons_that_change_things(world, login, framework):
    page = body(login(world.evaluator).get(reverse("frameworks:detail", args=[framework.pk])))
    assert reverse("frameworks:edit", args=[framework.pk]) not in page
    assert reverse("frameworks:publish", args=[framework.pk]) not in page
    assert reverse("frameworks:component_create", args=[framework.pk]) not in page
    page = body(login(world.framework_admin).get(reverse("frameworks:detail", args=[framework.pk])))
    assert reverse("frameworks:publish", args=[framework.pk]) in page


def test_it_shows_the_weights_that_do_not_add_up_plainly(world, login, framework):
    Component.objects.filter(framework=framework, code="PB2").update(weight=Decimal(20))
    Component.objects.filter(framework=framework, code="PT").update(weight=Decimal(25))
    problems = weight_problems(framework.components.all())
    assert len(problems) == 2
    page = body(login(world.viewer).get(reverse("frameworks:detail", args=[framework.pk])))
    assert 'role="alert"' in page
    for problem in problems:
        assert escape(problem) in page
    assert "95" in problems[0] and "60" in problems[1] and "70" in problems[1]


def test_it_finds_every_weight_problem():
    framework = Framework(pk=1)
    assert weight_problems([]) != []
    rows = [
        Component(pk=1, framework=framework, code="A", weight=Decimal(70)),
        Component(pk=2, framework=framework, code="A1", weight=Decimal("60.5"), parent_id=1),
        Component(pk=3, framework=framework, code="A2", weight=Decimal("9.5"), parent_id=1),
        Component(pk=4, framework=framework, code="B", weight=Decimal(30)),
    ]
    assert weight_problems(rows) == []
    rows[2].weight = Decimal(9)
    assert len(weight_problems(rows)) == 1
    rows[3].weight = Decimal(31)
    assert len(weight_problems(rows)) == 2


def test_it_uses_a_fixed_number_of_queries_for_the_framework_page(
    world, login, django_assert_max_num_queries
):
    small = make_departments_2566(world.sibling, world.opdc)
    big = make_framework(2567)
    parent = None
    for number in range(20):
        component = make_component(big, f"C{number}", 5, parent if number % 2 else None)
        parent = component
        make_standard_indicator(
            big,
            str(number + 1),
            world.sibling,
            component,
            criteria={"kind": "levels", "thresholds": [1, 2, 3]},
        )
    client = login(world.framework_admin)
    counts = []
    for framework in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("frameworks:detail", args=[framework.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(10):
        client.get(reverse("frameworks:detail", args=[big.pk]))
    with django_assert_max_num_queries(8):
        client.get(reverse("frameworks:list"))


# Fiscal years and frameworks --------------------------------------------------------------------


def test_it_lets_framework_admins_add_a_fiscal_year_and_a_framework(world, login):
    client = login(world.framework_admin)
    response = client.post(reverse("frameworks:year_create"), {"year": "2568"})
    assert response.status_code == 302
    year = FiscalYear.objects.get(year=2568)
    assert entries("fiscal_year.created").filter(object_id=str(year.pk)).exists()
    assert client.post(reverse("frameworks:year_create"), {"year": "2568"}).status_code == 200
    assert client.post(reverse("frameworks:year_create"), {"year": "2024"}).status_code == 200
    assert FiscalYear.objects.count() == 1

    values = {
        "fiscal_year": year.pk,
        "kind": "provinces",
        "name_th": "กรอบการประเมินจังหวัด 2568",
        "scale": "100",
        "decimals": "3",
        "mode": "interpolate",
        "below_first": "0",
        "exempt_weight": "component",
    }
    response = client.post(reverse("frameworks:create"), values)
    framework = Framework.objects.get(fiscal_year=year, kind="provinces")
    assert response.status_code == 302 and response["Location"].endswith(f"/{framework.pk}/")
    assert framework.status == FrameworkStatus.DRAFT
    assert entries("framework.created").get().object_id == str(framework.pk)
    # A second framework of the same kind in the same year is refused.
    assert client.post(reverse("frameworks:create"), values).status_code == 200
    assert Framework.objects.count() == 1


def test_it_edits_settings_and_result_levels(world, login, framework):
    client = login(world.framework_admin)
    url = reverse("frameworks:edit", args=[framework.pk])
    assert client.get(url).status_code == 200
    data = settings_data(
        framework,
        scale="5",
        decimals="4",
        mode="step",
        below_first="1",
        exempt_weight="agency",
        levels=[("3.5", "ได้รับสิ่งจูงใจ"), ("0", "ไม่ได้รับ")],
    )
    response = client.post(url, data)
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.scale == 5 and framework.decimals == 4 and framework.mode == "step"
    assert framework.below_first == 1 and framework.exempt_weight == "agency"
    assert framework.result_levels == [["3.5", "ได้รับสิ่งจูงใจ"], [0, "ไม่ได้รับ"]]
    entry = entries("framework.updated").get()
    assert entry.before["scale"] == "100.00" and entry.after["mode"] == "step"
    page = body(login(world.viewer).get(reverse("frameworks:detail", args=[framework.pk])))
    assert "ได้รับสิ่งจูงใจ" in page and "3.5" in page


@pytest.mark.parametrize(
    "levels",
    [
        [("60", "ต่ำ"), ("90", "สูง"), ("0", "ปรับปรุง")],  # not descending
        [("90", "สูง"), ("90", "สูงเท่ากัน"), ("0", "ปรับปรุง")],  # equal thresholds
        [("90", "สูง"), ("60", ""), ("0", "ปรับปรุง")],  # a label missing
        [("90", "สูง"), ("60", "กลาง")],  # the last does not start at 0
        [("190", "เกินคะแนนเต็ม"), ("0", "ปรับปรุง")],  # above the scale
        [],  # none at all
    ],
)
def test_it_refuses_bad_result_levels_and_changes_nothing(world, login, framework, levels):
    client = login(world.framework_admin)
    before = list(framework.result_levels)
    response = client.post(
        reverse("frameworks:edit", args=[framework.pk]),
        settings_data(framework, name_th="ชื่อใหม่", levels=levels),
    )
    assert response.status_code == 200
    assert 'class="errorlist"' in body(response)
    framework.refresh_from_db()
    assert framework.result_levels == before and framework.name_th != "ชื่อใหม่"
    assert not entries("framework.").exists()


def settings_data(framework, *, levels, **values):
    data = {
        "name_th": framework.name_th,
        "name_en": "",
        "scale": "100",
        "decimals": "3",
        "mode": "interpolate",
        "below_first": "0",
        "exempt_weight": "component",
        "levels-TOTAL_FORMS": str(len(levels) + 1),
        "levels-INITIAL_FORMS": "0",
        "levels-MIN_NUM_FORMS": "0",
        "levels-MAX_NUM_FORMS": "1000",
    }
    data.update(values)
    for index, (minimum, label) in enumerate(levels):
        data[f"levels-{index}-minimum"] = minimum
        data[f"levels-{index}-label"] = label
    return data


def test_it_publishes_only_when_the_weights_add_up(world, login, framework):
    client = login(world.framework_admin)
    url = reverse("frameworks:publish", args=[framework.pk])
    pt = Component.objects.get(framework=framework, code="PT")
    Component.objects.filter(pk=pt.pk).update(weight=Decimal(20))
    response = client.post(url, follow=True)
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.DRAFT
    assert not entries("framework.published").exists()
    page = body(response)
    for problem in weight_problems(framework.components.all()):
        assert escape(problem) in page

    Component.objects.filter(pk=pt.pk).update(weight=Decimal(30))
    assert client.post(url).status_code == 302
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.PUBLISHED
    entry = entries("framework.published").get()
    assert entry.before == {"status": "draft"} and entry.after == {"status": "published"}
    # Publishing twice changes nothing more.
    client.post(url)
    assert entries("framework.published").count() == 1


def test_it_refuses_to_publish_a_framework_without_components(world):
    framework = make_framework(2570)
    with pytest.raises(actions.PublishRefused) as refused:
        actions.publish_framework(Actor(world.framework_admin), framework)
    assert refused.value.problems
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.DRAFT


@pytest.mark.parametrize("persona", READERS)
def test_it_refuses_every_change_to_everyone_but_framework_admins(world, login, framework, persona):
    client = login(getattr(world, persona))
    component = framework.components.get(code="PT")
    round_ = framework.rounds.get(months=6)
    pk = framework.pk
    gets = [
        reverse("frameworks:year_create"),
        reverse("frameworks:create"),
        reverse("frameworks:edit", args=[pk]),
        reverse("frameworks:copy", args=[pk]),
        reverse("frameworks:component_create", args=[pk]),
        reverse("frameworks:component_edit", args=[pk, component.pk]),
        reverse("frameworks:round_create", args=[pk]),
        reverse("frameworks:round_edit", args=[pk, round_.pk]),
        reverse("frameworks:standard_create", args=[pk]),
    ]
    for url in gets:
        assert client.get(url).status_code == 403, url
    posts = {
        reverse("frameworks:year_create"): {"year": "2599"},
        reverse("frameworks:edit", args=[pk]): settings_data(
            framework, name_th="x", levels=[("0", "x")]
        ),
        reverse("frameworks:publish", args=[pk]): {},
        reverse("frameworks:copy", args=[pk]): {"to_year": "2567"},
        reverse("frameworks:component_create", args=[pk]): {
            "code": "X",
            "name_th": "x",
            "weight": "1",
            "order": "0",
        },
        reverse("frameworks:component_edit", args=[pk, component.pk]): {
            "code": "PT",
            "name_th": "x",
            "weight": "1",
            "order": "0",
        },
        reverse("frameworks:component_delete", args=[pk, component.pk]): {},
        reverse("frameworks:round_create", args=[pk]): {
            "months": "9",
            "opens_on": "2023-07-01",
            "deadline": "2023-07-31",
        },
        reverse("frameworks:round_delete", args=[pk, round_.pk]): {},
        reverse("frameworks:standard_create", args=[pk]): {"number": "9", "name_th": "x"},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403, url
    framework.refresh_from_db()
    assert framework.status == FrameworkStatus.DRAFT and framework.name_th.startswith("กรอบ")
    assert Framework.objects.count() == 1 and FiscalYear.objects.count() == 1
    assert framework.components.count() == 4 and framework.rounds.count() == 2
    assert framework.indicators.count() == 2
    assert not entries().filter(action__regex=r"^(framework|component|round|fiscal_year)").exists()


# Components -------------------------------------------------------------------------------------


def component_data(**values):
    data = {"code": "PT1", "name_th": "ส่วนย่อย", "name_en": "", "weight": "30", "order": "1"}
    data.update(values)
    return data


def test_it_adds_changes_and_removes_components(world, login, framework):
    client = login(world.framework_admin)
    pk = framework.pk
    pt = framework.components.get(code="PT")
    response = client.post(
        reverse("frameworks:component_create", args=[pk]), component_data(parent=str(pt.pk))
    )
    assert response.status_code == 302
    part = framework.components.get(code="PT1")
    assert part.parent == pt and part.weight == 30
    assert entries("component.created").get().after["parent"] == "PT"

    response = client.post(
        reverse("frameworks:component_edit", args=[pk, part.pk]),
        component_data(weight="12.5", name_th="ชื่อใหม่", parent=str(pt.pk)),
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.weight == Decimal("12.5") and part.name_th == "ชื่อใหม่"
    entry = entries("component.updated").get()
    assert entry.before["weight"] == "30.000" and entry.after["weight"] == "12.500"

    # A component with parts is not removed; a leaf is.
    client.post(reverse("frameworks:component_delete", args=[pk, pt.pk]))
    assert Component.objects.filter(pk=pt.pk).exists()
    client.post(reverse("frameworks:component_delete", args=[pk, part.pk]))
    assert not Component.objects.filter(pk=part.pk).exists()
    assert entries("component.removed").get().before["code"] == "PT1"


def test_it_edits_a_component_in_place_with_htmx(world, login, framework):
    client = login(world.framework_admin)
    pt = framework.components.get(code="PT")
    url = reverse("frameworks:component_edit", args=[framework.pk, pt.pk])
    response = client.get(url, headers={"HX-Request": "true"})
    page = body(response)
    assert "<html" not in page and page.strip().startswith(f'<tr id="component-{pt.pk}"')
    assert 'name="weight"' in page and f"component-{pt.pk}-weight" in page

    # A bad weight comes back as the form row with the error, nothing changes.
    response = client.post(
        url,
        component_data(code="PT", weight="-5", name_th="Potential Base"),
        headers={"HX-Request": "true"},
    )
    page = body(response)
    assert response.status_code == 200 and "<html" not in page and 'class="errorlist"' in page
    pt.refresh_from_db()
    assert pt.weight == 30 and not entries("component.").exists()

    # A good one swaps in the whole components section, with the new weight problems.
    response = client.post(
        url,
        component_data(code="PT", weight="25", name_th="Potential Base"),
        headers={"HX-Request": "true"},
    )
    page = body(response)
    assert response["HX-Retarget"] == "#components" and response["HX-Reswap"] == "outerHTML"
    assert page.strip().startswith('<section id="components"') and 'role="alert"' in page
    pt.refresh_from_db()
    assert pt.weight == 25 and entries("component.updated").count() == 1


def test_it_refuses_cycles_and_components_of_other_frameworks(world, login, framework):
    client = login(world.framework_admin)
    pb = framework.components.get(code="PB")
    pb1 = framework.components.get(code="PB1")
    url = reverse("frameworks:component_edit", args=[framework.pk, pb.pk])
    # The form does not offer the component itself or its parts as its parent.
    for parent in (pb, pb1):
        response = client.post(url, component_data(code="PB", weight="70", parent=str(parent.pk)))
        assert response.status_code == 200 and 'class="errorlist"' in body(response)
    pb.refresh_from_db()
    assert pb.parent is None
    # The action refuses it too, whatever calls it.
    with pytest.raises(actions.FrameworkError):
        actions.update_component(Actor(world.framework_admin), pb, parent=pb1, code="PB")
    pb.refresh_from_db()
    assert pb.parent is None and not entries("component.").exists()

    other = make_framework(2567)
    stranger = make_component(other, "X", 100)
    assert (
        client.get(
            reverse("frameworks:component_edit", args=[framework.pk, stranger.pk])
        ).status_code
        == 404
    )
    with pytest.raises(actions.FrameworkError):
        actions.create_component(
            Actor(world.framework_admin),
            framework,
            parent=stranger,
            code="Y",
            name_th="y",
            weight=1,
        )


@pytest.mark.parametrize(
    "values",
    [
        {"weight": "-1"},
        {"weight": "abc"},
        {"code": "PB"},  # taken
        {"code": ""},
        {"name_th": ""},
    ],
)
def test_it_refuses_bad_components_and_changes_nothing(world, login, framework, values):
    client = login(world.framework_admin)
    response = client.post(
        reverse("frameworks:component_create", args=[framework.pk]), component_data(**values)
    )
    assert response.status_code == 200 and 'class="errorlist"' in body(response)
    assert framework.components.count() == 4 and not entries("component.").exists()


def test_it_keeps_the_components_of_a_published_framework(world, login, framework):
    actions.publish_framework(Actor(world.framework_admin), framework)
    client = login(world.framework_admin)
    pt = framework.components.get(code="PT")
    response = client.post(
        reverse("frameworks:component_create", args=[framework.pk]), component_data()
    )
    assert response.status_code == 200 and 'class="errorlist"' in body(response)
    client.post(
        reverse("frameworks:component_edit", args=[framework.pk, pt.pk]),
        component_data(code="PT", weight="10"),
    )
    client.post(reverse("frameworks:component_delete", args=[framework.pk, pt.pk]))
    pt.refresh_from_db()
    assert pt.weight == 30 and framework.components.count() == 4
    assert not entries("component.").exists()


# Rounds -----------------------------------------------------------------------------------------


def round_data(**values):
    data = {"months": "9", "opens_on": "2023-07-01", "deadline": "2023-07-31", "grace_until": ""}
    data.update(values)
    return data


def test_it_adds_changes_and_removes_rounds(world, login, framework):
    client = login(world.framework_admin)
    assert (
        client.post(
            reverse("frameworks:round_create", args=[framework.pk]), round_data()
        ).status_code
        == 302
    )
    nine = framework.rounds.get(months=9)
    assert nine.deadline == dt.date(2023, 7, 31) and nine.grace_until is None
    assert entries("round.created").get().after["deadline"] == "2023-07-31"

    response = client.post(
        reverse("frameworks:round_edit", args=[framework.pk, nine.pk]),
        round_data(deadline="2023-08-15", grace_until="2023-08-20"),
    )
    assert response.status_code == 302
    nine.refresh_from_db()
    assert nine.deadline == dt.date(2023, 8, 15) and nine.grace_until == dt.date(2023, 8, 20)
    assert entries("round.updated").get().before["deadline"] == "2023-07-31"

    client.post(reverse("frameworks:round_delete", args=[framework.pk, nine.pk]))
    assert not Round.objects.filter(pk=nine.pk).exists()
    assert entries("round.removed").get().before["months"] == 9
    page = body(client.get(reverse("frameworks:detail", args=[framework.pk])))
    assert "15 สิงหาคม 2566" not in page


@pytest.mark.parametrize(
    "values",
    [
        {"deadline": "2023-06-30"},  # before it opens
        {"grace_until": "2023-07-15"},  # grace before the deadline
        {"months": "6"},  # the framework already has a 6-month round
        {"months": "7"},  # not a round
        {"opens_on": "31/07/2566"},  # not a date
    ],
)
def test_it_refuses_bad_rounds_and_changes_nothing(world, login, framework, values):
    client = login(world.framework_admin)
    response = client.post(
        reverse("frameworks:round_create", args=[framework.pk]), round_data(**values)
    )
    assert response.status_code == 200 and 'class="errorlist"' in body(response)
    assert framework.rounds.count() == 2 and not entries("round.").exists()


def test_it_refuses_bad_rounds_in_the_action_too(world, framework):
    admin = Actor(world.framework_admin)
    with pytest.raises(actions.FrameworkError) as refused:
        actions.create_round(
            admin,
            framework,
            months=6,
            opens_on=dt.date(2023, 5, 1),
            deadline=dt.date(2023, 4, 1),
            grace_until=dt.date(2023, 3, 1),
        )
    assert len(refused.value.problems) == 3
    assert framework.rounds.count() == 2


def test_it_hides_rounds_of_other_frameworks(world, login, framework):
    other = make_framework(2567)
    stranger = Round.objects.create(
        framework=other, months=6, opens_on=dt.date(2024, 4, 1), deadline=dt.date(2024, 4, 30)
    )
    client = login(world.framework_admin)
    assert (
        client.get(reverse("frameworks:round_edit", args=[framework.pk, stranger.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("frameworks:round_delete", args=[framework.pk, stranger.pk])
        ).status_code
        == 404
    )
    assert Round.objects.filter(pk=stranger.pk).exists()
