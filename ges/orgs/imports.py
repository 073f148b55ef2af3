"""Importing the organisation list from Excel or CSV: read the file, check every row, apply.

Checking happens in memory against one read of every organisation, so a file of 9,000 rows
costs the same few queries as a file of ten. The upload is kept as an OrganizationImport;
nothing changes until its rows have no error and an admin applies it, and applying checks the
rows again against the organisations as they are then, all in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ges.audit.log import Actor, record
from ges.lib import tabular
from ges.lib.tabular import Row, TableError
from ges.orgs import actions, exports
from ges.orgs.models import ImportStatus, Organization, OrganizationImport, OrganizationKind

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

COLUMNS: list[str] = exports.COLUMNS
REQUIRED_COLUMNS = ("code", "parent_code", "kind", "name_th")
REQUIRED_VALUES = ("code", "kind", "name_th")
TEXT_FIELDS = ("name_th", "name_en", "short_name")
# Columns left out of a file keep the organisation's current value (or this, for a new one).
DEFAULTS: dict[str, Any] = {"name_en": "", "short_name": "", "is_active": True}

THAI_HEADERS = {
    "รหัส": "code",
    "รหัสหน่วยงานแม่": "parent_code",
    "ประเภท": "kind",
    "ชื่อภาษาไทย": "name_th",
    "ชื่อภาษาอังกฤษ": "name_en",
    "ชื่อย่อ": "short_name",
    "ใช้งาน": "is_active",
}
HEADER_ALIASES = {name: name for name in COLUMNS} | THAI_HEADERS

K = OrganizationKind
# Thai names of the kinds as people write them, whatever the translation catalog says.
THAI_KINDS: dict[str, str] = {
    "กระทรวง": K.MINISTRY,
    "กรม": K.DEPARTMENT,
    "กลุ่มจังหวัด": K.PROVINCE_GROUP,
    "จังหวัด": K.PROVINCE,
    "หน่วยรับงบประมาณ": K.BUDGET_UNIT,
    "องค์กรปกครองส่วนท้องถิ่น": K.LOCAL_GOVERNMENT,
    "อปท.": K.LOCAL_GOVERNMENT,
    "องค์การมหาชน": K.PUBLIC_ORGANIZATION,
    "หน่วยงานภายใน": K.DIVISION,
    "ส่วนราชการภายใน": K.DIVISION,
}
TRUE_WORDS = frozenset({"", "1", "true", "yes", "y", "ใช่", "ใช้งาน"})
FALSE_WORDS = frozenset({"0", "false", "no", "n", "ไม่ใช่", "ไม่ใช้งาน"})

COLUMN_LABELS: dict[str, str | Promise] = {
    "code": gettext_lazy("Code"),
    "parent_code": gettext_lazy("Parent organisation (code)"),
    "kind": gettext_lazy("Kind"),
    "name_th": gettext_lazy("Name (Thai)"),
    "name_en": gettext_lazy("Name (English)"),
    "short_name": gettext_lazy("Short name"),
    "is_active": gettext_lazy("Active"),
}

TEMPLATE_EXAMPLE = [
    "MOF-NEW",
    "MOF",
    K.DEPARTMENT.value,
    "กรมตัวอย่าง",
    "Example Department",
    "กตย.",
    "1",
]


class ImportFileError(ValueError):
    """The file as a whole cannot be imported; the message says why, for the uploader."""


class ImportAlreadyApplied(RuntimeError):
    """The import was applied before; an import is applied once."""


class RowAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


ACTION_LABELS: dict[RowAction, str | Promise] = {
    RowAction.CREATE: gettext_lazy("Add"),
    RowAction.UPDATE: gettext_lazy("Update"),
    RowAction.UNCHANGED: gettext_lazy("No change"),
}
DONE_LABELS: dict[RowAction, str | Promise] = {
    RowAction.CREATE: gettext_lazy("Added"),
    RowAction.UPDATE: gettext_lazy("Updated"),
    RowAction.UNCHANGED: gettext_lazy("No change"),
}


@dataclass(frozen=True)
class Table:
    """An organisation file as read: the known columns it has and its rows, keyed by column."""

    columns: list[str]
    rows: list[Row]


@dataclass
class RowPlan:
    """One row of the file: what it says, what importing it would do, what is wrong with it."""

    number: int
    values: dict[str, str]
    target: dict[str, Any] = field(default_factory=dict)  # kind, names, is_active to save
    action: RowAction | None = None
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    depth: int = 0  # in the tree as it will be; parents are applied first
    done: bool = False  # the import has been applied: the action happened

    @property
    def code(self) -> str:
        return self.values.get("code", "")

    @property
    def parent_code(self) -> str:
        return self.values.get("parent_code", "")

    @property
    def kind_label(self) -> str:
        kind = self.target.get("kind")
        return str(OrganizationKind(kind).label) if kind else self.values.get("kind", "")

    @property
    def action_label(self) -> str:
        labels = DONE_LABELS if self.done else ACTION_LABELS
        return str(labels[self.action]) if self.action else ""

    @property
    def change_labels(self) -> list[str]:
        return [str(COLUMN_LABELS[name]) for name in self.changes]

    def cells(self, columns: list[str]) -> list[str]:
        """The row as the preview shows it: the file's text, kinds by their name."""
        return [self.kind_label if c == "kind" else self.values.get(c, "") for c in columns]

    def error(self, message: str) -> None:
        self.errors.append(message)


@dataclass
class ImportPlan:
    rows: list[RowPlan]

    @property
    def error_rows(self) -> list[RowPlan]:
        return [row for row in self.rows if row.errors]

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    def count(self, action: RowAction) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)

    def counts(self) -> dict[str, int]:
        return {
            "rows": len(self.rows),
            "created": self.count(RowAction.CREATE),
            "updated": self.count(RowAction.UPDATE),
            "unchanged": self.count(RowAction.UNCHANGED),
            "errors": len(self.error_rows),
        }

    def in_apply_order(self) -> list[RowPlan]:
        """Rows that change something, parents before their children."""
        changing = [row for row in self.rows if row.action in (RowAction.CREATE, RowAction.UPDATE)]
        return sorted(changing, key=lambda row: (row.depth, row.number))


@dataclass(frozen=True)
class Existing:
    pk: int
    parent_code: str
    values: dict[str, Any]


# Reading the file ------------------------------------------------------------------------


def read_organization_file(data: bytes, filename: str) -> Table:
    """The rows of an uploaded file under our column names; ImportFileError if unusable."""
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(_too_large_message())
    try:
        header, rows = tabular.read_table(data, filename)
    except TableError as error:
        raise ImportFileError(_table_error_message(error)) from None
    mapping: dict[str, str] = {}
    for name in header:
        column = HEADER_ALIASES.get(name)
        if column is None:
            continue  # other columns (notes, remarks) are allowed and ignored
        if column in mapping.values():
            raise ImportFileError(
                _("The column %(column)s appears more than once in the first row.")
                % {"column": column}
            )
        mapping[name] = column
    missing = [column for column in REQUIRED_COLUMNS if column not in mapping.values()]
    if missing:
        raise ImportFileError(
            _(
                "The first row must name the columns. These are missing: %(columns)s. "
                "Download the template to see every column."
            )
            % {"columns": ", ".join(missing)}
        )
    if not rows:
        raise ImportFileError(_("The file has the column names but no organisations below them."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has %(count)s rows; at most %(limit)s can be imported at once.")
            % {"count": len(rows), "limit": MAX_ROWS}
        )
    present = set(mapping.values())
    return Table(
        columns=[column for column in COLUMNS if column in present],
        rows=[
            Row(row.number, {mapping[k]: v for k, v in row.values.items() if k in mapping})
            for row in rows
        ],
    )


def _too_large_message() -> str:
    return _("The file is larger than %(size)s MB. Split it into smaller files.") % {
        "size": MAX_FILE_BYTES // (1024 * 1024)
    }


def _table_error_message(error: TableError) -> str:
    if error.code == "encoding":
        return _(
            "Line %(line)s of the file is not in UTF-8, so Thai letters would be garbled. "
            "In Excel choose Save As and the file type “CSV UTF-8 (Comma delimited)”, "
            "or upload the Excel workbook (.xlsx) itself."
        ) % {"line": error.detail}
    if error.code == "empty":
        return _(
            "The file is empty. Its first row must name the columns, and each row below it "
            "describes one organisation."
        )
    return _(
        "GES cannot read this file. Upload an Excel workbook (.xlsx) or a CSV file; "
        "save older Excel files (.xls) as .xlsx first."
    )


def table_of(batch: OrganizationImport) -> Table:
    return Table(
        columns=list(batch.columns),
        rows=[Row(int(row["number"]), dict(row["values"])) for row in batch.rows],
    )


# Checking the rows -----------------------------------------------------------------------


def plan_import(table: Table) -> ImportPlan:
    """Check every row against the file and the organisations in GES (one query)."""
    existing = _existing_organizations()
    kinds = _kind_lookup()
    plans = [_check_values(row, table.columns, existing, kinds) for row in table.rows]
    first = _check_duplicates(plans)
    _check_tree(plans, first, existing)
    for plan in plans:
        if not plan.errors:
            _decide(plan, existing.get(plan.code))
    return ImportPlan(plans)


def _existing_organizations() -> dict[str, Existing]:
    rows = list(
        Organization.objects.values_list(
            "pk", "parent_id", "code", "kind", "name_th", "name_en", "short_name", "is_active"
        )
    )
    code_of = {row[0]: row[2] for row in rows}
    return {
        code: Existing(
            pk=pk,
            parent_code=code_of.get(parent_id, "") if parent_id else "",
            values={
                "kind": kind,
                "name_th": name_th,
                "name_en": name_en,
                "short_name": short_name,
                "is_active": is_active,
            },
        )
        for pk, parent_id, code, kind, name_th, name_en, short_name, is_active in rows
    }


def _kind_lookup() -> dict[str, str]:
    """Every way a file may name a kind (code, Thai or English label), folded, to its code."""
    lookup = {name.casefold(): kind for name, kind in THAI_KINDS.items()}
    for language in ("en", "th"):
        with translation.override(language):
            lookup.update({str(kind.label).casefold(): kind.value for kind in OrganizationKind})
    lookup.update({kind.value: kind.value for kind in OrganizationKind})
    return lookup


@cache
def _max_length(name: str) -> int:
    field = Organization._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


def _check_values(
    row: Row, columns: list[str], existing: dict[str, Existing], kinds: dict[str, str]
) -> RowPlan:
    plan = RowPlan(number=row.number, values={c: row.values.get(c, "") for c in columns})
    current = existing.get(plan.code)
    for name in REQUIRED_VALUES:
        if not plan.values.get(name):
            plan.error(_("%(column)s is required.") % {"column": COLUMN_LABELS[name]})
    for name in ("code", *TEXT_FIELDS):
        value = plan.values.get(name, "")
        if len(value) > _max_length(name):
            plan.error(
                _("%(column)s is too long: %(length)s characters, at most %(limit)s.")
                % {"column": COLUMN_LABELS[name], "length": len(value), "limit": _max_length(name)}
            )
    if plan.code and plan.parent_code == plan.code:
        plan.error(_("An organisation cannot be its own parent."))

    kind_text = plan.values.get("kind", "")
    kind = kinds.get(kind_text.casefold())
    if kind_text and kind is None:
        plan.error(
            _("Unknown kind “%(value)s”. Use one of: %(choices)s.")
            % {
                "value": kind_text,
                "choices": ", ".join(f"{k.value} ({k.label})" for k in OrganizationKind),
            }
        )
    target: dict[str, Any] = {"kind": kind or ""}
    for name in ("name_th", "name_en", "short_name"):
        target[name] = _value_or_current(plan, name, current)
    if "is_active" in plan.values:
        answer = plan.values["is_active"].casefold()
        if answer not in TRUE_WORDS | FALSE_WORDS:
            plan.error(
                _("“%(value)s” is not a yes/no value for %(column)s. Write 1 or 0.")
                % {"value": plan.values["is_active"], "column": COLUMN_LABELS["is_active"]}
            )
        target["is_active"] = answer in TRUE_WORDS
    else:
        target["is_active"] = current.values["is_active"] if current else True
    plan.target = target
    return plan


def _value_or_current(plan: RowPlan, name: str, current: Existing | None) -> Any:
    if name in plan.values:
        return plan.values[name]
    return current.values[name] if current else DEFAULTS.get(name, "")


def _check_duplicates(plans: list[RowPlan]) -> dict[str, RowPlan]:
    """Flag codes given on more than one row; returns the first row of each code."""
    by_code: dict[str, list[RowPlan]] = defaultdict(list)
    for plan in plans:
        if plan.code:
            by_code[plan.code].append(plan)
    for code, group in by_code.items():
        if len(group) > 1:
            numbers = ", ".join(str(plan.number) for plan in group)
            for plan in group:
                plan.error(
                    _("The code %(code)s appears on more than one row: rows %(rows)s.")
                    % {"code": code, "rows": numbers}
                )
    return {code: group[0] for code, group in by_code.items()}


def _check_tree(
    plans: list[RowPlan], first: dict[str, RowPlan], existing: dict[str, Existing]
) -> None:
    """Unknown parents and cycles, in the tree as it would be: GES with the file applied."""
    parent_of = {code: current.parent_code for code, current in existing.items()}
    for code, plan in first.items():
        parent_of[code] = "" if plan.parent_code == code else plan.parent_code
    for plan in plans:
        parent = plan.parent_code
        if parent and parent != plan.code and parent not in parent_of:
            plan.error(
                _("No organisation has the parent code %(code)s, in this file or in GES.")
                % {"code": parent}
            )
    for code, chain in _cycles(parent_of, list(first)).items():
        if code not in first:
            continue  # an organisation in GES on the loop; the rows that close it say so
        first[code].error(
            _("%(code)s would end up under itself: %(chain)s.")
            % {"code": code, "chain": " → ".join(chain)}
        )
    depths = _depths(parent_of, list(first))
    for code, plan in first.items():
        plan.depth = depths.get(code, 0)


def _cycles(parent_of: dict[str, str], starts: list[str]) -> dict[str, list[str]]:
    """For every code on a cycle: the cycle from it back to itself. Each node is walked once."""
    state: dict[str, int] = {}  # 1: on the current walk, 2: walked, no cycle above
    found: dict[str, list[str]] = {}
    for start in starts:
        chain: list[str] = []
        node = start
        while node and node in parent_of and node not in state:
            state[node] = 1
            chain.append(node)
            node = parent_of[node]
        if node and state.get(node) == 1:
            cycle = chain[chain.index(node) :]
            for i, code in enumerate(cycle):
                found[code] = [*cycle[i:], *cycle[:i], code]
        for code in chain:
            state[code] = 2
    return found


def _depths(parent_of: dict[str, str], starts: list[str]) -> dict[str, int]:
    depth: dict[str, int] = {}
    for start in starts:
        chain: list[str] = []
        seen: set[str] = set()
        node = start
        while node and node in parent_of and node not in depth and node not in seen:
            chain.append(node)
            seen.add(node)
            node = parent_of[node]
        base = depth.get(node, -1)
        for offset, code in enumerate(reversed(chain), start=1):
            depth[code] = base + offset
    return depth


def _decide(plan: RowPlan, current: Existing | None) -> None:
    if current is None:
        plan.action = RowAction.CREATE
        return
    plan.changes = [
        name
        for name in ("kind", *TEXT_FIELDS, "is_active")
        if plan.target[name] != current.values[name]
    ]
    if plan.parent_code != current.parent_code:
        plan.changes.insert(0, "parent_code")
    plan.action = RowAction.UPDATE if plan.changes else RowAction.UNCHANGED


# Upload, review and apply ----------------------------------------------------------------


class OrganizationFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Organisation file"),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "An Excel workbook (.xlsx) or a CSV file saved as UTF-8; at most %(size)s MB "
            "and %(rows)s rows."
        ) % {"size": MAX_FILE_BYTES // (1024 * 1024), "rows": f"{MAX_ROWS:,}"}
        self.table: Table | None = None

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_too_large_message())
        try:
            self.table = read_organization_file(upload.read(), upload.name or "")
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def start_import(actor: Actor, filename: str, table: Table) -> OrganizationImport:
    """Keep an uploaded file for its preview; nothing in the tree changes."""
    return OrganizationImport.objects.create(
        uploaded_by=actor.user,
        filename=filename[:255],
        columns=table.columns,
        rows=[{"number": row.number, "values": row.values} for row in table.rows],
    )


def review(batch: OrganizationImport) -> ImportPlan:
    """What the import would do now, or, once applied, what it did."""
    if not batch.is_applied:
        return plan_import(table_of(batch))
    kinds = _kind_lookup()
    done = batch.summary.get("actions", {})
    plans = [_check_values(row, batch.columns, {}, kinds) for row in table_of(batch).rows]
    for plan in plans:
        plan.errors = []
        plan.action = RowAction(done.get(str(plan.number), RowAction.UNCHANGED))
        plan.done = True
    return ImportPlan(plans)


def apply_import(actor: Actor, batch_pk: int) -> ImportPlan:
    """Check the rows again and apply them in one transaction; with any error, change nothing."""
    with transaction.atomic():
        batch = OrganizationImport.objects.select_for_update().get(pk=batch_pk)
        if batch.status != ImportStatus.PREVIEWED:
            raise ImportAlreadyApplied(batch.pk)
        plan = plan_import(table_of(batch))
        if plan.has_errors:
            return plan
        failed = _write(actor, plan)
        if failed is not None:
            # Someone changed the tree between our check and our write: keep nothing.
            transaction.set_rollback(True)
            failed.error(_("The organisations changed while importing. Upload the file again."))
            return plan
        counts = plan.counts()
        batch.status = ImportStatus.APPLIED
        batch.applied_by = actor.user
        batch.applied_at = timezone.now()
        batch.summary = {
            **counts,
            "actions": {str(row.number): str(row.action) for row in plan.rows},
        }
        batch.save(update_fields=["status", "applied_by", "applied_at", "summary"])
        record(
            actor,
            "org.import.applied",
            batch,
            after={"filename": batch.filename, **counts},
        )
    return plan


def _write(actor: Actor, plan: ImportPlan) -> RowPlan | None:
    """Create and update in tree order; returns the row that could not be written, if any."""
    rows = plan.in_apply_order()
    wanted = {row.code for row in rows} | {row.parent_code for row in rows if row.parent_code}
    by_code = Organization.objects.in_bulk(wanted, field_name="code")
    moved = False
    for row in rows:
        try:
            parent = by_code[row.parent_code] if row.parent_code else None
            if parent is not None and moved:
                parent.refresh_from_db(fields=["path", "depth"])  # a move may have shifted it
            if row.action == RowAction.CREATE:
                by_code[row.code] = actions.create_organization(
                    actor, parent, code=row.code, **row.target
                )
            else:
                by_code[row.code] = actions.update_organization(
                    actor, by_code[row.code], parent, **row.target
                )
                moved = moved or "parent_code" in row.changes
        except (actions.TreeError, IntegrityError, KeyError, Organization.DoesNotExist):
            return row
    return None


def template_file() -> bytes:
    """An Excel file with the column names and one example row, to fill in."""
    return tabular.write_xlsx(COLUMNS, [TEMPLATE_EXAMPLE], title="organizations")
