"""The evaluation report page (reports:agency), the explanation of a score (reports:explain) and
`ges report --format html`, which prints the same page as a standalone document."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags

from conftest import World
from ges.frameworks.models import Framework
from ges.indicators.imports import import_esar_file
from ges.indicators.models import EvaluationItem, Indicator, ItemKind
from ges.orgs.models import Organization, OrganizationKind, Role
from ges.reports.tests.factories import (
    FIVE_LEVELS,
    LEVELS,
    IndicatorSpec,
    ItemSpec,
    document,
    make_indicators,
    many_indicators,
    report_framework,
)
from ges.scoring import score_json
from ges.testing import make_member, make_org

SEED = Path(__file__).resolve().parents[2] / "demo_seeds" / "000_f2d4ae963f1b8038.txt"
HTMX = {"HTTP_HX_REQUEST": "true"}

pytestmark = pytest.mark.django_db


def page_url(agency: Organization, year: int = 2566) -> str:
    return reverse("reports:agency", args=[agency.pk, year])


def explain_url(agency: Organization, indicator: Indicator, year: int = 2566) -> str:
    return reverse("reports:explain", args=[agency.pk, year, indicator.pk])


def text_of(content: bytes) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(strip_tags(content.decode())))


def item_rows(content: bytes) -> list[tuple[str, str]]:
    """(evaluation item, result) for every row of every indicator's items table."""
    rows = re.findall(
        r"<tr>\s*<td>(.*?)</td>\s*<td class=\"report-items__result\">(.*?)</td>\s*</tr>",
        content.decode(),
        flags=re.S,
    )
    return [(text_of(t.encode()).strip(), text_of(r.encode()).strip()) for t, r in rows]


def part_of(pattern: bytes, content: bytes) -> str:
    found = re.search(pattern, content, re.S)
    assert found is not None, pattern
    return text_of(found.group())


def score_of(data: dict[str, Any]) -> dict[str, Any]:
    """The engine's published scores of a what-if document."""
    return dict(score_json(data))


def small_agency_specs() -> list[IndicatorSpec]:
    """PB 70: indicator 1 (levels, 87.5) and 2 (milestone, 4 of 6 steps). PT 30: indicator 3
    (pass/fail, weight 10) and 4 (weight 20) = 4.1 (60%, levels, 83.3) + 4.2 (40%, failed)."""
    passfail = "passfail"
    return [
        IndicatorSpec(
            "1",
            Decimal(40),
            "PB",
            LEVELS,
            [ItemSpec("ร้อยละการเบิกจ่าย", ItemKind.NUMBER, Decimal("87.5"), unit="ร้อยละ")],
            name="ร้อยละของการเบิกจ่ายงบประมาณรายจ่ายในภาพรวม",
        ),
        IndicatorSpec(
            "2",
            Decimal(30),
            "PB",
            {
                "kind": "milestone",
                "levels": [
                    {"score": 50, "steps": ["1", "2"]},
                    {"score": 75, "steps": ["3", "4"]},
                    {"score": 100, "steps": ["5", "6"]},
                ],
            },
            [ItemSpec(f"ขั้นตอนที่ {n}", ItemKind.PASS_FAIL, passed=n <= 4) for n in range(1, 7)],
        ),
        IndicatorSpec(
            "3",
            Decimal(10),
            "PT",
            {"kind": passfail},
            [ItemSpec("มีระบบรายงาน", ItemKind.PASS_FAIL, passed=True)],
        ),
        IndicatorSpec(
            "4",
            Decimal(20),
            "PT",
            children=[
                IndicatorSpec(
                    "4.1",
                    Decimal(60),
                    "",
                    LEVELS,
                    [ItemSpec("ร้อยละความพึงพอใจ", ItemKind.NUMBER, Decimal("83.3"), unit="ร้อยละ")],
                ),
                IndicatorSpec(
                    "4.2",
                    Decimal(40),
                    "",
                    {"kind": passfail},
                    [ItemSpec("เปิดให้บริการ", ItemKind.PASS_FAIL, passed=False)],
                ),
            ],
        ),
    ]


@pytest.fixture
def scored(world: World) -> tuple[Organization, list[Indicator], dict[str, Any]]:
    """OPS (world.department) with four indicators, and what the engine says of them."""
    framework, components = report_framework()
    specs = small_agency_specs()
    indicators = make_indicators(framework, components, world.department, specs)
    return world.department, indicators, score_of(document(framework, world.department, specs))


def engine_scores(scored_json: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            out[entry["code"]] = entry
            walk(entry["children"])

    walk(scored_json["indicators"])
    return out


# --- what the page shows --------------------------------------------------------------------


def test_it_shows_every_imported_item_with_its_result(world: World, login: Any) -> None:
    assert import_esar_file(SEED, 2566).ok
    agency = Organization.objects.get(name_th="สำนักงบประมาณ")

    response = login(world.framework_admin).get(page_url(agency))

    assert response.status_code == 200
    words = {"Passed": "ผ่าน", "Not passed": "ไม่ผ่าน"}  # before the Thai catalogue has them
    shown = sorted(
        (text, words.get(result, result)) for text, result in item_rows(response.content)
    )
    expected = []
    for item in EvaluationItem.objects.filter(indicator__organization=agency):
        if item.kind == ItemKind.PASS_FAIL:
            result = "ผ่าน" if item.result_passed else "ไม่ผ่าน"
        else:
            result = f"{item.result_text} ({item.unit})" if item.unit else item.result_text
        expected.append((re.sub(r"\s+", " ", item.text).strip(), result))
    assert len(expected) == 30
    assert shown == sorted(expected)
    page = text_of(response.content)
    assert "สำนักงบประมาณ" in page and "/ สำนักนายกรัฐมนตรี" in page
    assert "99.63 (ร้อยละ)" in page and "3 (ช่องทาง)" in page and "454.38 (คะแนน)" in page
    # Imported pages have no criteria: no total, and the page says why, indicator by indicator.
    assert "ตัวชี้วัด 1 ยังไม่มีเกณฑ์การให้คะแนน" in page
    assert "ตัวชี้วัด 7.1 ยังไม่มีเกณฑ์การให้คะแนน" in page
    assert "ร้อยละการใช้จ่ายงบประมาณรายจ่ายภาพรวม" in page  # a cascade link's strategic KPI
    assert "ความสำเร็จของการพัฒนาระบบการจัดการงบประมาณอิเล็กทรอนิกส์ใหม่ (New e-Budgeting)" in page


def test_it_shows_the_engines_total_level_and_scores(scored: Any, world: World, login: Any) -> None:
    agency, _, engine = scored

    response = login(world.viewer).get(page_url(agency))

    assert response.status_code == 200
    report = response.context["report"]
    assert report.total is not None and report.problems == []
    header = part_of(rb'<header class="report-head".*?</header>', response.content)
    assert f" {engine['total']} " in f" {header} "
    assert engine["level"] in header
    footer = part_of(rb"<tfoot>.*?</tfoot>", response.content)
    assert footer.strip().endswith(engine["total"])
    rows = {
        code: text_of(row)
        for code, row in re.findall(
            rb'<td class="report-table__number">([\d.]+)</td>(.*?)</tr>', response.content, re.S
        )
    }
    for code, entry in engine_scores(engine).items():
        assert entry["score"] in rows[code.encode()].split(), code
        if "." not in code:  # a sub-indicator's points are its share of its parent's score
            assert entry["points"] in rows[code.encode()].split(), code
    component_rows = re.findall(rb'<tr class="component-row">(.*?)</tr>', response.content, re.S)
    assert [text_of(row).split()[-1] for row in component_rows] == [
        component["points"] for component in engine["components"]
    ]


@pytest.mark.parametrize(("scale", "decimals"), [(100, 3), (5, 4)])
def test_it_prints_scores_with_the_frameworks_decimals(
    world: World, login: Any, scale: int, decimals: int
) -> None:
    framework, components = report_framework(scale=scale, decimals=decimals)
    framework.result_levels = (
        [[4, "ดีมาก"], [0, "ปรับปรุง"]] if scale == 5 else framework.result_levels
    )
    framework.save()
    criteria = FIVE_LEVELS if scale == 5 else LEVELS
    specs = [
        IndicatorSpec(
            "1", Decimal(70), "PB", criteria, [ItemSpec("ก", "number", Decimal("83.33"))]
        ),
        IndicatorSpec("2", Decimal(30), "PT", criteria, [ItemSpec("ข", "number", Decimal("91.7"))]),
    ]
    make_indicators(framework, components, world.department, specs)
    engine = score_of(document(framework, world.department, specs))

    response = login(world.editor).get(page_url(world.department))

    total = engine["total"]
    assert len(total.split(".")[1]) == decimals
    page = text_of(response.content)
    assert total in page and engine["level"] in page
    assert all(entry["score"] in page for entry in engine["indicators"])


def test_it_reads_in_english_when_english_is_chosen(scored: Any, world: World, login: Any) -> None:
    agency, indicators, engine = scored
    Indicator.objects.filter(pk=indicators[0].pk).update(name_en="Budget disbursement rate")
    client = login(world.editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(page_url(agency))

    page = text_of(response.content)
    assert "Budget disbursement rate" in page
    assert "Evaluation report" in page and "Passed" in page and "Not passed" in page
    assert engine["total"] in page


def test_it_says_plainly_why_there_is_no_total(scored: Any, world: World, login: Any) -> None:
    agency, indicators, engine = scored
    Indicator.objects.filter(pk=indicators[2].pk).update(criteria=None)  # indicator 3

    response = login(world.editor).get(page_url(agency))

    report = response.context["report"]
    assert report.total is None and report.level is None
    assert [problem.path for problem in report.problems] == ["indicators[3]"]
    page = text_of(response.content)
    assert "ตัวชี้วัด 3 ยังไม่มีเกณฑ์การให้คะแนน" in page
    # The others are still scored on their own, without weighted points.
    assert engine_scores(engine)["1"]["score"] in page
    assert report.indicators[0].points is None


def test_it_shows_the_engines_problems_when_the_weights_do_not_add_up(
    scored: Any, world: World, login: Any
) -> None:
    agency, indicators, _ = scored
    Indicator.objects.filter(pk=indicators[0].pk).update(weight=Decimal(35))

    response = login(world.editor).get(page_url(agency))

    report = response.context["report"]
    assert report.total is None and report.problems
    page = text_of(response.content)
    assert all(problem.message in page for problem in report.problems)


def test_it_links_the_report_from_the_indicator_list_and_the_organisation(
    scored: Any, world: World, login: Any
) -> None:
    agency, _, _ = scored
    client = login(world.editor)

    listing = client.get(reverse("indicators:agency", args=[agency.pk, 2566]))
    organization = client.get(reverse("orgs:detail", args=[agency.pk]))
    admin_page = login(world.org_admin).get(reverse("orgs:detail", args=[agency.pk]))

    assert f'href="{page_url(agency)}"'.encode() in listing.content
    assert f'href="{page_url(agency)}"'.encode() in organization.content
    assert admin_page.status_code == 200 and b"/reports/" not in admin_page.content


# --- the explanation of a score -------------------------------------------------------------


def test_it_explains_a_score_on_demand(scored: Any, world: World, login: Any) -> None:
    agency, indicators, engine = scored
    first = engine_scores(engine)["1"]
    client = login(world.evaluator)

    response = client.get(explain_url(agency, indicators[0]), **HTMX)

    assert response.status_code == 200
    assert b"<html" not in response.content and b'class="why__text"' in response.content
    assert text_of(response.content).strip() == first["explanation"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(explain_url(agency, indicators[0]), **HTMX)
    assert text_of(english.content).strip() == first["explanation_en"]


def test_it_explains_a_sub_indicator_and_a_missing_score(
    scored: Any, world: World, login: Any
) -> None:
    agency, indicators, engine = scored
    child = next(i for i in indicators if i.number == "4.1")
    client = login(world.editor)

    response = client.get(explain_url(agency, child), **HTMX)
    assert text_of(response.content).strip() == engine_scores(engine)["4.1"]["explanation"]

    Indicator.objects.filter(pk=child.pk).update(criteria=None)
    missing = text_of(client.get(explain_url(agency, child), **HTMX).content)
    assert "ตัวชี้วัด 4.1 ยังไม่มีเกณฑ์การให้คะแนน" in missing


def test_it_opens_the_explanation_in_the_page_without_javascript(
    scored: Any, world: World, login: Any
) -> None:
    agency, indicators, engine = scored
    client = login(world.editor)

    response = client.get(explain_url(agency, indicators[1]))

    target = f"{page_url(agency)}?explain={indicators[1].pk}#indicator-{indicators[1].pk}"
    assert response.status_code == 302 and response["Location"] == target
    opened = client.get(target)
    assert b'<details class="why" open>' in opened.content
    assert engine_scores(engine)["2"]["explanation"] in text_of(opened.content)


def test_it_explains_only_indicators_of_the_agency_and_year(
    scored: Any, world: World, login: Any
) -> None:
    agency, indicators, _ = scored
    framework = Framework.objects.get()
    other = make_indicators(
        framework,
        {},
        world.sibling,
        [IndicatorSpec("1", Decimal(100), "", LEVELS, [ItemSpec("ก", "number", Decimal(90))])],
    )[0]
    client = login(world.framework_admin)

    assert client.get(explain_url(world.department, other), **HTMX).status_code == 404
    assert client.get(explain_url(world.sibling, indicators[0]), **HTMX).status_code == 404
    assert client.get(explain_url(agency, indicators[0], 2567), **HTMX).status_code == 404


# --- who may read it --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("framework_admin", 200),
        ("evaluator", 200),
        ("viewer", 200),
        ("editor", 200),
        ("approver", 200),
        ("owner", 404),  # an indicator owner at CGD: OPS is outside its subtree
        ("org_admin", 404),  # manages people, does not read indicators
        ("outsider", 404),
        ("nobody", 404),
    ],
)
def test_it_lets_only_people_who_read_the_agencys_indicators_see_it(
    scored: Any, world: World, login: Any, persona: str, status: int
) -> None:
    agency, indicators, _ = scored
    client = login(getattr(world, persona))

    assert client.get(page_url(agency)).status_code == status
    assert client.get(explain_url(agency, indicators[0]), **HTMX).status_code == status


def test_it_sends_anonymous_readers_to_log_in(scored: Any) -> None:
    agency, indicators, _ = scored

    for url in (page_url(agency), explain_url(agency, indicators[0])):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_is_not_found_for_a_year_or_organisation_without_a_framework(
    scored: Any, world: World, login: Any
) -> None:
    client = login(world.framework_admin)

    assert client.get(page_url(world.department, 2567)).status_code == 404
    assert client.get(page_url(world.ministry)).status_code == 404  # a ministry is not evaluated


def test_it_only_reads(scored: Any, world: World, login: Any) -> None:
    agency, _, _ = scored

    assert login(world.editor).post(page_url(agency)).status_code == 405


# --- speed -------------------------------------------------------------------------------------


def test_it_renders_in_a_fixed_number_of_queries(
    world: World, login: Any, django_assert_num_queries: Any
) -> None:
    framework, components = report_framework()
    small = make_org(world.ministry, code="SMALL")
    make_indicators(framework, components, small, many_indicators(2))
    make_indicators(framework, components, world.department, many_indicators(20))
    client = login(world.viewer)
    client.get(page_url(small))  # the session and the user, once

    with django_assert_num_queries(QUERIES) as small_queries:
        client.get(page_url(small))
    with django_assert_num_queries(QUERIES) as large_queries:
        response = client.get(page_url(world.department))

    assert len(small_queries) == len(large_queries)
    report = response.context["report"]
    assert len(report.indicators) == 20 and report.total is not None
    assert len(item_rows(response.content)) == 20 * 6


# session, user, the user's roles, agency, framework, indicators, items, steps, plan rows,
# components, the round score that counts (ges.reports.rounds; none here), agency values, the
# years of the framework's kind, the nav's unread notices, the stored scores of the rounds
QUERIES = 15


# --- `ges report --format html` ------------------------------------------------------------------


def test_it_prints_the_page_as_a_standalone_document(scored: Any) -> None:
    agency, _, engine = scored
    out = StringIO()

    call_command("report", "--org", agency.code, "--year", "2566", "--format", "html", stdout=out)

    document = out.getvalue()
    assert document.startswith("<!doctype html>") and document.rstrip().endswith("</html>")
    assert "http" not in document  # no links or fonts from anywhere
    assert "url(" not in document and "<link" not in document and "<script" not in document
    assert 'src="' not in document and "hx-get" not in document
    assert re.findall(r'href="([^"]*)"', document) == [
        link for link in re.findall(r'href="([^"]*)"', document) if link.startswith("#indicator-")
    ]
    assert "<style>" in document and ".report-table" in document
    page = text_of(document.encode())
    assert engine["total"] in page and engine["level"] in page
    assert engine_scores(engine)["1"]["explanation"] in page  # explanations inline


def test_it_prints_an_imported_page_as_a_standalone_document() -> None:
    assert import_esar_file(SEED, 2566).ok
    Indicator.objects.filter(number="1").update(name_th="<b>ก</b>")
    EvaluationItem.objects.filter(indicator__number="1", order=1).update(text="<script>x</script>")
    out = StringIO()

    call_command(
        "report", "--org", "สำนักงบประมาณ", "--year", "2566", "--format", "html", stdout=out
    )

    document = out.getvalue()
    assert "http" not in document and '<html lang="th">' in document
    assert len(item_rows(document.encode())) == 30
    assert "&lt;b&gt;ก&lt;/b&gt;" in document and "<b>ก" not in document
    assert "&lt;script&gt;x&lt;/script&gt;" in document and "<script" not in document


def test_it_gives_a_province_its_provinces_framework(world: World, login: Any) -> None:
    province = make_org(kind=OrganizationKind.PROVINCE, code="PV1", name_th="จังหวัดทดสอบ")
    reader = make_member(province, Role.VIEWER)
    report_framework()  # a departments framework only

    assert login(reader).get(page_url(province)).status_code == 404
