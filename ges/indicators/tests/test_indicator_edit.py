"""Editing an indicator section by section, creating and removing indicators: who may, what is
saved and audited, bad input answered next to the field or row, stale forms refused, htmx."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ges.audit.models import AuditEntry
from ges.frameworks.tests.factories import make_standard_indicator
from ges.indicators.models import Baseline, EvaluationItem, Indicator, PlanActivity, Step
from ges.indicators.tests.agency_factories import (
    THREE_LEVELS,
    make_indicator,
    make_seed_001_indicator,
    make_year,
)

EDITORS = ["editor", "framework_admin"]
READ_ONLY = ["approver", "viewer", "evaluator"]
STRANGERS = ["outsider", "org_admin", "nobody", "owner"]
SECTIONS = [
    "heading",
    "description",
    "baselines",
    "steps",
    "targets",
    "links",
    "plan",
    "children",
    "items",
]


@pytest.fixture
def framework(world):
    return make_year(2566)


@pytest.fixture
def indicator(world, framework):
    fw, pb, _pt = framework
    return make_seed_001_indicator(fw, world.department, pb, world.division)


def edit_url(indicator, name):
    return reverse("indicators:edit", args=[indicator.pk, name])


def version(indicator):
    indicator.refresh_from_db()
    return indicator.updated_at.isoformat()


def snapshot(indicator):
    """Everything an edit could change, to prove that a refused one changed nothing."""
    indicator.refresh_from_db()
    return (
        indicator.updated_at,
        indicator.name_th,
        indicator.weight,
        indicator.description,
        list(indicator.baselines.values_list("series", "year", "value_text")),
        list(indicator.steps.values_list("text", flat=True)),
        list(indicator.plan.values_list("text", "months")),
        list(indicator.items.values_list("pk", "text", "kind", "unit")),
        Indicator.objects.count(),
        AuditEntry.objects.count(),
    )


def heading(indicator, **values):
    data = {
        "version": version(indicator),
        "number": indicator.number,
        "name_th": indicator.name_th,
        "name_en": "",
        "component": indicator.component_id,
        "weight": "20",
        "responsible_unit": indicator.responsible_unit_id or "",
        "responsible_unit_name": "",
        "unit": "หน่วย",
        "direction": "higher",
    }
    data.update(values)
    return data


def rows(indicator, prefix, items, *, initial=0):
    """Formset data: management form plus one dict of fields per row."""
    data = {
        "version": version(indicator),
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, fields in enumerate(items):
        for name, value in fields.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


# Who may edit -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", EDITORS)
@pytest.mark.parametrize("name", SECTIONS)
def test_it_opens_every_section_form_for_editors(world, login, indicator, persona, name):
    response = login(getattr(world, persona)).get(edit_url(indicator, name))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and 'name="version"' in page and f'id="section-{name}"' in page


@pytest.mark.parametrize("persona", READ_ONLY)
def test_it_refuses_editing_to_people_who_only_read(world, login, indicator, persona):
    client = login(getattr(world, persona))
    before = snapshot(indicator)
    for name in SECTIONS:
        assert client.get(edit_url(indicator, name)).status_code == 403
    assert (
        client.post(edit_url(indicator, "heading"), heading(indicator, name_th="x")).status_code
        == 403
    )
    assert (
        client.post(
            edit_url(indicator, "steps"), rows(indicator, "steps", [{"text": "x"}])
        ).status_code
        == 403
    )
    assert (
        client.post(edit_url(indicator, "children"), heading(indicator, number="1.1")).status_code
        == 403
    )
    assert client.get(reverse("indicators:delete", args=[indicator.pk])).status_code == 403
    assert client.post(reverse("indicators:delete", args=[indicator.pk])).status_code == 403
    create = reverse("indicators:create", args=[world.department.pk, 2566])
    assert client.get(create).status_code == 403
    assert client.post(create, heading(indicator, number="7")).status_code == 403
    assert snapshot(indicator) == before


@pytest.mark.parametrize("persona", STRANGERS)
def test_it_answers_404_to_people_outside_the_agency(world, login, indicator, persona):
    client = login(getattr(world, persona))
    before = snapshot(indicator)
    for name in SECTIONS:
        assert client.get(edit_url(indicator, name)).status_code == 404
    assert (
        client.post(edit_url(indicator, "heading"), heading(indicator, name_th="x")).status_code
        == 404
    )
    assert client.post(reverse("indicators:delete", args=[indicator.pk])).status_code == 404
    create = reverse("indicators:create", args=[world.department.pk, 2566])
    assert client.post(create, heading(indicator, number="7")).status_code == 404
    assert snapshot(indicator) == before


def test_it_asks_anonymous_visitors_to_log_in(client, indicator):
    for url in (edit_url(indicator, "heading"), reverse("indicators:delete", args=[indicator.pk])):
        response = client.post(url, {})
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_answers_404_for_an_unknown_section(world, login, indicator):
    assert login(world.editor).get(edit_url(indicator, "criteria")).status_code == 404
    assert login(world.editor).get(edit_url(indicator, "nope")).status_code == 404


def test_it_lets_an_indicator_owner_edit_the_standard_indicators_its_org_owns(
    world, login, framework
):
    fw, _pb, pt = framework
    own = make_standard_indicator(fw, "5", world.sibling, pt, criteria=THREE_LEVELS)
    others = make_standard_indicator(fw, "6", world.opdc, pt, criteria=THREE_LEVELS)
    client = login(world.owner)
    response = client.post(edit_url(own, "steps"), rows(own, "steps", [{"text": "ส่งข้อมูล"}]))
    assert response.status_code == 302
    assert list(own.steps.values_list("text", flat=True)) == ["ส่งข้อมูล"]
    assert client.get(edit_url(others, "steps")).status_code == 403
    assert login(world.editor).get(edit_url(own, "steps")).status_code == 403


# The heading and text sections --------------------------------------------------------------


def test_it_saves_the_heading_and_audits_the_changed_fields(world, login, indicator):
    response = login(world.editor).post(
        edit_url(indicator, "heading"),
        heading(indicator, weight="25.5", name_th="ชื่อใหม่", direction="lower"),
    )
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("indicators:detail", args=[indicator.pk]) + "#section-heading"
    )
    indicator.refresh_from_db()
    assert (indicator.weight, indicator.name_th, indicator.direction) == (
        Decimal("25.5"),
        "ชื่อใหม่",
        "lower",
    )
    entry = AuditEntry.objects.get(action="indicator.updated")
    assert entry.actor == world.editor
    assert entry.before == {
        "name_th": "ระดับความสำเร็จของการตรวจติดตามหน่วยงานในสังกัดกระทรวงการคลัง",
        "weight": "20",
        "direction": "higher",
    }
    assert entry.after == {"name_th": "ชื่อใหม่", "weight": "25.5", "direction": "lower"}


def test_it_saves_nothing_and_audits_nothing_when_nothing_changed(world, login, indicator):
    before = snapshot(indicator)
    response = login(world.editor).post(edit_url(indicator, "heading"), heading(indicator))
    assert response.status_code == 302
    assert snapshot(indicator) == before


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"weight": "-1"}, "weight"),
        ({"weight": "ยี่สิบ"}, "weight"),
        ({"weight": "101"}, "weight"),
        ({"number": "2"}, "number"),
        ({"number": "1 1"}, "number"),
        ({"component": ""}, "component"),
        ({"name_th": ""}, "name_th"),
        ({"direction": "sideways"}, "direction"),
        ({"responsible_unit": "OTHER"}, "responsible_unit"),
    ],
)
def test_it_answers_bad_heading_input_next_to_the_field(
    world, login, framework, indicator, values, field
):
    fw, pb, _pt = framework
    make_indicator(fw, world.department, "2", pb)
    if values.get("responsible_unit") == "OTHER":
        values = {"responsible_unit": str(world.other_department.pk)}
    before = snapshot(indicator)
    response = login(world.editor).post(
        edit_url(indicator, "heading"), heading(indicator, **values)
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert f'id="id_{field}_error"' in response.content.decode()
    assert snapshot(indicator) == before


def test_it_sanitises_formatted_text_at_the_form(world, login, indicator):
    data = {
        "version": version(indicator),
        "description": '<p onclick="steal()">คำอธิบาย <strong>สำคัญ</strong></p><script>alert("x")</script>',
        "definitions": "นิยาม < 5 ข้อ",
        "cascade": "proxy_of",
        "strategic_kpi": "ร้อยละความสำเร็จ",
    }
    response = login(world.editor).post(edit_url(indicator, "description"), data)
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.description == "<p>คำอธิบาย <strong>สำคัญ</strong></p>"
    assert indicator.definitions == "นิยาม < 5 ข้อ"
    assert (indicator.cascade, indicator.strategic_kpi) == ("proxy_of", "ร้อยละความสำเร็จ")
    page = login(world.viewer).get(reverse("indicators:detail", args=[indicator.pk]))
    text = page.content.decode()
    assert "<strong>สำคัญ</strong>" in text and "alert(" not in text and "steal()" not in text
    assert "นิยาม &lt; 5 ข้อ" in text


def test_it_cleans_text_that_reached_the_database_another_way(world, login, indicator):
    Indicator.objects.filter(pk=indicator.pk).update(benefits="<b>ดี</b><script>alert(1)</script>")
    text = login(world.viewer).get(reverse("indicators:detail", args=[indicator.pk])).content
    assert b"<b>\xe0\xb8\x94\xe0\xb8\xb5</b>" in text and b"alert(1)" not in text


def test_it_needs_the_strategic_kpi_named_for_a_cascade(world, login, indicator):
    before = snapshot(indicator)
    client = login(world.editor)
    data = {"version": version(indicator), "cascade": "same_as", "strategic_kpi": ""}
    response = client.post(edit_url(indicator, "description"), data)
    assert list(response.context["form"].errors) == ["strategic_kpi"]
    data = {"version": version(indicator), "cascade": "", "strategic_kpi": "ตัวชี้วัด"}
    response = client.post(edit_url(indicator, "description"), data)
    assert list(response.context["form"].errors) == ["cascade"]
    assert snapshot(indicator) == before


def test_it_saves_targets_and_links(world, login, indicator):
    client = login(world.editor)
    data = {
        "version": version(indicator),
        "criteria_note": "หมายเหตุใหม่",
        "six_month_target": "<ul><li>ก</li></ul>",
        "benefits": "",
        "conditions": "",
    }
    assert client.post(edit_url(indicator, "targets"), data).status_code == 302
    links = {
        "version": version(indicator),
        "national_strategy": "ด้านที่ 6",
        "master_plan": "",
        "policy": "",
    }
    assert client.post(edit_url(indicator, "links"), links).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.criteria_note, indicator.six_month_target, indicator.benefits) == (
        "หมายเหตุใหม่",
        "<ul><li>ก</li></ul>",
        "",
    )
    assert (indicator.national_strategy, indicator.policy) == ("ด้านที่ 6", "")
    assert AuditEntry.objects.filter(action="indicator.updated").count() == 2


# Row sections -------------------------------------------------------------------------------


def test_it_replaces_the_baseline_reading_numbers_from_the_text(world, login, indicator):
    data = rows(
        indicator,
        "baselines",
        [
            {"series": "ผลการดำเนินงาน", "year": "2564", "value_text": "- 900 หน่วย", "note": ""},
            {
                "series": "ผลการดำเนินงาน",
                "year": "2565",
                "value_text": "ร้อยละ 83.33",
                "note": "ณ ไตรมาสที่ 3/2565",
            },
            {
                "series": "ผลการดำเนินงาน",
                "year": "2566",
                "value_text": "-",
                "note": "",
                "DELETE": "on",
            },
            {"series": "ผลการดำเนินงาน", "year": "", "value_text": "", "note": ""},
        ],
    )
    response = login(world.editor).post(edit_url(indicator, "baselines"), data)
    assert response.status_code == 302
    assert list(indicator.baselines.order_by("order").values_list("year", "value", "note")) == [
        (2564, Decimal(900), ""),
        (2565, Decimal("83.33"), "ณ ไตรมาสที่ 3/2565"),
    ]
    entry = AuditEntry.objects.get(action="indicator.part.updated")
    assert [row["year"] for row in entry.before["baselines"]] == [2562, 2565, 2562, 2565]
    assert entry.after["baselines"][1] == {
        "series": "ผลการดำเนินงาน",
        "year": 2565,
        "value": "83.33",
        "value_text": "ร้อยละ 83.33",
        "note": "ณ ไตรมาสที่ 3/2565",
    }


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"year": "สองห้าหกห้า"}, "year"),
        ({"year": "2022"}, "year"),
        ({"year": "2565.5"}, "year"),
        ({"value_text": ""}, "value_text"),
        ({"series": ""}, "series"),
    ],
)
def test_it_answers_a_bad_baseline_row_next_to_the_row(world, login, indicator, row, field):
    before = snapshot(indicator)
    good = {"series": "ผลการดำเนินงาน", "year": "2564", "value_text": "1", "note": ""}
    data = rows(indicator, "baselines", [good, {**good, "year": "2565", **row}])
    response = login(world.editor).post(edit_url(indicator, "baselines"), data)
    assert response.status_code == 200
    formset = response.context["form"]
    assert formset.errors[0] == {} and list(formset.errors[1]) == [field]
    assert 'class="row--error"' in response.content.decode()
    assert snapshot(indicator) == before


def test_it_refuses_two_values_for_one_year_of_a_series(world, login, indicator):
    before = snapshot(indicator)
    row = {"series": "ผลการดำเนินงาน", "year": "2565", "value_text": "1", "note": ""}
    other = {**row, "series": "จำนวนหน่วยงานทั้งหมด"}
    data = rows(indicator, "baselines", [row, other, {**row, "value_text": "2"}])
    response = login(world.editor).post(edit_url(indicator, "baselines"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors[0] == {} and errors[1] == {} and list(errors[2]) == ["year"]
    assert snapshot(indicator) == before


def test_it_orders_removes_and_adds_steps(world, login, indicator):
    data = rows(
        indicator,
        "steps",
        [
            {"text": "จัดทำแผนการตรวจราชการ", "ORDER": "3"},
            {"text": "ลงพื้นที่ตรวจเยี่ยมหน่วยงาน", "ORDER": "1", "DELETE": "on"},
            {"text": "สรุปผล", "ORDER": "2"},
            {"text": "", "ORDER": ""},
        ],
        initial=2,
    )
    assert login(world.editor).post(edit_url(indicator, "steps"), data).status_code == 302
    assert list(indicator.steps.values_list("text", flat=True)) == [
        "สรุปผล",
        "จัดทำแผนการตรวจราชการ",
    ]
    entry = AuditEntry.objects.get(action="indicator.part.updated")
    assert entry.before == {"steps": ["จัดทำแผนการตรวจราชการ", "ลงพื้นที่ตรวจเยี่ยมหน่วยงาน"]}
    assert entry.after == {"steps": ["สรุปผล", "จัดทำแผนการตรวจราชการ"]}


def test_it_saves_the_plan_with_a_checkbox_per_month(world, login, indicator):
    response = login(world.editor).get(edit_url(indicator, "plan"))
    page = response.content.decode()
    assert page.count('name="plan-0-months"') == 15
    assert 'value="12" id="id_plan-1-months_12" checked' in page
    data = rows(
        indicator,
        "plan",
        [
            {"text": "จัดทำแผน", "months": ["0", "1"], "ORDER": "1"},
            {"text": "รายงานผล", "months": ["11", "14"], "ORDER": "2"},
        ],
        initial=2,
    )
    assert login(world.editor).post(edit_url(indicator, "plan"), data).status_code == 302
    assert list(indicator.plan.values_list("text", "months")) == [
        ("จัดทำแผน", [0, 1]),
        ("รายงานผล", [11, 14]),
    ]
    entry = AuditEntry.objects.get(action="indicator.part.updated")
    assert entry.after == {
        "plan": [{"text": "จัดทำแผน", "months": [0, 1]}, {"text": "รายงานผล", "months": [11, 14]}]
    }


@pytest.mark.parametrize(
    ("row", "field"),
    [
        ({"text": "ก", "months": ["15"]}, "months"),
        ({"text": "ก", "months": ["-1"]}, "months"),
        ({"text": "", "months": ["3"]}, "text"),
    ],
)
def test_it_answers_a_bad_plan_row_next_to_the_row(world, login, indicator, row, field):
    before = snapshot(indicator)
    data = rows(indicator, "plan", [{"text": "ดี", "months": ["0"]}, row])
    response = login(world.editor).post(edit_url(indicator, "plan"), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors[1]) == [field]
    assert snapshot(indicator) == before


def test_it_keeps_the_results_of_evaluation_items_it_keeps(world, login, framework, indicator):
    fw, pb, _pt = framework
    first, second = indicator.items.order_by("order")
    stranger = EvaluationItem.objects.create(
        indicator=make_indicator(fw, world.department, "2", pb), text="ของคนอื่น", kind="text"
    )
    data = rows(
        indicator,
        "items",
        [
            {
                "id": str(first.pk),
                "text": "ตรวจติดตาม 826 หน่วย",
                "kind": "number",
                "unit": "หน่วย",
                "ORDER": "2",
            },
            {
                "id": str(second.pk),
                "text": second.text,
                "kind": "passfail",
                "unit": "",
                "ORDER": "1",
                "DELETE": "on",
            },
            {"id": str(stranger.pk), "text": "ประเด็นใหม่", "kind": "text", "unit": "", "ORDER": "1"},
        ],
        initial=2,
    )
    assert login(world.editor).post(edit_url(indicator, "items"), data).status_code == 302
    kept = list(indicator.items.order_by("order"))
    assert [(i.text, i.kind) for i in kept] == [
        ("ประเด็นใหม่", "text"),
        ("ตรวจติดตาม 826 หน่วย", "number"),
    ]
    assert kept[1].pk == first.pk and kept[1].result_value == Decimal(826)
    assert kept[0].pk not in (first.pk, second.pk, stranger.pk)
    stranger.refresh_from_db()
    assert stranger.text == "ของคนอื่น" and stranger.indicator.number == "2"
    assert not EvaluationItem.objects.filter(pk=second.pk).exists()
    entry = AuditEntry.objects.get(action="indicator.part.updated")
    assert entry.after == {
        "items": [
            {"text": "ประเด็นใหม่", "kind": "text", "unit": ""},
            {"text": "ตรวจติดตาม 826 หน่วย", "kind": "number", "unit": "หน่วย"},
        ]
    }


def test_it_needs_a_unit_for_a_number_item(world, login, indicator):
    before = snapshot(indicator)
    data = rows(indicator, "items", [{"text": "จำนวน", "kind": "number", "unit": ""}])
    response = login(world.editor).post(edit_url(indicator, "items"), data)
    assert list(response.context["form"].errors[0]) == ["unit"]
    data = rows(indicator, "items", [{"text": "จำนวน", "kind": "score", "unit": ""}])
    response = login(world.editor).post(edit_url(indicator, "items"), data)
    assert list(response.context["form"].errors[0]) == ["kind"]
    assert snapshot(indicator) == before


# Sub-indicators, new indicators, removal ------------------------------------------------------


def test_it_adds_a_sub_indicator(world, login, indicator):
    client = login(world.editor)
    form = client.get(edit_url(indicator, "children")).context["form"]
    assert form.initial["number"] == "1.1" and "component" not in form.fields
    data = heading(indicator, number="1.1", name_th="ตัวชี้วัดย่อย", weight="60")
    response = client.post(edit_url(indicator, "children"), data)
    assert response.status_code == 302 and response["Location"].endswith("#section-children")
    child = Indicator.objects.get(number="1.1")
    assert (child.parent, child.component, child.organization, child.framework) == (
        indicator,
        indicator.component,
        world.department,
        indicator.framework,
    )
    assert child.weight == 60 and child.name_th == "ตัวชี้วัดย่อย"
    assert AuditEntry.objects.filter(action="indicator.created", object_id=str(child.pk)).exists()
    assert client.get(edit_url(indicator, "children")).context["form"].initial["number"] == "1.2"
    # A sub-indicator has no sub-indicators of its own.
    assert client.get(edit_url(child, "children")).status_code == 404
    # The same number twice is refused.
    response = client.post(edit_url(indicator, "children"), data)
    assert list(response.context["form"].errors) == ["number"]


def test_it_creates_an_indicator_for_an_agency_and_year(world, login, framework):
    fw, pb, _pt = framework
    url = reverse("indicators:create", args=[world.department.pk, 2566])
    client = login(world.editor)
    page = client.get(url).content.decode()
    assert "สำนักตรวจสอบและประเมินผล" in page  # the agency's divisions are the choices
    data = {
        "number": "7",
        "name_th": "ตัวชี้วัดใหม่",
        "component": str(pb.pk),
        "weight": "10",
        "responsible_unit": str(world.division.pk),
        "unit": "ร้อยละ",
        "direction": "higher",
    }
    response = client.post(url, data)
    indicator = Indicator.objects.get(number="7")
    assert response.status_code == 302 and response["Location"] == reverse(
        "indicators:detail", args=[indicator.pk]
    )
    assert (indicator.organization, indicator.framework, indicator.component) == (
        world.department,
        fw,
        pb,
    )
    assert indicator.responsible_unit == world.division
    entry = AuditEntry.objects.get(action="indicator.created")
    assert entry.after["number"] == "7" and entry.after["component"] == "PB"
    count = Indicator.objects.count()
    response = client.post(url, {**data, "number": "8", "weight": "-5"})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["weight"]
    response = client.post(url, data)
    assert list(response.context["form"].errors) == ["number"]
    assert Indicator.objects.count() == count
    assert (
        client.get(reverse("indicators:create", args=[world.department.pk, 2570])).status_code
        == 404
    )


def test_it_asks_before_removing_an_indicator_and_its_sub_indicators(
    world, login, framework, indicator
):
    fw, pb, _pt = framework
    make_indicator(fw, world.department, "1.1", pb, parent=indicator, items=2)
    client = login(world.editor)
    url = reverse("indicators:delete", args=[indicator.pk])
    response = client.get(url)
    assert response.status_code == 200 and "1.1" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:agency", args=[world.department.pk, 2566])
    assert not Indicator.objects.filter(organization=world.department).exists()
    assert not Baseline.objects.exists() and not Step.objects.exists()
    assert not PlanActivity.objects.exists() and not EvaluationItem.objects.exists()
    entry = AuditEntry.objects.get(action="indicator.deleted")
    assert entry.before["number"] == "1" and entry.before["sub_indicators"] == ["1.1"]


def test_it_keeps_a_standard_indicator_that_agencies_use(world, login, framework):
    fw, _pb, pt = framework
    standard = make_standard_indicator(fw, "5", world.sibling, pt)
    make_indicator(fw, world.department, "5", pt, standard=standard)
    response = login(world.framework_admin).post(reverse("indicators:delete", args=[standard.pk]))
    assert response.status_code == 302
    assert Indicator.objects.filter(pk=standard.pk).exists()
    assert not AuditEntry.objects.filter(action="indicator.deleted").exists()


# Optimistic concurrency ---------------------------------------------------------------------


def test_it_refuses_a_save_on_an_older_version_and_keeps_what_was_typed(world, login, indicator):
    client = login(world.editor)
    opened = client.get(edit_url(indicator, "heading")).context["version_form"]["version"].value()
    # Someone else saves in between.
    login(world.framework_admin).post(
        edit_url(indicator, "heading"), heading(indicator, weight="30")
    )
    before = snapshot(indicator)
    data = {**heading(indicator, name_th="ชื่อที่พิมพ์ไว้"), "version": opened}
    response = client.post(edit_url(indicator, "heading"), data)
    assert response.status_code == 200
    assert snapshot(indicator) == before
    assert response.context["stale"] and "admin" in response.context["stale"][0]
    page = response.content.decode()
    assert "ชื่อที่พิมพ์ไว้" in page and 'role="alert"' in page
    # The form now carries the current version: saving again (after checking) goes through.
    current = response.context["version_form"]["version"].value()
    assert current == version(indicator) != opened
    response = client.post(edit_url(indicator, "heading"), {**data, "version": current})
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.name_th == "ชื่อที่พิมพ์ไว้" and indicator.weight == 20


def test_it_refuses_a_stale_row_section_and_names_what_changed(world, login, indicator):
    client = login(world.editor)
    old = version(indicator)
    login(world.framework_admin).post(
        edit_url(indicator, "steps"), rows(indicator, "steps", [{"text": "ขั้นตอนใหม่"}])
    )
    before = snapshot(indicator)
    data = {
        **rows(indicator, "baselines", [{"series": "ก", "year": "2565", "value_text": "1"}]),
        "version": old,
    }
    response = client.post(edit_url(indicator, "baselines"), data)
    assert response.status_code == 200 and snapshot(indicator) == before
    assert len(response.context["stale"]) == 1
    assert "admin" in response.context["stale"][0]
    assert 'value="1"' in response.content.decode()


def test_it_refuses_a_form_without_a_readable_version(world, login, indicator):
    before = snapshot(indicator)
    for bad in ("", "yesterday", "2023-01-01T00:00:00"):
        data = {**heading(indicator, name_th="x"), "version": bad}
        response = login(world.editor).post(edit_url(indicator, "heading"), data)
        assert response.status_code == 200 and response.context["version_form"].errors
    assert snapshot(indicator) == before


# htmx: sections swap to their form and back --------------------------------------------------


@pytest.mark.parametrize("name", SECTIONS)
def test_it_answers_htmx_with_the_form_fragment(world, login, indicator, name):
    response = login(world.editor).get(edit_url(indicator, name), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert f'id="section-{name}"' in page and f'hx-post="{edit_url(indicator, name)}"' in page
    assert reverse("indicators:section", args=[indicator.pk, name]) in page  # cancel


def test_it_answers_an_htmx_save_with_the_section_and_a_bad_one_with_the_form(
    world, login, indicator
):
    client = login(world.editor)
    hx = {"HX-Request": "true"}
    data = rows(indicator, "steps", [{"text": "ขั้นตอนเดียว", "ORDER": "1"}])
    response = client.post(edit_url(indicator, "steps"), data, headers=hx)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert response.context["saved"] == "steps" and "ขั้นตอนเดียว</li>" in page
    assert 'role="status"' in page and "hx-post" not in page
    bad = rows(indicator, "steps", [{"text": "", "ORDER": "1"}])
    bad["steps-INITIAL_FORMS"] = "1"
    response = client.post(edit_url(indicator, "steps"), bad, headers=hx)
    page = response.content.decode()
    assert "<html" not in page and "hx-post" in page and 'class="row--error"' in page
    assert list(indicator.steps.values_list("text", flat=True)) == ["ขั้นตอนเดียว"]
