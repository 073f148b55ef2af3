import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from ges.audit.log import Actor
from ges.audit.models import AuditEntry
from ges.frameworks import actions
from ges.frameworks.actions import copy_framework, years_later
from ges.frameworks.models import FiscalYear, Framework, FrameworkStatus
from ges.frameworks.tests.factories import (
    make_component,
    make_departments_2566,
    make_framework,
    make_standard_indicator,
)
from ges.indicators.models import (
    AgencyValue,
    Baseline,
    EvaluationItem,
    Indicator,
    ItemKind,
    PlanActivity,
    Step,
)


@pytest.fixture
def framework(world):
    framework = make_departments_2566(world.sibling, world.opdc)
    framework.name_en = "Departments FY2566"
    framework.scale = Decimal(5)
    framework.decimals = 4
    framework.mode = "step"
    framework.below_first = Decimal(1)
    framework.exempt_weight = "agency"
    framework.result_levels = [[3, "ผ่าน"], [0, "ไม่ผ่าน"]]
    framework.status = FrameworkStatus.PUBLISHED
    framework.save()
    disbursement = framework.indicators.get(number="5")
    disbursement.unit = "ร้อยละ"
    disbursement.description = "<p>อัตราการเบิกจ่าย</p>"
    disbursement.layout = [{"line": 1, "to": "name"}]
    disbursement.save()
    Baseline.objects.create(
        indicator=disbursement, year=2564, value=Decimal("95.5"), note="ณ ไตรมาสที่ 3"
    )
    Baseline.objects.create(indicator=disbursement, year=2565, value_text="98", order=1)
    Step.objects.create(indicator=disbursement, order=1, text="ติดตามผลการเบิกจ่ายรายเดือน")
    PlanActivity.objects.create(indicator=disbursement, order=1, text="รายงานผล", months=[0, 1, 12])
    EvaluationItem.objects.create(
        indicator=disbursement,
        order=1,
        text="ร้อยละการเบิกจ่ายภาพรวม",
        kind=ItemKind.NUMBER,
        unit="ร้อยละ",
        result_value=Decimal("99.63"),
        result_text="99.63 (ร้อยละ)",
    )
    EvaluationItem.objects.create(
        indicator=disbursement,
        order=2,
        text="ส่งรายงาน",
        kind=ItemKind.PASS_FAIL,
        result_passed=True,
    )
    make_standard_indicator(framework, "5.1", world.sibling, parent=disbursement, weight=60)
    AgencyValue.objects.create(
        framework=framework, organization=world.department, name="prev", value=420
    )
    Indicator.objects.create(
        framework=framework, organization=world.department, number="1", name_th="ตัวชี้วัดของกรม"
    )
    return framework


def test_it_copies_a_framework_forward_with_everything_but_results(world, framework):
    copy = copy_framework(Actor(world.framework_admin), framework, 2567)

    # Settings, a draft again, linked to its source, named for the new year.
    assert copy.fiscal_year.year == 2567 and copy.kind == framework.kind
    assert copy.copied_from == framework and copy.status == FrameworkStatus.DRAFT
    assert copy.name_th == "กรอบการประเมินส่วนราชการ ประจำปีงบประมาณ พ.ศ. 2567"
    assert copy.name_en == "Departments FY2567"
    assert (copy.scale, copy.decimals, copy.mode, copy.below_first, copy.exempt_weight) == (
        5,
        4,
        "step",
        1,
        "agency",
    )
    assert copy.result_levels == [[3, "ผ่าน"], [0, "ไม่ผ่าน"]]

    # The component tree, with parts under the copied parents.
    tree = {c.code: (c.parent.code if c.parent else None, c.weight) for c in copy.components.all()}
    assert tree == {
        "PB": (None, 70),
        "PB1": ("PB", 40),
        "PB2": ("PB", 30),
        "PT": (None, 30),
    }
    assert not copy.components.filter(parent__framework=framework).exists()

    # Rounds, one year later.
    rounds = {r.months: (r.opens_on, r.deadline, r.grace_until) for r in copy.rounds.all()}
    assert rounds == {
        6: (dt.date(2024, 4, 1), dt.date(2024, 4, 30), dt.date(2024, 5, 7)),
        12: (dt.date(2024, 10, 1), dt.date(2024, 10, 31), None),
    }

    # Standard indicators with their definition, criteria and child rows, but no results.
    standard = {i.number: i for i in Indicator.objects.standard().filter(framework=copy)}
    assert set(standard) == {"5", "5.1", "6"}
    disbursement = standard["5"]
    assert disbursement.component.framework == copy and disbursement.component.code == "PT"
    assert disbursement.owner == world.sibling and disbursement.unit == "ร้อยละ"
    assert disbursement.description == "<p>อัตราการเบิกจ่าย</p>"
    assert disbursement.criteria == {"kind": "levels", "thresholds": [90, 95, 100]}
    assert disbursement.layout == [{"line": 1, "to": "name"}]
    assert standard["5.1"].parent == disbursement and standard["5.1"].weight == 60
    assert standard["6"].criteria["overrides"] == {"DITP": "exempt"}
    baselines = list(disbursement.baselines.values_list("year", "value", "value_text", "note"))
    assert baselines == [(2564, Decimal("95.5"), "", "ณ ไตรมาสที่ 3"), (2565, None, "98", "")]
    assert list(disbursement.steps.values_list("text", flat=True)) == ["ติดตามผลการเบิกจ่ายรายเดือน"]
    assert list(disbursement.plan.values_list("text", "months")) == [("รายงานผล", [0, 1, 12])]
    items = list(disbursement.items.all())
    assert [(i.text, i.kind, i.unit) for i in items] == [
        ("ร้อยละการเบิกจ่ายภาพรวม", "number", "ร้อยละ"),
        ("ส่งรายงาน", "passfail", ""),
    ]
    assert not any(item.has_result for item in items)

    # The source keeps its rows and results; agencies' own indicators and values stay behind.
    source = framework.indicators.get(number="5")
    assert source.items.filter(result_value=Decimal("99.63")).exists()
    assert source.baselines.count() == 2
    assert not copy.indicators.filter(organization__isnull=False).exists()
    assert not AgencyValue.objects.filter(framework=copy).exists()

    entry = AuditEntry.objects.get(action="framework.copied")
    assert entry.object_id == str(copy.pk) and entry.actor == world.framework_admin
    assert entry.after["copied_from"] == framework.pk and entry.after["from_year"] == 2566
    assert entry.after["components"] == 4 and entry.after["rounds"] == 2
    assert entry.after["standard_indicators"] == 3
    assert AuditEntry.objects.filter(action="fiscal_year.created").count() == 1


def test_it_refuses_a_year_that_already_has_a_framework_of_that_kind(world, framework):
    make_framework(2567)
    with pytest.raises(actions.FrameworkError):
        copy_framework(Actor(world.framework_admin), framework, 2567)
    with pytest.raises(actions.FrameworkError):
        copy_framework(Actor(world.framework_admin), framework, 2565)
    assert Framework.objects.count() == 2 and Indicator.objects.standard().count() == 3
    assert not AuditEntry.objects.filter(
        action__in=["framework.copied", "fiscal_year.created"]
    ).exists()
    # Another kind in the same year is fine.
    provinces = make_framework(2566, kind="provinces")
    make_component(provinces, "P", 100)
    copy = copy_framework(Actor(world.framework_admin), provinces, 2567)
    assert copy.kind == "provinces" and copy.components.count() == 1


def test_it_moves_29_february_to_28_february():
    assert years_later(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert years_later(dt.date(2023, 10, 31), 1) == dt.date(2024, 10, 31)
    assert years_later(dt.date(2023, 3, 1), 2) == dt.date(2025, 3, 1)


def test_it_copies_through_the_page(world, login, framework):
    client = login(world.framework_admin)
    url = reverse("frameworks:copy", args=[framework.pk])
    page = client.get(url).content.decode()
    assert 'value="2567"' in page
    response = client.post(url, {"to_year": "2567"})
    copy = Framework.objects.get(fiscal_year__year=2567)
    assert response.status_code == 302 and response["Location"].endswith(f"/{copy.pk}/")
    detail = client.get(response["Location"]).content.decode()
    assert "1 เมษายน 2567" in detail and framework.name in detail  # copied from ...

    # Again to the same year: a message at the field, nothing made.
    response = client.post(url, {"to_year": "2567"})
    assert response.status_code == 200 and 'class="errorlist"' in response.content.decode()
    response = client.post(url, {"to_year": "2560"})
    assert response.status_code == 200
    assert Framework.objects.count() == 2 and FiscalYear.objects.count() == 2


@pytest.mark.parametrize(
    "persona", ["evaluator", "owner", "editor", "viewer", "outsider", "nobody"]
)
def test_it_lets_only_framework_admins_copy(world, login, framework, persona):
    client = login(getattr(world, persona))
    response = client.post(reverse("frameworks:copy", args=[framework.pk]), {"to_year": "2567"})
    assert response.status_code == 403
    assert Framework.objects.count() == 1
    assert not FiscalYear.objects.filter(year=2567).exists()
    assert not AuditEntry.objects.filter(action="framework.copied").exists()
