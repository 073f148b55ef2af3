"""Target suggestions by seed 004's eight patterns."""

from decimal import Decimal

import pytest

from ges.scoring import Pattern, Spacing, TargetError, suggest_targets
from ges.scoring.criteria import Direction
from ges.scoring.targets import Trend, detect_trend


def series(*pairs: tuple[int, object]) -> list[tuple[int, Decimal]]:
    return [(year, Decimal(str(value))) for year, value in pairs]


SEED001_PLAN = series((2562, "96.11"), (2563, 100), (2564, "74.29"), (2565, "83.33"))
SEED001_PMQA = series((2564, "407.69"), (2565, "431.73"))


@pytest.mark.parametrize(
    ("values", "trend"),
    [
        (["1", "2", "3"], Trend.RISING),
        (["0", "1", "2", "3"], Trend.RISING),
        (["5", "1", "2", "3"], Trend.RISING),  # only the last three years count
        (["3", "2", "1"], Trend.FALLING),
        (["1", "3", "2"], Trend.FLUCTUATING),
        (["2", "2", "3"], Trend.FLUCTUATING),  # not steadily up
        (["4", "5"], Trend.RISING),
        (["5", "5"], Trend.FLUCTUATING),
    ],
)
def test_it_detects_the_trend(values, trend):
    assert detect_trend([Decimal(value) for value in values]) == trend


@pytest.mark.parametrize(
    ("baseline", "options", "pattern", "thresholds"),
    [
        # 1 rising: last year at the standard target; 5% spacing by default.
        (series((2563, 80), (2564, 85), (2565, 90)), {}, Pattern.RISING, ["85.5", "90", "94.5"]),
        # 2 fluctuating: the 3-year average (100 + 74.29 + 83.33) / 3 = 85.87.
        (SEED001_PLAN, {}, Pattern.FLUCTUATING, ["81.58", "85.87", "90.16"]),
        # 3 falling: last year, not the average.
        (series((2563, 90), (2564, 85), (2565, 80)), {}, Pattern.FALLING, ["76", "80", "84"]),
        # seed 001's PMQA: 431.73 and 431.73 + 2% = 440.36, as the ministry set them.
        (
            SEED001_PMQA,
            {"spacing": Spacing.parse("2%")},
            Pattern.RISING,
            ["423.1", "431.73", "440.36"],
        ),
        (
            SEED001_PLAN,
            {"spacing": Spacing.parse("5")},
            Pattern.FLUCTUATING,
            ["80.87", "85.87", "90.87"],
        ),
        # lower is better: the better targets are the smaller values.
        (
            series((2563, 30), (2564, 25), (2565, 20)),
            {"direction": Direction.LOWER, "levels": 5},
            Pattern.FALLING,
            ["22", "21", "20", "19", "18"],
        ),
    ],
)
def test_it_places_targets_by_the_trend(baseline, options, pattern, thresholds):
    suggestion = suggest_targets(baseline, **options)
    assert suggestion.pattern == pattern
    assert suggestion.thresholds == tuple(Decimal(value) for value in thresholds)


SLIDE_34 = series((2552, 2000), (2553, 2323), (2554, 2489))
MANDATE = {"pattern": Pattern.MANDATE, "mandate": Decimal(3000)}
BENCHMARK = {"pattern": Pattern.BENCHMARK, "benchmark": [Decimal(75), Decimal(80)]}


@pytest.mark.parametrize(
    ("baseline", "options", "thresholds", "anchor"),
    [
        # 4 mandate at level 5; level 3 is last year's 2,489 (seed 004, slide 34's data).
        (SLIDE_34, MANDATE, ["1978", "2233.5", "2489", "2744.5", "3000"], "2489"),
        # with a spacing that keeps level 3 above last year's result
        (
            SLIDE_34,
            {**MANDATE, "spacing": Spacing.parse("200")},
            ["2200", "2400", "2600", "2800", "3000"],
            "2600",
        ),
        # ... and one that would put it below: last year's result wins (slide 33).
        (
            SLIDE_34,
            {**MANDATE, "spacing": Spacing.parse("300")},
            ["1978", "2233.5", "2489", "2744.5", "3000"],
            "2489",
        ),
        # 5 unit cost: 10 MB buys 8 at 1.25 MB each (slide 35: 4, 6, 8, 10, 12).
        (
            [],
            {
                "pattern": Pattern.UNIT_COST,
                "budget": Decimal(10_000_000),
                "unit_cost": Decimal(1_250_000),
                "spacing": Spacing.parse("2"),
            },
            ["4", "6", "8", "10", "12"],
            "8",
        ),
        # 6.2 below the benchmark average (75 + 80) / 2 = 77.5: the average
        (series((2554, 70)), BENCHMARK, ["69.75", "73.63", "77.5", "81.38", "85.25"], "77.5"),
        # 6.1 above it: the agency's own result
        (series((2554, 90)), BENCHMARK, ["81", "85.5", "90", "94.5", "99"], "90"),
        # 7 proportion 65:35 is 65% for the first part
        (
            [],
            {
                "pattern": Pattern.PROPORTION,
                "proportion": (Decimal(65), Decimal(35)),
                "spacing": Spacing.parse("2.5"),
            },
            ["60", "62.5", "65", "67.5", "70"],
            "65",
        ),
        # ... or last year's proportion
        (
            series((2554, 70)),
            {"pattern": Pattern.PROPORTION},
            ["63", "66.5", "70", "73.5", "77"],
            "70",
        ),
    ],
)
def test_it_follows_the_named_patterns(baseline, options, thresholds, anchor):
    suggestion = suggest_targets(baseline, levels=5, **options)
    assert suggestion.thresholds == tuple(Decimal(value) for value in thresholds)
    assert suggestion.anchor == Decimal(anchor)
    assert suggestion.scores == tuple(Decimal(level) for level in range(1, 6))


def test_it_ranks_with_lower_is_better_whole_ranks():
    suggestion = suggest_targets(series((2553, 9), (2554, 7)), pattern=Pattern.RANKING, levels=5)
    assert suggestion.direction is Direction.LOWER
    assert suggestion.thresholds == tuple(Decimal(rank) for rank in (9, 8, 7, 6, 5))
    assert suggestion.criteria()["direction"] == "lower"


def test_it_explains_itself_in_thai_and_says_the_spacing_is_its_own_assumption():
    suggestion = suggest_targets(SEED001_PLAN)
    assert suggestion.reasoning == (
        "ข้อมูลพื้นฐาน: 2562 = 96.11, 2563 = 100, 2564 = 74.29, 2565 = 83.33",
        "แนวโน้ม 3 ปีล่าสุด: ขึ้นลงไม่แน่นอน",
        "รูปแบบที่ 2 (ขึ้นลงไม่แน่นอน): ใช้ค่าเฉลี่ย 3 ปีย้อนหลัง (100 + 74.29 + 83.33) ÷ 3 = 85.87",
        "ช่วงห่างระหว่างเกณฑ์ 4.29 (ร้อยละ 5 ของ 85.87)",
        "เกณฑ์ที่เสนอ: เป้าหมายขั้นต้น 81.58, เป้าหมายมาตรฐาน 85.87, เป้าหมายขั้นสูง 90.16",
    )
    assert "สมมติฐานของ GES เอง" in suggestion.assumptions[0]
    assert "--spacing" in suggestion.assumptions[0]
    assert "GES's own assumption" in suggestion.assumptions_en[0]
    given = suggest_targets(SEED001_PLAN, spacing=Spacing.parse("5"))
    assert "กำหนดโดยผู้ใช้" in given.assumptions[0]


def test_it_gives_criteria_the_engine_accepts():
    from ges.scoring import score_indicator, validate_criteria

    criteria = suggest_targets(SEED001_PLAN).criteria()
    assert validate_criteria(criteria) == []
    assert score_indicator(criteria, Decimal("85.87")).score == Decimal(75)


@pytest.mark.parametrize(
    ("baseline", "options", "thai"),
    [
        (series((2565, 80)), {}, "อย่างน้อย 2 ปี"),
        ([], {"pattern": Pattern.RISING}, "อย่างน้อย 1 ปี"),
        (series((2565, 80), (2564, 70)), {}, "เรียงจากน้อยไปมาก"),
        (SEED001_PLAN, {"levels": 4}, "3 หรือ 5"),
        (SEED001_PLAN, {"pattern": Pattern.MANDATE}, "--mandate"),
        (SEED001_PLAN, {"pattern": Pattern.MANDATE, "mandate": Decimal(80)}, "ต้องดีกว่าผลปีล่าสุด"),
        ([], {"pattern": Pattern.UNIT_COST, "budget": Decimal(10)}, "--unit-cost"),
        (
            [],
            {"pattern": Pattern.UNIT_COST, "budget": Decimal(10), "unit_cost": Decimal(0)},
            "มากกว่า 0",
        ),
        (SEED001_PLAN, {"pattern": Pattern.BENCHMARK}, "--benchmark"),
        (series((2564, 0), (2565, 0)), {}, "ช่วงห่างระหว่างเกณฑ์เป็น 0"),
        (series((2564, 1), (2565, 2)), {"spacing": Spacing.parse("0.001")}, "เกณฑ์ซ้ำกัน"),
        (series((2565, 1)), {"pattern": Pattern.RANKING, "levels": 5}, "ดีกว่าอันดับ 1"),
    ],
)
def test_it_refuses_what_it_cannot_suggest(baseline, options, thai):
    with pytest.raises(TargetError) as raised:
        suggest_targets(baseline, **options)
    assert thai in raised.value.message
    assert raised.value.message_en


@pytest.mark.parametrize("text", ["0", "-5", "abc", "%", "5%%"])
def test_it_refuses_a_spacing_that_is_not_positive(text):
    with pytest.raises(TargetError):
        Spacing.parse(text)
