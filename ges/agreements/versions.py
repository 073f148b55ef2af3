"""Snapshots of indicators: every field and part (weights, texts, criteria, baselines, steps,
plan, evaluation items) with its sub-indicators, as plain JSON values.

A snapshot is what an IndicatorVersion stores and what an amendment proposes. `content` leaves
out the ids of evaluation items (kept only so an amendment can keep their results), so two
snapshots are "the same" when everything a person reads is the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from ges.indicators.actions import EDITABLE_FIELDS, audit_values
from ges.indicators.models import Indicator
from ges.indicators.overview import effective_criteria, in_order

type Snapshot = dict[str, Any]

PARTS_PREFETCH = ("baselines", "steps", "plan", "items")


def with_parts(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """Indicators loaded with everything a snapshot reads, in a fixed number of queries."""
    children = Indicator.objects.select_related(
        "component", "responsible_unit", "standard"
    ).prefetch_related(*PARTS_PREFETCH)
    return indicators.select_related("component", "responsible_unit", "standard").prefetch_related(
        *PARTS_PREFETCH, Prefetch("children", queryset=children)
    )


def snapshot_indicator(indicator: Indicator, *, children: bool = True) -> Snapshot:
    """The indicator as it is now. Uses prefetched parts when there are (see `with_parts`)."""
    snapshot: Snapshot = audit_values(indicator, EDITABLE_FIELDS)
    snapshot["criteria"] = effective_criteria(indicator)
    snapshot["baselines"] = [
        {
            "series": row.series,
            "year": row.year,
            "value": plain_decimal(row.value),
            "value_text": row.value_text,
            "note": row.note,
        }
        for row in sorted(indicator.baselines.all(), key=lambda row: (row.order, row.year))
    ]
    snapshot["steps"] = [row.text for row in sorted(indicator.steps.all(), key=_order)]
    snapshot["plan"] = [
        {"text": row.text, "months": sorted(int(month) for month in row.months)}
        for row in sorted(indicator.plan.all(), key=_order)
    ]
    snapshot["items"] = [
        {"id": row.pk, "text": row.text, "kind": row.kind, "unit": row.unit}
        for row in sorted(indicator.items.all(), key=_order)
    ]
    if children:
        snapshot["children"] = [
            snapshot_indicator(child, children=False)
            for child in in_order(indicator.children.all())
        ]
    return snapshot


def snapshot_of(indicator: Indicator) -> Snapshot:
    """A fresh snapshot read from the database (for one indicator)."""
    return snapshot_indicator(with_parts(Indicator.objects.filter(pk=indicator.pk)).get())


def snapshots(indicators: Iterable[Indicator]) -> dict[int, Snapshot]:
    return {indicator.pk: snapshot_indicator(indicator) for indicator in indicators}


def content(snapshot: Snapshot | None) -> Snapshot | None:
    """The snapshot without item ids: what people read and compare."""
    if snapshot is None:
        return None
    plain = {key: value for key, value in snapshot.items() if key not in ("items", "children")}
    plain["items"] = [
        {key: value for key, value in item.items() if key != "id"}
        for item in snapshot.get("items", [])
    ]
    plain["children"] = [content(child) for child in snapshot.get("children", [])]
    return plain


def same_content(a: Snapshot | None, b: Snapshot | None) -> bool:
    return content(a) == content(b)


def plain_decimal(value: Decimal | None) -> str | None:
    """A Decimal as the audit log writes it: "20", "87.5"."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def _order(row: Any) -> int:
    return int(row.order)
