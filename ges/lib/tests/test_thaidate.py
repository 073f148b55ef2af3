import datetime as dt

import pytest

from ges.lib import thaidate


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2023, 9, 30), 2566),
        (dt.date(2023, 10, 1), 2567),
        (dt.date(2024, 9, 30), 2567),
        (dt.date(2024, 12, 31), 2568),
        (dt.date(2026, 11, 22), 2570),
    ],
)
def test_it_gives_the_fiscal_year_of_a_date(day, year):
    assert thaidate.fiscal_year(day) == year


def test_it_bounds_a_fiscal_year_from_october_to_september():
    assert thaidate.fiscal_year_bounds(2567) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))


def test_it_lists_fiscal_months_from_october_to_september():
    months = thaidate.fiscal_months(2567)
    assert [m.short_name for m in months] == [
        "ต.ค.",
        "พ.ย.",
        "ธ.ค.",
        "ม.ค.",
        "ก.พ.",
        "มี.ค.",
        "เม.ย.",
        "พ.ค.",
        "มิ.ย.",
        "ก.ค.",
        "ส.ค.",
        "ก.ย.",
    ]
    assert months[0] == (2023, 10) and months[0].name == "ตุลาคม" and months[0].be_year == 2566
    assert months[-1] == (2024, 9) and months[-1].name == "กันยายน"


@pytest.mark.parametrize(
    ("day", "months"),
    [(dt.date(2024, 3, 31), 6), (dt.date(2023, 10, 2), 1), (dt.date(2024, 9, 1), 12)],
)
def test_it_counts_months_into_the_fiscal_year(day, months):
    assert thaidate.months_into_fiscal_year(day) == months


def test_it_formats_dates_in_the_buddhist_era():
    day = dt.date(2026, 11, 22)
    assert thaidate.format_thai_date(day) == "22 พฤศจิกายน 2569"
    assert thaidate.format_thai_date(day, short=True) == "22 พ.ย. 2569"
    assert thaidate.format_thai_date(day, digits=True) == "๒๒ พฤศจิกายน ๒๕๖๙"


def test_it_writes_thai_digits():
    assert thaidate.thai_digits("ร้อยละ 99.63") == "ร้อยละ ๙๙.๖๓"
