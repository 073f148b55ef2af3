"""The side-by-side comparison of two versions: a pure function over snapshots (no database)."""

import pytest
from django.utils import translation

from ges.agreements import diff
from ges.agreements.versions import content, same_content

BASE = {
    "number": "1",
    "name_th": "ร้อยละการตรวจติดตาม",
    "weight": "20",
    "unit": "ร้อยละ",
    "description": "",
    "criteria": {"kind": "levels", "thresholds": [80, 85, 90]},
    "baselines": [
        {
            "series": "ผลการดำเนินงาน",
            "year": 2565,
            "value": "826",
            "value_text": "826 หน่วย",
            "note": "",
        }
    ],
    "steps": ["วางแผน", "ตรวจ"],
    "plan": [{"text": "วางแผน", "months": [0, 1]}],
    "items": [{"id": 7, "text": "ตรวจครบ", "kind": "passfail", "unit": ""}],
    "children": [],
}


def changed(**values: object) -> dict[str, object]:
    return {**BASE, **values}


@pytest.mark.parametrize(
    ("after", "paths"),
    [
        (BASE, []),
        (changed(weight="25"), ["weight"]),
        (changed(name_th="ชื่อใหม่"), ["name_th"]),
        (changed(description="คำอธิบาย"), ["description"]),
        (
            changed(criteria={"kind": "levels", "thresholds": [80, 86, 90]}),
            ["criteria.thresholds[1]"],
        ),
        (
            changed(criteria={"kind": "levels", "thresholds": [80, 85, 90], "mode": "step"}),
            ["criteria.mode"],
        ),
        (
            changed(criteria={"kind": "passfail"}),
            [
                "criteria.kind",
                "criteria.thresholds[0]",
                "criteria.thresholds[1]",
                "criteria.thresholds[2]",
            ],
        ),
        (changed(steps=["วางแผน", "ตรวจ", "รายงาน"]), ["steps[2]"]),
        (changed(plan=[{"text": "วางแผน", "months": [0, 2]}]), ["plan[0]"]),
        (
            changed(items=[{"id": 7, "text": "ตรวจครบ", "kind": "number", "unit": "หน่วย"}]),
            ["items[0]"],
        ),
        (changed(items=[]), ["items[0]"]),
        (
            changed(
                baselines=[
                    {
                        "series": "ผลการดำเนินงาน",
                        "year": 2565,
                        "value": "830",
                        "value_text": "830 หน่วย",
                        "note": "",
                    }
                ]
            ),
            ["baselines[0]"],
        ),
        (
            changed(children=[{"number": "1.1", "name_th": "ย่อย", "weight": "100", "items": []}]),
            ["children[0].number", "children[0].name_th", "children[0].weight"],
        ),
    ],
)
def test_it_finds_exactly_what_changed(after, paths):
    assert [line.path for line in diff.changes(BASE, after)] == paths


def test_it_ignores_the_ids_of_evaluation_items():
    renumbered = changed(items=[{"id": 99, "text": "ตรวจครบ", "kind": "passfail", "unit": ""}])
    assert diff.changes(BASE, renumbered) == []
    assert same_content(BASE, renumbered) and content(renumbered)["items"][0] == {
        "text": "ตรวจครบ",
        "kind": "passfail",
        "unit": "",
    }


def test_it_shows_both_sides_and_marks_the_changed_cells():
    after = changed(weight="25", criteria={"kind": "levels", "thresholds": [80, 86, 90]})
    sections = {section.key: section for section in diff.compare(BASE, after)}
    assert list(sections) == ["text", "weight", "criteria", "baselines", "steps", "plan", "items"]
    weight = sections["weight"].lines[0]
    assert (weight.before, weight.after, weight.changed) == ("20", "25", True)
    thresholds = [line for line in sections["criteria"].lines if "thresholds" in line.path]
    assert [(line.before, line.after, line.changed) for line in thresholds] == [
        ("80", "80", False),
        ("85", "86", True),
        ("90", "90", False),
    ]
    assert sections["criteria"].changed and not sections["steps"].changed


def test_it_shows_a_value_missing_on_one_side_as_none():
    after = changed(steps=["วางแผน"])
    line = diff.changes(BASE, after)[0]
    assert (line.path, line.before, line.after) == ("steps[1]", "ตรวจ", None)


@pytest.mark.parametrize(
    ("row", "text"),
    [
        ({"text": "จัดทำแผน", "months": [0, 1]}, "จัดทำแผน [ต.ค., พ.ย.]"),
        ({"text": "รายงาน", "months": [11, 12]}, "รายงาน [ก.ย., ต.ค.*]"),
        ({"text": "ไม่มีเดือน", "months": []}, "ไม่มีเดือน"),
    ],
)
def test_it_writes_plan_months_by_their_thai_names(row, text):
    assert diff.plan_text(row) == text


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("", "The whole indicator"),
        ("weight", "Weight"),
        ("items[2]", "Evaluation item 3"),
        ("plan[0]", "Plan activity 1"),
        ("criteria.thresholds[1]", "Criteria: target 2"),
        ("criteria.groups[0].criteria.thresholds[2]", "Criteria: group 1 › criteria › target 3"),
        ("criteria.levels[1].steps[0]", "Criteria: level 2 › step 1"),
        ("criteria.surprise[3]", "Criteria: surprise 4"),
        ("children[1].weight", "Sub-indicator 2: Weight"),
    ],
)
def test_it_names_each_part_for_people(path, label):
    with translation.override("en"):
        assert diff.path_label(path) == label


def test_it_shows_choices_by_their_label():
    with translation.override("en"):
        line = diff.changes(changed(direction="higher"), changed(direction="lower"))[0]
    assert (line.before, line.after) == ("Higher is better", "Lower is better")


def test_it_lists_the_parts_a_comment_may_point_at():
    parts = diff.parts(BASE)
    assert parts[0] == "" and "weight" in parts and "criteria.thresholds[1]" in parts
    assert "items[0]" in parts and "plan[0]" in parts and "description" not in parts
