"""The indicator owner's path: item results of a standard indicator supplied for many
agencies at once (the results upload, ges.assessments.uploads), all or nothing in one
transaction, each result audited with before and after and its self-score recomputed, then each
round's scores once. Reads and writes in a fixed number of queries whatever the number of
agencies: rows are read and written as plain values, cheaper than model objects by the
thousand. The refusals and the audit entries are those of the agency's own path
(ges.assessments.actions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ges.assessments import scores
from ges.assessments.actions import (
    audit_diff,
    is_reopened,
    local_today,
    named,
    snapshot,
    update_self_score,
)
from ges.assessments.errors import AssessmentError
from ges.assessments.models import IndicatorResult, ItemResult, SubmissionStatus
from ges.assessments.values import Item, ParsedValue, fits, value_from
from ges.audit.log import Actor, entry_values
from ges.audit.models import AuditEntry
from ges.frameworks.models import Round
from ges.indicators.models import AgencyValue, EvaluationItem, Indicator
from ges.lib.rows import insert_values, update_rows, update_values
from ges.orgs.access import has_perm
from ges.orgs.models import Organization
from ges.orgs.permissions import Perm


def set_item_values(
    actor: Actor, result: IndicatorResult, values: Mapping[int, ParsedValue]
) -> IndicatorResult:
    """Item results supplied by the indicator owner (already parsed), for one agency."""
    set_many_item_values(actor, [(result, values)])
    return IndicatorResult.objects.get(pk=result.pk)


def set_many_item_values(
    actor: Actor, changes: Sequence[tuple[IndicatorResult | int, Mapping[int, ParsedValue]]]
) -> int:
    """The owner upload's bulk path: item results of many agencies' results (or their pks) of
    standard indicators the actor's organisation owns, in one transaction, each result audited
    and its self-score recomputed, then each round's scores once. All or nothing; returns the
    number of results changed. Reads and writes in a fixed number of queries."""
    if not changes:
        return 0
    pairs = [(_pk_of(result), values) for result, values in changes]
    with transaction.atomic():
        locked = _lock_many([pk for pk, _values in pairs])
        all_items = _items_by_indicator({row.indicator_id for row in locked.values()})
        errors = _refusals(actor, pairs, locked, all_items)
        if errors:
            raise AssessmentError(" ".join(dict.fromkeys(errors)))
        stored = _stored_items(list(locked))
        known = _known_values({row.submission.organization_id for row in locked.values()})
        writes = _Writes()
        for pk, values in pairs:
            row = locked[pk]
            agency = (row.submission.round.framework_id, row.submission.organization_id)
            _change_items(actor, row, values, all_items, stored, known.get(agency, {}), writes)
        writes.save()
        by_round: dict[int, tuple[Round, dict[int, Organization]]] = {}
        for row in writes.touched:
            round = row.submission.round
            agencies = by_round.setdefault(round.pk, (round, {}))[1]
            agencies[row.submission.organization_id] = row.submission.organization
        for round, agencies in by_round.values():
            scores.recompute(round, agencies.values())
    return len(writes.touched)


def _pk_of(result: IndicatorResult | int) -> int:
    return result if isinstance(result, int) else result.pk


def _lock_many(pks: list[int]) -> dict[int, IndicatorResult]:
    """Lock the results, with their submission, round, framework, agency, indicator and its
    owner (or its standard's) attached: a few queries, one object per distinct row."""
    rows = list(
        IndicatorResult.objects.select_for_update(of=("self",))
        .select_related("submission", "indicator")
        .filter(pk__in=pks)
    )
    submissions = [row.submission for row in rows]
    indicators = [row.indicator for row in rows]
    rounds = Round.objects.select_related("framework").in_bulk({s.round_id for s in submissions})
    agencies = Organization.objects.in_bulk({s.organization_id for s in submissions})
    standards = Indicator.objects.select_related("owner").in_bulk(
        {i.standard_id for i in indicators if i.standard_id is not None}
    )
    owners = Organization.objects.in_bulk({i.owner_id for i in indicators if i.owner_id})
    for submission in submissions:
        submission.round = rounds[submission.round_id]
        submission.organization = agencies[submission.organization_id]
    for indicator in indicators:
        if indicator.standard_id is not None:
            indicator.standard = standards[indicator.standard_id]
        if indicator.owner_id is not None:
            indicator.owner = owners[indicator.owner_id]
    return {row.pk: row for row in rows}


def _items_by_indicator(indicator_ids: set[int]) -> dict[int, list[Item]]:
    found: dict[int, list[Item]] = {}
    items = EvaluationItem.objects.filter(indicator_id__in=indicator_ids).order_by("order", "pk")
    for pk, indicator_id, kind, unit in items.values_list("pk", "indicator_id", "kind", "unit"):
        found.setdefault(indicator_id, []).append(Item(pk, kind, unit))
    return found


def _refusals(
    actor: Actor,
    changes: Sequence[tuple[int, Mapping[int, ParsedValue]]],
    locked: Mapping[int, IndicatorResult],
    all_items: Mapping[int, list[Item]],
) -> list[str]:
    today = local_today()
    supplies: dict[int | None, bool] = {}  # owner pk -> whether the actor supplies its results
    kinds_of = {pk: {i.pk: i.kind for i in items} for pk, items in all_items.items()}
    errors: list[str] = []
    for pk, values in changes:
        row = locked[pk]
        owner = row.indicator.owner or (
            row.indicator.standard.owner if row.indicator.standard else None
        )
        key = owner.pk if owner is not None else None
        if key not in supplies:
            supplies[key] = actor.user is None or (
                owner is not None and has_perm(actor.user, Perm.RESULTS_UPLOAD, owner)
            )
        if not supplies[key]:
            errors.append(_("You do not supply the results of indicator %(number)s.") % named(row))
            continue
        round = row.submission.round
        if round.is_closed or row.submission.status == SubmissionStatus.FINAL:
            errors.append(_("%(agency)s: the evaluation of this round is closed.") % named(row))
        elif today > round.last_day and not is_reopened(row, today):
            errors.append(_("%(agency)s: the round is past its last day.") % named(row))
        kinds = kinds_of.get(row.indicator_id, {})
        if set(values) - set(kinds):
            errors.append(
                _("%(agency)s: an item is not part of indicator %(number)s.") % named(row)
            )
        elif any(not fits(kinds[pk], value) for pk, value in values.items()):
            errors.append(
                _("%(agency)s: a result of indicator %(number)s is of the wrong kind.") % named(row)
            )
    return errors


@dataclass
class _Stored:
    """The stored item results of the results being changed."""

    values: dict[int, dict[int, ParsedValue]]  # result pk -> item pk -> value
    pks: dict[tuple[int, int], int]  # (result pk, item pk) -> ItemResult pk


def _stored_items(result_ids: list[int]) -> _Stored:
    stored = _Stored({pk: {} for pk in result_ids}, {})
    rows = (
        ItemResult.objects.filter(result_id__in=result_ids)
        .order_by()
        .values_list("pk", "result_id", "item_id", "passed", "value", "text")
    )
    for pk, result_id, item_id, passed, value, text in rows:
        stored.values[result_id][item_id] = value_from(passed, value, text)
        stored.pks[(result_id, item_id)] = pk
    return stored


def _known_values(organization_ids: set[int]) -> dict[tuple[int, int], dict[str, Decimal]]:
    """The agencies' values by (framework pk, organisation pk)."""
    known: dict[tuple[int, int], dict[str, Decimal]] = {}
    rows = AgencyValue.objects.filter(organization_id__in=organization_ids).values_list(
        "framework_id", "organization_id", "name", "value"
    )
    for framework_id, organization_id, name, value in rows:
        known.setdefault((framework_id, organization_id), {})[name] = value
    return known


@dataclass
class _Writes:
    """What the bulk path writes, gathered first (as plain values, cheaper than model objects
    for many rows) and written in a few statements."""

    new_items: list[dict[str, Any]] = field(default_factory=list)
    changed_items: list[dict[str, Any]] = field(default_factory=list)
    touched: list[IndicatorResult] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)

    def save(self) -> None:
        insert_values(ItemResult, self.new_items)
        now = timezone.now()
        for item_row in self.changed_items:
            item_row["updated_at"] = now
        for row in self.touched:
            row.updated_at = now
        update_values(ItemResult, self.changed_items)
        update_rows(
            self.touched,
            ["self_result", "self_score", "self_explanation", "sequence", "updated_at"],
        )
        insert_values(AuditEntry, self.entries)


def _change_items(
    actor: Actor,
    row: IndicatorResult,
    values: Mapping[int, ParsedValue],
    all_items: Mapping[int, list[Item]],
    stored: _Stored,
    known: Mapping[str, Decimal],
    writes: _Writes,
) -> None:
    """One result's item values, its self-score and its audit entry (nothing written yet)."""
    current = stored.values[row.pk]
    merged = current | dict(values)
    if merged == current:
        return
    before = snapshot(row, current)
    user_id = actor.user.pk if actor.user is not None else None
    for pk, value in values.items():
        item_pk = stored.pks.get((row.pk, pk))
        item_row = {
            "passed": value if isinstance(value, bool) else None,
            "value": value if isinstance(value, Decimal) else None,
            "text": value if isinstance(value, str) else "",
            "updated_by_id": user_id,
        }
        if item_pk:
            writes.changed_items.append(item_row | {"pk": item_pk})
        else:
            writes.new_items.append(item_row | {"result_id": row.pk, "item_id": pk})
    update_self_score(row, all_items.get(row.indicator_id, []), merged, known)
    row.sequence += 1
    writes.touched.append(row)
    was, now = audit_diff(before, snapshot(row, merged))
    writes.entries.append(
        entry_values(actor, "assessments.result.values", row, before=was, after=now)
    )
