"""Indicator owners supply one standard indicator's results for many agencies at once.

The owner downloads an Excel template (one row per agency that has the indicator, one column
per evaluation item, prefilled with what is already reported), fills it in and uploads it as
.xlsx or .csv. The upload is kept as a ResultUpload and checked row by row against the results
as they are; nothing changes until every row is right and the owner applies it. Applying checks
again and writes everything in one transaction through
`ges.assessments.owner.set_many_item_values` (each agency's result audited with before and
after, self-scores and agency scores recomputed), after opening the submissions and results the
agencies lack in bulk (as `actions.open_submission` would).

An item column's header starts with its key, the item's position in the indicator ("[2] ...");
the rest of the header is for people and may be reworded. An empty cell leaves the result as
it is. Checking reads everything it needs in a handful of queries, whatever the number of rows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from ges.assessments import owner
from ges.assessments.errors import AssessmentError
from ges.assessments.models import (
    IndicatorResult,
    ItemResult,
    ResultUpload,
    Submission,
    SubmissionStatus,
    UploadStatus,
)
from ges.assessments.upload_file import (
    CODE,
    NAME,
    Column,
    Table,
    columns_of,
    template_cell,
)
from ges.assessments.values import Item, ParsedValue, parse_item_value, value_from
from ges.audit.log import Actor, entry_values, record
from ges.audit.models import AuditEntry
from ges.frameworks.models import Round
from ges.indicators.models import EvaluationItem, Indicator
from ges.lib import tabular
from ges.lib.rows import insert_values
from ges.lib.thaidate import format_thai_date
from ges.orgs.access import Person, scope_paths
from ges.orgs.models import Organization
from ges.orgs.permissions import Perm

BATCH = 2000


class UploadAlreadyApplied(RuntimeError):
    """The upload was applied before; an upload is applied once."""


# Who may upload what -------------------------------------------------------------------------


def uploadable_indicators(user: Person) -> QuerySet[Indicator]:
    """Standard indicators with evaluation items whose owner is in the user's upload scope."""
    found = Indicator.objects.standard().filter(owner__isnull=False, items__isnull=False)
    paths = scope_paths(user, Perm.RESULTS_UPLOAD)
    if paths is not None:
        if not paths:
            return found.none()
        found = found.filter(reduce(or_, (Q(owner__path__startswith=path) for path in paths)))
    return found.distinct()


def _require_uploader(user: Person) -> None:
    if not user.is_authenticated or scope_paths(user, Perm.RESULTS_UPLOAD) == []:
        raise PermissionDenied


def get_round_for_upload(user: Person, pk: int) -> Round:
    """A round whose results the user may supply: 403 without the right to upload anywhere."""
    _require_uploader(user)
    round = Round.objects.select_related("framework__fiscal_year").filter(pk=pk).first()
    if round is None:
        raise Http404
    return round


def get_indicator_for_upload(user: Person, round_pk: int, pk: int) -> tuple[Round, Indicator]:
    """A round and one of its framework's standard indicators the user supplies: 403 without
    the right to upload anywhere, 404 for other owners' indicators or an unknown pair."""
    round = get_round_for_upload(user, round_pk)
    indicator = (
        uploadable_indicators(user)
        .filter(pk=pk, framework_id=round.framework_id)
        .select_related("owner")
        .first()
    )
    if indicator is None:
        raise Http404
    return round, indicator


def get_upload_for_user(user: Person, pk: int) -> ResultUpload:
    _require_uploader(user)
    upload = (
        ResultUpload.objects.filter(pk=pk, indicator__in=uploadable_indicators(user))
        .select_related(
            "round__framework__fiscal_year", "indicator__owner", "uploaded_by", "applied_by"
        )
        .first()
    )
    if upload is None:
        raise Http404
    return upload


def visible_uploads(user: Person) -> QuerySet[ResultUpload]:
    return ResultUpload.objects.filter(indicator__in=uploadable_indicators(user)).select_related(
        "round__framework", "indicator", "uploaded_by"
    )


# The agencies that have the indicator -----------------------------------------------------------


@dataclass
class Target:
    """An agency's copy of the standard indicator, with its items by key and its result."""

    organization_id: int
    code: str
    name: str
    indicator_id: int
    items: dict[int, Item] = field(default_factory=dict)
    result_id: int | None = None
    submission_status: str = ""
    reopened_until: Any = None
    current: dict[int, ParsedValue] = field(default_factory=dict)  # by item pk


def targets_of(round: Round, indicator: Indicator) -> dict[str, Target]:
    """Every agency with a copy of `indicator` in the round's framework, by agency code (five
    queries, and one more per 2,000 agencies with results)."""
    copies = _copies(round, indicator).order_by("organization__path", "pk")
    targets: dict[str, Target] = {}
    by_indicator: dict[int, Target] = {}
    for pk, org_id, code, name in copies.values_list(
        "pk", "organization_id", "organization__code", "organization__name_th"
    ):
        if code not in targets:
            targets[code] = by_indicator[pk] = Target(org_id, code, name, pk)
    items = EvaluationItem.objects.filter(indicator_id__in=_copy_ids(round, indicator)).order_by(
        "indicator_id", "order", "pk"
    )
    for pk, indicator_id, kind, unit in items.values_list("pk", "indicator_id", "kind", "unit"):
        target = by_indicator.get(indicator_id)
        if target is not None:
            target.items[len(target.items) + 1] = Item(pk, kind, unit)
    # Joins, not `IN (subquery)`: SQLite plans the subquery form badly (quadratic time).
    results = (
        IndicatorResult.objects.filter(
            submission__round=round,
            indicator__standard=indicator,
            indicator__framework_id=round.framework_id,
            indicator__organization__isnull=False,
        )
        .order_by()
        .values_list("pk", "indicator_id", "submission__status", "reopened_until")
    )
    by_result: dict[int, Target] = {}
    for pk, indicator_id, status, reopened_until in results:
        target = by_indicator.get(indicator_id)
        if target is not None:
            target.result_id, target.submission_status = pk, status
            target.reopened_until = reopened_until
            by_result[pk] = target
    # A submission opened before the agency adopted the indicator has no result for it yet;
    # its status still decides whether values may change.
    by_org = {target.organization_id: target for target in by_indicator.values()}
    submissions = (
        Submission.objects.filter(
            round=round,
            organization_id__in=_copies(round, indicator).values("organization_id"),
        )
        .order_by()
        .values_list("organization_id", "status")
    )
    for org_id, status in submissions:
        target = by_org.get(org_id)
        if target is not None:
            target.submission_status = status
    result_ids = list(by_result)
    for start in range(0, len(result_ids), BATCH):
        stored = (
            ItemResult.objects.filter(result_id__in=result_ids[start : start + BATCH])
            .order_by()
            .values_list("result_id", "item_id", "passed", "value", "text")
        )
        for result_id, item_id, passed, value, text in stored:
            by_result[result_id].current[item_id] = value_from(passed, value, text)
    return targets


def _copies(round: Round, indicator: Indicator) -> QuerySet[Indicator]:
    return Indicator.objects.filter(
        standard=indicator, framework_id=round.framework_id, organization__isnull=False
    ).order_by()


def _copy_ids(round: Round, indicator: Indicator) -> QuerySet[Indicator, int]:
    return _copies(round, indicator).values_list("pk", flat=True)


# The template --------------------------------------------------------------------------------


def template_file(round: Round, indicator: Indicator) -> bytes:
    """The Excel template: one row per agency with the indicator, prefilled."""
    columns = columns_of(indicator)
    header = [CODE, NAME, *(column.header for column in columns)]
    rows = []
    for target in targets_of(round, indicator).values():
        values = [
            template_cell(target.current.get(target.items[c.key].pk))
            if c.key in target.items
            else ""
            for c in columns
        ]
        rows.append([target.code, target.name, *values])
    return tabular.write_xlsx(header, rows, title=f"{indicator.number}")


def template_filename(round: Round, indicator: Indicator) -> str:
    number = re.sub(r"[^0-9A-Za-z.]+", "-", indicator.number).strip("-") or str(indicator.pk)
    return f"ges-results-{number}-round-{round.pk}.xlsx"


def start_upload(
    actor: Actor, round: Round, indicator: Indicator, filename: str, table: Table
) -> ResultUpload:
    """Keep an uploaded file for its preview; no result changes."""
    with transaction.atomic():
        upload = ResultUpload.objects.create(
            round=round,
            indicator=indicator,
            uploaded_by=actor.user,
            filename=filename[:255],
            keys=table.keys,
            rows=table.rows,
        )
        record(
            actor,
            "assessments.upload.checked",
            upload,
            after={
                "filename": upload.filename,
                "round": round.pk,
                "indicator": indicator.number,
                "rows": len(table.rows),
            },
        )
    return upload


# Checking the rows ---------------------------------------------------------------------------


@dataclass
class RowPlan:
    """One row of the file: what it says, what applying it would change, what is wrong."""

    number: int
    code: str
    texts: list[str]  # the cells of the item columns, in key order
    name: str = ""
    target: Target | None = None
    values: dict[int, ParsedValue] = field(default_factory=dict)  # item pk -> value to write
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        if self.errors:
            return "error"
        if self.new or self.changed:
            return "change"
        return "unchanged"


@dataclass
class UploadPlan:
    columns: list[Column]
    rows: list[RowPlan]
    problems: list[str] = field(default_factory=list)  # about the whole upload

    @property
    def error_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.problems) or any(row.errors for row in self.rows)

    @property
    def changing(self) -> list[RowPlan]:
        return [row for row in self.rows if row.values and not row.errors]

    def counts(self) -> dict[str, int]:
        good = [row for row in self.rows if not row.errors]
        return {
            "rows": len(self.rows),
            "agencies": sum(1 for row in good if row.new or row.changed),
            "new": sum(row.new for row in good),
            "changed": sum(row.changed for row in good),
            "unchanged": sum(row.unchanged for row in good),
            "errors": len(self.error_rows),
        }


def plan_upload(upload: ResultUpload) -> UploadPlan:
    """Check every row against the agencies and their results as they are now."""
    round, indicator = upload.round, upload.indicator
    columns = columns_of(indicator)
    by_key = {column.key: column for column in columns}
    keys = [int(key) for key in upload.keys]
    plan = UploadPlan(
        columns=[by_key[key] for key in keys if key in by_key],
        rows=[
            RowPlan(
                number=int(row["number"]),
                code=str(row["code"]),
                texts=[str(row["values"].get(str(key), "")) for key in keys],
            )
            for row in upload.rows
        ],
    )
    if round.is_closed:
        plan.problems.append(_("The evaluation of this round is closed; results are final."))
    changed_columns = [key for key in keys if key not in by_key] or (
        [column.key for column in columns if column.key not in keys]
    )
    if changed_columns:
        plan.problems.append(
            _(
                "The evaluation items of this indicator changed since the upload. Download the "
                "template again."
            )
        )
        return plan
    targets = targets_of(round, indicator)
    others = _other_agencies({row.code for row in plan.rows if row.code not in targets})
    today = timezone.localdate()
    for row in plan.rows:
        _check_row(row, targets.get(row.code), others, plan.columns, indicator, round, today)
    rows_of: dict[str, list[RowPlan]] = defaultdict(list)
    for row in plan.rows:
        if row.code:
            rows_of[row.code].append(row)
    for code, same in rows_of.items():
        if len(same) > 1:
            numbers = ", ".join(str(row.number) for row in same)
            for row in same:
                row.errors.append(
                    _("The agency %(code)s appears on more than one row: rows %(rows)s.")
                    % {"code": code, "rows": numbers}
                )
    return plan


def _other_agencies(codes: set[str]) -> dict[str, str]:
    """Agencies in GES without the indicator, by code (their names)."""
    if not codes:
        return {}
    found: dict[str, str] = {}
    wanted = sorted(codes)
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        found.update(Organization.objects.filter(code__in=chunk).values_list("code", "name_th"))
    return found


def _check_row(
    row: RowPlan,
    target: Target | None,
    others: dict[str, str],
    columns: list[Column],
    indicator: Indicator,
    round: Round,
    today: Any,
) -> None:
    if not row.code:
        row.errors.append(_("The agency code is empty."))
        return
    if target is None:
        if row.code in others:
            row.name = others[row.code]
            row.errors.append(
                _("%(agency)s does not have indicator %(number)s in this framework.")
                % {"agency": row.name, "number": indicator.number}
            )
        else:
            row.errors.append(_("No agency in GES has the code %(code)s.") % {"code": row.code})
        return
    row.name, row.target = target.name, target
    if target.submission_status == SubmissionStatus.FINAL:
        row.errors.append(_("The results of this agency are final; they cannot change."))
        return
    supplied = False
    for column, text in zip(columns, row.texts, strict=True):
        if not text.strip():
            continue
        item = target.items.get(column.key)
        if item is None:
            row.errors.append(
                _("%(column)s: this agency's indicator has no such evaluation item.")
                % {"column": column.label}
            )
            continue
        try:
            value = parse_item_value(item, text)
        except AssessmentError as error:
            row.errors.append(
                _("%(column)s: “%(value)s” — %(message)s")
                % {"column": column.label, "value": text, "message": error.message}
            )
            continue
        supplied = True
        current = target.current.get(item.pk)
        if current is None:
            row.new += 1
        elif current == value and type(current) is type(value):
            row.unchanged += 1
            continue
        else:
            row.changed += 1
        row.values[item.pk] = value
    if (
        supplied
        and row.values
        and today > round.last_day
        and not (target.reopened_until is not None and target.reopened_until >= today)
    ):
        # The results of a round past its last day change only where an evaluator reopened
        # the indicator (ges.assessments.owner.set_many_item_values refuses the others).
        row.errors.append(
            _("The round ended on %(day)s and this agency's indicator is not reopened.")
            % {"day": format_thai_date(round.last_day)}
        )


def review(upload: ResultUpload) -> UploadPlan:
    """What the upload would do now, or, once applied, what it did."""
    plan = plan_upload(upload)
    if upload.is_applied:
        plan.problems = []
        for row in plan.rows:
            row.errors, row.values = [], {}
    return plan


# Applying ------------------------------------------------------------------------------------


def apply_upload(actor: Actor, upload_pk: int) -> UploadPlan:
    """Check the rows again and write them in one transaction; with any error, nothing."""
    with transaction.atomic():
        upload = (
            ResultUpload.objects.select_for_update(of=("self",))
            .select_related("round__framework", "indicator")
            .get(pk=upload_pk)
        )
        if upload.status != UploadStatus.PREVIEWED:
            raise UploadAlreadyApplied(upload.pk)
        plan = plan_upload(upload)
        if plan.has_errors:
            return plan
        rows = plan.changing
        results = open_results(actor, upload.round, [row.target for row in rows if row.target])
        changes = [
            (results[row.target.indicator_id], row.values) for row in rows if row.target is not None
        ]
        try:
            owner.set_many_item_values(actor, changes)
        except AssessmentError as error:
            transaction.set_rollback(True)
            plan.problems.append(error.message)
            return plan
        counts = plan.counts()
        upload.status = UploadStatus.APPLIED
        upload.applied_by = actor.user
        upload.applied_at = timezone.now()
        upload.summary = counts
        upload.save(update_fields=["status", "applied_by", "applied_at", "summary"])
        record(
            actor,
            "assessments.upload.applied",
            upload,
            after={
                "filename": upload.filename,
                "round": upload.round_id,
                "indicator": upload.indicator.number,
                **counts,
            },
        )
    return plan


def open_results(actor: Actor, round: Round, targets: list[Target]) -> dict[int, int]:
    """The pks of the results of the targets' copies of the uploaded indicator in the round,
    by indicator pk: the bulk equivalent of `actions.open_submission` for agencies that lack
    them. A new submission gets a result for every indicator the agency reports on; an
    existing one gets the missing result of this indicator (opening the submission adds any
    others later)."""
    lacking = [target for target in targets if target.result_id is None]
    if lacking:
        _open_lacking(actor, round, lacking)
    # The plan knows the results that existed; the others are read back after the inserts.
    found = {
        target.indicator_id: target.result_id for target in targets if target.result_id is not None
    }
    missing = {target.indicator_id for target in targets} - set(found)
    if missing:
        # By indicator, the round checked here: SQLite plans the filter on both badly.
        added = (
            IndicatorResult.objects.filter(indicator_id__in=missing)
            .order_by()
            .values_list("pk", "indicator_id", "submission__round_id")
        )
        found.update(
            (indicator_id, pk) for pk, indicator_id, round_id in added if round_id == round.pk
        )
    return found


def _open_lacking(actor: Actor, round: Round, lacking: list[Target]) -> None:
    """Open the submissions and results `lacking` needs, with the audit entries of the new
    submissions (rows inserted in bulk as plain values, their keys read back)."""
    submissions = _submission_ids(round)
    new = [t.organization_id for t in lacking if t.organization_id not in submissions]
    insert_values(Submission, [{"round_id": round.pk, "organization_id": pk} for pk in new])
    opened = _submission_ids(round) if new else submissions
    wanted: list[dict[str, int]] = []
    for org_id, indicator_ids in _scored_indicators(round, set(new)).items():
        wanted.extend({"submission_id": opened[org_id], "indicator_id": pk} for pk in indicator_ids)
    wanted.extend(
        {"submission_id": submissions[t.organization_id], "indicator_id": t.indicator_id}
        for t in lacking
        if t.organization_id in submissions
    )
    insert_values(IndicatorResult, wanted)
    names = {t.organization_id: t.name for t in lacking}
    insert_values(
        AuditEntry,
        [
            entry_values(
                actor,
                "assessments.submission.open",
                Submission(pk=opened[pk], round=round),
                after={"opened_by": "results upload"},
                shown=f"{names[pk]} · {round}",  # as str(Submission), without a query per row
            )
            for pk in new
        ],
    )


def _submission_ids(round: Round) -> dict[int, int]:
    """The round's submissions: organisation pk -> submission pk."""
    return dict(
        Submission.objects.filter(round=round).order_by().values_list("organization_id", "pk")
    )


def _scored_indicators(round: Round, org_ids: set[int]) -> dict[int, list[int]]:
    """The indicators each agency reports on (those without sub-indicators), as
    `actions.scored_indicators` orders them."""
    if not org_ids:
        return {}
    rows = (
        Indicator.objects.filter(framework_id=round.framework_id, organization__isnull=False)
        .order_by("order", "number", "pk")
        .values_list("pk", "organization_id", "parent_id")
    )
    parents = set()
    mine: dict[int, list[int]] = defaultdict(list)
    for pk, org_id, parent_id in rows:
        if parent_id is not None:
            parents.add(parent_id)
        if org_id in org_ids:
            mine[org_id].append(pk)
    return {org_id: [pk for pk in pks if pk not in parents] for org_id, pks in mine.items()}
