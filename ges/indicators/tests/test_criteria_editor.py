"""The criteria editor: fields -> criteria JSON -> fields, the engine's problems next to the
fields, the what-if preview, target suggestions, and who may do what."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from ges import scoring
from ges.audit.models import AuditEntry
from ges.frameworks.models import Component, FiscalYear, Framework, FrameworkKind
from ges.indicators.criteria_actions import set_criteria
from ges.indicators.criteria_forms import (
    CriteriaEditor,
    EditorSettings,
    fields_for,
    rows_data,
)
from ges.indicators.models import AgencyValue, Baseline, Indicator
from ges.testing import SYSTEM

EXPLANATION_87_5 = (
    "ผลการดำเนินงาน 87.5 อยู่ระหว่างเป้าหมายมาตรฐาน 85 (75 คะแนน) และเป้าหมายขั้นสูง 90"
    " (100 คะแนน): 75 + 25 × (87.5 − 85) ÷ (90 − 85) = 87.500"
)


@pytest.fixture
def indicator(world):
    fiscal_year = FiscalYear.objects.create(year=2566)
    framework = Framework.objects.create(
        fiscal_year=fiscal_year,
        kind=FrameworkKind.DEPARTMENTS,
        name_th="กรอบการประเมินส่วนราชการ ประจำปีงบประมาณ พ.ศ. 2566",
    )
    component = Component.objects.create(
        framework=framework, code="PB", name_th="Performance Base", weight=Decimal(70)
    )
    return Indicator.objects.create(
        framework=framework,
        organization=world.department,
        component=component,
        number="1",
        name_th="ร้อยละของการเบิกจ่ายงบประมาณ",
        weight=Decimal(20),
        unit="ร้อยละ",
    )


def url(name, indicator):
    return reverse(f"indicators:{name}", args=[indicator.pk])


def levels_form(thresholds=("80", "85", "90"), scores=("50", "75", "100"), **extra):
    rows = [{"threshold": t, "score": s} for t, s in zip(thresholds, scores, strict=True)]
    return {
        "kind": "levels",
        "shown_kind": "levels",
        "levels-count": str(len(rows)),
        "levels-direction": "higher",
        "levels-mode": "interpolate",
        "levels-below": "0",
        **rows_data("levels-rows", rows),
        **extra,
    }


def milestone_form():
    rows = [
        {"score": "50", "steps": "จัดทำแผนการดำเนินงาน\nเสนอผู้บริหารอนุมัติแผน"},
        {"score": "75", "steps": "ดำเนินการตามแผนครบถ้วน"},
        {"score": "100", "steps": "ประเมินผลและรายงานผล"},
        {"score": "", "steps": ""},  # an empty row is dropped
    ]
    return {
        "kind": "milestone",
        "shown_kind": "milestone",
        "milestone-below": "0",
        **rows_data("milestone-levels", rows),
    }


def points_form():
    rows = [
        {"id": "base", "points": "50", "requires": "", "items": "catalog, metadata"},
        {"id": "x15", "points": "15", "requires": "base", "items": ""},
        {"id": "x10", "points": "10", "requires": "base", "items": ""},
        {"id": "", "points": "", "requires": "", "items": ""},
    ]
    return {
        "kind": "points",
        "shown_kind": "points",
        "points-max": "",
        **rows_data("points-blocks", rows),
    }


def hybrid_form():
    return {
        "kind": "hybrid",
        "shown_kind": "hybrid",
        "hybrid-direction": "higher",
        "hybrid-mode": "interpolate",
        "hybrid-below": "0",
        **rows_data(
            "hybrid-milestones",
            [
                {"score": "20", "steps": "หมู่บ้านต้นแบบ 1,755 หมู่บ้าน"},
                {"score": "40", "steps": "หมู่บ้านต้นแบบ 2,633 หมู่บ้าน"},
            ],
        ),
        **rows_data(
            "hybrid-measured",
            [
                {"threshold": "100", "score": "60"},
                {"threshold": "110", "score": "80"},
                {"threshold": "120", "score": "100"},
            ],
        ),
    }


def groups_form(exempt="DITP"):
    return {
        "kind": "groups",
        "shown_kind": "groups",
        "groups-by": "prev",
        "groups-count": "3",
        "groups-direction": "higher",
        "groups-mode": "interpolate",
        "groups-below": "0",
        "groups-score_0": "50",
        "groups-score_1": "75",
        "groups-score_2": "100",
        "groups-exempt": exempt,
        **rows_data(
            "groups-rows",
            [
                {
                    "min": "",
                    "max": "350",
                    "threshold_0": "300",
                    "threshold_1": "320",
                    "threshold_2": "350",
                },
                {
                    "min": "400",
                    "max": "450",
                    "threshold_0": "400",
                    "threshold_1": "prev",
                    "threshold_2": "prev + 2%",
                },
            ],
        ),
    }


FORMS = {
    "levels": (
        levels_form,
        {
            "kind": "levels",
            "direction": "higher",
            "thresholds": [80, 85, 90],
            "scores": [50, 75, 100],
            "mode": "interpolate",
            "below": 0,
        },
    ),
    "milestone": (
        milestone_form,
        {
            "kind": "milestone",
            "levels": [
                {"score": 50, "steps": ["จัดทำแผนการดำเนินงาน", "เสนอผู้บริหารอนุมัติแผน"]},
                {"score": 75, "steps": ["ดำเนินการตามแผนครบถ้วน"]},
                {"score": 100, "steps": ["ประเมินผลและรายงานผล"]},
            ],
            "below": 0,
        },
    ),
    "passfail": (lambda: {"kind": "passfail", "shown_kind": "passfail"}, {"kind": "passfail"}),
    "points": (
        points_form,
        {
            "kind": "points",
            "blocks": [
                {"id": "base", "points": 50, "items": ["catalog", "metadata"]},
                {"id": "x15", "points": 15, "requires": ["base"]},
                {"id": "x10", "points": 10, "requires": ["base"]},
            ],
        },
    ),
    "hybrid": (
        hybrid_form,
        {
            "kind": "hybrid",
            "milestones": {
                "kind": "milestone",
                "levels": [
                    {"score": 20, "steps": ["หมู่บ้านต้นแบบ 1,755 หมู่บ้าน"]},
                    {"score": 40, "steps": ["หมู่บ้านต้นแบบ 2,633 หมู่บ้าน"]},
                ],
                "below": 0,
            },
            "measured": {
                "kind": "levels",
                "direction": "higher",
                "thresholds": [100, 110, 120],
                "scores": [60, 80, 100],
                "mode": "interpolate",
            },
        },
    ),
    "groups": (
        groups_form,
        {
            "kind": "groups",
            "by": "prev",
            "groups": [
                {
                    "min": None,
                    "max": 350,
                    "criteria": {
                        "kind": "levels",
                        "direction": "higher",
                        "thresholds": [300, 320, 350],
                        "scores": [50, 75, 100],
                        "mode": "interpolate",
                        "below": 0,
                    },
                },
                {
                    "min": 400,
                    "max": 450,
                    "criteria": {
                        "kind": "levels",
                        "direction": "higher",
                        "thresholds": [400, "prev", "prev + 2%"],
                        "scores": [50, 75, 100],
                        "mode": "interpolate",
                        "below": 0,
                    },
                },
            ],
            "overrides": {"DITP": "exempt"},
        },
    ),
}


# Saving every kind, and reading it back ---------------------------------------------------------


@pytest.mark.parametrize("kind", list(FORMS))
def test_it_saves_every_kind_from_fields_and_reads_it_back(kind, world, login, indicator):
    make_form, expected = FORMS[kind]
    client = login(world.editor)
    response = client.post(url("criteria", indicator), make_form())
    assert response.status_code == 302, response.context and response.context["checked"].problems
    assert response["Location"] == url("detail", indicator)
    indicator.refresh_from_db()
    assert indicator.criteria == expected
    assert scoring.validate_criteria(expected, known_values={"prev"}) == []

    page = client.get(url("criteria", indicator))
    assert page.status_code == 200
    editor = page.context["editor"]
    assert editor.kind == kind and not editor.use_json
    assert editor.check().criteria == expected  # fields -> JSON -> fields -> the same JSON

    # Posting the loaded fields back unchanged changes nothing, and writes no audit entry.
    entries = AuditEntry.objects.count()
    again = client.post(url("criteria", indicator), {**editor.data, "shown_kind": kind})
    assert again.status_code == 302
    indicator.refresh_from_db()
    assert indicator.criteria == expected
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("kind", list(FORMS))
def test_it_turns_fields_into_json_and_back_into_the_same_fields(kind, indicator):
    settings_ = EditorSettings.for_indicator(indicator)
    make_form, expected = FORMS[kind]
    built = CriteriaEditor(make_form(), settings_).check()
    assert built.valid, built.problems
    fields = fields_for(built.criteria, settings_)
    rebuilt = CriteriaEditor(fields, settings_).check()
    assert rebuilt.criteria == built.criteria == expected
    assert fields_for(rebuilt.criteria, settings_) == fields


def test_it_loads_criteria_written_elsewhere_into_the_fields(world, login, indicator):
    # Scores left to the engine's defaults, numbers as strings: the fields show them all.
    indicator.criteria = {"kind": "levels", "thresholds": ["80.5", 85, 90.25]}
    indicator.save()
    page = login(world.editor).get(url("criteria", indicator))
    editor = page.context["editor"]
    assert not editor.use_json
    rows = editor.part.rows.forms
    assert [row["threshold"].value() for row in rows] == ["80.5", "85", "90.25"]
    assert [row["score"].value() for row in rows] == ["50", "75", "100"]


def test_it_opens_criteria_the_fields_cannot_show_as_json(world, login, indicator):
    criteria = {
        "kind": "groups",
        "by": "prev",
        "groups": [{"min": None, "max": None, "criteria": {"kind": "passfail"}}],
        "overrides": {"DITP": {"kind": "passfail"}},
    }
    indicator.criteria = criteria
    indicator.save()
    client = login(world.editor)
    page = client.get(url("criteria", indicator))
    editor = page.context["editor"]
    assert editor.use_json and editor.note
    assert json.loads(page.context["json_text"]) == criteria
    # Saved again as JSON, unchanged.
    response = client.post(
        url("criteria", indicator),
        {**editor.data, "criteria_json": page.context["json_text"]},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.criteria == criteria


def test_it_saves_json_typed_by_a_power_user(world, login, indicator):
    typed = {"kind": "levels", "thresholds": [10, 8, 6], "direction": "lower"}
    response = login(world.editor).post(
        url("criteria", indicator),
        {**levels_form(), "use_json": "on", "criteria_json": json.dumps(typed)},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.criteria == typed


# Bad input: the engine's problems next to the fields, nothing saved ------------------------------


def test_it_shows_the_engines_problems_next_to_the_fields_and_saves_nothing(
    world, login, indicator
):
    response = login(world.editor).post(
        url("criteria", indicator), levels_form(thresholds=("80", "85", "85"))
    )
    assert response.status_code == 200
    indicator.refresh_from_db()
    assert indicator.criteria is None
    assert not AuditEntry.objects.filter(action="indicator.criteria.updated").exists()
    editor = response.context["editor"]
    third = editor.part.rows.forms[2]
    engine = scoring.validate_criteria(
        {"kind": "levels", "thresholds": [80, 85, 85], "scores": [50, 75, 100]}
    )
    assert [problem.path for problem in engine] == ["thresholds[2]"]
    assert third.errors["threshold"] == [engine[0].message]
    assert editor.part.rows.forms[1].errors == {}
    html = response.content.decode()
    assert 'id="id_levels-rows-2-threshold_error"' in html  # next to the field
    assert 'id="criteria-problems"' in html  # and in the list, linking to it
    assert 'href="#id_levels-rows-2-threshold"' in html
    assert engine[0].message in html


def test_it_marks_every_problem_of_a_kind(world, login, indicator):
    data = points_form()
    data["points-blocks-1-requires"] = "nothing-before"
    data["points-blocks-2-points"] = "lots"
    response = login(world.editor).post(url("criteria", indicator), data)
    assert response.status_code == 200
    rows = response.context["editor"].part.rows.forms
    assert "requires" in rows[1].errors
    assert "points" in rows[2].errors
    assert len(response.context["checked"].problems) == 2
    indicator.refresh_from_db()
    assert indicator.criteria is None


def test_it_asks_for_missing_values_next_to_their_fields(world, login, indicator):
    response = login(world.editor).post(
        url("criteria", indicator), levels_form(thresholds=("80", "", "90"))
    )
    assert response.status_code == 200
    rows = response.context["editor"].part.rows.forms
    with translation.override("th"):
        assert rows[1].errors["threshold"] == [gettext("This field is required.")]
    assert len(response.context["checked"].problems) == 1  # not also the engine's echo
    indicator.refresh_from_db()
    assert indicator.criteria is None


def test_it_refuses_groups_that_overlap_or_exempt_an_unknown_code(world, login, indicator):
    data = groups_form(exempt="DITP NOPE")
    data["groups-rows-1-min"] = "300"  # overlaps the first group (below 350)
    response = login(world.editor).post(url("criteria", indicator), data)
    assert response.status_code == 200
    editor = response.context["editor"]
    assert editor.part.rows.forms[1].non_field_errors()
    assert any("NOPE" in error for error in editor.part.settings_form.errors["exempt"])
    indicator.refresh_from_db()
    assert indicator.criteria is None


def test_it_refuses_unknown_values_in_expressions(world, login, indicator):
    data = groups_form()
    data["groups-rows-1-threshold_2"] = "pmqa + 2%"
    response = login(world.editor).post(url("criteria", indicator), data)
    assert "threshold_2" in response.context["editor"].part.rows.forms[1].errors
    AgencyValue.objects.create(
        framework=indicator.framework,
        organization=world.department,
        name="pmqa",
        value=Decimal("431.73"),
    )
    response = login(world.editor).post(url("criteria", indicator), data)
    assert response.status_code == 302  # a value the framework's agencies have is known


def test_it_refuses_invalid_json_and_saves_nothing(world, login, indicator):
    client = login(world.editor)
    unreadable = client.post(
        url("criteria", indicator), {**levels_form(), "use_json": "on", "criteria_json": "{oops"}
    )
    assert unreadable.status_code == 200
    assert unreadable.context["editor"].advanced.errors["criteria_json"]
    rejected = client.post(
        url("criteria", indicator),
        {
            **levels_form(),
            "use_json": "on",
            "criteria_json": json.dumps({"kind": "levels", "thresholds": [90, 80]}),
        },
    )
    assert rejected.status_code == 200
    errors = rejected.context["editor"].advanced.errors["criteria_json"]
    assert any(error.startswith("thresholds[1]: ") for error in errors)
    indicator.refresh_from_db()
    assert indicator.criteria is None


def test_the_action_refuses_criteria_the_engine_rejects(indicator):
    with pytest.raises(scoring.InvalidDocument):
        set_criteria(SYSTEM, indicator, {"kind": "levels", "thresholds": [90, 80]})
    indicator.refresh_from_db()
    assert indicator.criteria is None
    assert not AuditEntry.objects.filter(action="indicator.criteria.updated").exists()


# The audit log ----------------------------------------------------------------------------------


def test_it_audits_each_change_with_before_and_after(world, login, indicator):
    client = login(world.editor)
    client.post(url("criteria", indicator), levels_form())
    client.post(url("criteria", indicator), levels_form(thresholds=("81", "86", "91")))
    entries = AuditEntry.objects.filter(action="indicator.criteria.updated").order_by("pk")
    first, second = entries
    assert first.actor == world.editor
    assert first.object_type == "indicators.indicator" and first.object_id == str(indicator.pk)
    assert first.before == {"criteria": None}
    assert first.after == {"criteria": FORMS["levels"][1]}
    assert second.before == first.after
    assert second.after["criteria"]["thresholds"] == [81, 86, 91]


# The what-if preview ----------------------------------------------------------------------------


def test_it_previews_the_engines_explanation_for_a_result(world, login, indicator):
    response = login(world.viewer).post(
        url("criteria_preview", indicator), levels_form(**{"whatif-result": "87.5"})
    )
    assert response.status_code == 200
    html = response.content.decode()
    engine = scoring.score_indicator(FORMS["levels"][1], Decimal("87.5"))
    assert engine.explanation == EXPLANATION_87_5
    assert EXPLANATION_87_5 in html
    assert "87.500" in html
    indicator.refresh_from_db()
    assert indicator.criteria is None  # a preview saves nothing


def test_it_previews_in_english_when_the_page_is_english(world, login, indicator):
    client = login(world.viewer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        url("criteria_preview", indicator), levels_form(**{"whatif-result": "87.5"})
    )
    engine = scoring.score_indicator(FORMS["levels"][1], Decimal("87.5"))
    assert engine.explanation_en in response.content.decode()


def test_it_previews_the_problems_instead_of_a_score(world, login, indicator):
    data = levels_form(thresholds=("90", "85", "80"), **{"whatif-result": "87.5"})
    response = login(world.editor).post(url("criteria_preview", indicator), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "whatif-score__value" not in html
    problems = response.context["preview"].problems
    assert [problem.message for problem in problems] == [
        problem.message
        for problem in scoring.validate_criteria(
            {"kind": "levels", "thresholds": [90, 85, 80], "scores": [50, 75, 100]}
        )
    ]


@pytest.mark.parametrize(
    ("kind", "whatif", "result"),
    [
        (
            "milestone",
            {"whatif-done": ["จัดทำแผนการดำเนินงาน", "เสนอผู้บริหารอนุมัติแผน"]},
            {"done": ["จัดทำแผนการดำเนินงาน", "เสนอผู้บริหารอนุมัติแผน"]},
        ),
        (
            "points",
            {"whatif-done": ["catalog", "metadata", "x15"]},
            {"done": ["catalog", "metadata", "x15"]},
        ),
        (
            "hybrid",
            {"whatif-done": ["หมู่บ้านต้นแบบ 1,755 หมู่บ้าน"], "whatif-result": "115"},
            {"done": ["หมู่บ้านต้นแบบ 1,755 หมู่บ้าน"], "value": 115},
        ),
        ("passfail", {"whatif-passed": "fail"}, False),
    ],
)
def test_it_previews_steps_blocks_and_pass_fail(kind, whatif, result, world, login, indicator):
    make_form, criteria = FORMS[kind]
    client = login(world.approver)
    first = client.post(url("criteria_preview", indicator), make_form())
    shown = first.context["whatif"].signature
    response = client.post(
        url("criteria_preview", indicator), {**make_form(), "whatif-shown": shown, **whatif}
    )
    engine = scoring.score_indicator(criteria, result)
    assert response.context["preview"].explanation == engine.explanation
    assert engine.explanation in response.content.decode()


def test_it_previews_groups_with_the_agencys_value(world, login, indicator):
    client = login(world.evaluator)
    data = {**groups_form(), "whatif-result": "441", "whatif-value": "431.73", "whatif-shown": ""}
    response = client.post(url("criteria_preview", indicator), data)
    engine = scoring.score_indicator(
        FORMS["groups"][1], Decimal("441"), values={"prev": Decimal("431.73")}
    )
    assert response.context["preview"].explanation == engine.explanation
    exempt = client.post(url("criteria_preview", indicator), {**data, "whatif-agency": "DITP"})
    assert exempt.context["preview"].exempt


def test_it_starts_an_agencys_group_what_if_with_its_own_value(world, login, indicator):
    AgencyValue.objects.create(
        framework=indicator.framework,
        organization=world.department,
        name="prev",
        value=Decimal("431.73"),
    )
    indicator.criteria = FORMS["groups"][1]
    indicator.save()
    page = login(world.editor).get(url("criteria", indicator))
    whatif = page.context["whatif"]
    assert (whatif.value, whatif.agency) == ("431.73", "OPS")


def test_it_sends_new_checkboxes_when_the_steps_change(world, login, indicator):
    client = login(world.editor)
    data = milestone_form()
    first = client.post(url("criteria_preview", indicator), data)
    shown = first.context["whatif"].signature
    assert 'hx-swap-oob="true"' in first.content.decode()  # the page had other inputs
    same = client.post(url("criteria_preview", indicator), {**data, "whatif-shown": shown})
    assert 'id="criteria-whatif-inputs"' not in same.content.decode()
    data["milestone-levels-2-steps"] = "ประเมินผล\nรายงานผลต่อผู้บริหาร"
    changed = client.post(url("criteria_preview", indicator), {**data, "whatif-shown": shown})
    html = changed.content.decode()
    assert 'id="criteria-whatif-inputs"' in html and "รายงานผลต่อผู้บริหาร" in html


def test_it_skips_a_preview_of_fields_that_are_being_replaced(world, login, indicator):
    data = {**levels_form(), "kind": "milestone", "shown_kind": "levels"}
    response = login(world.editor).post(url("criteria_preview", indicator), data)
    assert response.status_code == 204


# htmx: switching the kind, adding rows, changing the number of levels ---------------------------


def test_it_swaps_the_fields_when_the_kind_changes(world, login, indicator):
    response = login(world.editor).get(
        url("criteria", indicator), {"kind": "milestone"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="criteria-fields"')
    assert 'name="milestone-levels-TOTAL_FORMS" value="3"' in html
    assert 'id="criteria-whatif-inputs" class="whatif-inputs" hx-swap-oob="true"' in html
    assert "<html" not in html


def test_it_adds_rows_and_resizes_levels(world, login, indicator):
    client = login(world.editor)
    added = client.get(
        url("criteria", indicator),
        {**points_form(), "action": "add:points-blocks"},
        HTTP_HX_REQUEST="true",
    )
    assert 'name="points-blocks-TOTAL_FORMS" value="5"' in added.content.decode()
    assert 'value="x15"' in added.content.decode()  # what was typed stays
    resized = client.get(
        url("criteria", indicator),
        {**levels_form(), "levels-count": "5", "action": "resize"},
        HTTP_HX_REQUEST="true",
    )
    editor = resized.context["editor"]
    assert len(editor.part.rows.forms) == 5
    assert [row["score"].value() for row in editor.part.rows.forms] == [
        "20",
        "40",
        "60",
        "80",
        "100",
    ]
    assert editor.part.rows.forms[0]["threshold"].value() == "80"


# Target suggestions -----------------------------------------------------------------------------


@pytest.fixture
def rising_baseline(indicator):
    for order, (year, value) in enumerate([(2562, 70), (2563, 75), (2564, 80), (2565, 85)]):
        Baseline.objects.create(indicator=indicator, year=year, value=Decimal(value), order=order)
    Baseline.objects.create(indicator=indicator, year=2566, value=None, value_text="n/a", order=9)
    return indicator


def test_it_suggests_targets_from_a_rising_baseline(world, login, rising_baseline):
    indicator = rising_baseline
    expected = scoring.suggest_targets(
        [(2562, Decimal(70)), (2563, Decimal(75)), (2564, Decimal(80)), (2565, Decimal(85))]
    )
    assert [str(value) for value in expected.thresholds] == ["80.75", "85.00", "89.25"]
    response = login(world.viewer).get(url("criteria_suggest", indicator))
    assert response.status_code == 200
    html = response.content.decode()
    for line in (*expected.reasoning, *expected.assumptions):
        assert line in html
    assert response.context["suggestion"].thresholds == expected.thresholds


def test_it_fills_the_thresholds_from_a_suggestion_without_saving(world, login, rising_baseline):
    indicator = rising_baseline
    data = {
        **levels_form(thresholds=("", "", "")),
        "levels-mode": "step",
        "suggest-pattern": "",
        "suggest-levels": "3",
        "apply": "1",
    }
    response = login(world.editor).post(url("criteria_suggest", indicator), data)
    editor = response.context["editor"]
    assert editor.kind == "levels"
    rows = editor.part.rows.forms
    assert [row["threshold"].value() for row in rows] == ["80.75", "85", "89.25"]
    assert [row["score"].value() for row in rows] == ["50", "75", "100"]
    assert editor.part.settings_form["mode"].value() == "step"  # what was chosen stays
    assert response.content.decode().lstrip().startswith('<div id="criteria-fields"')
    indicator.refresh_from_db()
    assert indicator.criteria is None


def test_it_fills_five_levels_with_the_frameworks_scores(world, login, rising_baseline):
    data = {**levels_form(), "suggest-pattern": "rising", "suggest-levels": "5", "apply": "1"}
    response = login(world.editor).post(url("criteria_suggest", rising_baseline), data)
    rows = response.context["editor"].part.rows.forms
    assert [row["score"].value() for row in rows] == ["20", "40", "60", "80", "100"]
    assert response.context["checked"].valid


def test_it_suggests_by_a_chosen_pattern_and_explains_what_is_missing(
    world, login, rising_baseline
):
    client = login(world.editor)
    url_ = url("criteria_suggest", rising_baseline)
    fluctuating = client.get(url_, {"suggest-pattern": "fluctuating", "suggest-levels": "5"})
    assert fluctuating.context["suggestion"].pattern == scoring.Pattern.FLUCTUATING
    assert len(fluctuating.context["suggestion"].thresholds) == 5
    mandate = client.get(url_, {"suggest-pattern": "mandate", "suggest-levels": "3"})
    assert mandate.context["suggestion"] is None
    assert mandate.context["suggest_form"].non_field_errors()
    spacing = client.get(url_, {"suggest-levels": "3", "suggest-spacing": "lots"})
    assert "spacing" in spacing.context["suggest_form"].errors


def test_the_editor_page_shows_suggestions_from_the_baseline(world, login, rising_baseline):
    page = login(world.editor).get(url("criteria", rising_baseline))
    assert page.context["suggestion"] is not None
    assert "89.25" in page.content.decode()


# Who may do what --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["editor", "framework_admin"])
def test_it_lets_editors_save(persona, world, login, indicator):
    client = login(getattr(world, persona))
    assert client.get(url("criteria", indicator)).status_code == 200
    assert client.post(url("criteria", indicator), levels_form()).status_code == 302
    indicator.refresh_from_db()
    assert indicator.criteria == FORMS["levels"][1]


@pytest.mark.parametrize("persona", ["approver", "viewer", "evaluator"])
def test_it_lets_readers_preview_but_not_save(persona, world, login, indicator):
    client = login(getattr(world, persona))
    assert client.get(url("criteria", indicator)).status_code == 403
    assert client.post(url("criteria", indicator), levels_form()).status_code == 403
    indicator.refresh_from_db()
    assert indicator.criteria is None
    preview = client.post(
        url("criteria_preview", indicator), levels_form(**{"whatif-result": "87.5"})
    )
    assert preview.status_code == 200 and EXPLANATION_87_5 in preview.content.decode()
    assert client.get(url("criteria_suggest", indicator)).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "org_admin", "nobody"])
def test_it_hides_the_indicator_from_people_outside(persona, world, login, indicator):
    client = login(getattr(world, persona))
    assert client.get(url("criteria", indicator)).status_code == 404
    assert client.post(url("criteria", indicator), levels_form()).status_code == 404
    assert client.post(url("criteria_preview", indicator), levels_form()).status_code == 404
    assert client.get(url("criteria_suggest", indicator)).status_code == 404
    indicator.refresh_from_db()
    assert indicator.criteria is None


def test_it_sends_anonymous_people_to_log_in(client, indicator):
    for response in (
        client.get(url("criteria", indicator)),
        client.post(url("criteria", indicator), levels_form()),
        client.post(url("criteria_preview", indicator), levels_form()),
        client.get(url("criteria_suggest", indicator)),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    indicator.refresh_from_db()
    assert indicator.criteria is None
