"""What stops an agreement from moving on: an incomplete set (nothing to propose), indicators
not agreed or changed since they were agreed (nothing to sign), a bad amendment.

The set's completeness is ges.indicators.overview's: weights add up, every indicator scored on
its own has criteria the scoring engine accepts and evaluation items.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from ges.agreements.models import Agreement, AgreementIndicator, Decision
from ges.agreements.versions import Snapshot, content, same_content, snapshot_indicator, with_parts
from ges.indicators.models import AgencyValue, Indicator
from ges.indicators.overview import Overview, Problem, agency_overview


def agency_indicators(agreement: Agreement) -> Any:
    return Indicator.objects.of_agency(agreement.organization, agreement.framework)


def agency_values(agreement: Agreement) -> dict[str, Decimal]:
    return dict(
        AgencyValue.objects.filter(
            framework_id=agreement.framework_id, organization_id=agreement.organization_id
        ).values_list("name", "value")
    )


def load_overview(
    agreement: Agreement, *, replace: Mapping[int, Mapping[str, Any]] | None = None
) -> Overview:
    """The agency's set grouped by component, with its problems. `replace` puts other values
    on some indicators first (pk -> {"weight", "criteria", "item_count"}): what a set would be
    with an amendment applied."""
    indicators = list(
        agency_indicators(agreement)
        .select_related("responsible_unit", "standard", "component")
        .annotate(item_count=Count("items"))
    )
    for indicator in indicators:
        for name, value in (replace or {}).get(indicator.pk, {}).items():
            setattr(indicator, name, value)
    return agency_overview(
        agreement.framework,
        agreement.framework.components.all(),
        indicators,
        agency_code=agreement.organization.code,
        values=agency_values(agreement),
    )


def proposal_problems(agreement: Agreement) -> list[Problem]:
    return load_overview(agreement).problems


@dataclass(frozen=True)
class Blocker:
    """Why an agreement cannot be signed yet."""

    message: str
    indicator: Indicator | None = None


def signing_blockers(agreement: Agreement) -> list[Blocker]:
    """Every top-level indicator agreed, none changed since its agreed version, set complete."""
    blockers = [
        Blocker(problem.message, problem.indicator) for problem in proposal_problems(agreement)
    ]
    entries = {
        entry.indicator_id: entry
        for entry in AgreementIndicator.objects.filter(agreement=agreement).select_related(
            "version"
        )
    }
    tops = with_parts(agency_indicators(agreement).top_level())
    for indicator in tops:
        entry = entries.get(indicator.pk)
        names = {"number": indicator.number}
        if entry is None:
            blockers.append(
                Blocker(
                    _("Indicator %(number)s has not been submitted to the negotiation.") % names,
                    indicator,
                )
            )
        elif entry.decision != Decision.AGREED or entry.version is None:
            blockers.append(Blocker(_("Indicator %(number)s is not agreed.") % names, indicator))
        elif not same_content(snapshot_indicator(indicator), entry.version.snapshot):
            blockers.append(
                Blocker(
                    _(
                        "Indicator %(number)s changed after version %(version)s was agreed; "
                        "submit the change to the negotiation."
                    )
                    % {**names, "version": entry.version.number},
                    indicator,
                )
            )
    return blockers


# Amendments ------------------------------------------------------------------------------------

# What an amendment may change: the indicator's own texts, weight and direction, its criteria
# and its evaluation items. Its place (number, component, responsible unit) and sub-indicators
# stay as signed.
AMENDABLE_FIELDS = (
    "name_th",
    "name_en",
    "weight",
    "unit",
    "direction",
    "description",
    "definitions",
    "scope",
    "data_collection",
    "data_source",
    "formula",
    "six_month_target",
    "benefits",
    "conditions",
    "criteria_note",
    "national_strategy",
    "master_plan",
    "policy",
)


def amended(
    current: Snapshot,
    *,
    fields: Mapping[str, Any],
    criteria: Any,
    items: Iterable[Mapping[str, Any]],
) -> Snapshot:
    """The current snapshot with the amendment's values put in."""
    proposed = copy.deepcopy(current)
    for name, value in fields.items():
        if name in AMENDABLE_FIELDS:
            proposed[name] = _plain(value)
    proposed["criteria"] = criteria
    proposed["items"] = [
        {
            "id": row.get("id") or None,
            "text": row["text"],
            "kind": row["kind"],
            "unit": row.get("unit", ""),
        }
        for row in items
    ]
    return proposed


def amendment_problems(
    agreement: Agreement, indicator: Indicator, current: Snapshot, proposed: Snapshot
) -> list[str]:
    """What keeps a proposed amendment from being a valid agreement (messages for people)."""
    if same_content(current, proposed):
        return [_("The amendment changes nothing.")]
    fixed = [name for name in current if name not in AMENDABLE_FIELDS]
    for name in fixed:
        if name in ("criteria", "items"):
            continue
        if content({name: current[name]}) != content({name: proposed.get(name)}):
            return [_("An amendment cannot change %(part)s.") % {"part": name}]
    try:
        weight = Decimal(str(proposed["weight"]))
    except (InvalidOperation, KeyError):
        return [_("The weight must be a number.")]
    replace = {
        indicator.pk: {
            "weight": weight,
            "criteria": proposed.get("criteria"),
            "item_count": len(proposed.get("items") or []),
        }
    }
    overview = load_overview(agreement, replace=replace)
    problems = []
    for problem in overview.problems:
        problems.append(problem.message)
        problems.extend(problem.details)
    return problems


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return format(value.normalize(), "f")
    return value
