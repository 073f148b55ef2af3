"""Properties that must hold for any criteria and any document (hypothesis)."""

import itertools
from decimal import Decimal, localcontext

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ges.scoring import score_indicator, score_json, validate_criteria, validate_document
from ges.scoring.arithmetic import EXACT
from ges.scoring.tests import scored

FAST = settings(max_examples=60, deadline=None)

results = st.decimals(min_value=-50, max_value=250, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def levels_criteria(draw, scale=100):
    count = draw(st.integers(min_value=1, max_value=6))
    steps = draw(
        st.lists(
            st.decimals(min_value="0.001", max_value=40, places=3), min_size=count, max_size=count
        )
    )
    start = draw(st.decimals(min_value=-20, max_value=100, places=2))
    thresholds = []
    for step in steps:
        start += step
        thresholds.append(start)
    scores = sorted(
        draw(st.sets(st.integers(min_value=0, max_value=scale), min_size=count, max_size=count))
    )
    direction = draw(st.sampled_from(["higher", "lower"]))
    if direction == "lower":
        thresholds.reverse()
    return {
        "kind": "levels",
        "direction": direction,
        "mode": draw(st.sampled_from(["interpolate", "step"])),
        "thresholds": thresholds,
        "scores": scores,
        "below": draw(st.integers(min_value=0, max_value=scores[0])),
    }


@FAST
@given(criteria=levels_criteria(), result=results)
def test_it_keeps_scores_between_zero_and_the_scale(criteria, result):
    score = score_indicator(criteria, result).score
    assert 0 <= score <= 100
    assert min(criteria["below"], criteria["scores"][0]) <= score <= criteria["scores"][-1]


@FAST
@given(criteria=levels_criteria(scale=5), result=results)
def test_it_keeps_five_level_scores_between_zero_and_five(criteria, result):
    assert 0 <= score_indicator(criteria, result, scale=5).score <= 5


@FAST
@given(criteria=levels_criteria(), first=results, second=results)
def test_it_never_lowers_a_score_for_a_better_result(criteria, first, second):
    low, high = sorted([first, second])
    worse, better = (low, high) if criteria["direction"] == "higher" else (high, low)
    assert score_indicator(criteria, worse).score <= score_indicator(criteria, better).score


@FAST
@given(criteria=levels_criteria(), result=results)
def test_it_mirrors_lower_is_better(criteria, result):
    flipped = "lower" if criteria["direction"] == "higher" else "higher"
    mirror = {**criteria, "direction": flipped, "thresholds": [-t for t in criteria["thresholds"]]}
    assert score_indicator(criteria, result).score == score_indicator(mirror, -result).score


MILESTONE = {
    "kind": "milestone",
    "levels": [
        {"score": 25, "steps": ["a"]},
        {"score": 50, "steps": ["b", "c"]},
        {"score": 75, "steps": ["d"]},
        {"score": 100, "steps": ["e", "f"]},
    ],
}
POINTS = {
    "kind": "points",
    "blocks": [
        {"id": "a", "points": 40},
        {"id": "b", "points": 30, "requires": ["a"]},
        {"id": "c", "points": 30, "requires": ["a"]},
        {"id": "d", "points": 20, "requires": ["b", "c"]},
        {"id": "e", "points": 15},
    ],
}
steps = st.sets(st.sampled_from("abcdef"))


@FAST
@given(criteria=st.sampled_from([MILESTONE, POINTS]), done=steps, more=steps)
def test_it_never_lowers_a_score_for_more_steps_done(criteria, done, more):
    known = set("abcdef") if criteria is MILESTONE else set("abcde")
    done, more = done & known, more & known
    fewer = score_indicator(criteria, {"done": sorted(done)}).score
    assert 0 <= fewer <= 100
    assert fewer <= score_indicator(criteria, {"done": sorted(done | more)}).score


def partition(total, parts):
    cuts = st.lists(
        st.integers(min_value=0, max_value=total), min_size=parts - 1, max_size=parts - 1
    )
    return cuts.map(lambda points: _pieces(sorted(points), total))


def _pieces(cuts, total):
    edges = [0, *cuts, total]
    return [after - before for before, after in itertools.pairwise(edges)]


@st.composite
def indicators(draw, code, weight):
    kind = draw(
        st.sampled_from(["levels", "milestone", "points", "passfail", "exempt", "children"])
    )
    base = {"code": code, "weight": weight}
    if kind == "levels":
        return {**base, "criteria": draw(levels_criteria()), "result": draw(results | st.none())}
    if kind in ("milestone", "points"):
        criteria = MILESTONE if kind == "milestone" else POINTS
        return {
            **base,
            "criteria": criteria,
            "result": {"done": sorted(draw(steps) & set("abcde"))},
        }
    if kind == "passfail":
        met = draw(st.booleans())
        conditions = (
            [] if met else [{"label": "เงื่อนไข", "met": False, "cap": draw(st.integers(0, 100))}]
        )
        return {
            **base,
            "criteria": {"kind": "passfail"},
            "result": draw(st.booleans()),
            "conditions": conditions,
        }
    if kind == "exempt":
        return {**base, "exempt": True}
    weights = draw(partition(100, draw(st.integers(min_value=1, max_value=3))))
    children = [draw(indicators(f"{code}.{index}", child)) for index, child in enumerate(weights)]
    children = [child for child in children if "children" not in child] or [
        {"code": f"{code}.x", "weight": 100, "criteria": {"kind": "passfail"}, "result": True}
    ]
    if sum(child["weight"] for child in children) != 100:
        children = [{**children[0], "weight": 100}]
    return {**base, "children": children}


@st.composite
def documents(draw):
    component_weights = draw(partition(100, draw(st.integers(min_value=1, max_value=3))))
    components, items = [], []
    for number, component_weight in enumerate(component_weights):
        code = f"C{number}"
        components.append({"code": code, "weight": component_weight})
        weights = draw(partition(component_weight, draw(st.integers(min_value=1, max_value=4))))
        for index, weight in enumerate(weights):
            item = draw(indicators(f"{code}-{index}", weight))
            items.append({**item, "component": code})
    data = {
        "exempt_weight": draw(st.sampled_from(["component", "agency"])),
        "components": components,
        "indicators": items,
    }
    assume(validate_document(data) == [])
    return data


@settings(max_examples=40, deadline=None)
@given(data=documents(), order=st.randoms(use_true_random=False))
def test_it_ignores_the_order_of_indicators(data, order):
    shuffled = {
        **data,
        "indicators": list(data["indicators"]),
        "components": list(data["components"]),
    }
    order.shuffle(shuffled["indicators"])
    order.shuffle(shuffled["components"])
    first, second = scored(data), scored(shuffled)
    assert first.total == second.total
    assert _by_code(first.indicators) == _by_code(second.indicators)
    assert {c.code: c.points for c in first.components} == {
        c.code: c.points for c in second.components
    }


def _by_code(items):
    found = {}
    for item in items:
        found[item.indicator.code] = (item.score, item.effective_weight, item.points)
        found.update(_by_code(item.children))
    return found


@settings(max_examples=40, deadline=None)
@given(data=documents())
def test_it_adds_component_points_up_to_the_total_exactly(data):
    result = scored(data)
    with localcontext(EXACT):
        assert sum(component.points for component in result.components) == result.total
        for component in result.components:
            members = [i for i in result.indicators if i.indicator.component == component.code]
            assert sum(item.points for item in members) == component.points
        for item in result.indicators:
            if item.children and item.score is not None:
                assert sum(child.points for child in item.children) == item.before_conditions
    assert Decimal(0) <= result.total <= Decimal(100) + Decimal("1e-40")


KEYS = [
    *("scale", "decimals", "exempt_weight", "result_levels", "agency", "context", "components"),
    *("indicators", "code", "weight", "component", "criteria", "result", "children", "exempt"),
    *("conditions", "label", "met", "cap", "kind", "thresholds", "scores", "direction", "mode"),
    *("below", "levels", "steps", "score", "blocks", "id", "points", "requires", "items", "max"),
    *("min", "milestones", "measured", "by", "groups", "overrides", "done", "value", "prev"),
]
WORDS = ["levels", "milestone", "points", "passfail", "hybrid", "groups", "lower", "step"]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-5, 500)
    | st.decimals()
    | st.floats()
    | st.sampled_from([*WORDS, "exempt", "prev", "prev + 2%", "(", "1/0", "ผ่าน", "a", "", "1e99"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(data=json_values)
def test_it_answers_any_json_with_problems_or_a_score(data):
    problems = validate_document(data)
    assert all(problem.message and problem.message_en for problem in problems)
    validate_criteria(data, known_values={"prev": 1})
    if not problems:
        score_json(data)
