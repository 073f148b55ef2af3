"""Explanations of scores in Thai and English, showing the arithmetic.

Built on demand from what scoring recorded (traces.py). Each phrase is written in both
languages side by side so the two cannot drift apart.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ges.scoring.arithmetic import ZERO, exact, plain, rounded
from ges.scoring.criteria import Block, Direction, Milestone, Mode, ResolvedLevels, group_range
from ges.scoring.document import Exemption, Indicator
from ges.scoring.engine import trace_of
from ges.scoring.expressions import Name
from ges.scoring.resolve import GroupChoice, OverrideChoice
from ges.scoring.traces import (
    HybridTrace,
    IndicatorScore,
    LevelsTrace,
    MilestoneTrace,
    NoResult,
    PassFailTrace,
    PointsTrace,
    Trace,
)

THREE_LEVELS = {
    Decimal(50): ("เป้าหมายขั้นต้น", "the minimum target"),
    Decimal(75): ("เป้าหมายมาตรฐาน", "the standard target"),
    Decimal(100): ("เป้าหมายขั้นสูง", "the advanced target"),
}
# More fractional digits than this and a computed threshold is shown rounded.
SHOWN_DIGITS = 8


@dataclass(frozen=True, slots=True)
class Phrase:
    th: str
    en: str

    def __add__(self, other: "Phrase") -> "Phrase":
        return Phrase(self.th + other.th, self.en + other.en)


def joined(phrases: Iterable[Phrase], separator: str = " ") -> Phrase:
    parts = list(phrases)
    return Phrase(separator.join(p.th for p in parts), separator.join(p.en for p in parts))


@exact
def explain(
    item: IndicatorScore,
    *,
    decimals: int,
    parent: IndicatorScore | None = None,
    weighted: bool = True,
) -> Phrase:
    """Why `item` scored what it did and (when `weighted`) what it adds to the total."""
    if item.score is None:
        return _exempt(item, parent) if weighted else _exemption_reason(item, parent)
    body = _children(item, decimals) if item.children else _trace(item, decimals)
    parts = [body]
    conditions = _conditions(item, decimals)
    if conditions is not None:
        parts.append(conditions)
    if weighted:
        parts.append(_weight(item, decimals, parent))
    return joined(parts)


def _trace(item: IndicatorScore, decimals: int) -> Phrase:
    trace = trace_of(item)
    assert trace is not None  # a scored leaf always has a rule
    parts = []
    choice = _choice(item.indicator)
    if choice is not None:
        parts.append(choice)
    values = _expression_values(trace, item.indicator.values)
    if values is not None:
        parts.append(values)
    parts.append(trace_phrase(trace, decimals))
    return joined(parts)


def trace_phrase(trace: Trace, decimals: int) -> Phrase:
    match trace:
        case NoResult():
            return Phrase(
                f"ไม่มีผลการดำเนินงาน จึงได้ {rounded(trace.score, decimals)} คะแนน",
                f"No result was reported, so the score is {rounded(trace.score, decimals)}.",
            )
        case LevelsTrace():
            return _levels(trace, decimals, Phrase("ผลการดำเนินงาน", "The result"))
        case MilestoneTrace():
            return _milestone(trace, decimals)
        case PointsTrace():
            return _points(trace, decimals)
        case PassFailTrace():
            return _pass_fail(trace, decimals)
        case HybridTrace():
            return _hybrid(trace, decimals)


def level_name(scores: tuple[Decimal, ...], index: int) -> Phrase:
    """เป้าหมายขั้นต้น/มาตรฐาน/ขั้นสูง on the 50/75/100 scale, ระดับ 1-5 on the 5-level one."""
    score = scores[index]
    if all(value in THREE_LEVELS for value in scores):
        return Phrase(*THREE_LEVELS[score])
    if all(value == value.to_integral_value() and 1 <= value <= 5 for value in scores):
        return Phrase(f"ระดับ {plain(score)}", f"level {plain(score)}")
    return Phrase(f"เกณฑ์ที่ {index + 1}", f"threshold {index + 1}")


def _levels(trace: LevelsTrace, decimals: int, subject: Phrase) -> Phrase:
    rule = trace.rule
    result = _number(trace.result)
    score = rounded(trace.score, decimals)
    said = subject + Phrase(f" {result}", f" {result}")
    if rule.direction is Direction.LOWER:
        said = said + Phrase(" (ยิ่งน้อยยิ่งดี)", " (lower is better)")
    if trace.position < 0:
        first = _threshold(rule, 0)
        return said + Phrase(
            f" ยังไม่ถึง{first.th}: ได้ {score} คะแนน",
            f" does not reach {first.en}: score {score}.",
        )
    index = trace.position
    reached = _threshold(rule, index)
    if trace.result == rule.thresholds[index]:
        return said + Phrase(
            f" เท่ากับ{reached.th}: ได้ {score} คะแนน", f" equals {reached.en}: score {score}."
        )
    if index == len(rule.thresholds) - 1:
        return said + Phrase(
            f" ดีกว่า{reached.th} ซึ่งเป็นเกณฑ์สุดท้าย: ได้ {score} คะแนน",
            f" is beyond {reached.en}, the last threshold: score {score}.",
        )
    following = _threshold(rule, index + 1)
    if rule.mode is Mode.STEP:
        return said + Phrase(
            f" ถึง{reached.th} แต่ยังไม่ถึง{following.th} (คิดแบบขั้นบันได): ได้ {score} คะแนน",
            f" reaches {reached.en} but not {following.en} (step scoring): score {score}.",
        )
    formula = _interpolation(rule, trace.result, index)
    return said + Phrase(
        f" อยู่ระหว่าง{reached.th} และ{following.th}: {formula} = {score}",
        f" lies between {reached.en} and {following.en}: {formula} = {score}.",
    )


def _threshold(rule: ResolvedLevels, index: int) -> Phrase:
    name = level_name(rule.scores, index)
    value = _number(rule.thresholds[index])
    points = plain(rule.scores[index])
    if rule.scores[index] in THREE_LEVELS:
        return Phrase(f"{name.th} {value} ({points} คะแนน)", f"{name.en} {value} ({points} points)")
    if name.th.startswith("ระดับ"):
        return Phrase(f"{name.th} (ค่า {value})", f"{name.en} ({value})")
    return Phrase(
        f"{name.th} (ค่า {value}, {points} คะแนน)", f"{name.en} ({value}, {points} points)"
    )


def _interpolation(rule: ResolvedLevels, result: Decimal, index: int) -> str:
    low, high = rule.thresholds[index], rule.thresholds[index + 1]
    score, rise = rule.scores[index], rule.scores[index + 1] - rule.scores[index]
    if rule.direction is Direction.LOWER:
        # The same ratio, written with positive differences as people check it by hand.
        gap = f"({_number(low)} − {_number(result)}) ÷ ({_number(low)} − {_number(high)})"
    else:
        gap = f"({_number(result)} − {_number(low)}) ÷ ({_number(high)} − {_number(low)})"
    return f"{plain(score)} + {plain(rise)} × {gap}"


def _milestone(trace: MilestoneTrace, decimals: int) -> Phrase:
    rule = trace.rule
    scores = tuple(level.score for level in rule.levels)
    score = rounded(trace.score, decimals)
    done = _steps_done(rule, trace.done)
    if trace.reached < 0:
        missing = _missing(rule, 0, trace.done)
        name = level_name(scores, 0)
        return done + Phrase(
            f" ยังทำขั้นตอนของ{name.th}ไม่ครบ (ขาด: {missing}): ได้ {score} คะแนน",
            f" The steps of {name.en} are not all done (missing: {missing}): score {score}.",
        )
    name = level_name(scores, trace.reached)
    phrase = done + Phrase(
        f" ทำครบทุกขั้นตอนถึง{name.th}: ได้ {score} คะแนน",
        f" Every step up to {name.en} is done: score {score}",
    )
    if trace.reached + 1 < len(rule.levels):
        following = level_name(scores, trace.reached + 1)
        missing = _missing(rule, trace.reached + 1, trace.done)
        phrase = phrase + Phrase(
            f" ({following.th} ยังขาด: {missing})", f" ({following.en} still needs: {missing})"
        )
    return phrase + Phrase("", ".")


def _steps_done(rule: Milestone, done: frozenset[str]) -> Phrase:
    listed = [step for level in rule.levels for step in level.steps if step in done]
    if not listed:
        return Phrase("ยังไม่มีขั้นตอนที่ทำแล้ว", "No step is done yet.")
    return Phrase(f"ขั้นตอนที่ทำแล้ว: {', '.join(listed)}", f"Steps done: {', '.join(listed)}.")


def _missing(rule: Milestone, index: int, done: frozenset[str]) -> str:
    return ", ".join(step for step in rule.levels[index].steps if step not in done)


def _points(trace: PointsTrace, decimals: int) -> Phrase:
    blocks = trace.rule.blocks
    counted = [block for block, counts in zip(blocks, trace.counted, strict=True) if counts]
    skipped = [block for block, counts in zip(blocks, trace.counted, strict=True) if not counts]
    parts = []
    if counted:
        terms = " + ".join(f"{block.id} {plain(block.points)}" for block in counted)
        parts.append(
            Phrase(
                f"นับคะแนน: {terms} = {plain(trace.total)}",
                f"Counted: {terms} = {plain(trace.total)}",
            )
        )
    else:
        parts.append(Phrase("ยังไม่มีบล็อกใดนับคะแนนได้", "No block counts yet"))
    if skipped:
        parts.append(_skipped(skipped, trace))
    if trace.total > trace.rule.cap:
        total, cap = plain(trace.total), plain(trace.rule.cap)
        parts.append(
            Phrase(
                f"รวม {total} เกินคะแนนสูงสุด {cap} จึงนับ {cap}", f"the sum {total} is capped at {cap}"
            )
        )
    score = rounded(trace.score, decimals)
    return joined(parts, "; ") + Phrase(f": ได้ {score} คะแนน", f": score {score}.")


def _skipped(skipped: list[Block], trace: PointsTrace) -> Phrase:
    counting = {b.id for b, counts in zip(trace.rule.blocks, trace.counted, strict=True) if counts}
    reasons_th, reasons_en = [], []
    for block in skipped:
        waiting = [name for name in block.requires if name not in counting]
        if waiting:
            reasons_th.append(f"{block.id} (ต้องผ่าน {', '.join(waiting)} ก่อน)")
            reasons_en.append(f"{block.id} (needs {', '.join(waiting)} first)")
        else:
            reasons_th.append(f"{block.id} (ยังไม่ได้ทำ)")
            reasons_en.append(f"{block.id} (not done)")
    return Phrase(f"ไม่นับ: {', '.join(reasons_th)}", f"not counted: {', '.join(reasons_en)}")


def _pass_fail(trace: PassFailTrace, decimals: int) -> Phrase:
    score = rounded(trace.score, decimals)
    if trace.passed:
        return Phrase(f"ผลการดำเนินงาน: ผ่าน ได้ {score} คะแนน", f"The result passes: score {score}.")
    return Phrase(f"ผลการดำเนินงาน: ไม่ผ่าน ได้ {score} คะแนน", f"The result fails: score {score}.")


def _hybrid(trace: HybridTrace, decimals: int) -> Phrase:
    first = _threshold(trace.rule.measured, 0)
    if isinstance(trace.inner, LevelsTrace):
        return Phrase(
            f"ค่าที่วัดได้ถึง{first.th} ของเกณฑ์วัดผล จึงคิดตามเกณฑ์วัดผล: ",
            f"The measured value reaches {first.en} of the measured scale, so it is scored there: ",
        ) + _levels(trace.inner, decimals, Phrase("ค่าที่วัดได้", "the measured value"))
    if trace.value is None:
        lead = Phrase(
            "ไม่มีค่าที่วัดได้ จึงคิดตามขั้นความสำเร็จ (milestone):",
            "No measured value was reported, so the milestones score it:",
        )
    else:
        lead = Phrase(
            f"ค่าที่วัดได้ {_number(trace.value)} ยังไม่ถึง{first.th} ของเกณฑ์วัดผล"
            " จึงคิดตามขั้นความสำเร็จ (milestone):",
            f"The measured value {_number(trace.value)} does not reach {first.en}, so the "
            "milestones score it:",
        )
    return joined([lead, _milestone(trace.inner, decimals)])


def _choice(indicator: Indicator) -> Phrase | None:
    choice = indicator.choice
    if isinstance(choice, OverrideChoice):
        return Phrase(
            f"ใช้เกณฑ์เฉพาะของหน่วยงาน {choice.agency}",
            f"The criteria set for {choice.agency} apply.",
        )
    if isinstance(choice, GroupChoice):
        where = group_range(choice.group, choice.by)
        value = f"{choice.by} = {_number(choice.value)}"
        return Phrase(
            f"ใช้เกณฑ์กลุ่มที่ {choice.index + 1} ({where}; {value})",
            f"Group {choice.index + 1} applies ({where}; {value}).",
        )
    return None


def _expression_values(trace: Trace, values: Mapping[str, Decimal]) -> Phrase | None:
    rule = _levels_rule(trace)
    if rule is None or all(source.constant is not None for source in rule.sources):
        return None
    names = sorted({name for source in rule.sources for name in source.names})
    known = "; ".join(f"{name} = {_number(values[name])}" for name in names)
    computed = "; ".join(
        f"{source.text} = {_number(value)}"
        for source, value in zip(rule.sources, rule.thresholds, strict=True)
        if source.constant is None and not isinstance(source.node, Name)
    )
    if not computed:
        return Phrase(f"ค่าที่ใช้: {known}", f"Values: {known}.")
    return Phrase(f"ค่าที่ใช้: {known}; เกณฑ์: {computed}", f"Values: {known}; thresholds: {computed}.")


def _levels_rule(trace: Trace) -> ResolvedLevels | None:
    if isinstance(trace, LevelsTrace):
        return trace.rule
    if isinstance(trace, HybridTrace):
        return trace.rule.measured
    return None


def _conditions(item: IndicatorScore, decimals: int) -> Phrase | None:
    conditions = item.indicator.conditions
    failed = [condition for condition in conditions if not condition.met]
    if not conditions:
        return None
    if not failed:
        return Phrase(
            f"เป็นไปตามเงื่อนไขครบ {len(conditions)} ข้อ", f"All {len(conditions)} conditions are met."
        )
    labels = ", ".join(f"“{condition.label}”" for condition in failed)
    cap = min(condition.cap for condition in failed)
    score = rounded(item.score or ZERO, decimals)
    return Phrase(
        f"แต่เงื่อนไข {labels} ไม่เป็นไปตามที่กำหนด คะแนนจึงไม่เกิน {plain(cap)}: ได้ {score} คะแนน",
        f"But the condition {labels} is not met, so the score is at most {plain(cap)}: {score}.",
    )


def _children(item: IndicatorScore, decimals: int) -> Phrase:
    terms = " + ".join(
        f"{rounded(child.effective_weight, decimals)} × {rounded(child.score, decimals)}"
        for child in item.children
        if child.score is not None
    )
    average = rounded(item.before_conditions or ZERO, decimals)
    exempt = [child.indicator.code for child in item.children if child.score is None]
    phrase = Phrase(
        f"คะแนนเฉลี่ยถ่วงน้ำหนักของตัวชี้วัดย่อย: ({terms}) ÷ 100 = {average}",
        f"The weighted average of the sub-indicators: ({terms}) ÷ 100 = {average}",
    )
    if exempt:
        codes = ", ".join(exempt)
        phrase = phrase + Phrase(f" (ยกเว้น {codes})", f" ({codes} exempt)")
    return phrase + Phrase("", ".")


def _weight(item: IndicatorScore, decimals: int, parent: IndicatorScore | None) -> Phrase:
    weight = plain(item.indicator.weight)
    effective = rounded(item.effective_weight, decimals)
    points = rounded(item.points, decimals)
    score = rounded(item.score or ZERO, decimals)
    whole = (
        Phrase("คะแนนรวม", "the total")
        if parent is None
        else Phrase(
            f"คะแนนตัวชี้วัด {parent.indicator.code}", f"indicator {parent.indicator.code}'s score"
        )
    )
    if not item.share:
        return Phrase(
            f"น้ำหนัก {weight}: คิดเป็น {points} คะแนนของ{whole.th} ({weight} × {score} ÷ 100)",
            f"Weight {weight}: {points} points of {whole.en} ({weight} × {score} ÷ 100).",
        )
    moved = " × ".join(f"{plain(part)} ÷ {plain(whole_)}" for part, whole_ in item.share)
    return Phrase(
        f"น้ำหนัก {weight} ปรับเป็น {weight} × {moved} = {effective}"
        " เพราะได้รับน้ำหนักของตัวชี้วัดที่ได้รับการยกเว้น:"
        f" คิดเป็น {points} คะแนนของ{whole.th} ({effective} × {score} ÷ 100)",
        f"Weight {weight} becomes {weight} × {moved} = {effective} with the weight of exempt "
        f"indicators: {points} points of {whole.en} ({effective} × {score} ÷ 100).",
    )


def _exempt(item: IndicatorScore, parent: IndicatorScore | None) -> Phrase:
    reason = _exemption_reason(item, parent)
    weight = plain(item.indicator.weight)
    if parent is not None and parent.score is None:
        return reason  # the whole parent is out; nothing moves between its children
    if parent is not None:
        code = parent.indicator.code
        receivers = Phrase(f"ตัวชี้วัดย่อยอื่นของตัวชี้วัด {code}", f"the other sub-indicators of {code}")
    elif item.agency_wide or item.indicator.component is None:
        receivers = Phrase("ตัวชี้วัดอื่นทั้งหมดของหน่วยงาน", "all the agency's other indicators")
    else:
        component = item.indicator.component
        receivers = Phrase(
            f"ตัวชี้วัดอื่นในองค์ประกอบ {component}", f"the other indicators of component {component}"
        )
    return reason + Phrase(
        f" น้ำหนัก {weight} โอนให้{receivers.th} ตามสัดส่วนน้ำหนัก",
        f" Its weight {weight} goes to {receivers.en} in proportion to their weights.",
    )


def _exemption_reason(item: IndicatorScore, parent: IndicatorScore | None) -> Phrase:
    exemption = item.indicator.exemption
    if exemption is Exemption.OVERRIDE and isinstance(item.indicator.choice, OverrideChoice):
        agency = item.indicator.choice.agency
        return Phrase(
            f"หน่วยงาน {agency} ได้รับการยกเว้นตามเกณฑ์ของตัวชี้วัดนี้ ไม่ต้องประเมิน",
            f"The criteria exempt {agency} from this indicator.",
        )
    if exemption is Exemption.CHILDREN:
        return Phrase("ตัวชี้วัดย่อยทุกตัวได้รับการยกเว้น", "Every sub-indicator is exempt.")
    if exemption is None and parent is not None:
        code = parent.indicator.code
        return Phrase(f"ตัวชี้วัด {code} ได้รับการยกเว้นทั้งตัว", f"Indicator {code} is exempt as a whole.")
    return Phrase("ได้รับการยกเว้น ไม่ต้องประเมินตัวชี้วัดนี้", "Exempt: this indicator is not evaluated.")


def _number(value: Decimal) -> str:
    """An input or threshold as written; a long computed one rounded and marked ≈."""
    text = plain(value)
    if "." in text and len(text.split(".")[1]) > SHOWN_DIGITS:
        text = "≈" + rounded(value, SHOWN_DIGITS).rstrip("0").rstrip(".")
    return f"({text.replace('-', '−')})" if value < 0 else text
