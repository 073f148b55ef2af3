"""Weights, exemptions, sub-indicators, components, totals, result levels and rounding."""

from decimal import Decimal, localcontext

import pytest

from ges.scoring import score_json
from ges.scoring.arithmetic import EXACT
from ges.scoring.tests import document, leaf, scored

PASS = {"kind": "passfail"}
LINEAR = {"kind": "levels", "thresholds": [0, 100], "scores": [0, 100]}  # score = result
LEVELS = [[90, "ระดับคุณภาพ"], [75, "ระดับมาตรฐานขั้นสูง"], [60, "ระดับมาตรฐานขั้นต้น"], [0, "ระดับต้องปรับปรุง"]]


def linear(code, weight, result, **extra):
    return leaf(code, weight, LINEAR, result, **extra)


def exempt(code, weight, **extra):
    return {"code": code, "weight": weight, "exempt": True, **extra}


def with_components(components, *indicators, **settings):
    return {
        **settings,
        "components": [{"code": code, "weight": weight} for code, weight in components],
        "indicators": list(indicators),
    }


def effective(data):
    result = scored(data)
    return {item.indicator.code: item.effective_weight for item in result.indicators}


def test_it_adds_weight_times_score_over_100():
    result = scored(document(linear("1", 60, 80), linear("2", 40, 50)))
    assert result.total == Decimal(68)  # (60 x 80 + 40 x 50) / 100
    assert [item.points for item in result.indicators] == [Decimal(48), Decimal(20)]


def test_it_gives_component_subtotals_in_points_of_the_total():
    data = with_components(
        [("PB", 70), ("PT", 30)],
        linear("1", 70, 100, component="PB"),
        linear("2", 30, "99.8", component="PT"),
    )
    published = score_json(data)
    assert published["components"] == [
        {"code": "PB", "points": "70.000"},
        {"code": "PT", "points": "29.940"},
    ]
    assert published["total"] == "99.940"  # 70 + 29.94, as e-SAR shows it


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        # a3 exempt: its 20 goes to a1 and a2 by their weights (component) ...
        ("component", {"a1": "28", "a2": "42", "a3": "0", "b1": "30"}),
        # ... or to every other indicator of the agency by their weights (agency).
        ("agency", {"a1": "25", "a2": "37.5", "a3": "0", "b1": "37.5"}),
    ],
)
def test_it_redistributes_an_exempt_weight(mode, expected):
    data = with_components(
        [("A", 70), ("B", 30)],
        linear("a1", 20, 50, component="A"),
        linear("a2", 30, 50, component="A"),
        exempt("a3", 20, component="A"),
        linear("b1", 30, 50, component="B"),
        exempt_weight=mode,
    )
    assert effective(data) == {code: Decimal(value) for code, value in expected.items()}
    assert scored(data).total == Decimal(50)


@pytest.mark.parametrize("mode", ["component", "agency"])
def test_it_gives_a_wholly_exempt_component_to_all_other_indicators(mode):
    data = with_components(
        [("A", 50), ("B", 30), ("C", 20)],
        linear("a1", 20, 100, component="A"),
        linear("a2", 30, 40, component="A"),
        linear("b1", 30, 70, component="B"),
        exempt("c1", 15, component="C"),
        exempt("c2", 5, component="C"),
        exempt_weight=mode,
    )
    assert effective(data) == {
        "a1": Decimal(25),
        "a2": Decimal("37.5"),
        "b1": Decimal("37.5"),
        "c1": Decimal(0),
        "c2": Decimal(0),
    }
    published = score_json(data)
    assert [c["points"] for c in published["components"]] == ["40.000", "26.250", "0.000"]
    assert published["total"] == "66.250"
    assert "ตัวชี้วัดอื่นทั้งหมดของหน่วยงาน" in published["indicators"][3]["explanation"]


def test_it_combines_an_exempt_component_with_an_exemption_inside_another():
    data = with_components(
        [("A", 60), ("B", 40)],
        linear("a1", 20, 100, component="A"),
        exempt("a2", 40, component="A"),
        exempt("b1", 40, component="B"),
    )
    assert effective(data)["a1"] == Decimal(100)  # 20 x 60 / 20 x 100 / 60
    assert scored(data).total == Decimal(100)


def test_it_exempts_through_an_override_and_moves_the_weight():
    groups = {
        "kind": "groups",
        "by": "prev",
        "groups": [{"min": None, "max": None, "criteria": LINEAR}],
        "overrides": {"BOI": "exempt"},
    }
    data = document(
        linear("1", 50, 80),
        {"code": "2", "weight": 50, "criteria": groups, "result": 10, "context": {"prev": 1}},
        agency="BOI",
    )
    result = scored(data)
    assert [item.score for item in result.indicators] == [Decimal(80), None]
    assert result.total == Decimal(80)
    data["agency"] = "DOH"
    assert scored(data).total == Decimal(45)


def test_it_averages_sub_indicators_by_weight():
    data = document(
        {"code": "4", "weight": 100, "children": [linear("4.1", 60, 50), linear("4.2", 40, 100)]}
    )
    parent = scored(data).indicators[0]
    assert parent.score == Decimal(70)
    assert [child.points for child in parent.children] == [Decimal(30), Decimal(40)]


def test_it_moves_an_exempt_sub_indicator_weight_to_its_siblings():
    data = document(
        {
            "code": "4",
            "weight": 100,
            "children": [linear("4.1", 60, 50), linear("4.2", 20, 100), exempt("4.3", 20)],
        }
    )
    parent = scored(data).indicators[0]
    assert [child.effective_weight for child in parent.children] == [
        Decimal(75),
        Decimal(25),
        Decimal(0),
    ]
    assert parent.score == Decimal("62.5")


def test_it_exempts_a_parent_whose_children_are_all_exempt():
    data = document(
        linear("1", 50, 80),
        {"code": "2", "weight": 50, "children": [exempt("2.1", 50), exempt("2.2", 50)]},
    )
    result = scored(data)
    assert result.indicators[1].score is None
    assert result.total == Decimal(80)
    explanation = score_json(data)["indicators"][1]["explanation"]
    assert explanation.startswith("ตัวชี้วัดย่อยทุกตัวได้รับการยกเว้น")


def test_it_nests_sub_indicators_inside_components():
    data = with_components(
        [("PB", 70), ("PT", 30)],
        linear("1", 70, 90, component="PB"),
        {
            "code": "5",
            "weight": 30,
            "component": "PT",
            "children": [
                linear("5.1", 50, 60),
                {
                    "code": "5.2",
                    "weight": 50,
                    "children": [linear("5.2.1", 50, 80), linear("5.2.2", 50, 100)],
                },
            ],
        },
    )
    published = score_json(data)
    assert published["indicators"][1]["score"] == "75.000"  # (60 + 90) / 2
    assert published["indicators"][1]["children"][1]["score"] == "90.000"
    assert published["components"] == [
        {"code": "PB", "points": "63.000"},
        {"code": "PT", "points": "22.500"},
    ]
    assert published["total"] == "85.500"


def test_it_caps_a_parent_by_its_own_condition():
    data = document(
        {
            "code": "1",
            "weight": 100,
            "conditions": [{"label": "ส่งรายงานไม่ครบ", "met": False, "cap": 50}],
            "children": [linear("1.1", 50, 80), linear("1.2", 50, 100)],
        }
    )
    assert scored(data).indicators[0].score == Decimal(50)


@pytest.mark.parametrize(
    ("result", "decimals", "total", "level"),
    [
        ("89.9995", 3, "90.000", "ระดับคุณภาพ"),  # the level follows the printed total
        ("89.9994", 3, "89.999", "ระดับมาตรฐานขั้นสูง"),
        ("87.5005", 3, "87.501", "ระดับมาตรฐานขั้นสูง"),  # half up, not half even
        ("87.5015", 3, "87.502", "ระดับมาตรฐานขั้นสูง"),
        ("74.5", 0, "75", "ระดับมาตรฐานขั้นสูง"),
        ("59.99949", 3, "59.999", "ระดับต้องปรับปรุง"),
        ("60", 3, "60.000", "ระดับมาตรฐานขั้นต้น"),
        ("0", 3, "0.000", "ระดับต้องปรับปรุง"),
    ],
)
def test_it_rounds_half_up_only_on_output(result, decimals, total, level):
    data = document(linear("1", 100, result), result_levels=LEVELS, decimals=decimals)
    published = score_json(data)
    assert published["total"] == total
    assert published["level"] == level
    assert scored(data).total == Decimal(result)  # exact inside


def test_it_prints_four_decimals_on_the_five_level_scale():
    criteria = {"kind": "levels", "thresholds": [10, 20, 30, 40, 50]}
    data = document(leaf("1", 100, criteria, "23.33333"), scale=5)
    assert score_json(data)["total"] == "2.3333"


def test_it_gives_no_level_without_result_levels():
    assert score_json(document(linear("1", 100, 50)))["level"] is None


def test_it_keeps_component_points_adding_up_exactly_when_quotients_do_not_end():
    data = with_components(
        [("A", 50), ("B", 50)],
        linear("a1", 10, "33.3", component="A"),
        linear("a2", 10, "66.7", component="A"),
        linear("a3", 10, "12.5", component="A"),
        linear("a4", 20, 0, component="A"),
        exempt("b1", 10, component="B"),
        linear("b2", 20, "99.9", component="B"),
        linear("b3", 20, "1", component="B"),
        exempt_weight="agency",
    )
    result = scored(data)
    with localcontext(EXACT):  # the default context would round sums to 28 digits
        assert sum(component.points for component in result.components) == result.total
        for component in result.components:
            code = component.code
            members = [i.points for i in result.indicators if i.indicator.component == code]
            assert sum(members) == component.points
        weights = sum(item.effective_weight for item in result.indicators)
    assert abs(weights - 100) < Decimal("1e-45")  # 10 x 100 / 90 ... carried to 50 digits


def test_it_counts_a_missing_result_as_zero_and_says_so():
    data = document(linear("1", 50, 100), {"code": "2", "weight": 50, "criteria": LINEAR})
    published = score_json(data)
    assert published["total"] == "50.000"
    assert published["indicators"][1]["score"] == "0.000"
    assert "ไม่มีผลการดำเนินงาน" in published["indicators"][1]["explanation"]


def test_it_explains_weights_moved_from_exempt_indicators():
    data = with_components(
        [("A", 70), ("B", 30)],
        linear("a1", 20, 50, component="A"),
        linear("a2", 30, 50, component="A"),
        exempt("a3", 20, component="A"),
        linear("b1", 30, 50, component="B"),
    )
    published = score_json(data)
    assert "น้ำหนัก 20 ปรับเป็น 20 × 70 ÷ 50 = 28.000" in published["indicators"][0]["explanation"]
    assert "Weight 20 becomes 20 × 70 ÷ 50 = 28.000" in published["indicators"][0]["explanation_en"]
    assert published["indicators"][2]["explanation"] == (
        "ได้รับการยกเว้น ไม่ต้องประเมินตัวชี้วัดนี้ น้ำหนัก 20 โอนให้ตัวชี้วัดอื่นในองค์ประกอบ A ตามสัดส่วนน้ำหนัก"
    )


@pytest.mark.parametrize("mode", ["component", "agency"])
def test_it_weighs_zero_an_indicator_left_in_a_wholly_exempt_component(mode):
    # Found by the property tests: B's only weighted indicator is exempt, b2 weighs 0.
    data = with_components(
        [("A", 60), ("B", 40)],
        linear("a1", 60, 50, component="A"),
        exempt("b1", 40, component="B"),
        linear("b2", 0, 100, component="B"),
        exempt_weight=mode,
    )
    result = scored(data)
    assert [item.effective_weight for item in result.indicators] == [
        Decimal(100),
        Decimal(0),
        Decimal(0),
    ]
    assert result.total == Decimal(50)
