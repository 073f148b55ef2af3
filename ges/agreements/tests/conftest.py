"""An agency (OPS under MOF, the `world` fixture) with a complete set of indicators for FY2566:
Performance Base 70 (indicators 1: 40 and 2: 30), Potential Base 30 (indicator 3: 20 and the
framework's standard indicator 9: 10, whose group is chosen by the agency's `prev`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from ges.agreements import actions
from ges.agreements.events import Event, register, unregister
from ges.agreements.models import Agreement, AgreementIndicator
from ges.audit.log import Actor
from ges.frameworks.models import Component, Framework
from ges.frameworks.tests.factories import make_standard_indicator
from ges.indicators.models import AgencyValue, EvaluationItem, Indicator
from ges.indicators.tests.agency_factories import THREE_LEVELS, make_indicator, make_year
from ges.orgs.models import User

GROUPS = {
    "kind": "groups",
    "by": "prev",
    "groups": [
        {"min": None, "max": 400, "criteria": {"kind": "levels", "thresholds": [300, 350, 400]}},
        {
            "min": 400,
            "max": None,
            "criteria": {"kind": "levels", "thresholds": ["prev", "prev + 2%", "prev + 5%"]},
        },
    ],
}


@dataclass
class AgencySet:
    framework: Framework
    pb: Component
    pt: Component
    one: Indicator
    two: Indicator
    three: Indicator
    standard: Indicator


def actor(user: User | None) -> Actor:
    return Actor(user=user)


@pytest.fixture
def agency_set(world: Any) -> AgencySet:
    framework, pb, pt = make_year(2566)
    agency = world.department
    one = make_indicator(
        framework, agency, "1", pb, weight=40, criteria=THREE_LEVELS, items=2, order=1
    )
    two = make_indicator(
        framework, agency, "2", pb, weight=30, criteria=THREE_LEVELS, items=1, order=2
    )
    three = make_indicator(
        framework, agency, "3", pt, weight=20, criteria=THREE_LEVELS, items=1, order=3
    )
    standard = make_standard_indicator(
        framework,
        "9",
        owner=world.sibling,
        component=pt,
        weight=Decimal(10),
        criteria=GROUPS,
        order=9,
    )
    EvaluationItem.objects.create(
        indicator=standard, order=0, text="ผลคะแนน PMQA", kind="number", unit="คะแนน"
    )
    AgencyValue.objects.create(
        framework=framework, organization=agency, name="prev", value=Decimal("431.73")
    )
    return AgencySet(framework, pb, pt, one, two, three, standard)


@pytest.fixture
def draft(world: Any, agency_set: AgencySet) -> Agreement:
    return actions.open_agreement(actor(world.editor), agency_set.framework, world.department)


@pytest.fixture
def proposed(world: Any, draft: Agreement) -> Agreement:
    return actions.propose_agreement(actor(world.editor), draft)


def entry(agreement: Agreement, number: str) -> AgreementIndicator:
    return AgreementIndicator.objects.select_related("agreement__organization", "submitted").get(
        agreement=agreement, indicator__number=number
    )


def agree_all(world: Any, agreement: Agreement) -> Agreement:
    for item in AgreementIndicator.objects.filter(agreement=agreement).select_related(
        "agreement__organization"
    ):
        if item.decision != "agreed":
            actions.decide_indicator(
                actor(world.evaluator), item, "agreed", "ตามเกณฑ์", sequence=item.sequence
            )
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def agreed(world: Any, proposed: Agreement) -> Agreement:
    return agree_all(world, proposed)


@pytest.fixture
def signed(world: Any, agreed: Agreement) -> Agreement:
    actions.sign_agreement(actor(world.approver), agreed, "agency")
    actions.sign_agreement(actor(world.evaluator), agreed, "committee")
    agreed.refresh_from_db()
    return agreed


@pytest.fixture
def events(django_capture_on_commit_callbacks: Any) -> Iterator[Callable[[], list[Event]]]:
    """Events handed to the handlers; actions run inside `committed()` reach them."""
    seen: list[Event] = []
    handler = seen.append
    register(handler)
    yield lambda: seen
    unregister(handler)


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """`with committed(): action(...)` runs the on-commit callbacks (the events) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
