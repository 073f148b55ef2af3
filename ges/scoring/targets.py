"""Target suggestions from baselines by the eight patterns of seed 004 (slides 26-41).

The patterns fix where level 3 (or the standard target) goes. The sources leave the spacing
between levels open ("ตามความเหมาะสม"), so the spacing here is GES's own assumption, stated
in every suggestion and settable (`spacing`).
"""

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from ges.scoring.arithmetic import ONE, ZERO, divide, exact, percent_of, plain, round_half_up
from ges.scoring.criteria import Direction
from ges.scoring.explain import Phrase, level_name
from ges.scoring.schema import to_decimal


class Pattern(StrEnum):
    RISING = "rising"  # 1: last year's result
    FLUCTUATING = "fluctuating"  # 2: the 3-year average
    FALLING = "falling"  # 3: last year's result, not the average
    MANDATE = "mandate"  # 4: the mandated value at the top level
    UNIT_COST = "unit_cost"  # 5: what the budget buys
    BENCHMARK = "benchmark"  # 6: own result if better than the benchmark, else its average
    PROPORTION = "proportion"  # 7: the proportion as the baseline
    RANKING = "ranking"  # 8: the current rank


PATTERN_NUMBERS = {pattern: number for number, pattern in enumerate(Pattern, start=1)}


class Trend(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    FLUCTUATING = "fluctuating"


class TargetError(ValueError):
    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True, slots=True)
class Spacing:
    """The gap between neighbouring levels: an amount, or a percent of the anchor."""

    amount: Decimal
    percent: bool = False

    @classmethod
    def parse(cls, text: str) -> "Spacing":
        """`5%` (of the anchor) or `300` (in the indicator's unit)."""
        stripped = text.strip()
        percent = stripped.endswith("%")
        amount = to_decimal(stripped.removesuffix("%"))
        if amount is None or amount <= ZERO:
            raise TargetError(
                f"ช่วงห่าง '{text}' ต้องเป็นจำนวนบวก เช่น 5% หรือ 300",
                f"spacing '{text}' must be a positive amount such as 5% or 300",
            )
        return cls(amount, percent)

    def text(self) -> str:
        return f"{plain(self.amount)}%" if self.percent else plain(self.amount)


# GES's own assumptions where the sources say "as appropriate".
DEFAULT_SPACING = Spacing(Decimal(5), percent=True)
RANK_SPACING = Spacing(ONE)


@dataclass(frozen=True, slots=True)
class Suggestion:
    pattern: Pattern
    trend: Trend | None
    levels: int
    direction: Direction
    anchor: Decimal  # at level 3 or the standard target
    step: Decimal  # between neighbouring thresholds
    thresholds: tuple[Decimal, ...]  # from the lowest score's threshold up
    scores: tuple[Decimal, ...]
    reasoning: tuple[str, ...]
    reasoning_en: tuple[str, ...]
    assumptions: tuple[str, ...]
    assumptions_en: tuple[str, ...]

    def criteria(self) -> dict[str, object]:
        """Levels criteria ready for a document (docs/scoring.md)."""
        return {
            "kind": "levels",
            "direction": str(self.direction),
            "thresholds": [plain(value) for value in self.thresholds],
            "scores": [plain(score) for score in self.scores],
            "mode": "interpolate",
        }

    def to_json(self) -> dict[str, object]:
        return {
            "pattern": str(self.pattern),
            "pattern_number": PATTERN_NUMBERS[self.pattern],
            "trend": None if self.trend is None else str(self.trend),
            "levels": self.levels,
            "direction": str(self.direction),
            "anchor": plain(self.anchor),
            "spacing": plain(self.step),
            "thresholds": [plain(value) for value in self.thresholds],
            "scores": [plain(score) for score in self.scores],
            "criteria": self.criteria(),
            "reasoning": list(self.reasoning),
            "reasoning_en": list(self.reasoning_en),
            "assumptions": list(self.assumptions),
            "assumptions_en": list(self.assumptions_en),
        }


@dataclass(frozen=True, slots=True)
class _Plan:
    """Where a pattern puts the anchor, and why."""

    anchor: Decimal
    why: Phrase
    top: Decimal | None = None  # a mandated value at the top level


@dataclass(frozen=True, slots=True)
class _Request:
    values: tuple[Decimal, ...]
    levels: int
    direction: Direction
    mandate: Decimal | None
    budget: Decimal | None
    unit_cost: Decimal | None
    benchmark: tuple[Decimal, ...]
    proportion: tuple[Decimal, Decimal] | None
    decimals: int


def detect_trend(values: Sequence[Decimal]) -> Trend:
    """Over the last three results: steadily up, steadily down, or neither."""
    recent = list(values[-3:])
    steps = list(itertools.pairwise(recent))
    if steps and all(after > before for before, after in steps):
        return Trend.RISING
    if steps and all(after < before for before, after in steps):
        return Trend.FALLING
    return Trend.FLUCTUATING


@exact
def suggest_targets(
    baseline: Sequence[tuple[int, Decimal]],
    *,
    levels: int = 3,
    pattern: Pattern | None = None,
    direction: Direction = Direction.HIGHER,
    spacing: Spacing | None = None,
    mandate: Decimal | None = None,
    budget: Decimal | None = None,
    unit_cost: Decimal | None = None,
    benchmark: Sequence[Decimal] = (),
    proportion: tuple[Decimal, Decimal] | None = None,
    decimals: int = 2,
) -> Suggestion:
    """Thresholds for 3 or 5 levels from a baseline (years in B.E. and results).

    With no pattern the trend of the last three years chooses rising, fluctuating or falling.
    Raises TargetError (Thai and English) when the inputs cannot give a suggestion.
    """
    years = _checked_years(baseline, levels)
    values = tuple(value for _, value in baseline)
    trend = detect_trend(values) if len(values) >= 2 else None
    chosen = pattern or _pattern_for(trend)
    if chosen is Pattern.RANKING:
        direction = Direction.LOWER  # rank 1 is the best
        decimals = 0
    request = _Request(
        values,
        levels,
        direction,
        mandate,
        budget,
        unit_cost,
        tuple(benchmark),
        proportion,
        decimals,
    )
    plan = _PLANS[chosen](request)
    return _suggest(request, chosen, trend, plan, spacing, _baseline_phrase(years, values))


def _checked_years(baseline: Sequence[tuple[int, Decimal]], levels: int) -> list[int]:
    if levels not in (3, 5):
        raise TargetError("จำนวนระดับต้องเป็น 3 หรือ 5", "levels must be 3 or 5")
    years = [year for year, _ in baseline]
    if any(after <= before for before, after in itertools.pairwise(years)):
        raise TargetError(
            "ปีของข้อมูลพื้นฐานต้องเรียงจากน้อยไปมากและไม่ซ้ำ",
            "baseline years must ascend without repeats",
        )
    return years


def _pattern_for(trend: Trend | None) -> Pattern:
    if trend is None:
        raise TargetError(
            "ต้องมีข้อมูลพื้นฐานอย่างน้อย 2 ปีจึงจะดูแนวโน้มได้ หรือให้ระบุรูปแบบ (--pattern)",
            "a trend needs at least 2 years of baseline; or name a pattern (--pattern)",
        )
    return {
        Trend.RISING: Pattern.RISING,
        Trend.FALLING: Pattern.FALLING,
        Trend.FLUCTUATING: Pattern.FLUCTUATING,
    }[trend]


def _last(request: _Request, pattern: Pattern) -> Decimal:
    if not request.values:
        raise TargetError(
            f"รูปแบบ {pattern} ต้องมีข้อมูลพื้นฐานอย่างน้อย 1 ปี",
            f"pattern {pattern} needs at least one baseline year",
        )
    return request.values[-1]


def _plan_rising(request: _Request) -> _Plan:
    last = _last(request, Pattern.RISING)
    return _Plan(
        last,
        Phrase(
            f"รูปแบบที่ 1 (แนวโน้มเพิ่มขึ้น/ดีขึ้น): ใช้ผลการดำเนินงานปีล่าสุด {plain(last)}",
            f"Pattern 1 (rising trend): last year's result {plain(last)}",
        ),
    )


def _plan_falling(request: _Request) -> _Plan:
    last = _last(request, Pattern.FALLING)
    return _Plan(
        last,
        Phrase(
            f"รูปแบบที่ 3 (แนวโน้มลดลงต่อเนื่อง): ใช้ผลการดำเนินงานปีล่าสุด {plain(last)} ไม่ใช้ค่าเฉลี่ย",
            f"Pattern 3 (falling trend): last year's result {plain(last)}, not the average",
        ),
    )


def _plan_fluctuating(request: _Request) -> _Plan:
    _last(request, Pattern.FLUCTUATING)
    recent = request.values[-3:]
    total = sum(recent, ZERO)
    average = divide(total, Decimal(len(recent)))
    terms = " + ".join(plain(value) for value in recent)
    shown = plain(round_half_up(average, request.decimals))
    return _Plan(
        average,
        Phrase(
            f"รูปแบบที่ 2 (ขึ้นลงไม่แน่นอน): ใช้ค่าเฉลี่ย {len(recent)} ปีย้อนหลัง"
            f" ({terms}) ÷ {len(recent)} = {shown}",
            f"Pattern 2 (fluctuating): the {len(recent)}-year average ({terms}) ÷ {len(recent)}"
            f" = {shown}",
        ),
    )


def _plan_mandate(request: _Request) -> _Plan:
    mandate = _needed(request.mandate, "--mandate", "ค่าเป้าหมายตาม Mandate")
    last = _last(request, Pattern.MANDATE)
    better = mandate > last if request.direction is Direction.HIGHER else mandate < last
    if not better:
        raise TargetError(
            f"ค่าเป้าหมายตาม Mandate {plain(mandate)} ต้องดีกว่าผลปีล่าสุด {plain(last)}"
            " (ถ้าดีกว่าแล้ว ให้ใช้รูปแบบที่ 1)",
            f"the mandated value {plain(mandate)} must be better than last year's {plain(last)}"
            " (if it is not, use pattern 1)",
        )
    return _Plan(
        last,
        Phrase(
            f"รูปแบบที่ 4 (Mandate): ค่าที่รัฐบาลกำหนด {plain(mandate)} อยู่ที่ระดับสูงสุด"
            f" และระดับมาตรฐานไม่ต่ำกว่าผลปีล่าสุด {plain(last)}",
            f"Pattern 4 (mandate): the mandated {plain(mandate)} at the top level, the standard"
            f" level not below last year's {plain(last)}",
        ),
        top=mandate,
    )


def _plan_unit_cost(request: _Request) -> _Plan:
    budget = _needed(request.budget, "--budget", "งบประมาณ")
    unit_cost = _needed(request.unit_cost, "--unit-cost", "ต้นทุนต่อหน่วย")
    if unit_cost <= ZERO:
        raise TargetError("ต้นทุนต่อหน่วยต้องมากกว่า 0", "the unit cost must be above 0")
    output = divide(budget, unit_cost)
    shown = plain(round_half_up(output, request.decimals))
    return _Plan(
        output,
        Phrase(
            f"รูปแบบที่ 5 (ต้นทุนต่อหน่วย): งบประมาณ {plain(budget)} ÷ ต้นทุนต่อหน่วย"
            f" {plain(unit_cost)} = ผลผลิต {shown}",
            f"Pattern 5 (unit cost): budget {plain(budget)} ÷ unit cost {plain(unit_cost)}"
            f" = {shown} units of output",
        ),
    )


def _plan_benchmark(request: _Request) -> _Plan:
    if not request.benchmark:
        raise TargetError(
            "รูปแบบที่ 6 ต้องระบุผลของหน่วยงานเทียบเคียง (--benchmark)",
            "pattern 6 needs the benchmark agencies' results (--benchmark)",
        )
    own = _last(request, Pattern.BENCHMARK)
    average = divide(sum(request.benchmark, ZERO), Decimal(len(request.benchmark)))
    shown = plain(round_half_up(average, request.decimals))
    better = own > average if request.direction is Direction.HIGHER else own < average
    if better:
        return _Plan(
            own,
            Phrase(
                f"รูปแบบที่ 6.1 (Benchmark): ผลของตนเอง {plain(own)} ดีกว่าค่าเฉลี่ยของหน่วยงาน"
                f"เทียบเคียง {shown} จึงใช้ผลของตนเอง",
                f"Pattern 6.1 (benchmark): own result {plain(own)} beats the benchmark average"
                f" {shown}, so it is used",
            ),
        )
    return _Plan(
        average,
        Phrase(
            f"รูปแบบที่ 6.2 (Benchmark): ผลของตนเอง {plain(own)} ไม่ดีกว่าค่าเฉลี่ยของหน่วยงาน"
            f"เทียบเคียง {shown} จึงใช้ค่าเฉลี่ยนั้น",
            f"Pattern 6.2 (benchmark): own result {plain(own)} does not beat the benchmark"
            f" average {shown}, so the average is used",
        ),
    )


def _plan_proportion(request: _Request) -> _Plan:
    if request.proportion is None:
        last = _last(request, Pattern.PROPORTION)
        return _Plan(
            last,
            Phrase(
                f"รูปแบบที่ 7 (สัดส่วน): ใช้สัดส่วนปีล่าสุด ร้อยละ {plain(last)} เป็นข้อมูลพื้นฐาน",
                f"Pattern 7 (proportion): last year's proportion, {plain(last)}%, as the baseline",
            ),
        )
    first, second = request.proportion
    if first < ZERO or second < ZERO or first + second <= ZERO:
        raise TargetError("สัดส่วนต้องเป็นจำนวนไม่ติดลบ เช่น 70:30", "a proportion is like 70:30")
    share = divide(first * 100, first + second)
    shown = plain(round_half_up(share, request.decimals))
    return _Plan(
        share,
        Phrase(
            f"รูปแบบที่ 7 (สัดส่วน): สัดส่วน {plain(first)}:{plain(second)} คือร้อยละ {shown}"
            " ของส่วนแรก ใช้เป็นข้อมูลพื้นฐาน",
            f"Pattern 7 (proportion): {plain(first)}:{plain(second)} is {shown}% for the first"
            " part, used as the baseline",
        ),
    )


def _plan_ranking(request: _Request) -> _Plan:
    rank = _last(request, Pattern.RANKING)
    return _Plan(
        rank,
        Phrase(
            f"รูปแบบที่ 8 (การจัดอันดับ): อันดับเดิม {plain(rank)} อยู่ที่ระดับมาตรฐาน (อันดับยิ่งน้อยยิ่งดี)",
            f"Pattern 8 (ranking): the current rank {plain(rank)} at the standard level"
            " (a lower rank is better)",
        ),
    )


_PLANS = {
    Pattern.RISING: _plan_rising,
    Pattern.FLUCTUATING: _plan_fluctuating,
    Pattern.FALLING: _plan_falling,
    Pattern.MANDATE: _plan_mandate,
    Pattern.UNIT_COST: _plan_unit_cost,
    Pattern.BENCHMARK: _plan_benchmark,
    Pattern.PROPORTION: _plan_proportion,
    Pattern.RANKING: _plan_ranking,
}


def _needed(value: Decimal | None, option: str, thai: str) -> Decimal:
    if value is None:
        raise TargetError(f"ต้องระบุ{thai} ({option})", f"{option} is required")
    return value


def _suggest(
    request: _Request,
    pattern: Pattern,
    trend: Trend | None,
    plan: _Plan,
    spacing: Spacing | None,
    baseline: Phrase,
) -> Suggestion:
    reach = request.levels // 2  # levels above (and below) the anchor
    anchor, step, spacing_note = _spacing(request, pattern, plan, spacing, reach)
    sign = ONE if request.direction is Direction.HIGHER else -ONE
    thresholds = tuple(
        round_half_up(anchor + sign * position * step, request.decimals)
        for position in range(-reach, reach + 1)
    )
    _check_thresholds(thresholds, request.direction, pattern)
    scores = _scores(request.levels)
    names = ", ".join(
        f"{level_name(scores, index).th} {plain(value)}" for index, value in enumerate(thresholds)
    )
    names_en = ", ".join(
        f"{level_name(scores, index).en} {plain(value)}" for index, value in enumerate(thresholds)
    )
    lines = [baseline, _trend_phrase(trend, len(request.values[-3:])), plan.why, spacing_note.lead]
    lines.append(Phrase(f"เกณฑ์ที่เสนอ: {names}", f"Suggested thresholds: {names_en}"))
    rounding = Phrase(
        f"ปัดเศษครึ่งขึ้นเป็นทศนิยม {request.decimals} ตำแหน่ง",
        f"Thresholds are rounded half up to {request.decimals} decimals.",
    )
    return Suggestion(
        pattern,
        trend,
        request.levels,
        request.direction,
        round_half_up(anchor, request.decimals),
        round_half_up(step, request.decimals),
        thresholds,
        scores,
        tuple(line.th for line in lines if line.th),
        tuple(line.en for line in lines if line.en),
        (spacing_note.assumption.th, rounding.th),
        (spacing_note.assumption.en, rounding.en),
    )


@dataclass(frozen=True, slots=True)
class _SpacingNote:
    lead: Phrase  # how the spacing was computed
    assumption: Phrase  # that it is GES's own rule and how to change it


def _spacing(
    request: _Request, pattern: Pattern, plan: _Plan, spacing: Spacing | None, reach: int
) -> tuple[Decimal, Decimal, _SpacingNote]:
    if plan.top is not None:
        return _mandate_spacing(request, plan, plan.top, spacing, reach)
    chosen = spacing or (RANK_SPACING if pattern is Pattern.RANKING else DEFAULT_SPACING)
    anchor = round_half_up(plan.anchor, request.decimals)
    step = percent_of(abs(anchor), chosen.amount) if chosen.percent else chosen.amount
    if step <= ZERO:
        raise TargetError(
            "ช่วงห่างระหว่างเกณฑ์เป็น 0 (ค่ากลางเป็น 0) ให้ระบุช่วงห่างเป็นจำนวน เช่น --spacing 5",
            "the spacing comes out 0 (the anchor is 0); give an amount, e.g. --spacing 5",
        )
    how = (
        f"ร้อยละ {plain(chosen.amount)} ของ {plain(anchor)}"
        if chosen.percent
        else f"{plain(chosen.amount)} หน่วย"
    )
    how_en = (
        f"{plain(chosen.amount)}% of {plain(anchor)}"
        if chosen.percent
        else f"{plain(chosen.amount)} units"
    )
    shown = plain(round_half_up(step, request.decimals))
    lead = Phrase(
        f"ช่วงห่างระหว่างเกณฑ์ {shown} ({how})", f"Spacing between thresholds {shown} ({how_en})"
    )
    return anchor, step, _SpacingNote(lead, _assumption(spacing, chosen))


def _assumption(given: Spacing | None, used: Spacing) -> Phrase:
    if given is not None:
        return Phrase(
            f"ช่วงห่าง {used.text()} กำหนดโดยผู้ใช้ (เอกสารต้นทางให้กำหนดตามความเหมาะสม)",
            f"The spacing {used.text()} was set by the user (the sources leave it open).",
        )
    return Phrase(
        f"ช่วงห่าง {used.text()} เป็นสมมติฐานของ GES เอง เพราะเอกสารต้นทางไม่ได้กำหนดวิธีคำนวณ"
        " ช่วงห่างระหว่างระดับ ปรับได้ด้วย --spacing (เช่น --spacing 2% หรือ --spacing 300)",
        f"The spacing {used.text()} is GES's own assumption: the sources do not fix the gap"
        " between levels. Set it with --spacing (e.g. --spacing 2% or --spacing 300).",
    )


def _mandate_spacing(
    request: _Request, plan: _Plan, top: Decimal, spacing: Spacing | None, reach: int
) -> tuple[Decimal, Decimal, _SpacingNote]:
    last = plan.anchor
    anchor = last
    sign = ONE if request.direction is Direction.HIGHER else -ONE
    if spacing is not None:
        step = percent_of(abs(last), spacing.amount) if spacing.percent else spacing.amount
        proposed = top - sign * reach * step
        # Level 3 must not fall below last year's result (slide 33).
        anchor = proposed if sign * (proposed - last) >= ZERO else last
    step = divide(abs(top - anchor), Decimal(reach))
    shown = plain(round_half_up(step, request.decimals))
    lead = Phrase(
        f"ช่วงห่างระหว่างเกณฑ์ {shown}: แบ่งระยะจาก {plain(anchor)} ถึง {plain(top)}"
        f" เป็น {reach} ช่วงเท่ากัน",
        f"Spacing {shown}: {plain(anchor)} to {plain(top)} in {reach} equal steps",
    )
    if spacing is not None and anchor == last:
        lead = lead + Phrase(
            f" (ช่วงห่าง {spacing.text()} ทำให้ระดับมาตรฐานต่ำกว่าผลปีล่าสุด จึงใช้ผลปีล่าสุดแทน)",
            f" (spacing {spacing.text()} would put the standard level below last year's result,"
            " so last year's result is used)",
        )
    assumption = Phrase(
        "การแบ่งช่วงเท่ากันระหว่างระดับมาตรฐานกับค่า Mandate เป็นสมมติฐานของ GES เอง"
        " (เอกสารต้นทางให้กำหนดช่วงตามความเหมาะสม) ปรับได้ด้วย --spacing",
        "Equal steps between the standard level and the mandate are GES's own assumption"
        " (the sources say 'as appropriate'). Set them with --spacing.",
    )
    return anchor, step, _SpacingNote(lead, assumption)


def _check_thresholds(
    thresholds: tuple[Decimal, ...], direction: Direction, pattern: Pattern
) -> None:
    sign = ONE if direction is Direction.HIGHER else -ONE
    if any(sign * (after - before) <= ZERO for before, after in itertools.pairwise(thresholds)):
        raise TargetError(
            "ช่วงห่างเล็กเกินไปจนเกณฑ์ซ้ำกันเมื่อปัดเศษ ให้เพิ่มช่วงห่างหรือจำนวนทศนิยม",
            "the spacing is too small: thresholds coincide once rounded; widen it or add decimals",
        )
    if pattern is Pattern.RANKING and min(thresholds) < ONE:
        raise TargetError(
            "อันดับเป้าหมายดีกว่าอันดับ 1 ไม่ได้: ใช้ 3 ระดับ หรือกำหนดช่วงห่างให้น้อยลง",
            "a target rank cannot be better than 1: use 3 levels or a smaller spacing",
        )


def _scores(levels: int) -> tuple[Decimal, ...]:
    if levels == 3:
        return (Decimal(50), Decimal(75), Decimal(100))
    return tuple(Decimal(level) for level in range(1, 6))


def _baseline_phrase(years: list[int], values: tuple[Decimal, ...]) -> Phrase:
    if not years:
        return Phrase("", "")
    pairs = ", ".join(f"{year} = {plain(value)}" for year, value in zip(years, values, strict=True))
    return Phrase(f"ข้อมูลพื้นฐาน: {pairs}", f"Baseline: {pairs}")


def _trend_phrase(trend: Trend | None, years: int) -> Phrase:
    if trend is None:
        return Phrase("", "")
    words = {
        Trend.RISING: ("เพิ่มขึ้น", "rising"),
        Trend.FALLING: ("ลดลงต่อเนื่อง", "falling"),
        Trend.FLUCTUATING: ("ขึ้นลงไม่แน่นอน", "fluctuating"),
    }[trend]
    return Phrase(
        f"แนวโน้ม {years} ปีล่าสุด: {words[0]}", f"Trend over the last {years} years: {words[1]}"
    )
