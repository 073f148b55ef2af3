"""What the assessment actions raise: a refusal with its message for the page, and the news
that someone else saved first, with what they changed (read from the audit log)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ges.assessments.models import IndicatorResult
from ges.audit.models import AuditEntry
from ges.indicators.models import EvaluationItem


class AssessmentError(Exception):
    """A refusal, with a message for the page; `errors` maps EvaluationItem pk -> message."""

    def __init__(self, message: str, errors: Mapping[int, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors: dict[int, str] = dict(errors or {})


@dataclass(frozen=True)
class Change:
    """One thing someone else changed since a form was opened."""

    key: str  # "items.<pk>", "performance", "done", "status", ...
    label: str
    before: object
    after: object
    by: str


class StaleResult(Exception):
    """The result changed since the form was opened (its `sequence` moved on): `result` is the
    result as it now stands, `changes` what changed, so the page can show both without losing
    what the user typed."""

    def __init__(self, result: IndicatorResult, changes: list[Change]) -> None:
        super().__init__(_("Someone else changed this result while you were working on it."))
        self.result = result
        self.changes = changes


def changes_since(result: IndicatorResult, sequence: int) -> list[Change]:
    """What changed in `result` after the form carrying `sequence` was opened: the first value
    before and the last after of every field (and item), with who changed it last."""
    entries = AuditEntry.objects.filter(
        object_type=IndicatorResult._meta.label_lower, object_id=str(result.pk)
    ).order_by("pk")
    first: dict[str, object] = {}
    last: dict[str, tuple[object, str]] = {}
    for entry in entries:
        after = entry.after if isinstance(entry.after, dict) else {}
        before = entry.before if isinstance(entry.before, dict) else {}
        if not isinstance(after.get("sequence"), int) or after["sequence"] <= sequence:
            continue
        for key, value in after.items():
            if key == "sequence":
                continue
            if key == "items" and isinstance(value, dict):
                old = before.get("items") or {}
                for pk, item_value in value.items():
                    first.setdefault(f"items.{pk}", old.get(pk))
                    last[f"items.{pk}"] = (item_value, entry.actor_name)
                continue
            first.setdefault(key, before.get(key))
            last[key] = (value, entry.actor_name)
    labels = _labels(result)
    return [
        Change(key, labels.get(key, key), first.get(key), value, by)
        for key, (value, by) in last.items()
        if first.get(key) != value
    ]


def _labels(result: IndicatorResult) -> dict[str, str]:
    meta = IndicatorResult._meta
    labels = {
        name: str(getattr(meta.get_field(name), "verbose_name", name))
        for name in (
            "status",
            "performance",
            "obstacles",
            "suggestions",
            "done",
            "conditions",
            "self_result",
            "self_score",
            "confirmed_result",
            "confirmed_justification",
            "reopened_until",
        )
    }
    labels["message"] = _("Message")
    for item in EvaluationItem.objects.filter(indicator_id=result.indicator_id):
        labels[f"items.{item.pk}"] = item.text
    return labels
