"""Invalid documents and criteria: every problem listed at once, in Thai, with its path."""

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from ges.scoring import InvalidDocument, load_document, validate_criteria, validate_document

VALID = {
    "scale": 100,
    "decimals": 3,
    "agency": "BOI",
    "result_levels": [[90, "ระดับคุณภาพ"], [0, "ระดับต้องปรับปรุง"]],
    "components": [{"code": "PB", "weight": 70}, {"code": "PT", "weight": 30}],
    "indicators": [
        {
            "code": "1",
            "component": "PB",
            "weight": 40,
            "criteria": {"kind": "levels", "thresholds": [80, 85, 90]},
            "result": 87.5,
        },
        {
            "code": "2",
            "component": "PB",
            "weight": 30,
            "criteria": {
                "kind": "milestone",
                "levels": [{"score": 50, "steps": ["a"]}, {"score": 100, "steps": ["b"]}],
            },
            "result": {"done": ["a"]},
        },
        {
            "code": "3",
            "component": "PT",
            "weight": 30,
            "context": {"prev": 431.73},
            "criteria": {
                "kind": "groups",
                "by": "prev",
                "groups": [
                    {"min": None, "max": 400, "criteria": {"kind": "passfail"}},
                    {
                        "min": 400,
                        "max": None,
                        "criteria": {"kind": "levels", "thresholds": ["400", "prev", "prev + 2%"]},
                    },
                ],
            },
            "result": 436,
        },
    ],
}


def changed(edit: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    edit(data)
    return data


def criteria(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    found: dict[str, Any] = data["indicators"][index]["criteria"]
    return found


def test_it_accepts_the_valid_document():
    assert validate_document(VALID) == []


CASES = [
    # (what is wrong, edit, path, words of the Thai message)
    (
        "not an object",
        lambda d: d.clear() or d.update({"indicators": 5}),
        "indicators",
        "ต้องเป็นรายการ",
    ),
    ("unknown key", lambda d: d.update({"sclae": 5}), "sclae", "ไม่รู้จักคีย์ 'sclae'"),
    ("scale 0", lambda d: d.update({"scale": 0}), "scale", "คะแนนเต็มต้องมากกว่า 0"),
    ("decimals", lambda d: d.update({"decimals": 2.5}), "decimals", "ต้องเป็นจำนวนเต็ม"),
    (
        "exempt_weight",
        lambda d: d.update({"exempt_weight": "all"}),
        "exempt_weight",
        "component, agency",
    ),
    (
        "levels order",
        lambda d: d["result_levels"].reverse(),
        "result_levels[1][0]",
        "เรียงจากมากไปน้อย",
    ),
    ("levels pair", lambda d: d["result_levels"].append([50]), "result_levels[2]", "ต้องเป็นคู่"),
    (
        "components sum",
        lambda d: d["components"][1].update({"weight": 20}),
        "components",
        "รวมกันได้ 90",
    ),
    (
        "component's indicators",
        lambda d: d["indicators"][0].update({"weight": 35}),
        "components[0].weight",
        "รวมกันได้ 65 แต่ต้องเท่ากับน้ำหนักขององค์ประกอบ 70",
    ),
    (
        "negative weight",
        lambda d: d["indicators"][0].update({"weight": -5}),
        "indicators[0].weight",
        "ต้องไม่น้อยกว่า 0",
    ),
    (
        "no component",
        lambda d: d["indicators"][0].pop("component"),
        "indicators[0].component",
        "ต้องระบุ",
    ),
    (
        "unknown component",
        lambda d: d["indicators"][0].update({"component": "XX"}),
        "indicators[0].component",
        "PB, PT",
    ),
    (
        "repeated code",
        lambda d: d["indicators"][1].update({"code": "1"}),
        "indicators[1].code",
        "รหัสตัวชี้วัด '1' ซ้ำ",
    ),
    (
        "no criteria",
        lambda d: d["indicators"][0].pop("criteria"),
        "indicators[0].criteria",
        "ต้องระบุเกณฑ์",
    ),
    (
        "unknown kind",
        lambda d: criteria(d).update({"kind": "curve"}),
        "indicators[0].criteria.kind",
        "levels, milestone",
    ),
    (
        "equal thresholds",
        lambda d: criteria(d).update({"thresholds": [80, 80, 90]}),
        "indicators[0].criteria.thresholds[1]",
        "เกณฑ์ 80 ต้องมากกว่าเกณฑ์ก่อนหน้า 80",
    ),
    (
        "thresholds against their direction",
        lambda d: criteria(d).update({"direction": "lower"}),
        "indicators[0].criteria.thresholds[1]",
        "ต้องน้อยกว่าเกณฑ์ก่อนหน้า 80 (ยิ่งน้อยยิ่งดี)",
    ),
    (
        "scores not ascending",
        lambda d: criteria(d).update({"scores": [50, 50, 100]}),
        "indicators[0].criteria.scores[1]",
        "เรียงจากน้อยไปมาก",
    ),
    (
        "scores above the scale",
        lambda d: criteria(d).update({"scores": [50, 75, 120]}),
        "indicators[0].criteria.scores[2]",
        "ต้องไม่เกิน 100",
    ),
    (
        "scores count",
        lambda d: criteria(d).update({"scores": [50, 100]}),
        "indicators[0].criteria.scores",
        "จำนวนคะแนน (2) ต้องเท่ากับจำนวนเกณฑ์ (3)",
    ),
    (
        "no default scores",
        lambda d: criteria(d).update({"thresholds": [80, 90]}),
        "indicators[0].criteria.scores",
        "ต้องระบุคะแนน",
    ),
    (
        "below above the first score",
        lambda d: criteria(d).update({"below": 60}),
        "indicators[0].criteria.below",
        "ต้องไม่เกินคะแนนของเกณฑ์แรก",
    ),
    (
        "mode",
        lambda d: criteria(d).update({"mode": "curve"}),
        "indicators[0].criteria.mode",
        "interpolate, step",
    ),
    (
        "threshold text",
        lambda d: criteria(d).update({"thresholds": [80, "eighty-five", 90]}),
        "indicators[0].criteria.thresholds[1]",
        "ไม่รู้จักค่า eighty",
    ),
    (
        "expression",
        lambda d: criteria(d, 2)["groups"][1]["criteria"].update(
            {"thresholds": ["400", "prev +", "450"]}
        ),
        "indicators[2].criteria.groups[1].criteria.thresholds[1]",
        "นิพจน์ 'prev +' ไม่ถูกต้อง",
    ),
    (
        "unknown name",
        lambda d: criteria(d, 2)["groups"][1]["criteria"].update(
            {"thresholds": ["400", "prevv", "450"]}
        ),
        "indicators[2].criteria.groups[1].criteria.thresholds[1]",
        "ไม่รู้จักค่า prevv",
    ),
    (
        "expression out of order once evaluated",
        lambda d: criteria(d, 2)["groups"][1]["criteria"]["thresholds"].__setitem__(0, "450"),
        "indicators[2].criteria.groups[1].criteria.thresholds[1]",
        "prev = 431.73: เกณฑ์ 431.73 ต้องมากกว่าเกณฑ์ก่อนหน้า 450",
    ),
    (
        "equal after evaluation (prev = 400)",
        lambda d: d["indicators"][2]["context"].update({"prev": 400}),
        "indicators[2].criteria.groups[1].criteria.thresholds[1]",
        "prev = 400: เกณฑ์ 400 ต้องมากกว่าเกณฑ์ก่อนหน้า 400",
    ),
    (
        "groups overlap",
        lambda d: criteria(d, 2)["groups"][0].update({"max": 410}),
        "indicators[2].criteria.groups[1]",
        "ซ้อนทับกับกลุ่มที่ 1",
    ),
    (
        "two open groups",
        lambda d: criteria(d, 2)["groups"][1].update({"min": None}),
        "indicators[2].criteria.groups[1]",
        "ซ้อนทับ",
    ),
    (
        "min not below max",
        lambda d: criteria(d, 2)["groups"][0].update({"min": 400}),
        "indicators[2].criteria.groups[0].max",
        "ต้องมากกว่า min",
    ),
    (
        "unknown group value",
        lambda d: criteria(d, 2).update({"by": "datasets"}),
        "indicators[2].criteria.by",
        "ไม่รู้จักค่า 'datasets'",
    ),
    (
        "groups inside groups",
        lambda d: criteria(d, 2)["groups"][0].update(
            {"criteria": copy.deepcopy(criteria(VALID, 2))}
        ),
        "indicators[2].criteria.groups[0].criteria.kind",
        "ต้องเป็นค่าใดค่าหนึ่ง",
    ),
    (
        "override criteria",
        lambda d: criteria(d, 2).update(
            {"overrides": {"BOI": {"kind": "levels", "thresholds": [3, 2]}}}
        ),
        "indicators[2].criteria.overrides.BOI.thresholds[1]",
        "ต้องมากกว่าเกณฑ์ก่อนหน้า",
    ),
    (
        "milestone scores",
        lambda d: criteria(d, 1)["levels"][1].update({"score": 50}),
        "indicators[1].criteria.levels[1].score",
        "เรียงจากน้อยไปมาก",
    ),
    (
        "milestone step repeated",
        lambda d: criteria(d, 1)["levels"][1].update({"steps": ["a"]}),
        "indicators[1].criteria.levels[1].steps",
        "ขั้นตอน 'a' อยู่ในระดับก่อนหน้าแล้ว",
    ),
    (
        "milestone without steps",
        lambda d: criteria(d, 1)["levels"][1].update({"steps": []}),
        "indicators[1].criteria.levels[1].steps",
        "อย่างน้อย 1 ขั้นตอน",
    ),
    (
        "unknown step done",
        lambda d: d["indicators"][1].update({"result": {"done": ["a", "z"]}}),
        "indicators[1].result.done[1]",
        "ไม่มีขั้นตอน 'z' ในเกณฑ์",
    ),
    (
        "result of the wrong shape",
        lambda d: d["indicators"][0].update({"result": "สูงมาก"}),
        "indicators[0].result",
        "ต้องเป็นตัวเลข",
    ),
    (
        "children and criteria",
        lambda d: d["indicators"][0].update(
            {"children": [{"code": "1.1", "weight": 100, "exempt": True}]}
        ),
        "indicators[0].criteria",
        "ไม่ต้องมีเกณฑ์หรือผลของตัวเอง",
    ),
    (
        "children weights",
        lambda d: (
            d["indicators"][0].pop("criteria")
            and d["indicators"][0].pop("result")
            and d["indicators"][0].update(
                {
                    "children": [
                        {"code": "1.1", "weight": 60, "exempt": True},
                        {"code": "1.2", "weight": 30, "exempt": True},
                    ]
                }
            )
        ),
        "indicators[0].children",
        "น้ำหนักของตัวชี้วัดย่อยรวมกันได้ 90",
    ),
    (
        "condition",
        lambda d: d["indicators"][0].update({"conditions": [{"label": "", "met": "no"}]}),
        "indicators[0].conditions[0].label",
        "ข้อความที่ไม่ว่าง",
    ),
    (
        "context name",
        lambda d: d["indicators"][2]["context"].update({"2prev": 1}),
        "indicators[2].context.2prev",
        "ชื่อค่า '2prev'",
    ),
    (
        "number",
        lambda d: d["indicators"][0].update({"result": "NaN"}),
        "indicators[0].result",
        "ต้องเป็นตัวเลข",
    ),
    (
        "huge number",
        lambda d: d["indicators"][0].update({"result": "1e40"}),
        "indicators[0].result",
        "ต้องเป็นตัวเลข",
    ),
    (
        "all exempt",
        lambda d: [indicator.update({"exempt": True}) for indicator in d["indicators"]],
        "indicators",
        "ทุกตัวชี้วัดได้รับการยกเว้น",
    ),
]


@pytest.mark.parametrize(("case", "edit", "path", "words"), CASES, ids=[case[0] for case in CASES])
def test_it_reports_the_problem_at_its_path(case, edit, path, words):
    problems = validate_document(changed(edit))
    found = [problem for problem in problems if problem.path == path]
    assert found, [str(problem) for problem in problems]
    assert any(words in problem.message for problem in found), [str(p) for p in found]
    assert all(problem.message_en for problem in problems)


def test_it_reports_a_value_that_falls_in_no_group():
    data = changed(lambda d: criteria(d, 2)["groups"][1].update({"min": 440}))
    problems = validate_document(data)
    assert [problem.path for problem in problems] == ["indicators[2].criteria.groups"]
    assert "prev = 431.73 ไม่อยู่ในกลุ่มใดเลย" in problems[0].message


def test_it_lists_every_problem_at_once():
    def break_everything(data):
        data["components"][1]["weight"] = 20
        criteria(data)["thresholds"] = [80, 80, 90]
        criteria(data, 1)["levels"][1]["steps"] = ["a"]
        criteria(data, 2)["groups"][0]["max"] = 410
        data["indicators"][1]["code"] = "1"
        data["sclae"] = 5

    with pytest.raises(InvalidDocument) as raised:
        load_document(changed(break_everything))
    assert sorted(problem.path for problem in raised.value.problems) == [
        "components",
        "components[1].weight",
        "indicators[0].criteria.thresholds[1]",
        "indicators[1].code",
        "indicators[1].criteria.levels[1].steps",
        "indicators[2].criteria.groups[1]",
        "sclae",
    ]


@pytest.mark.parametrize("bad", [None, [], "text", 5, True])
def test_it_refuses_a_document_that_is_not_an_object(bad):
    assert [problem.path for problem in validate_document(bad)] == [""]


@pytest.mark.parametrize(
    ("criteria_json", "known", "paths"),
    [
        ({"kind": "levels", "thresholds": [80, 85, 90]}, (), []),
        ({"kind": "levels", "thresholds": ["400", "prev", "prev + 2%"]}, {"prev"}, []),
        (
            {"kind": "levels", "thresholds": ["400", "prev", "prev + 2%"]},
            (),
            ["thresholds[1]", "thresholds[2]"],
        ),
        (
            {"kind": "levels", "thresholds": ["400", "prev", "prev + 2%"]},
            {"prev": Decimal(431)},
            [],
        ),
        (
            {"kind": "levels", "thresholds": ["400", "prev", "prev + 2%"]},
            {"prev": 390},
            ["thresholds[1]"],
        ),
        ({"kind": "levels", "thresholds": [90, "prev", 80]}, {"prev"}, ["thresholds[2]"]),
        ({"kind": "milestone", "levels": []}, (), ["levels"]),
        (
            {
                "kind": "points",
                "blocks": [{"id": "a", "points": 10, "requires": ["b"]}, {"id": "b", "points": 5}],
            },
            (),
            ["blocks[0].requires[0]"],
        ),
        (
            {"kind": "points", "blocks": [{"id": "a", "points": 10}, {"id": "a", "points": 5}]},
            (),
            ["blocks[1].id"],
        ),
        ({"kind": "passfail", "score": 100}, (), ["score"]),
        (
            {
                "kind": "hybrid",
                "milestones": {"kind": "milestone", "levels": [{"score": 60, "steps": ["m"]}]},
                "measured": {"kind": "levels", "thresholds": [1, 2, 3], "scores": [50, 75, 100]},
            },
            (),
            ["measured.scores"],
        ),
        (
            {
                "kind": "hybrid",
                "milestones": {"kind": "levels", "thresholds": [1]},
                "measured": {"kind": "levels", "thresholds": [1, 2, 3], "below": 1},
            },
            (),
            ["milestones.kind", "measured.below"],
        ),
        (
            {"kind": "groups", "by": "prev", "groups": [{"criteria": {"kind": "passfail"}}]},
            {"prev"},
            [],
        ),
        (
            {
                "kind": "groups",
                "by": "prev",
                "groups": [{"min": 5, "criteria": {"kind": "passfail"}}],
            },
            {"prev": 1},
            ["groups"],
        ),
        ([1, 2], (), [""]),
    ],
)
def test_it_validates_one_criteria_for_the_editor(criteria_json, known, paths):
    problems = validate_criteria(criteria_json, known_values=known)
    assert [problem.path for problem in problems] == paths


def test_it_validates_criteria_on_the_five_level_scale():
    five = {"kind": "levels", "thresholds": [10, 20, 30, 40, 50]}
    assert validate_criteria(five, scale=5) == []
    assert [problem.path for problem in validate_criteria(five)] == ["scores"]
