"""Next year's baselines: the final 12-month results of FY2566 carried into FY2567."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from ges.agreements.actions import adopt_standard_indicators
from ges.assessments import actions
from ges.assessments.carry import NOTE, SERIES, baseline_value, carry_baselines
from ges.assessments.models import IndicatorResult
from ges.assessments.tests.scenario import Scenario, build, fill, make_framework, make_round, report
from ges.audit.models import AuditEntry
from ges.frameworks.actions import copy_framework
from ges.frameworks.models import Framework, Round
from ges.indicators.models import AgencyValue, Baseline, EvaluationItem, Indicator, ItemKind
from ges.orgs.models import Organization
from ges.testing import SYSTEM, make_org

PMQA = {
    "kind": "groups",
    "by": "prev",
    "groups": [
        {
            "min": 0,
            "max": None,
            "criteria": {"kind": "levels", "thresholds": ["prev - 10", "prev", "prev + 2%"]},
        }
    ],
}


@dataclass
class Year:
    framework: Framework
    round: Round
    ops: Scenario
    pmqa: dict[str, IndicatorResult]  # the agencies' results of standard indicator 6, by code


def last_year(world: Any, *, months: int = 12) -> Year:
    """FY2566: OPS reports the scenario's indicators (2: 87.5, 3.1: pass, 3.2: 75, 1: steps);
    OPS and CGD report the standard PMQA indicator 6 (431.73 and 405)."""
    framework = make_framework(2566)
    standard = Indicator.objects.create(
        framework=framework, number="6", order=6, name_th="PMQA 4.0", weight=0, criteria=PMQA
    )
    EvaluationItem.objects.create(
        indicator=standard, order=1, text="คะแนน PMQA", kind=ItemKind.NUMBER, unit="คะแนน"
    )
    scores = {"OPS": "431.73", "CGD": "405"}
    for agency in (world.department, world.sibling):
        AgencyValue.objects.create(
            framework=framework, organization=agency, name="prev", value=Decimal(400)
        )
        adopt_standard_indicators(SYSTEM, framework, agency)
    round = make_round(framework, months=months)
    ops = build(world.department, framework, round)
    fill(ops)
    pmqa = {}
    for agency in (world.department, world.sibling):
        submission = actions.open_submission(SYSTEM, round, agency)
        result = submission.results.get(indicator__number="6")
        item = result.indicator.items.get()
        pmqa[agency.code] = report(SYSTEM, result, {item.pk: scores[agency.code]})
    return Year(framework, round, ops, pmqa)


def close(round: Round) -> None:
    actions.close_evaluation(SYSTEM, round)


def agency_indicator(framework: Framework, agency: Organization, number: str, name: str) -> Any:
    return Indicator.objects.create(
        framework=framework, organization=agency, number=number, name_th=name, weight=10
    )


def baselines(indicator: Indicator) -> list[tuple[str, int, Decimal | None, str, str]]:
    return [
        (row.series, row.year, row.value, row.value_text, row.note)
        for row in indicator.baselines.order_by("order", "year")
    ]


def next_year(world: Any, year: Year) -> tuple[Framework, dict[str, Indicator]]:
    """FY2567 copied forward; OPS has renumbered indicator 2 to 5, kept 3.1 and 1 by name, and
    took up the standard indicators; CGD too."""
    new = copy_framework(SYSTEM, year.framework, 2567)
    ops = world.department
    indicators = {
        "5": agency_indicator(new, ops, "5", "ตัวชี้วัด  2 "),  # spaces do not matter
        "3.1": agency_indicator(new, ops, "3.1", "ตัวชี้วัด 3.1"),
        "1": agency_indicator(new, ops, "1", "ตัวชี้วัด 1"),
        "9": agency_indicator(new, ops, "9", "ตัวชี้วัดใหม่"),
    }
    for agency in (ops, world.sibling):
        adopt_standard_indicators(SYSTEM, new, agency)
    indicators["6"] = Indicator.objects.get(framework=new, organization=ops, standard__number="6")
    indicators["CGD6"] = Indicator.objects.get(
        framework=new, organization=world.sibling, standard__number="6"
    )
    return new, indicators


def test_it_carries_the_closed_12_month_results_into_the_same_indicators(world):
    year = last_year(world)
    close(year.round)
    new, indicators = next_year(world, year)

    summary = carry_baselines(SYSTEM, new)

    assert summary.year == 2566
    assert summary.round == year.round
    assert baselines(indicators["5"]) == [(SERIES, 2566, Decimal("87.5"), "", NOTE)]
    assert baselines(indicators["3.1"]) == [(SERIES, 2566, None, "ผ่าน", NOTE)]
    assert baselines(indicators["6"]) == [(SERIES, 2566, Decimal("431.73"), "", NOTE)]
    assert baselines(indicators["CGD6"]) == [(SERIES, 2566, Decimal("405"), "", NOTE)]
    assert baselines(indicators["1"]) == []  # milestone steps have no value to carry
    assert baselines(indicators["9"]) == []  # a new indicator has no last year
    assert summary.baselines_added == 4
    assert summary.notes == []


def test_it_carries_nothing_while_the_12_month_round_is_open(world):
    year = last_year(world)
    new, _indicators = next_year(world, year)

    summary = carry_baselines(SYSTEM, new)

    assert summary.round is None
    assert "2566" in summary.notes[0]
    assert not Baseline.objects.filter(indicator__framework=new, year=2566).exists()
    assert not AgencyValue.objects.filter(framework=new).exists()
    assert not AuditEntry.objects.filter(action__endswith="carried").exists()


def test_it_does_not_carry_a_closed_6_month_round(world):
    year = last_year(world, months=6)
    close(year.round)
    new, _indicators = next_year(world, year)

    summary = carry_baselines(SYSTEM, new)

    assert summary.round is None
    assert not Baseline.objects.filter(indicator__framework=new, year=2566).exists()
    assert not AgencyValue.objects.filter(framework=new).exists()


def test_the_confirmed_result_wins_over_the_self_result(world):
    year = last_year(world)
    IndicatorResult.objects.filter(pk=year.ops.levels.pk).update(confirmed_result="82.25")
    IndicatorResult.objects.filter(pk=year.ops.sub_pass.pk).update(confirmed_result=False)
    IndicatorResult.objects.filter(pk=year.pmqa["OPS"].pk).update(confirmed_result="420")
    close(year.round)
    new, indicators = next_year(world, year)

    carry_baselines(SYSTEM, new)

    assert baselines(indicators["5"])[0][2] == Decimal("82.25")
    assert baselines(indicators["3.1"])[0][3] == "ไม่ผ่าน"
    assert AgencyValue.objects.get(framework=new, organization=world.department).value == 420
    entry = AuditEntry.objects.get(
        action="indicator.baseline.carried", object_id=str(indicators["5"].pk)
    )
    assert entry.after["source"] == "confirmed"
    assert entry.after["from_result"] == year.ops.levels.pk


def test_it_is_idempotent(world):
    year = last_year(world)
    close(year.round)
    new, _indicators = next_year(world, year)
    first = carry_baselines(SYSTEM, new)
    rows = list(Baseline.objects.order_by("pk").values())
    values = list(AgencyValue.objects.order_by("pk").values())
    entries = AuditEntry.objects.count()

    again = carry_baselines(SYSTEM, new)

    assert first.baselines_added == 4
    assert (again.baselines_added, again.values_added) == (0, 0)
    assert again.unchanged == 4 + 2
    assert list(Baseline.objects.order_by("pk").values()) == rows
    assert list(AgencyValue.objects.order_by("pk").values()) == values
    assert AuditEntry.objects.count() == entries


def test_it_never_overwrites_a_baseline_or_value_a_person_typed(world):
    year = last_year(world)
    close(year.round)
    new, indicators = next_year(world, year)
    Baseline.objects.create(indicator=indicators["5"], series=SERIES, year=2566, value=80)
    typed = AgencyValue.objects.get(framework=new, organization=world.department)
    typed.value, typed.note = Decimal(399), "พิมพ์เอง"
    typed.save()

    summary = carry_baselines(SYSTEM, new)

    assert baselines(indicators["5"]) == [(SERIES, 2566, Decimal(80), "", "")]
    typed.refresh_from_db()
    assert (typed.value, typed.note) == (399, "พิมพ์เอง")
    assert len(summary.notes) == 2
    assert "OPS" in summary.notes[0] and "87.5" in summary.notes[0] and "80" in summary.notes[0]
    assert "431.73" in summary.notes[1]
    assert baselines(indicators["3.1"]) != []  # the rest is carried


def test_it_puts_the_value_in_the_indicators_row_of_results(world):
    year = last_year(world)
    close(year.round)
    new, indicators = next_year(world, year)
    indicator = indicators["5"]
    Baseline.objects.create(indicator=indicator, series="จำนวนหน่วยงาน", year=2565, order=0)
    Baseline.objects.create(indicator=indicator, series=SERIES, year=2565, value=70, order=1)

    carry_baselines(SYSTEM, new)

    assert indicator.baselines.get(year=2566).order == 1


def test_standard_indicators_give_each_agency_its_prev_value_when_copied(world):
    year = last_year(world)
    close(year.round)

    new = copy_framework(SYSTEM, year.framework, 2567)

    values = {
        (row.organization.code, row.name): (row.value, row.note)
        for row in AgencyValue.objects.filter(framework=new).select_related("organization")
    }
    assert values == {
        ("OPS", "prev"): (Decimal("431.73"), f"{NOTE} ปี 2566"),
        ("CGD", "prev"): (Decimal("405"), f"{NOTE} ปี 2566"),
    }
    # The standard indicator itself is shared: no agency's result becomes its baseline.
    assert not Baseline.objects.filter(indicator__framework=new).exists()


def test_it_carries_no_prev_when_two_standard_indicators_use_it(world):
    year = last_year(world)
    other = Indicator.objects.create(
        framework=year.framework, number="7", name_th="อีกตัว", weight=0, criteria=PMQA
    )
    assert other.is_standard
    close(year.round)

    new = copy_framework(SYSTEM, year.framework, 2567)

    assert not AgencyValue.objects.filter(framework=new).exists()
    assert not AuditEntry.objects.filter(action__contains="carried").exists()
    assert "6, 7" in carry_baselines(SYSTEM, new).notes[0]


def test_it_audits_what_it_carried(world):
    year = last_year(world)
    close(year.round)
    new, indicators = next_year(world, year)  # the copy carried the prev values

    carry_baselines(SYSTEM, new)

    summaries = AuditEntry.objects.filter(action="framework.baselines_carried").order_by("pk")
    assert [
        (e.object_id, e.after["baselines_added"], e.after["values_added"]) for e in summaries
    ] == [
        (str(new.pk), 0, 2),
        (str(new.pk), 4, 0),
    ]
    assert summaries[0].after["from_year"] == 2566
    carried = AuditEntry.objects.get(
        action="indicator.baseline.carried", object_id=str(indicators["5"].pk)
    )
    assert carried.object_type == "indicators.indicator"
    assert carried.after == {
        "series": SERIES,
        "year": 2566,
        "value": "87.5",
        "value_text": "",
        "note": NOTE,
        "agency": "OPS",
        "from_indicator": year.ops.levels.indicator_id,
        "from_result": year.ops.levels.pk,
        "source": "self",
    }
    value = AuditEntry.objects.get(action="agency_value.carried", after__agency="CGD")
    assert value.object_type == "indicators.agencyvalue"
    assert value.after["value"] == "405"
    assert value.after["name"] == "prev"


def test_it_tells_namesakes_apart_by_number_or_not_at_all(world):
    year = last_year(world)
    ops = world.department
    Indicator.objects.filter(framework=year.framework, organization=ops, number="3.2").update(
        name_th="ตัวชี้วัด 2"
    )
    close(year.round)
    new, indicators = next_year(world, year)
    same_number = agency_indicator(new, ops, "3.2", "ตัวชี้วัด 2")

    summary = carry_baselines(SYSTEM, new)

    assert baselines(same_number)[0][2] == Decimal(75)  # 3.2's result, not 2's
    assert baselines(indicators["5"]) == []  # two of that name last year, neither numbered 5
    assert len(summary.notes) == 1
    assert "OPS" in summary.notes[0] and " 5" in summary.notes[0]


def test_it_follows_the_same_kind_one_year_earlier_without_a_copy(world):
    year = last_year(world)
    close(year.round)
    new = make_framework(2567)
    indicator = agency_indicator(new, world.department, "2", "ตัวชี้วัด 2")

    summary = carry_baselines(SYSTEM, new)

    assert summary.previous == year.framework
    assert baselines(indicator)[0][2] == Decimal("87.5")


def test_it_says_when_there_is_no_year_before(world):
    new = make_framework(2567)
    summary = carry_baselines(SYSTEM, new)
    assert summary.previous is None
    assert summary.notes


def test_the_queries_do_not_grow_with_the_agencies(world, django_assert_max_num_queries):
    year = last_year(world)
    for position in range(5):
        agency = make_org(world.ministry, code=f"D{position}")
        adopt_standard_indicators(SYSTEM, year.framework, agency)
        result = actions.open_submission(SYSTEM, year.round, agency).results.get()
        report(SYSTEM, result, {result.indicator.items.get().pk: str(400 + position)})
    close(year.round)
    new, _indicators = next_year(world, year)
    for agency in Organization.objects.filter(code__startswith="D"):
        adopt_standard_indicators(SYSTEM, new, agency)
    Baseline.objects.filter(indicator__framework=new).delete()
    AgencyValue.objects.filter(framework=new).delete()

    with django_assert_max_num_queries(16):
        summary = carry_baselines(SYSTEM, new)

    assert (summary.baselines_added, summary.values_added) == (9, 7)


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("87.5", (Decimal("87.5"), "")),
        (90, (Decimal(90), "")),
        ("1.23456789", (Decimal("1.234568"), "")),
        (True, (None, "ผ่าน")),
        (False, (None, "ไม่ผ่าน")),
        ({"done": ["a"], "value": "3"}, (Decimal(3), "")),
        ({"done": ["a", "b"]}, None),
        (None, None),
        ("ไม่ใช่ตัวเลข", None),
        ("NaN", None),
    ],
)
def test_it_turns_a_result_into_a_baseline_value(result, expected):
    assert baseline_value(result) == expected


def test_the_command_carries_again_and_says_what_it_did(world):
    year = last_year(world)
    close(year.round)
    next_year(world, year)
    out = StringIO()

    call_command("carry_baselines", "--year", "2567", stdout=out)

    assert "2566" in out.getvalue()
    assert Baseline.objects.filter(note=NOTE, year=2566).count() == 4
    with pytest.raises(CommandError):
        call_command("carry_baselines", "--year", "2590", stdout=StringIO())


def test_closed_at_alone_makes_results_final(world):
    year = last_year(world)
    Round.objects.filter(pk=year.round.pk).update(closed_at=timezone.now())
    new, indicators = next_year(world, year)

    carry_baselines(SYSTEM, new)

    assert baselines(indicators["5"])


# The framework page's button ----------------------------------------------------------------


def carry_url(framework: Framework) -> str:
    return reverse("assessments:carry", args=[framework.pk])


def test_a_framework_admin_carries_again_from_the_framework_page(world, login):
    year = last_year(world)
    close(year.round)
    new, indicators = next_year(world, year)
    Baseline.objects.filter(indicator__framework=new, note=NOTE).delete()  # as if typed later

    client = login(world.framework_admin)
    page = client.get(reverse_detail(new))
    assert carry_url(new) in page.content.decode()
    response = client.post(carry_url(new), follow=True)

    assert response.redirect_chain[-1][0] == reverse_detail(new)
    assert baselines(indicators["5"])[-1][1:3] == (2566, Decimal("87.5"))
    said = [str(message) for message in response.context["messages"]]
    assert any("2566" in text for text in said)
    again = client.post(carry_url(new), follow=True)
    assert next(str(message) for message in again.context["messages"]).startswith(
        "ไม่มีผลใหม่ที่ต้องนำมา"
    )


def test_only_framework_admins_carry_and_only_by_post(world, login):
    year = last_year(world)
    close(year.round)
    new, _indicators = next_year(world, year)
    Baseline.objects.filter(indicator__framework=new, note=NOTE).delete()

    for person in (world.editor, world.evaluator):
        assert login(person).post(carry_url(new)).status_code == 403
        assert carry_url(new) not in login(person).get(reverse_detail(new)).content.decode()
    assert login(world.framework_admin).get(carry_url(new)).status_code == 405
    assert not Baseline.objects.filter(indicator__framework=new, note=NOTE).exists()


def reverse_detail(framework: Framework) -> str:
    return reverse("frameworks:detail", args=[framework.pk])
