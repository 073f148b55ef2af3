"""The indicator page, laid out like seed 001: who may read it, what it shows, its tables, its
fragments for htmx, and its fixed number of queries."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from ges.frameworks.tests.factories import make_standard_indicator
from ges.indicators.models import AgencyValue, Baseline, EvaluationItem, PlanActivity
from ges.indicators.page import baseline_table, number_in, plan_grid
from ges.indicators.tests.agency_factories import (
    THREE_LEVELS,
    make_indicator,
    make_seed_001_indicator,
    make_year,
)
from ges.lib import richtext

READERS = ["framework_admin", "evaluator", "editor", "approver", "viewer"]
STRANGERS = ["outsider", "org_admin", "nobody"]
SECTIONS = [
    "heading",
    "description",
    "baselines",
    "steps",
    "criteria",
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


def detail(indicator):
    return reverse("indicators:detail", args=[indicator.pk])


def text_of(response):
    return response.content.decode()


@pytest.mark.parametrize("persona", READERS)
def test_it_shows_the_indicator_to_everyone_who_reads_the_agencys_indicators(
    world, login, indicator, persona
):
    response = login(getattr(world, persona)).get(detail(indicator))
    assert response.status_code == 200
    assert indicator.name_th in text_of(response)


@pytest.mark.parametrize("persona", STRANGERS)
def test_it_answers_404_to_people_outside_the_agency(world, login, indicator, persona):
    assert login(getattr(world, persona)).get(detail(indicator)).status_code == 404
    section = reverse("indicators:section", args=[indicator.pk, "plan"])
    assert login(getattr(world, persona)).get(section).status_code == 404


def test_it_asks_anonymous_visitors_to_log_in(client, indicator):
    response = client.get(detail(indicator))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_lays_the_page_out_in_the_order_of_a_kpi_proposal(world, login, indicator):
    page = text_of(login(world.viewer).get(detail(indicator)))
    positions = [page.index(f'id="section-{name}"') for name in SECTIONS]
    assert positions == sorted(positions)
    # Heading: agency, fiscal year, number and name, responsible unit, weight, component.
    heading = page[positions[0] : positions[1]]
    for text in (
        "สำนักงานปลัดกระทรวงการคลัง",
        "2566",
        f"1. {indicator.name_th}",
        "สำนักตรวจสอบและประเมินผล",
        "20",
        "Performance Base",
    ):
        assert text in heading
    # คำอธิบาย: every part, and the cascade link to the strategic KPI.
    description = page[positions[1] : positions[2]]
    for text in (
        "ติดตามการตรวจราชการ",
        "หน่วยรับตรวจ หมายถึง",
        "1 ตุลาคม 2565",
        "เก็บข้อมูลตลอดช่วง",
        "รายงานผลการตรวจราชการ",
        "จำนวนหน่วยงานที่ตรวจ",
        "“ร้อยละการตรวจติดตาม”",
    ):
        assert text in description
    targets = page[positions[5] : positions[6]]
    for text in ("ไตรมาสที่ 3 - 4", "200 หน่วย", "ได้รับประโยชน์", "ครบทุกไตรมาส"):
        assert text in targets
    links = page[positions[6] : positions[7]]
    for text in ("ยุทธศาสตร์ชาติด้าน", "แผนแม่บทการบริการ", "ภารกิจหลัก"):
        assert text in links


def test_it_shows_the_baseline_as_a_table_with_years_as_columns(world, login, indicator):
    response = login(world.viewer).get(detail(indicator))
    table = response.context["baseline_table"]
    assert table.years == [2562, 2565]
    assert [row.series for row in table.rows] == ["จำนวนหน่วยงานทั้งหมด", "ผลการดำเนินงาน"]
    assert [cell.text for cell in table.rows[0].cells] == ["900 หน่วย", "826 หน่วย"]
    assert table.rows[0].cells[1].mark == "*" and table.rows[1].cells[1].mark == ""
    assert [(n.mark, n.text) for n in table.footnotes] == [("*", "ณ ไตรมาสที่ 3/2565")]
    page = text_of(response)
    section = page[page.index('id="section-baselines"') : page.index('id="section-steps"')]
    assert re.search(r"<th[^>]*>2562</th>\s*<th[^>]*>2565</th>", section)
    assert "826 หน่วย<sup>*</sup>" in section and "ณ ไตรมาสที่ 3/2565" in section


def test_it_shows_steps_criteria_and_items(world, login, indicator):
    page = text_of(login(world.viewer).get(detail(indicator)))
    steps = page[page.index('id="section-steps"') : page.index('id="section-criteria"')]
    assert re.search(r"<ol[^>]*>\s*<li>จัดทำแผนการตรวจราชการ</li>\s*<li>ลงพื้นที่", steps)
    criteria = page[page.index('id="section-criteria"') : page.index('id="section-targets"')]
    assert re.search(r"<td>80</td><td>85</td><td>90</td>", criteria)
    assert "(50)" in criteria and "(75)" in criteria and "(100)" in criteria
    items = page[page.index('id="section-items"') :]
    assert "ตรวจติดตามหน่วยงาน" in items and "826 (หน่วย)" in items
    assert "มีรายงานสรุปข้อเสนอแนะ" in items


def test_it_draws_the_plan_as_a_month_grid_running_into_the_next_year(world, login, indicator):
    response = login(world.viewer).get(detail(indicator))
    grid = response.context["plan_grid"]
    assert [month.label for month in grid.months] == [
        "ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.",
        "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    ]  # fmt: skip
    assert grid.months[0].name == "ตุลาคม 2565" and grid.months[12].name == "ตุลาคม 2566"
    assert len(grid.quarters) == 5
    assert [cell.planned for cell in grid.rows[1].cells].count(True) == 4
    page = text_of(response)
    plan = page[page.index('id="section-plan"') : page.index('id="section-children"')]
    assert plan.count("<abbr") == 15
    assert plan.count("■") == 5
    assert plan.count('role="img"') == 5 and "ตุลาคม 2566" in plan
    assert "(FY 67)" in plan or "(ปี 67)" in plan


def test_it_keeps_a_plan_inside_the_year_to_twelve_months(world, framework):
    fw, pb, _pt = framework
    indicator = make_indicator(fw, world.department, "2", pb)
    PlanActivity.objects.create(indicator=indicator, order=0, text="ทำ", months=[0, 11])
    grid = plan_grid(2566, indicator.plan.all())
    assert len(grid.months) == 12 and len(grid.quarters) == 4
    with translation.override("en"):
        grid = plan_grid(2566, indicator.plan.all())
    assert grid.months[0].label == "Oct" and grid.quarters[0].label == "Quarter 1"
    assert plan_grid(2566, []) is None


def test_it_lists_sub_indicators_with_links(world, login, framework, indicator):
    fw, pb, _pt = framework
    child = make_indicator(fw, world.department, "1.1", pb, weight=60, parent=indicator)
    make_indicator(fw, world.department, "1.2", pb, weight=40, parent=indicator)
    response = login(world.viewer).get(detail(indicator))
    assert [c.number for c in response.context["children"]] == ["1.1", "1.2"]
    assert response.context["children_weight"] == 100
    assert detail(child) in text_of(response)
    # The sub-indicator's page links back to its parent.
    assert detail(indicator) in text_of(login(world.viewer).get(detail(child)))


def test_it_offers_editing_to_editors_only(world, login, indicator):
    edit = reverse("indicators:edit", args=[indicator.pk, "steps"])
    criteria = reverse("indicators:criteria", args=[indicator.pk])
    for persona in ("editor", "framework_admin"):
        page = text_of(login(getattr(world, persona)).get(detail(indicator)))
        assert edit in page and criteria in page and 'hx-get="' in page
    for persona in ("approver", "viewer", "evaluator"):
        page = text_of(login(getattr(world, persona)).get(detail(indicator)))
        assert edit not in page and criteria not in page


def test_it_shows_which_group_of_criteria_applies_to_the_agency(world, login, framework):
    fw, _pb, pt = framework
    indicator = make_indicator(
        fw,
        world.department,
        "6",
        pt,
        criteria={"kind": "levels", "thresholds": ["400", "prev", "prev + 2%"]},
    )
    AgencyValue.objects.create(
        framework=fw, organization=world.department, name="prev", value=Decimal("431.73")
    )
    response = login(world.viewer).get(detail(indicator))
    choice = response.context["agency_choice"]
    assert choice.ok and choice.thresholds == ["400", "431.73", "440.3646"]
    assert "prev + 2%" in text_of(response) and "440.3646" in text_of(response)


def test_it_uses_the_standard_criteria_for_an_agency_copy_without_its_own(world, login, framework):
    fw, _pb, pt = framework
    standard = make_standard_indicator(fw, "5", world.sibling, pt, criteria={"kind": "passfail"})
    copy = make_indicator(fw, world.department, "5", pt, standard=standard)
    response = login(world.viewer).get(detail(copy))
    assert response.context["criteria_inherited"]
    assert response.context["criteria_table"].kind == "passfail"


def test_it_shows_a_standard_indicator_to_every_reader(world, login, framework):
    fw, _pb, pt = framework
    standard = make_standard_indicator(fw, "5", world.sibling, pt, criteria=THREE_LEVELS)
    for persona in [*READERS, "outsider", "owner"]:
        assert login(getattr(world, persona)).get(detail(standard)).status_code == 200
    assert login(world.org_admin).get(detail(standard)).status_code == 404


@pytest.mark.parametrize("name", SECTIONS)
def test_it_answers_htmx_with_the_section_alone(world, login, indicator, name):
    client = login(world.viewer)
    url = reverse("indicators:section", args=[indicator.pk, name])
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = text_of(response)
    assert "<html" not in page and f'id="section-{name}"' in page
    # Without htmx the address leads to the section on the whole page.
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].endswith(f"#section-{name}")
    assert client.get(reverse("indicators:section", args=[indicator.pk, "nope"])).status_code == 404


def test_it_reads_the_page_in_a_fixed_number_of_queries(
    world, login, framework, indicator, django_assert_max_num_queries, django_assert_num_queries
):
    client = login(world.viewer)
    client.get(detail(indicator))
    with django_assert_max_num_queries(13) as few:
        client.get(detail(indicator))
    EvaluationItem.objects.bulk_create(
        EvaluationItem(
            indicator=indicator,
            order=10 + n,
            text=f"ประเด็นที่ {n}",
            kind="number",
            unit="ร้อยละ",
            result_value=Decimal(n),
        )
        for n in range(20)
    )
    Baseline.objects.bulk_create(
        Baseline(indicator=indicator, series=f"ชุด {n}", year=2560, value_text=str(n))
        for n in range(10)
    )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(detail(indicator))
    assert len(response.context["items"]) == 22


# The tables and text, without a database --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("900 หน่วย", Decimal(900)),
        ("- 900 หน่วย", Decimal(900)),
        ("ร้อยละ 85.5", Decimal("85.5")),
        ("2,247 แห่ง", Decimal(2247)),
        ("407.69 คะแนน", Decimal("407.69")),
        ("-5", Decimal(-5)),
        ("๙๐๐ หน่วย", Decimal(900)),
        ("-", None),
        ("", None),
    ],
)
def test_it_reads_the_number_in_a_baseline_value(text, number):
    assert number_in(text) == number


def test_it_leaves_empty_cells_for_missing_years():
    rows = [
        Baseline(series="ก", year=2564, value_text="1", order=0),
        Baseline(series="ข", year=2565, value=Decimal("2.50"), order=1, note="ประมาณการ"),
        Baseline(series="ข", year=2566, value=None, order=1, note="ประมาณการ"),
    ]
    table = baseline_table(rows)
    assert table.years == [2564, 2565, 2566]
    assert table.rows[0].cells[1] is None and table.rows[1].cells[0] is None
    assert [c.text for c in table.rows[1].cells[1:]] == ["2.5", "-"]
    assert [(f.mark, f.text) for f in table.footnotes] == [("*", "ประมาณการ")]
    assert baseline_table([]) is None


def test_it_keeps_simple_formatting_and_removes_the_rest():
    assert richtext.sanitize("<p>ดี<script>alert(1)</script></p>") == "<p>ดี</p>"
    assert richtext.sanitize('<b onclick="x()">ก</b>') == "<b>ก</b>"
    assert richtext.sanitize("<script>alert(1)</script>") == ""
    assert richtext.sanitize("ค่า < 5 & มากกว่า 2") == "ค่า < 5 & มากกว่า 2"
    assert richtext.sanitize('<a href="javascript:x">ลิงก์</a> a < b') == "ลิงก์ a < b"
    assert str(richtext.render("บรรทัด 1\nบรรทัด 2 <")) == "<p>บรรทัด 1<br>บรรทัด 2 &lt;</p>"
    assert str(richtext.render("<ul><li>ก</li></ul><img src=x onerror=y>")) == "<ul><li>ก</li></ul>"
