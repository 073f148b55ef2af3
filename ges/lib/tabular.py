"""Reading and writing simple tables (CSV in UTF-8, Excel .xlsx). Knows nothing of GES."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class TableError(ValueError):
    """The file cannot be read as a table at all."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code, detail)
        self.code = code  # "encoding", "format", "empty"
        self.detail = detail


@dataclass(frozen=True)
class Row:
    number: int  # line or row number in the file, counting the header as 1
    values: dict[str, str]


def read_table(data: bytes, filename: str) -> tuple[list[str], list[Row]]:
    """Header names (lower-cased, stripped) and rows of a .csv or .xlsx file."""
    if filename.lower().endswith(".xlsx"):
        grid = _xlsx_grid(data)
    elif filename.lower().endswith(".csv"):
        grid = _csv_grid(data)
    else:
        raise TableError("format", filename)
    # Number rows before dropping blank ones, so numbers match what the spreadsheet shows.
    numbered = [(n, row) for n, row in enumerate(grid, start=1) if any(c.strip() for c in row)]
    if not numbered:
        raise TableError("empty")
    header = [cell.strip().lower() for cell in numbered[0][1]]
    rows = []
    for number, cells in numbered[1:]:
        padded = list(cells) + [""] * (len(header) - len(cells))
        rows.append(Row(number, {name: padded[i].strip() for i, name in enumerate(header) if name}))
    return header, rows


def _csv_grid(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TableError("encoding", str(line)) from None
    return list(csv.reader(io.StringIO(text)))


def _xlsx_grid(data: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise TableError("format") from None
    sheet = workbook.worksheets[0]
    grid = [[_cell_text(cell) for cell in row] for row in sheet.iter_rows()]
    workbook.close()
    return grid


def _cell_text(cell: object) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if _is_percent(cell, value):
        # 85.5% is stored as 0.855: the person typed and sees 85.5 (ร้อยละ 85.5).
        return format((Decimal(str(value)) * 100).normalize(), "f")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_percent(cell: object, value: object) -> bool:
    number_format = getattr(cell, "number_format", "") or ""
    return isinstance(value, int | float) and not isinstance(value, bool) and "%" in number_format


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    # A BOM makes Excel open UTF-8 Thai text correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
