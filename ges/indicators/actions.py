"""Changes to indicators: each one atomic, written to the audit log, and refused when the
indicator changed since the person opened the form (optimistic concurrency on `updated_at`).

Audit codes: indicator.created, indicator.updated (before/after of the changed fields),
indicator.part.updated (before/after lists of baselines, steps, plan or items),
indicator.deleted. Criteria are changed by criteria_actions.set_criteria.

Every change records its audit entry *before* it moves `updated_at`, so the entries written
after a given version are exactly the changes made since (see `changes_since`).

An indicator of a signed performance agreement is `locked`: every change here refuses it with
IndicatorLocked (the check sits in `_lock` and `_refuse_locked`); only an approved amendment
(ges.agreements.actions.approve_amendment) changes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ges.audit.log import Actor, record
from ges.audit.models import AuditEntry
from ges.frameworks.models import Component, Framework
from ges.indicators.models import (
    Baseline,
    EvaluationItem,
    Indicator,
    PlanActivity,
    Step,
)
from ges.orgs.models import Organization

EDITABLE_FIELDS = (
    "number",
    "name_th",
    "name_en",
    "component",
    "weight",
    "responsible_unit",
    "responsible_unit_name",
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
    "cascade",
    "strategic_kpi",
)
PARTS = ("baselines", "steps", "plan", "items")


class StaleIndicator(Exception):
    """The indicator was saved by someone else after the form was opened."""

    def __init__(self, changes: list[AuditEntry]) -> None:
        super().__init__("the indicator changed since the form was opened")
        self.changes = changes


class IndicatorLocked(Exception):
    """The indicator belongs to a signed performance agreement."""

    def __init__(self, indicator: Indicator | None = None) -> None:
        self.indicator = indicator
        super().__init__(locked_message())


def locked_message() -> str:
    return _(
        "This indicator is part of a signed performance agreement: it can change only through "
        "an amendment."
    )


def _refuse_locked(indicator: Indicator) -> None:
    if indicator.locked:
        raise IndicatorLocked(indicator)


def agency_set_locked(framework: Framework, organization: Organization | None) -> bool:
    """Whether the agency's indicators of the framework are signed (none may be added)."""
    if organization is None:
        return False
    return Indicator.objects.filter(
        framework=framework, organization=organization, locked=True
    ).exists()


def changes_since(indicator: Indicator, version: dt.datetime) -> list[AuditEntry]:
    """Audit entries of the changes saved after `version`, oldest first."""
    return list(
        AuditEntry.objects.about("indicators.indicator", indicator.pk)
        .filter(at__gt=version)
        .exclude(action="indicator.created")
        .order_by("at", "id")
    )


def is_current(indicator: Indicator, version: dt.datetime) -> bool:
    return indicator.updated_at == version


def _lock(indicator: Indicator, version: dt.datetime) -> Indicator:
    current = Indicator.objects.select_for_update().get(pk=indicator.pk)
    _refuse_locked(current)
    if not is_current(current, version):
        raise StaleIndicator(changes_since(current, version))
    return current


def _touch(indicator: Indicator) -> None:
    indicator.save(update_fields=["updated_at"])


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return (
            format(value.normalize(), "f")
            if value != value.to_integral_value()
            else str(value.quantize(Decimal(1)))
        )
    if isinstance(value, Component | Organization):
        return value.code
    return value


def audit_values(indicator: Indicator, fields: Sequence[str] = EDITABLE_FIELDS) -> dict[str, Any]:
    return {name: _plain(getattr(indicator, name)) for name in fields}


def create_indicator(
    actor: Actor,
    *,
    framework: Framework,
    organization: Organization | None,
    parent: Indicator | None = None,
    **values: Any,
) -> Indicator:
    """A new indicator of an agency (or a standard one), placed after its siblings."""
    with transaction.atomic():
        if parent is not None:
            _refuse_locked(Indicator.objects.select_for_update().get(pk=parent.pk))
        if agency_set_locked(framework, organization):
            raise IndicatorLocked()
        siblings = Indicator.objects.filter(
            framework=framework, organization=organization, parent=parent
        )
        last = siblings.aggregate(last=Max("order"))["last"]
        indicator = Indicator(
            framework=framework,
            organization=organization,
            parent=parent,
            order=(last or 0) + 1,
            **{name: value for name, value in values.items() if name in EDITABLE_FIELDS},
        )
        if parent is not None:
            indicator.owner = parent.owner
        indicator.save()
        record(actor, "indicator.created", indicator, after=audit_values(indicator))
    return indicator


def update_indicator(
    actor: Actor, indicator: Indicator, *, version: dt.datetime, **values: Any
) -> Indicator:
    """Change the indicator's own fields; records only what changed."""
    with transaction.atomic():
        current = _lock(indicator, version)
        names = [name for name in EDITABLE_FIELDS if name in values]
        before = audit_values(current, names)
        for name in names:
            setattr(current, name, values[name])
        after = audit_values(current, names)
        changed = [name for name in names if before[name] != after[name]]
        if changed:
            record(
                actor,
                "indicator.updated",
                current,
                before={name: before[name] for name in changed},
                after={name: after[name] for name in changed},
            )
            field_names = [
                f"{name}_id" if name in ("component", "responsible_unit") else name
                for name in changed
            ]
            current.save(update_fields=[*field_names, "updated_at"])
    return current


def delete_indicator(actor: Actor, indicator: Indicator) -> None:
    """Remove an indicator with its sub-indicators, baselines, steps, plan and items."""
    with transaction.atomic():
        current = Indicator.objects.select_for_update().get(pk=indicator.pk)
        _refuse_locked(current)
        children = list(current.children.values_list("number", flat=True))
        record(
            actor,
            "indicator.deleted",
            current,
            before={**audit_values(current), "sub_indicators": children},
        )
        current.delete()


# Parts: rows under an indicator ----------------------------------------------------------------


def _baseline_row(baseline: Baseline) -> dict[str, Any]:
    return {
        "series": baseline.series,
        "year": baseline.year,
        "value": _plain(baseline.value),
        "value_text": baseline.value_text,
        "note": baseline.note,
    }


def _plan_row(activity: PlanActivity) -> dict[str, Any]:
    return {"text": activity.text, "months": list(activity.months)}


def _item_row(item: EvaluationItem) -> dict[str, Any]:
    return {"text": item.text, "kind": item.kind, "unit": item.unit}


def _record_part(
    actor: Actor,
    indicator: Indicator,
    part: str,
    before: list[dict[str, Any]],
    after: list[dict[str, Any]],
) -> bool:
    if before == after:
        return False
    record(actor, "indicator.part.updated", indicator, before={part: before}, after={part: after})
    _touch(indicator)
    return True


def replace_baselines(
    actor: Actor, indicator: Indicator, rows: Sequence[dict[str, Any]], *, version: dt.datetime
) -> Indicator:
    """The baseline table as given: rows of series, year, value (parsed), value as written, note."""
    with transaction.atomic():
        current = _lock(indicator, version)
        old = list(current.baselines.order_by("order", "year"))
        new = [
            Baseline(
                indicator=current,
                series=row["series"],
                year=row["year"],
                value=row.get("value"),
                value_text=row.get("value_text", ""),
                note=row.get("note", ""),
                order=order,
            )
            for order, row in enumerate(rows)
        ]
        before = [_baseline_row(b) for b in old]
        after = [_baseline_row(b) for b in new]
        if _record_part(actor, current, "baselines", before, after):
            current.baselines.all().delete()
            Baseline.objects.bulk_create(new)
    return current


def replace_steps(
    actor: Actor, indicator: Indicator, rows: Sequence[dict[str, Any]], *, version: dt.datetime
) -> Indicator:
    with transaction.atomic():
        current = _lock(indicator, version)
        before = list(current.steps.order_by("order").values_list("text", flat=True))
        after = [row["text"] for row in rows]
        if _record_part(actor, current, "steps", before, after):  # type: ignore[arg-type]
            current.steps.all().delete()
            Step.objects.bulk_create(
                Step(indicator=current, order=order, text=text) for order, text in enumerate(after)
            )
    return current


def replace_plan(
    actor: Actor, indicator: Indicator, rows: Sequence[dict[str, Any]], *, version: dt.datetime
) -> Indicator:
    """Plan activities with their months (0 = October ... 14 = the next December)."""
    with transaction.atomic():
        current = _lock(indicator, version)
        old = list(current.plan.order_by("order"))
        new = [
            PlanActivity(
                indicator=current, order=order, text=row["text"], months=sorted(row["months"])
            )
            for order, row in enumerate(rows)
        ]
        if _record_part(
            actor, current, "plan", [_plan_row(a) for a in old], [_plan_row(a) for a in new]
        ):
            current.plan.all().delete()
            PlanActivity.objects.bulk_create(new)
    return current


def replace_items(
    actor: Actor, indicator: Indicator, rows: Sequence[dict[str, Any]], *, version: dt.datetime
) -> Indicator:
    """Evaluation items as given. Rows carrying the id of an existing item update it in place,
    keeping its result; items left out are removed; ids of other indicators' items are ignored."""
    with transaction.atomic():
        current = _lock(indicator, version)
        old = list(current.items.order_by("order"))
        existing = {item.pk: item for item in old}
        kept: list[EvaluationItem] = []
        for order, row in enumerate(rows):
            item = existing.pop(row.get("id") or 0, None)
            if item is None:
                item = EvaluationItem(indicator=current)
            item.order, item.text, item.kind, item.unit = (
                order,
                row["text"],
                row["kind"],
                row.get("unit", ""),
            )
            kept.append(item)
        before = [_item_row(item) for item in old]
        after = [_item_row(item) for item in kept]
        if _record_part(actor, current, "items", before, after):
            EvaluationItem.objects.filter(pk__in=list(existing)).delete()
            for item in kept:
                if item.pk is None:
                    item.save()
                else:
                    item.save(update_fields=["order", "text", "kind", "unit"])
    return current
