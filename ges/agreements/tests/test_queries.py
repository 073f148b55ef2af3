"""The agreement page and OPDC's overview cost a fixed number of queries, however many
indicators or agencies they show."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ges.agreements import actions
from ges.agreements.models import Agreement, AgreementIndicator, AgreementStatus, IndicatorVersion
from ges.agreements.tests.conftest import actor
from ges.frameworks.models import Component, Framework
from ges.indicators.models import Baseline, EvaluationItem, Indicator, PlanActivity, Step
from ges.indicators.tests.agency_factories import THREE_LEVELS, make_year
from ges.orgs.models import Organization, OrganizationKind, Role
from ges.testing import make_member, make_org

# As measured (session and user included); a change that adds a query per row fails the
# equality checks below, one that adds a fixed query fails these bounds.
# The nav's count of unread notices is one of them.
DETAIL_QUERIES = 21
INDICATOR_QUERIES = 17
PRINT_QUERIES = 10
OVERVIEW_QUERIES = 10


def make_set(
    framework: Framework, pb: Component, pt: Component, agency: Organization, count: int
) -> None:
    """`count` indicators (a fifth of them with two sub-indicators) with every part filled,
    70 of the weight in Performance Base and 30 in Potential Base."""
    in_pb = count * 7 // 10
    for number in range(1, count + 1):
        component, share = (
            (pb, Decimal(70) / in_pb) if number <= in_pb else (pt, Decimal(30) / (count - in_pb))
        )
        indicator = Indicator.objects.create(
            framework=framework,
            organization=agency,
            component=component,
            number=str(number),
            order=number,
            name_th=f"ตัวชี้วัด {number}",
            weight=share,
            criteria=THREE_LEVELS,
            national_strategy="ยุทธศาสตร์ชาติด้านการปรับสมดุลภาครัฐ",
        )
        add_parts(indicator)
        if number % 5 == 0:
            for child in (1, 2):
                add_parts(
                    Indicator.objects.create(
                        framework=framework,
                        organization=agency,
                        parent=indicator,
                        number=f"{number}.{child}",
                        order=child,
                        name_th="ย่อย",
                        weight=Decimal(50),
                        criteria=THREE_LEVELS,
                    )
                )
    # Rounding the shares leaves the weights a hair off 100; even them out on the last ones.
    for component, target in ((pb, Decimal(70)), (pt, Decimal(30))):
        tops = list(Indicator.objects.filter(organization=agency, component=component, parent=None))
        drift = target - sum(i.weight for i in tops)
        tops[-1].weight += drift
        tops[-1].save()


def add_parts(indicator: Indicator) -> None:
    Baseline.objects.create(indicator=indicator, year=2565, value=Decimal(80), value_text="80")
    Step.objects.create(indicator=indicator, order=0, text="ขั้นตอน")
    PlanActivity.objects.create(indicator=indicator, order=0, text="กิจกรรม", months=[0, 1])
    EvaluationItem.objects.create(indicator=indicator, order=0, text="ประเด็น", kind="passfail")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_agreement_page_costs_the_same_for_5_or_20_indicators(world, login):
    framework, pb, pt = make_year(2566)
    small = make_org(world.ministry, code="SMALL")
    make_set(framework, pb, pt, small, 5)
    make_set(framework, pb, pt, world.department, 20)
    editor_small = make_member(small, Role.AGENCY_EDITOR, "small-editor")
    counts = {}
    for agency, editor in ((small, editor_small), (world.department, world.editor)):
        agreement = actions.open_agreement(actor(editor), framework, agency)
        actions.propose_agreement(actor(editor), agreement)
        first = AgreementIndicator.objects.filter(agreement=agreement).first()
        actions.decide_indicator(actor(world.evaluator), first, "rejected", "ต่ำ", sequence=0)
        client = login(world.evaluator)
        counts[agency.code] = (
            queries(client, reverse("agreements:detail", args=[agreement.pk])),
            queries(
                client, reverse("agreements:indicator", args=[agreement.pk, first.indicator_id])
            ),
            queries(client, reverse("agreements:print", args=[agreement.pk])),
        )
    assert Indicator.objects.filter(organization=world.department, parent=None).count() == 20
    assert counts["SMALL"] == counts["OPS"]
    detail, indicator, printed = counts["OPS"]
    assert detail <= DETAIL_QUERIES and indicator <= INDICATOR_QUERIES
    assert printed <= PRINT_QUERIES


def make_agencies(framework: Framework, count: int) -> list[Organization]:
    """`count` departments under ten ministries, most with an agreement in some state."""
    ministries = [
        make_org(kind=OrganizationKind.MINISTRY, code=f"M{n}", name_th=f"กระทรวง {n}")
        for n in range(10)
    ]
    agencies = [
        make_org(ministries[n % 10], code=f"D{n}", name_th=f"กรม {n}") for n in range(count)
    ]
    states = list(AgreementStatus)
    now = timezone.now()
    agreements = Agreement.objects.bulk_create(
        Agreement(
            framework=framework,
            organization=agency,
            status=states[n % len(states)],
            state_changed_at=now,
            proposed_at=now,
            signed_at=now,
        )
        for n, agency in enumerate(agencies)
        if n % 7
    )
    for agreement in agreements[:20]:
        indicator = Indicator.objects.create(
            framework=framework, organization=agreement.organization, number="1", name_th="ก"
        )
        version = IndicatorVersion.objects.create(
            indicator=indicator, number=1, kind="proposal", snapshot={}
        )
        AgreementIndicator.objects.create(
            agreement=agreement, indicator=indicator, submitted=version
        )
    return agencies


def test_the_overview_costs_the_same_for_a_few_or_154_agencies(world, login):
    framework, _pb, _pt = make_year(2566)
    client = login(world.framework_admin)
    url = reverse("agreements:overview", args=[framework.pk])
    few = queries(client, url)
    make_agencies(framework, 154)
    response = client.get(url)
    assert len(response.context["rows"]) == 154 + 4  # and the world's four departments
    many = queries(client, url)
    assert few == many <= OVERVIEW_QUERIES
    filtered = queries(client, url + f"?ministry={world.ministry.pk}&status=signed")
    assert filtered <= OVERVIEW_QUERIES
