"""Reading spreadsheets: what a person sees in a cell is what GES reads."""

from __future__ import annotations

import io

from openpyxl import Workbook

from ges.lib import tabular


def workbook_bytes(rows: list[list[object]], formats: dict[str, str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for cell, number_format in formats.items():
        sheet[cell].number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_reads_a_percent_cell_as_the_percentage_shown():
    data = workbook_bytes(
        [["code", "rate", "count"], ["A", 0.855, 12.0], ["B", 1, 3]],
        {"B2": "0.0%", "B3": "0%"},
    )
    header, rows = tabular.read_table(data, "results.xlsx")
    assert header == ["code", "rate", "count"]
    assert [(row.values["rate"], row.values["count"]) for row in rows] == [
        ("85.5", "12"),
        ("100", "3"),
    ]


def test_it_reads_plain_numbers_and_text_as_they_are():
    data = workbook_bytes([["code", "value"], ["A", 0.855], ["B", "ผ่าน"]], {})
    _, rows = tabular.read_table(data, "results.xlsx")
    assert [row.values["value"] for row in rows] == ["0.855", "ผ่าน"]
