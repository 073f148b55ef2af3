"""Item results supplied by the indicator owner for many agencies at once (the upload's path)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from ges.assessments import owner
from ges.assessments.errors import AssessmentError
from ges.assessments.models import AgencyScore, IndicatorResult, ItemResult
from ges.assessments.tests.scenario import Scenario, build, fill, scenario
from ges.assessments.values import ParsedValue
from ges.audit.log import Actor
from ges.audit.models import AuditEntry
from ges.frameworks.models import Round
from ges.indicators.models import Indicator
from ges.orgs.models import Role
from ges.testing import make_member

__all__ = ["scenario"]


@pytest.fixture
def owned(world: Any, scenario: Scenario) -> Scenario:
    """Indicator 2 of the agency is its copy of a standard indicator the CGD owns."""
    standard = Indicator.objects.create(
        framework=scenario.framework, number="S2", name_th="มาตรฐาน", owner=world.sibling
    )
    Indicator.objects.filter(pk=scenario.levels.indicator_id).update(standard=standard)
    return scenario


def test_the_owner_sets_item_values_and_the_scores_follow(world: Any, owned: Scenario) -> None:
    fill(owned, Actor(world.editor))
    item = owned.items["number"]
    result = owner.set_item_values(
        Actor(world.owner), owned.result("levels"), {item.pk: Decimal(80)}
    )
    assert result.self_result == "80" and result.self_score == 50 and result.sequence == 2
    assert ItemResult.objects.get(item=item).updated_by == world.owner
    entry = AuditEntry.objects.get(action="assessments.result.values")
    assert entry.actor == world.owner and entry.before and entry.after
    assert entry.object_repr == str(result)  # as `record` names it, though written in bulk
    assert entry.before["items"] == {str(item.pk): "87.5"} and entry.after["items"] == {
        str(item.pk): "80"
    }
    score = AgencyScore.objects.get(round=owned.round, organization=owned.agency)
    assert score.total == Decimal("84.375") - Decimal("26.25") + Decimal("15")
    # the same values again change nothing
    assert owner.set_many_item_values(Actor(world.owner), [(result, {item.pk: Decimal(80)})]) == 0


def test_many_agencies_in_one_call(world: Any, owned: Scenario) -> None:
    other = build(world.other_department, owned.framework, owned.round)
    Indicator.objects.filter(pk=other.levels.indicator_id).update(
        standard=Indicator.objects.get(number="S2")
    )
    changes: list[tuple[IndicatorResult, dict[int, ParsedValue]]] = [
        (owned.result("levels"), {owned.items["number"].pk: Decimal(90)}),
        (
            other.result("levels"),
            {other.items["number"].pk: Decimal(85), other.items["text"].pk: "ok"},
        ),
    ]
    assert owner.set_many_item_values(Actor(world.owner), changes) == 2
    assert other.result("levels").self_score == 75 and owned.result("levels").self_score == 100
    assert AuditEntry.objects.filter(action="assessments.result.values").count() == 2


def state() -> tuple[Any, ...]:
    return (
        list(ItemResult.objects.values_list("value", "text")),
        list(IndicatorResult.objects.order_by("pk").values_list("sequence", "self_score")),
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(
    "name", ["editor", "approver", "evaluator", "viewer", "outsider", "other_owner"]
)
def test_only_the_owner_of_the_standard_indicator_supplies_results(
    world: Any, owned: Scenario, name: str
) -> None:
    user = (
        make_member(world.other_ministry, Role.INDICATOR_OWNER)
        if name == "other_owner"
        else getattr(world, name)
    )
    before = state()
    with pytest.raises(AssessmentError):
        owner.set_item_values(
            Actor(user), owned.result("levels"), {owned.items["number"].pk: Decimal(80)}
        )
    assert state() == before


def test_an_indicator_nobody_owns_takes_no_owner_values(world: Any, owned: Scenario) -> None:
    before = state()
    with pytest.raises(AssessmentError):
        owner.set_item_values(
            Actor(world.owner), owned.result("sub_levels"), {owned.items["small"].pk: Decimal(1)}
        )
    assert state() == before


@pytest.mark.parametrize(
    "values",
    [
        {"number": "80"},  # text for a number item
        {"text": Decimal(1)},  # a number for a text item
        {"m1": True},  # an item of another indicator
    ],
)
def test_values_of_the_wrong_kind_or_item_are_refused(
    world: Any, owned: Scenario, values: dict[str, Any]
) -> None:
    typed = {owned.items[name].pk: value for name, value in values.items()}
    before = state()
    with pytest.raises(AssessmentError):
        owner.set_item_values(Actor(world.owner), owned.result("levels"), typed)
    assert state() == before


def test_a_closed_round_takes_no_owner_values(world: Any, owned: Scenario) -> None:
    Round.objects.filter(pk=owned.round.pk).update(closed_at=timezone.now())
    before = state()
    with pytest.raises(AssessmentError):
        owner.set_item_values(
            Actor(world.owner), owned.result("levels"), {owned.items["number"].pk: Decimal(80)}
        )
    assert state() == before
