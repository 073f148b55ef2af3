import json
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ges.audit.models import AuditEntry
from ges.frameworks.tests.factories import (
    make_departments_2566,
    make_framework,
    make_standard_indicator,
)
from ges.indicators.criteria_display import (
    GroupsTable,
    HybridTable,
    LevelsTable,
    MilestoneTable,
    PassFailTable,
    PointsTable,
    UnreadableTable,
    choose_for_agency,
    criteria_summary,
    criteria_table,
    value_names,
)
from ges.indicators.models import AgencyValue, Indicator
from ges.testing import make_org

THREE = {"kind": "levels", "thresholds": [80, 85, 90]}
FIVE = {
    "kind": "levels",
    "direction": "lower",
    "thresholds": [10, 8, 6, 4, 2],
    "scores": [1, 2, 3, 4, 5],
    "mode": "step",
    "below": 1,
}
MILESTONE = {
    "kind": "milestone",
    "levels": [
        {"score": 50, "steps": ["อนุมัติโครงการ", "แต่งตั้งคณะกรรมการ"]},
        {"score": 75, "steps": ["ลงนามในสัญญา"]},
        {"score": 100, "steps": ["เชื่อมโยงข้อมูลสำเร็จ"]},
    ],
}
POINTS = {
    "kind": "points",
    "blocks": [
        {"id": "base", "points": 50, "items": ["catalog", "metadata"]},
        {"id": "x15", "points": 15, "requires": ["base"]},
        {"id": "x10", "points": 10, "requires": ["base"]},
        {"id": "x20", "points": 20, "requires": ["x15", "x10"]},
        {"id": "x5", "points": 5, "requires": ["x20"]},
    ],
}
HYBRID = {
    "kind": "hybrid",
    "milestones": {
        "kind": "milestone",
        "levels": [{"score": 1, "steps": ["m1"]}, {"score": 2, "steps": ["m2"]}],
    },
    "measured": {"kind": "levels", "thresholds": [100, 110, 120], "scores": [3, 4, 5]},
}
GROUPS = {
    "kind": "groups",
    "by": "prev",
    "groups": [
        {"min": None, "max": 350, "criteria": {"kind": "levels", "thresholds": [300, 325, 350]}},
        {
            "min": 350,
            "max": 450,
            "criteria": {"kind": "levels", "thresholds": ["prev", "prev + 2%", "prev + 5%"]},
        },
        {"min": 450, "max": None, "criteria": {"kind": "passfail"}},
    ],
    "overrides": {"BOI": "exempt", "OPS": {"kind": "passfail"}},
}


# The criteria table helper, for every kind ------------------------------------------------------


def test_it_reads_3_level_and_5_level_criteria_into_rows():
    table = criteria_table(THREE)
    assert isinstance(table, LevelsTable)
    assert [(c.score, c.threshold) for c in table.columns] == [
        ("50", "80"),
        ("75", "85"),
        ("100", "90"),
    ]
    assert table.direction == "higher" and table.mode == "interpolate" and table.below == "0"
    with translation.override("en"):
        assert [c.label for c in criteria_table(THREE).columns] == [
            "Minimum target",
            "Standard target",
            "Advanced target",
        ]
        five = criteria_table(FIVE, scale=5)
        assert [c.label for c in five.columns] == [f"Level {n}" for n in range(1, 6)]
    assert [c.threshold for c in five.columns] == ["10", "8", "6", "4", "2"]
    assert five.direction == "lower" and five.mode == "step" and five.below == "1"
    # The 5-level defaults apply on the 5 scale even without scores.
    assert [
        c.score
        for c in criteria_table({"kind": "levels", "thresholds": [1, 2, 3, 4, 5]}, scale=5).columns
    ] == [
        "1",
        "2",
        "3",
        "4",
        "5",
    ]


def test_it_reads_milestone_points_passfail_and_hybrid_criteria():
    milestone = criteria_table(MILESTONE)
    assert isinstance(milestone, MilestoneTable)
    assert [(r.score, r.steps) for r in milestone.rows][1] == ("75", ["ลงนามในสัญญา"])
    points = criteria_table(POINTS)
    assert isinstance(points, PointsTable)
    assert [(b.id, b.points, b.requires) for b in points.blocks][3] == ("x20", "20", ["x15", "x10"])
    assert points.blocks[0].items == ["catalog", "metadata"]
    assert points.total == "100" and points.cap == "100"
    assert isinstance(criteria_table({"kind": "passfail"}), PassFailTable)
    hybrid = criteria_table(HYBRID, scale=5)
    assert isinstance(hybrid, HybridTable)
    assert isinstance(hybrid.milestones, MilestoneTable) and isinstance(
        hybrid.measured, LevelsTable
    )
    assert [c.score for c in hybrid.measured.columns] == ["3", "4", "5"]


def test_it_reads_groups_with_their_ranges_and_named_agencies():
    table = criteria_table(GROUPS)
    assert isinstance(table, GroupsTable) and table.by == "prev"
    assert [g.range_text for g in table.groups] == ["prev < 350", "350 ≤ prev < 450", "prev ≥ 450"]
    assert [c.threshold for c in table.groups[1].table.columns] == [
        "prev",
        "prev + 2%",
        "prev + 5%",
    ]
    assert isinstance(table.groups[2].table, PassFailTable)
    assert [(o.agency, o.exempt) for o in table.overrides] == [("BOI", True), ("OPS", False)]
    assert isinstance(table.overrides[1].table, PassFailTable)
    assert value_names(GROUPS) == {"prev"}
    assert value_names({"kind": "levels", "thresholds": ["(a + 445) / 2", 3, "b - c%"]}) == {
        "a",
        "b",
        "c",
    }


def test_it_never_fails_on_criteria_outside_the_format():
    assert criteria_table(None) is None
    for odd in [{"kind": "levels"}, {"kind": "unknown"}, [1, 2], {"kind": "groups", "by": "x"}]:
        assert isinstance(criteria_table(odd), UnreadableTable)
    with translation.override("en"):
        assert criteria_summary(None) == "No criteria yet"
        assert criteria_summary(THREE) == "3 levels (50 / 75 / 100)"
        assert criteria_summary(MILESTONE) == "Milestones, 3 levels"
        assert criteria_summary(POINTS) == "Points, 5 blocks"
        assert criteria_summary({"kind": "passfail"}) == "Pass / fail"
        assert criteria_summary(GROUPS) == "Groups by prev: 3 groups, 2 named agencies"
        assert criteria_summary(HYBRID, scale=5).startswith("Hybrid: Milestones, 2 levels")


@pytest.mark.parametrize(
    "criteria",
    [THREE, FIVE, MILESTONE, POINTS, HYBRID, GROUPS, {"kind": "passfail"}, {"x": 1}, None],
)
def test_it_renders_the_criteria_table_partial_for_every_kind(criteria):
    scale = 5 if criteria in (FIVE, HYBRID) else 100
    html = render_to_string(
        "indicators/_criteria_table.html",
        {"table": criteria_table(criteria, scale=scale), "unit": "ร้อยละ"},
    )
    if criteria is THREE:
        assert html.count("<th scope") == 3 and "<td>85</td>" in html and "(75)" in html
    if criteria is MILESTONE:
        assert "<li>ลงนามในสัญญา</li>" in html
    if criteria is POINTS:
        assert "x15, x10" in html and "<li>metadata</li>" in html
    if criteria is GROUPS:
        assert "350 ≤ prev &lt; 450" in html and "prev + 5%" in html and "BOI" in html
        assert html.count("<table") == 4  # three groups and OPS's own criteria
    if criteria is HYBRID:
        assert html.count("<table") == 2
    if criteria == {"x": 1}:
        assert "&quot;x&quot;: 1" in html
    if criteria is None:
        assert "<table" not in html


def test_it_asks_the_engine_which_group_applies_to_an_agency():
    second = choose_for_agency(GROUPS, code="MOF", values={"prev": Decimal("431.73")})
    assert second.ok and second.group == 2 and second.range_text == "350 ≤ prev < 450"
    assert second.thresholds == ["431.73", "440.3646", "453.3165"]
    assert choose_for_agency(GROUPS, code="MOF", values={"prev": Decimal(100)}).group == 1
    assert choose_for_agency(GROUPS, code="BOI", values={}).exempt
    own = choose_for_agency(GROUPS, code="OPS", values={"prev": Decimal(100)})
    assert own.override and not own.exempt and own.group is None
    gap = {**GROUPS, "groups": GROUPS["groups"][:1]}
    missing = choose_for_agency(gap, code="MOF", values={"prev": Decimal(400)})
    assert not missing.ok and missing.problems[0].startswith("groups: ")
    assert choose_for_agency(THREE, code="MOF", values={}).thresholds == ["80", "85", "90"]


# Standard indicator pages -----------------------------------------------------------------------


@pytest.fixture
def framework(world):
    return make_departments_2566(world.sibling, world.opdc)


@pytest.fixture
def own(framework):
    """The disbursement indicator, owned by the CGD, where the `owner` persona sits."""
    return framework.indicators.get(number="5")


@pytest.fixture
def others(framework):
    """PMQA 4.0, owned by OPDC."""
    return framework.indicators.get(number="6")


def body(response):
    return response.content.decode()


@pytest.mark.parametrize(
    "persona",
    [
        "framework_admin",
        "evaluator",
        "owner",
        "editor",
        "approver",
        "viewer",
        "org_admin",
        "outsider",
        "nobody",
    ],
)
def test_it_lets_every_signed_in_person_read_standard_indicators(world, login, others, persona):
    response = login(getattr(world, persona)).get(
        reverse("frameworks:standard_detail", args=[others.pk])
    )
    assert response.status_code == 200
    page = body(response)
    assert "PMQA 4.0" in page and "prev ≥ 350" in page and "prev &lt; 350" in page


def test_it_asks_anonymous_visitors_to_log_in(client, own):
    for name in ["standard_detail", "standard_edit", "standard_criteria", "standard_values"]:
        response = client.get(reverse(f"frameworks:{name}", args=[own.pk]))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_answers_404_for_an_agency_indicator(world, login, framework):
    agency_own = Indicator.objects.create(
        framework=framework, organization=world.department, number="1", name_th="x"
    )
    client = login(world.framework_admin)
    assert (
        client.get(reverse("frameworks:standard_detail", args=[agency_own.pk])).status_code == 404
    )
    assert client.get(reverse("frameworks:standard_edit", args=[agency_own.pk])).status_code == 404


def definition(**values):
    data = {
        "name_th": "ร้อยละการเบิกจ่ายงบประมาณภาพรวม",
        "name_en": "",
        "unit": "ร้อยละ",
        "direction": "higher",
        "description": "<p>คำอธิบาย</p><script>alert(1)</script>",
        "formula": "(ผลการเบิกจ่าย / งบประมาณ) x 100",
    }
    data.update(values)
    return data


def test_it_lets_an_owner_change_the_definition_of_its_own_indicator_only(
    world, login, own, others
):
    client = login(world.owner)
    url = reverse("frameworks:standard_edit", args=[own.pk])
    page = body(client.get(url))
    assert (
        'name="description"' in page and 'name="weight"' not in page and 'name="owner"' not in page
    )
    response = client.post(url, definition(weight="99", number="77", owner="MOC"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name_th == "ร้อยละการเบิกจ่ายงบประมาณภาพรวม" and own.unit == "ร้อยละ"
    assert own.description == "<p>คำอธิบาย</p>"
    assert own.weight == 10 and own.number == "5" and own.owner == world.sibling
    entry = AuditEntry.objects.get(action="standard_indicator.updated")
    assert entry.object_id == str(own.pk) and entry.actor == world.owner
    detail = body(client.get(reverse("frameworks:standard_detail", args=[own.pk])))
    assert "<p>คำอธิบาย</p>" in detail and "<script" not in detail.split("<main")[1]

    for name in ["standard_edit", "standard_criteria", "standard_values"]:
        assert client.get(reverse(f"frameworks:{name}", args=[others.pk])).status_code == 403
    assert (
        client.post(reverse("frameworks:standard_edit", args=[others.pk]), definition()).status_code
        == 403
    )
    others.refresh_from_db()
    assert "PMQA" in others.name_th


def test_it_lets_framework_admins_place_add_and_remove_standard_indicators(
    world, login, framework, own
):
    client = login(world.framework_admin)
    pt = framework.components.get(code="PT")
    response = client.post(
        reverse("frameworks:standard_create", args=[framework.pk]),
        {
            **definition(name_th="ระดับความสำเร็จของการเปิดเผยข้อมูล"),
            "number": "7",
            "order": "7",
            "weight": "5",
            "component": str(pt.pk),
            "parent": "",
            "owner": "OPDC",
        },
    )
    assert response.status_code == 302
    new = Indicator.objects.get(framework=framework, number="7")
    assert new.is_standard and new.owner == world.opdc and new.component == pt and new.weight == 5
    assert AuditEntry.objects.filter(
        action="standard_indicator.created", object_id=str(new.pk)
    ).exists()

    response = client.post(
        reverse("frameworks:standard_edit", args=[own.pk]),
        {
            **definition(),
            "number": "5",
            "order": "0",
            "weight": "7.5",
            "component": "",
            "parent": "",
            "owner": "CGD",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.weight == Decimal("7.5") and own.component is None

    # Bad placement: a taken number, an unknown owner, a component of another framework.
    stranger = make_framework(2567).components.create(code="Z", name_th="z", weight=1)
    for bad in [
        {"number": "6"},
        {"owner": "NOPE"},
        {"component": str(stranger.pk)},
        {"weight": "-1"},
    ]:
        data = {
            **definition(name_th="ไม่ควรบันทึก"),
            "number": "5",
            "order": "0",
            "weight": "1",
            "component": "",
            "parent": "",
            "owner": "",
        }
        data.update(bad)
        response = client.post(reverse("frameworks:standard_edit", args=[own.pk]), data)
        assert response.status_code == 200 and 'class="errorlist"' in body(response)
    own.refresh_from_db()
    assert own.name_th != "ไม่ควรบันทึก"

    assert client.post(reverse("frameworks:standard_delete", args=[new.pk])).status_code == 302
    assert not Indicator.objects.filter(pk=new.pk).exists()
    assert AuditEntry.objects.filter(action="standard_indicator.removed").exists()


def test_it_keeps_a_standard_indicator_that_agencies_took_up(world, login, framework, own):
    Indicator.objects.create(
        framework=framework, organization=world.department, standard=own, number="5", name_th="x"
    )
    client = login(world.framework_admin)
    client.post(reverse("frameworks:standard_delete", args=[own.pk]))
    assert Indicator.objects.filter(pk=own.pk).exists()
    assert not AuditEntry.objects.filter(action="standard_indicator.removed").exists()


@pytest.mark.parametrize(
    "persona", ["evaluator", "editor", "approver", "viewer", "org_admin", "outsider", "nobody"]
)
def test_it_refuses_standard_indicator_changes_to_readers(world, login, framework, own, persona):
    client = login(getattr(world, persona))
    for name in ["standard_edit", "standard_criteria", "standard_values"]:
        assert client.get(reverse(f"frameworks:{name}", args=[own.pk])).status_code == 403
    assert (
        client.post(reverse("frameworks:standard_edit", args=[own.pk]), definition()).status_code
        == 403
    )
    assert (
        client.post(
            reverse("frameworks:standard_criteria", args=[own.pk]),
            {"criteria": '{"kind": "passfail"}'},
        ).status_code
        == 403
    )
    assert (
        client.post(
            reverse("frameworks:standard_values", args=[own.pk]),
            values_data([("OPS", "prev", "1")]),
        ).status_code
        == 403
    )
    assert client.post(reverse("frameworks:standard_delete", args=[own.pk])).status_code == 403
    assert client.get(reverse("frameworks:standard_create", args=[framework.pk])).status_code == 403
    own.refresh_from_db()
    assert own.criteria == {
        "kind": "levels",
        "thresholds": [90, 95, 100],
    } and own.name_th.startswith("ร้อยละ")
    assert not AgencyValue.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="standard_indicator").exists()


def test_it_keeps_owners_from_adding_or_removing_standard_indicators(world, login, framework, own):
    client = login(world.owner)
    assert client.get(reverse("frameworks:standard_create", args=[framework.pk])).status_code == 403
    assert client.post(reverse("frameworks:standard_delete", args=[own.pk])).status_code == 403
    assert Indicator.objects.filter(pk=own.pk).exists()


# Criteria ---------------------------------------------------------------------------------------


def test_it_saves_criteria_the_engine_accepts(world, login, own):
    client = login(world.owner)
    url = reverse("frameworks:standard_criteria", args=[own.pk])
    page = body(client.get(url))
    assert "&quot;thresholds&quot;" in page  # the JSON of the criteria saved now
    response = client.post(url, {"criteria": json.dumps(MILESTONE, ensure_ascii=False)})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.criteria == MILESTONE
    entry = AuditEntry.objects.get(action="standard_indicator.criteria_changed")
    assert (
        entry.before["criteria"]["kind"] == "levels"
        and entry.after["criteria"]["kind"] == "milestone"
    )
    detail = body(client.get(reverse("frameworks:standard_detail", args=[own.pk])))
    assert "<li>แต่งตั้งคณะกรรมการ</li>" in detail

    assert client.post(url, {"criteria": ""}).status_code == 302
    own.refresh_from_db()
    assert own.criteria is None


@pytest.mark.parametrize(
    ("text", "path"),
    [
        ('{"kind": "levels", "thresholds": [90, 85, 95]}', "thresholds[1]"),
        ('{"kind": "levels", "thresholds": [80, 85, 90], "scores": [50, 75]}', "scores"),
        ('{"kind": "levels", "thresholds": ["prev", "prv + 1", 999]}', "thresholds[1]"),
        ('{"kind": "groups", "by": "pmqa", "groups": []}', "by"),
        (
            '{"kind": "milestone", "levels": [{"score": 75, "steps": ["a"]}, {"score": 50, "steps": ["b"]}]}',
            "levels[1].score",
        ),
        (
            '{"kind": "points", "blocks": [{"id": "x", "points": 10, "requires": ["y"]}]}',
            "blocks[0].requires[0]",
        ),
        ('{"kind": "sometimes"}', "kind"),
        ('{"kind": "levels", "thresholds": [1, 2, 3],}', "JSON"),
        ("[1, 2]", ""),
    ],
)
def test_it_lists_every_problem_of_bad_criteria_and_saves_nothing(world, login, own, text, path):
    client = login(world.framework_admin)
    response = client.post(
        reverse("frameworks:standard_criteria", args=[own.pk]), {"criteria": text}
    )
    assert response.status_code == 200
    page = body(response)
    assert 'class="errorlist"' in page and path in page
    own.refresh_from_db()
    assert own.criteria == {"kind": "levels", "thresholds": [90, 95, 100]}
    assert not AuditEntry.objects.filter(action__startswith="standard_indicator").exists()


def test_it_refuses_criteria_that_leave_an_agency_without_a_group(world, login, others):
    AgencyValue.objects.create(
        framework=others.framework, organization=world.department, name="prev", value=500
    )
    criteria = {**GROUPS, "groups": GROUPS["groups"][:2], "overrides": {}}
    client = login(world.framework_admin)
    response = client.post(
        reverse("frameworks:standard_criteria", args=[others.pk]),
        {"criteria": json.dumps(criteria)},
    )
    assert response.status_code == 200 and "OPS" in body(response)
    others.refresh_from_db()
    assert "overrides" in others.criteria and others.criteria["overrides"] == {"DITP": "exempt"}


# Agency values and groups -----------------------------------------------------------------------


def values_data(rows, initial=0):
    data = {
        "values-TOTAL_FORMS": str(len(rows)),
        "values-INITIAL_FORMS": str(initial),
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        agency, name, value = row[:3]
        data.update(
            {
                f"values-{index}-agency": agency,
                f"values-{index}-name": name,
                f"values-{index}-value": value,
                f"values-{index}-note": "",
            }
        )
        if len(row) > 3 and row[3]:
            data[f"values-{index}-DELETE"] = "on"
    return data


def test_it_saves_agency_values_and_shows_each_agencys_group(world, login, others):
    client = login(world.framework_admin)
    url = reverse("frameworks:standard_values", args=[others.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, values_data([("OPS", "prev", "431.73"), ("CGD", "prev", "300")]))
    assert response.status_code == 302
    values = dict(AgencyValue.objects.values_list("organization__code", "value"))
    assert values == {"OPS": Decimal("431.73"), "CGD": Decimal(300)}
    entry = AuditEntry.objects.get(action="standard_indicator.agency_values_changed")
    assert entry.after["added"] == 2 and entry.object_id == str(others.pk)

    page = body(client.get(reverse("frameworks:standard_detail", args=[others.pk])))
    ops = page[page.index("(OPS)") :]
    cgd = page[page.index("(CGD)") :]
    assert "prev ≥ 350" in ops[: ops.index("</tr>")] and "431.73 / 440.3646 / 453.3165" in ops
    assert "prev &lt; 350" in cgd[: cgd.index("</tr>")] and "300 / 325 / 350" in cgd
    assert "(DITP)" in page  # named in the overrides: exempt

    # Changing one and removing the other.
    response = client.post(
        url, values_data([("OPS", "prev", "440", False), ("CGD", "prev", "300", True)], initial=2)
    )
    assert response.status_code == 302
    assert dict(AgencyValue.objects.values_list("organization__code", "value")) == {
        "OPS": Decimal(440)
    }
    entry = AuditEntry.objects.filter(action="standard_indicator.agency_values_changed").first()
    assert entry.after["changed"] == 1 and entry.after["removed"] == 1


@pytest.mark.parametrize(
    "rows",
    [
        [("NOPE", "prev", "400")],  # no such agency
        [("OPS", "prev", "400"), ("OPS", "prev", "410")],  # twice
        [("OPS", "1prev", "400")],  # not a name
        [("OPS", "prev", "ร้อย")],  # not a number
    ],
)
def test_it_refuses_bad_agency_values_and_changes_nothing(world, login, others, rows):
    client = login(world.framework_admin)
    response = client.post(
        reverse("frameworks:standard_values", args=[others.pk]), values_data(rows)
    )
    assert response.status_code == 200 and 'class="errorlist"' in body(response)
    assert not AgencyValue.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="standard_indicator").exists()


def test_it_refuses_a_value_that_falls_in_no_group(world, login, others):
    others.criteria = {**GROUPS, "groups": GROUPS["groups"][:2]}
    others.save()
    response = login(world.framework_admin).post(
        reverse("frameworks:standard_values", args=[others.pk]),
        values_data([("CGD", "prev", "500")]),
    )
    assert response.status_code == 200 and "500" in body(response)
    assert not AgencyValue.objects.exists()


def test_it_keeps_an_owner_to_the_values_of_its_own_indicators(
    world, login, framework, own, others
):
    AgencyValue.objects.create(
        framework=framework, organization=world.department, name="prev", value=420
    )
    client = login(world.owner)
    # PMQA (another owner's indicator) uses prev: the owner's page neither shows nor writes it.
    page = body(client.get(reverse("frameworks:standard_values", args=[own.pk])))
    assert 'value="420' not in page
    response = client.post(
        reverse("frameworks:standard_values", args=[own.pk]), values_data([("CGD", "prev", "1")])
    )
    assert response.status_code == 200 and 'class="errorlist"' in body(response)
    # A new name of its own is fine, and leaves PMQA's values alone.
    response = client.post(
        reverse("frameworks:standard_values", args=[own.pk]),
        values_data([("CGD", "budget", "1000")]),
    )
    assert response.status_code == 302
    assert set(AgencyValue.objects.values_list("name", "value")) == {
        ("prev", 420),
        ("budget", 1000),
    }


def test_it_lets_criteria_name_a_value_once_it_exists(world, login, own):
    client = login(world.owner)
    criteria = {"kind": "levels", "thresholds": ["budget", "budget * 1.1", "budget * 1.2"]}
    url = reverse("frameworks:standard_criteria", args=[own.pk])
    response = client.post(url, {"criteria": json.dumps(criteria)})
    assert response.status_code == 200 and "budget" in body(response)
    client.post(
        reverse("frameworks:standard_values", args=[own.pk]),
        values_data([("OPS", "budget", "100")]),
    )
    assert client.post(url, {"criteria": json.dumps(criteria)}).status_code == 302
    own.refresh_from_db()
    assert own.criteria == criteria
    page = body(client.get(reverse("frameworks:standard_detail", args=[own.pk])))
    assert "100 / 110 / 120" in page


def test_it_reads_a_standard_indicator_in_a_fixed_number_of_queries(world, login, others):
    client = login(world.viewer)
    url = reverse("frameworks:standard_detail", args=[others.pk])
    AgencyValue.objects.create(
        framework=others.framework, organization=world.department, name="prev", value=300
    )
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(20):
        AgencyValue.objects.create(
            framework=others.framework,
            organization=make_org(world.ministry),
            name="prev",
            value=300 + 10 * number,
        )
    make_standard_indicator(others.framework, "6.1", world.opdc, parent=others)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few) <= 10
    page = body(response)
    assert page.count("prev ≥ 350") > 2  # the criteria, and agencies in the second group
    assert "row--error" not in page
