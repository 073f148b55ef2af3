"""Changing an indicator's criteria: only criteria the scoring engine accepts are ever stored."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ges import scoring
from ges.audit.log import Actor, record
from ges.frameworks.models import Framework
from ges.indicators.actions import IndicatorLocked
from ges.indicators.models import AgencyValue, Indicator

# `prev` (last year's result, e.g. the PMQA score) is the value groups are most often chosen by;
# a standard indicator may be written before any agency's value of it is loaded.
DEFAULT_VALUE_NAMES = frozenset({"prev"})


def known_value_names(framework: Framework) -> frozenset[str]:
    """The names thresholds and groups may use: the framework's agency values, and `prev`."""
    names = AgencyValue.objects.filter(framework=framework).values_list("name", flat=True)
    return DEFAULT_VALUE_NAMES | frozenset(names.distinct())


def criteria_problems(framework: Framework, criteria: object) -> list[scoring.Problem]:
    return scoring.validate_criteria(
        criteria, scale=framework.scale, known_values=known_value_names(framework)
    )


def set_criteria(actor: Actor, indicator: Indicator, criteria: dict[str, Any]) -> Indicator:
    """Store `criteria` on the indicator; raises scoring.InvalidDocument if the engine rejects it
    and IndicatorLocked if the indicator is part of a signed agreement."""
    with transaction.atomic():
        current = (
            Indicator.objects.select_for_update(of=("self",))
            .select_related("framework")
            .get(pk=indicator.pk)
        )
        if current.locked:
            raise IndicatorLocked(current)
        problems = criteria_problems(current.framework, criteria)
        if problems:
            raise scoring.InvalidDocument(problems)
        before = current.criteria
        if before == criteria:
            return current
        current.criteria = criteria
        current.save(update_fields=["criteria", "updated_at"])
        record(
            actor,
            "indicator.criteria.updated",
            current,
            before={"criteria": before},
            after={"criteria": criteria},
        )
    indicator.criteria = current.criteria
    return current
