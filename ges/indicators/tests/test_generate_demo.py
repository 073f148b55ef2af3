"""`ges generate_demo`: synthetic agencies with FY2567 indicators for benchmarks."""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from ges.frameworks.models import Framework, FrameworkKind
from ges.indicators.models import (
    AgencyValue,
    Baseline,
    EvaluationItem,
    Indicator,
    PlanActivity,
    Step,
)
from ges.indicators.synthetic import split
from ges.orgs.models import Organization
from ges.scoring import validate_document

pytestmark = pytest.mark.django_db


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate_demo", *args, stdout=out)
    return out.getvalue()


def framework() -> Framework:
    return Framework.objects.get(fiscal_year__year=2567, kind=FrameworkKind.DEPARTMENTS)


def document(agency: Organization) -> dict[str, Any]:
    """The agency's indicators as the scoring engine reads them (no results yet)."""
    fw = framework()
    indicators = list(
        Indicator.objects.of_agency(agency, fw).select_related("component").order_by("pk")
    )

    def entry(indicator: Indicator) -> dict[str, Any]:
        data: dict[str, Any] = {"code": indicator.number, "weight": str(indicator.weight)}
        if indicator.component:
            data["component"] = indicator.component.code
        children = [i for i in indicators if i.parent_id == indicator.pk]
        if children:
            data["children"] = [entry(child) for child in children]
        else:
            data["criteria"] = indicator.criteria
        return data

    return {
        "agency": agency.code,
        "context": {v.name: str(v.value) for v in AgencyValue.objects.filter(organization=agency)},
        "components": [{"code": c.code, "weight": str(c.weight)} for c in fw.components.all()],
        "indicators": [entry(i) for i in indicators if i.parent_id is None],
    }


def signature(prefix: str) -> list[tuple[Any, ...]]:
    """Everything generated for the agencies of `prefix`, without ids and codes."""
    rows = []
    indicators = Indicator.objects.filter(organization__code__startswith=prefix).order_by(
        "organization_id", "pk"
    )
    for indicator in indicators:
        rows.append(
            (
                indicator.number,
                indicator.name_th,
                indicator.weight,
                indicator.criteria,
                indicator.items.count(),
                tuple(indicator.baselines.values_list("year", "value")),
            )
        )
    return rows


def test_it_generates_agencies_with_fifteen_indicators_each() -> None:
    output = generate("--agencies", "20", "--seed", "7")

    agencies = Organization.objects.filter(code__startswith="SYN-")
    assert agencies.count() >= 20
    assert "indicators" in output
    for agency in agencies:
        top = Indicator.objects.of_agency(agency, framework()).top_level()
        assert top.count() == 15
        assert sum(i.weight for i in top) == 100
        for component in framework().components.all():
            assert sum(i.weight for i in top.filter(component=component)) == component.weight
        assert Indicator.objects.filter(parent__organization=agency).count() == 2


def test_it_writes_documents_the_engine_accepts() -> None:
    generate("--agencies", "20", "--seed", "7")

    for agency in Organization.objects.filter(code__startswith="SYN-"):
        assert validate_document(document(agency)) == [], agency.code


def test_it_mixes_every_kind_of_criteria_with_items_and_baselines() -> None:
    generate("--agencies", "20", "--seed", "7")

    written = [
        criteria
        for criteria in Indicator.objects.values_list("criteria", flat=True)
        if isinstance(criteria, dict)
    ]
    kinds = Counter(criteria["kind"] for criteria in written)
    assert set(kinds) == {"levels", "milestone", "points", "passfail", "groups", "hybrid"}
    leaves = Indicator.objects.exclude(criteria__isnull=True)
    per_indicator = Counter(EvaluationItem.objects.values_list("indicator_id", flat=True))
    assert set(per_indicator) == set(leaves.values_list("pk", flat=True))
    assert all(4 <= count <= 6 for count in per_indicator.values())
    measured = [
        criteria
        for criteria in Baseline.objects.values_list("indicator__criteria", flat=True)
        if isinstance(criteria, dict)
    ]
    assert {criteria["kind"] for criteria in measured} == {"levels", "groups"}
    assert Step.objects.count() == PlanActivity.objects.count() == 2 * leaves.count()
    assert not EvaluationItem.objects.filter(indicator__criteria__isnull=True).exists()


def test_it_gives_the_same_data_for_the_same_seed() -> None:
    generate("--agencies", "20", "--seed", "7", "--prefix", "AAA")
    generate("--agencies", "20", "--seed", "7", "--prefix", "BBB")
    generate("--agencies", "20", "--seed", "8", "--prefix", "CCC")

    assert signature("AAA-") == signature("BBB-")
    assert signature("AAA-") != signature("CCC-")
    assert len(signature("AAA-")) == len(signature("CCC-")) > 0


def test_it_refuses_too_few_agencies_and_changes_nothing() -> None:
    with pytest.raises(CommandError):
        generate("--agencies", "0")

    assert not Organization.objects.exists()
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("total", "parts"), [(Decimal(70), 11), (Decimal(30), 4), (Decimal(1), 10)]
)
def test_it_splits_weights_that_add_up_exactly(total: Decimal, parts: int) -> None:
    weights = split(total, parts, random.Random(1))

    assert len(weights) == parts
    assert sum(weights) == total
    assert all(weight > 0 for weight in weights)


def test_it_refuses_a_split_into_more_parts_than_tenths() -> None:
    with pytest.raises(ValueError, match="cannot split"):
        split(Decimal("0.5"), 6, random.Random(1))
