"""One criteria, one result: every kind and edge, exact scores."""

from decimal import Decimal

import pytest

from ges.scoring import InvalidDocument, score_indicator
from ges.scoring.engine import score_only, score_rule, trace_of

THREE = {"kind": "levels", "thresholds": [80, 85, 90]}
STEP = {**THREE, "mode": "step"}
LOWER = {"kind": "levels", "direction": "lower", "thresholds": [20, 15, 10]}
FIVE = {"kind": "levels", "thresholds": [10, 20, 30, 40, 50]}
FIVE_FLOOR_ONE = {**FIVE, "below": 1}
LOWER_FIVE_STEP = {
    "kind": "levels",
    "direction": "lower",
    "mode": "step",
    "thresholds": [50, 40, 30, 20, 10],
}


def score(criteria, result, **options):
    return score_indicator(criteria, result, **options).score


@pytest.mark.parametrize(
    ("criteria", "result", "expected"),
    [
        (THREE, "0", "0"),
        (THREE, "79.999", "0"),  # below the first target
        (THREE, "80", "50"),  # exactly on a threshold
        (THREE, "82.5", "62.5"),
        (THREE, "85", "75"),
        (THREE, "87.5", "87.5"),
        (THREE, "89.99", "99.95"),
        (THREE, "90", "100"),
        (THREE, "95", "100"),  # beyond the last: capped
        (THREE, "1000000", "100"),
        (THREE, "-5", "0"),
        (STEP, "79.99", "0"),
        (STEP, "80", "50"),
        (STEP, "87.5", "75"),  # step: the highest target reached
        (STEP, "89.999", "75"),
        (STEP, "90", "100"),
        (STEP, "120", "100"),
        (LOWER, "25", "0"),
        (LOWER, "20.001", "0"),
        (LOWER, "20", "50"),
        (LOWER, "17.5", "62.5"),
        (LOWER, "15", "75"),
        (LOWER, "12", "90"),
        (LOWER, "10", "100"),
        (LOWER, "0", "100"),
        ({**LOWER, "below": 10}, "30", "10"),
    ],
)
def test_it_scores_three_levels(criteria, result, expected):
    assert score(criteria, Decimal(result)) == Decimal(expected)


@pytest.mark.parametrize(
    ("criteria", "result", "expected"),
    [
        (FIVE, "5", "0"),  # the floor below level 1 defaults to 0
        (FIVE_FLOOR_ONE, "5", "1"),  # ... or is set to 1
        (FIVE_FLOOR_ONE, "9.9999", "1"),
        (FIVE, "10", "1"),
        (FIVE, "25", "2.5"),
        (FIVE, "33.3333", "3.33333"),
        (FIVE, "50", "5"),
        (FIVE, "70", "5"),  # capped at 5
        (LOWER_FIVE_STEP, "60", "0"),
        (LOWER_FIVE_STEP, "50", "1"),
        (LOWER_FIVE_STEP, "35", "2"),
        (LOWER_FIVE_STEP, "10.5", "4"),
        (LOWER_FIVE_STEP, "10", "5"),
        (LOWER_FIVE_STEP, "1", "5"),
    ],
)
def test_it_scores_five_levels(criteria, result, expected):
    assert score(criteria, Decimal(result), scale=5) == Decimal(expected)


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("0", "0"),
        ("1", "33.333333333333333333333333333333333333333333333333"),
        ("1.5", "50"),
        ("3", "100"),
    ],
)
def test_it_keeps_quotients_that_do_not_end_to_50_digits(result, expected):
    criteria = {"kind": "levels", "thresholds": [0, 3], "scores": [0, 100]}
    assert score(criteria, Decimal(result)) == Decimal(expected)


MILESTONE = {
    "kind": "milestone",
    "levels": [
        {"score": 50, "steps": ["a", "b"]},
        {"score": 75, "steps": ["c"]},
        {"score": 100, "steps": ["d"]},
    ],
}


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        ([], "0"),
        (["a"], "0"),
        (["a", "b"], "50"),
        (["b", "a"], "50"),
        (["a", "b", "c"], "75"),
        (["a", "b", "d"], "50"),  # a level counts only with every lower level's steps
        (["c", "d"], "0"),
        (["a", "c", "d"], "0"),
        (["a", "b", "c", "d"], "100"),
    ],
)
def test_it_scores_milestones(done, expected):
    assert score(MILESTONE, {"done": done}) == Decimal(expected)


def test_it_scores_a_milestone_floor():
    assert score({**MILESTONE, "below": 25}, {"done": ["a"]}) == Decimal(25)


POINTS = {
    "kind": "points",
    "blocks": [
        {"id": "base", "points": 50, "items": ["list", "metadata", "resources"]},
        {"id": "catalog", "points": 15, "requires": ["base"]},
        {"id": "gd", "points": 10, "requires": ["base"]},
        {"id": "quality", "points": 20, "requires": ["catalog"]},
        {"id": "use", "points": 5, "requires": ["catalog", "gd"]},
        {"id": "bonus", "points": 30},
    ],
}
ALL_ITEMS = ["list", "metadata", "resources"]


@pytest.mark.parametrize(
    ("done", "expected"),
    [
        ([], "0"),
        (["list", "metadata"], "0"),  # the base needs all its items
        (["catalog", "gd"], "0"),  # nothing counts without the base
        (ALL_ITEMS, "50"),
        ([*ALL_ITEMS, "catalog"], "65"),
        ([*ALL_ITEMS, "quality"], "50"),  # quality needs catalog
        ([*ALL_ITEMS, "catalog", "quality"], "85"),
        ([*ALL_ITEMS, "catalog", "use"], "65"),  # use needs gd too
        ([*ALL_ITEMS, "catalog", "gd", "quality", "use"], "100"),
        (["bonus"], "30"),
        ([*ALL_ITEMS, "catalog", "gd", "quality", "use", "bonus"], "100"),  # capped
    ],
)
def test_it_scores_points(done, expected):
    assert score(POINTS, {"done": done}) == Decimal(expected)


def test_it_caps_points_at_the_given_max():
    criteria = {
        "kind": "points",
        "max": 60,
        "blocks": [{"id": "a", "points": 40}, {"id": "b", "points": 40}],
    }
    assert score(criteria, {"done": ["a", "b"]}) == Decimal(60)


@pytest.mark.parametrize(
    ("result", "scale", "expected"),
    [
        (True, 100, "100"),
        (False, 100, "0"),
        ("ผ่าน", 100, "100"),
        ("ไม่ผ่าน", 100, "0"),
        ("pass", 100, "100"),
        ("fail", 100, "0"),
        (True, 5, "5"),
    ],
)
def test_it_scores_pass_fail(result, scale, expected):
    assert score({"kind": "passfail"}, result, scale=scale) == Decimal(expected)


HYBRID = {
    "kind": "hybrid",
    "milestones": {
        "kind": "milestone",
        "levels": [{"score": 1, "steps": ["m1"]}, {"score": 2, "steps": ["m2"]}],
    },
    "measured": {"kind": "levels", "thresholds": [100, 110, 120], "scores": [3, 4, 5]},
}


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ({"done": []}, "0"),
        ({"done": ["m1"]}, "1"),
        ({"done": ["m1", "m2"]}, "2"),
        ({"done": ["m2"]}, "0"),
        ({"done": ["m1", "m2"], "value": 99.99}, "2"),  # not yet on the measured scale
        ({"done": ["m1", "m2"], "value": None}, "2"),
        ({"done": ["m1", "m2"], "value": 100}, "3"),  # reaches the first measured level
        ({"done": [], "value": 105}, "3.5"),  # measured once reached, milestones or not
        ({"done": ["m1"], "value": 120}, "5"),
        ({"done": ["m1"], "value": 500}, "5"),
    ],
)
def test_it_scores_hybrids(result, expected):
    assert score(HYBRID, result, scale=5) == Decimal(expected)


PMQA = {
    "kind": "groups",
    "by": "prev",
    "groups": [
        {"min": None, "max": 350, "criteria": {"kind": "passfail"}},
        {
            "min": 400,
            "max": 450,
            "criteria": {"kind": "levels", "thresholds": ["400", "prev", "prev + 2%"]},
        },
        {
            "min": 450,
            "criteria": {"kind": "levels", "thresholds": ["prev - 10", "prev", "prev + 1%"]},
        },
    ],
    "overrides": {
        "BOI": "exempt",
        "DGA": {"kind": "levels", "thresholds": [300, 350, 400]},
    },
}


@pytest.mark.parametrize(
    ("prev", "agency", "result", "expected"),
    [
        ("431.73", None, 454.38, "100"),
        ("431.73", None, "436.0473", "87.5"),  # 75 + 25 x 4.3173 / 8.6346
        ("431.73", None, "431.73", "75"),
        ("431.73", None, "415.865", "62.5"),
        ("431.73", None, "399", "0"),
        ("400.01", None, "400.01", "75"),  # min is inclusive
        ("349.99", None, True, "100"),  # the open first group
        ("450", None, "450", "75"),  # max is exclusive: 450 is the third group
        ("500", None, "495", "62.5"),  # prev - 10 = 490, prev = 500
        ("431.73", "XYZ", "436.0473", "87.5"),  # an agency without an override
        ("431.73", "DGA", "375", "87.5"),  # its own criteria
        ("600", "DGA", "375", "87.5"),  # ... whatever its group would be
        ("431.73", "BOI", "436.0473", None),  # exempt
        ("360", "BOI", None, None),  # exempt, even outside every group
    ],
)
def test_it_chooses_groups_and_overrides(prev, agency, result, expected):
    scored = score(PMQA, result, values={"prev": prev}, agency=agency)
    assert scored == (None if expected is None else Decimal(expected))


@pytest.mark.parametrize(
    ("thresholds", "result", "expected"),
    [
        (["prev", "prev + 2%", "prev + 4%"], "102", "75"),
        (["prev - 5%", "prev", "prev + 5%"], "95", "50"),
        (["(prev + 300) / 2", "250", "300"], "200", "50"),
        (["prev * 90%", "prev", "prev * 110%"], "105", "87.5"),
    ],
)
def test_it_scores_thresholds_from_percent_expressions(thresholds, result, expected):
    criteria = {"kind": "levels", "thresholds": thresholds}
    assert score(criteria, Decimal(result), values={"prev": 100}) == Decimal(expected)


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ([], "87.5"),
        ([{"label": "ครบ", "met": True}], "87.5"),
        ([{"label": "ผู้ตอบไม่น้อยกว่าร้อยละ 90", "met": False}], "0"),
        ([{"label": "ส่งช้า", "met": False, "cap": 50}], "50"),
        ([{"label": "ส่งช้า", "met": False, "cap": 95}], "87.5"),  # a cap above the score
        ([{"label": "a", "met": False, "cap": 60}, {"label": "b", "met": False, "cap": 40}], "40"),
        ([{"label": "a", "met": True, "cap": 10}, {"label": "b", "met": False, "cap": 70}], "70"),
    ],
)
def test_it_applies_conditions(conditions, expected):
    assert score(THREE, Decimal("87.5"), conditions=conditions) == Decimal(expected)


@pytest.mark.parametrize("criteria", [THREE, MILESTONE, POINTS, {"kind": "passfail"}, HYBRID])
def test_it_scores_a_missing_result_zero_and_says_so(criteria):
    what = score_indicator(criteria, None, scale=5 if criteria is HYBRID else 100)
    assert what.score == 0
    assert what.explanation.startswith("ไม่มีผลการดำเนินงาน จึงได้ 0")
    assert what.explanation_en.startswith("No result was reported")


@pytest.mark.parametrize(
    ("criteria", "result", "scale"),
    [
        (THREE, "87.5", 100),
        (LOWER, "12", 100),
        (STEP, "86", 100),
        (FIVE_FLOOR_ONE, "3", 5),
        (FIVE, "47.5", 5),
        (MILESTONE, {"done": ["a", "b", "c"]}, 100),
        (POINTS, {"done": [*ALL_ITEMS, "catalog", "quality"]}, 100),
        ({"kind": "passfail"}, True, 100),
        (HYBRID, {"done": ["m1"], "value": 111}, 5),
        (HYBRID, {"done": ["m1"], "value": 50}, 5),
    ],
)
def test_it_gives_the_same_score_with_and_without_a_trace(criteria, result, scale):
    what = score_indicator(
        criteria, Decimal(result) if isinstance(result, str) else result, scale=scale
    )
    indicator = what.scored.indicator
    assert indicator.rule is not None
    assert score_rule(indicator.rule, indicator.result).score == what.score
    assert score_only(indicator.rule, indicator.result) == what.score
    assert trace_of(what.scored).score == what.score


def test_it_refuses_a_result_of_the_wrong_shape():
    with pytest.raises(InvalidDocument) as raised:
        score_indicator(THREE, {"done": ["a"]})
    assert [problem.path for problem in raised.value.problems] == ["result"]
