"""The file of an owner upload (ges.assessments.uploads): its columns, the cells of its
template, and reading what came back, by content and not by name, into rows by item key, with
one message in Thai for a file that cannot be used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ges.assessments.values import ParsedValue
from ges.indicators.models import EvaluationItem, Indicator, ItemKind
from ges.lib import tabular
from ges.lib.tabular import TableError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
# The agency columns. Headers are read lower-cased; Thai and English names both work.
CODE = "รหัสหน่วยงาน"
NAME = "ชื่อหน่วยงาน"
CODE_HEADERS = frozenset({CODE, "agency_code", "code", "รหัส"})
NAME_HEADERS = frozenset({NAME, "agency_name", "name", "ชื่อ"})
ITEM_HEADER = re.compile(r"^\[\s*(\d+)\s*\]")
PASS_TEXT = "ผ่าน"
FAIL_TEXT = "ไม่ผ่าน"


class UploadFileError(ValueError):
    """The file as a whole cannot be used; the message says why, for the uploader."""


# The columns ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """An evaluation item of the standard indicator, as a column of the file."""

    key: int  # its position in the indicator, from 1
    text: str
    kind: str
    unit: str

    @property
    def header(self) -> str:
        return f"[{self.key}] {self.text} ({self.hint})"

    @property
    def hint(self) -> str:
        if self.kind == ItemKind.PASS_FAIL:
            return f"{PASS_TEXT}/{FAIL_TEXT}"
        if self.kind == ItemKind.NUMBER:
            return self.unit or str(ItemKind.NUMBER.label)
        return str(ItemKind.TEXT.label)

    @property
    def label(self) -> str:
        text = self.text if len(self.text) <= 60 else self.text[:59] + "…"
        return f"[{self.key}] {text}"


def columns_of(indicator: Indicator) -> list[Column]:
    items = EvaluationItem.objects.filter(indicator=indicator).order_by("order", "pk")
    return [Column(key, item.text, item.kind, item.unit) for key, item in enumerate(items, start=1)]


def cell_text(value: ParsedValue) -> str:
    """A stored value as the owner would type it."""
    if value is True:
        return PASS_TEXT
    if value is False:
        return FAIL_TEXT
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    return value or ""


def template_cell(value: ParsedValue) -> object:
    """A stored value for the Excel template: numbers stay numbers."""
    if isinstance(value, Decimal) and not isinstance(value, bool):
        normal = value.normalize()
        return int(normal) if normal == normal.to_integral_value() else float(normal)
    return cell_text(value)


# Reading the file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    keys: list[int]
    rows: list[dict[str, Any]]  # {"number": n, "code": ..., "values": {key: text}}


def read_upload_file(data: bytes, filename: str, columns: list[Column]) -> Table:
    """The rows of an uploaded file by item key; UploadFileError if the file is unusable.
    The kind of file is read from its content; `filename` is what the uploader called it."""
    if len(data) > MAX_FILE_BYTES:
        raise UploadFileError(too_large_message())
    try:
        header, rows = tabular.read_table(*_as_table_file(data))
    except TableError as error:
        raise UploadFileError(_table_error_message(error)) from None
    code_column = ""
    item_columns: dict[int, str] = {}
    known = {column.key for column in columns}
    for name in header:
        if name in CODE_HEADERS:
            if code_column:
                raise UploadFileError(_("The agency code column appears more than once."))
            code_column = name
            continue
        match = ITEM_HEADER.match(name)
        if match is None:
            continue  # the agency's name and any notes are read by people only
        key = int(match.group(1))
        if key not in known:
            raise UploadFileError(
                _("The column “%(column)s” is not an evaluation item of this indicator.")
                % {"column": name}
            )
        if key in item_columns:
            raise UploadFileError(
                _("The column of item [%(key)s] appears more than once.") % {"key": key}
            )
        item_columns[key] = name
    missing = [f"“{CODE}”"] if not code_column else []
    missing += [f"“{column.label}”" for column in columns if column.key not in item_columns]
    if missing:
        raise UploadFileError(
            _(
                "The first row must name the columns of the template. These are missing: "
                "%(columns)s. Download the template to see every column."
            )
            % {"columns": ", ".join(missing)}
        )
    if not rows:
        raise UploadFileError(_("The file has the column names but no agencies below them."))
    if len(rows) > MAX_ROWS:
        raise UploadFileError(
            _("The file has %(count)s rows; at most %(limit)s can be uploaded at once.")
            % {"count": f"{len(rows):,}", "limit": f"{MAX_ROWS:,}"}
        )
    keys = sorted(item_columns)
    return Table(
        keys=keys,
        rows=[
            {
                "number": row.number,
                "code": row.values.get(code_column, ""),
                "values": {str(key): row.values.get(item_columns[key], "") for key in keys},
            }
            for row in rows
        ],
    )


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003 (.xls) and other Office files
THAI_LETTERS = re.compile("[\u0e01-\u0e5b]")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # never in a text file


def _as_table_file(data: bytes) -> tuple[bytes, str]:
    """The file as `tabular.read_table` takes it, judged by its content and not by its name
    (a workbook renamed .csv is still a workbook). CSV files saved by Thai Windows Excel as
    “CSV (Comma delimited)” are in TIS-620 (Windows code page 874): they are recoded to UTF-8
    when they decode as such and hold Thai letters, as the template's own header does."""
    if data.startswith(ZIP_MAGIC):
        return data, "upload.xlsx"
    if data.startswith(OLE_MAGIC):
        raise TableError("xls")
    if CONTROL_BYTES.search(data[:8192]):
        raise TableError("format")  # UTF-16 text, a PDF, a picture, ...
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp874")
        except UnicodeDecodeError:
            text = ""
        if THAI_LETTERS.search(text):
            return text.encode("utf-8"), "upload.csv"
    return data, "upload.csv"


def too_large_message() -> str:
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
    if error.code == "xls":
        return _(
            "This is an Excel 97-2003 workbook (.xls). Open it in Excel, save it as "
            "“Excel Workbook (.xlsx)” and upload that file."
        )
    if error.code == "empty":
        return _("The file is empty. Download the template and fill it in.")
    return _(
        "GES cannot read this file. Upload an Excel workbook (.xlsx) or a CSV file; "
        "save older Excel files (.xls) as .xlsx first."
    )


class ResultFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Results file"),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, columns: list[Column], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "The template filled in, as an Excel workbook (.xlsx) or a CSV file saved as UTF-8; "
            "at most %(size)s MB and %(rows)s agencies."
        ) % {"size": MAX_FILE_BYTES // (1024 * 1024), "rows": f"{MAX_ROWS:,}"}
        self.columns = columns
        self.table: Table | None = None

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(too_large_message())
        try:
            self.table = read_upload_file(upload.read(), upload.name or "", self.columns)
        except UploadFileError as error:
            raise forms.ValidationError(str(error)) from None
        return upload
