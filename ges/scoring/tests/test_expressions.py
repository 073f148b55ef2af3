from decimal import Decimal

import pytest

from ges.scoring.expressions import ExpressionError, parse_expression

VALUES = {"prev": Decimal("431.73"), "datasets": Decimal(12), "zero": Decimal(0)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("400", "400"),
        ("  400  ", "400"),
        ("87.5", "87.5"),
        (".5", "0.5"),
        ("prev", "431.73"),
        ("prev - 10", "421.73"),
        ("prev + 2%", "440.3646"),  # prev x 1.02, as seed 001's PMQA target is written
        ("prev - 10%", "388.557"),
        ("prev − 10%", "388.557"),  # the minus sign explanations print
        ("(prev + 445) / 2", "438.365"),
        ("(prev + 445) ÷ 2", "438.365"),
        ("prev * 98%", "423.0954"),  # % outside + and - is a plain percent
        ("prev × 2", "863.46"),
        ("2%", "0.02"),
        ("1 + 2 * 3", "7"),
        ("(1 + 2) * 3", "9"),
        ("10 - 4 - 3", "3"),
        ("64 / 4 / 2", "8"),
        ("-3 + 5", "2"),
        ("--3", "3"),
        ("-(prev - 431.73)", "0"),
        ("datasets / 4", "3"),
        ("100 + 2% + 1", "103"),  # (100 + 2%) + 1
        ("(100 + 10%) + 10%", "121"),
    ],
)
def test_it_evaluates_exactly(text, expected):
    assert parse_expression(text).evaluate(VALUES) == Decimal(expected)


def test_it_carries_a_quotient_that_does_not_end_to_50_digits():
    third = parse_expression("1 / 3").evaluate({})
    assert third == Decimal("0." + "3" * 50)


@pytest.mark.parametrize(
    ("text", "names", "constant"),
    [
        ("400", set(), Decimal(400)),
        ("prev + 2%", {"prev"}, None),
        ("(prev + datasets) / 2", {"prev", "datasets"}, None),
        ("2 * (3 + 4)", set(), Decimal(14)),
    ],
)
def test_it_knows_the_names_it_uses(text, names, constant):
    expression = parse_expression(text)
    assert expression.names == names
    assert expression.constant == constant


@pytest.mark.parametrize(
    ("text", "thai"),
    [
        ("", "ขาดตัวเลขหรือชื่อค่า"),
        ("prev +", "ขาดตัวเลขหรือชื่อค่าที่ท้ายนิพจน์"),
        ("(prev + 1", "ขาดวงเล็บปิด"),
        ("prev + 1)", "ไม่คาดว่าจะพบ ')' ที่ตำแหน่ง 9"),
        ("prev 2", "ไม่คาดว่าจะพบ '2' ที่ตำแหน่ง 6"),
        ("1 // 2", "ไม่คาดว่าจะพบ '/' ที่ตำแหน่ง 4"),
        ("prev ^ 2", "อักขระที่ใช้ไม่ได้ '^' ที่ตำแหน่ง 6"),
        ("__import__('os')", "อักขระที่ใช้ไม่ได้ '''"),
        ("prev.real", "อักขระที่ใช้ไม่ได้ '.'"),
        ("1e5", "ไม่คาดว่าจะพบ 'e5'"),
        ("1" * 31, "มีหลักมากเกินไป"),
        ("1" * 201, "ยาวเกิน 200 ตัวอักษร"),
        ("1 / 0", "หารด้วยศูนย์"),
        ("1 / (2 - 2)", "หารด้วยศูนย์"),
        ("%", "ไม่คาดว่าจะพบ '%'"),
    ],
)
def test_it_rejects_what_it_cannot_read(text, thai):
    with pytest.raises(ExpressionError) as raised:
        parse_expression(text)
    assert thai in raised.value.message
    assert raised.value.message_en


@pytest.mark.parametrize(
    ("text", "values", "thai"),
    [
        ("prev + 2%", {}, "ไม่มีค่า 'prev'"),
        ("10 / zero", {"zero": Decimal(0)}, "หารด้วยศูนย์"),
    ],
)
def test_it_reports_values_it_cannot_use(text, values, thai):
    with pytest.raises(ExpressionError) as raised:
        parse_expression(text).evaluate(values)
    assert thai in raised.value.message
    assert text in raised.value.message
