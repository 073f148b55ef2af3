"""One criteria at a time: strict validation for the indicator editor and what-if scores."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from ges.scoring.arithmetic import HUNDRED, exact
from ges.scoring.criteria import Reading, parse_criteria
from ges.scoring.document import Exemption, Indicator, read_conditions, read_values
from ges.scoring.engine import score_alone
from ges.scoring.explain import explain
from ges.scoring.problems import InvalidDocument, Problem, Problems
from ges.scoring.resolve import read_result, resolve_criteria
from ges.scoring.schema import to_decimal
from ges.scoring.traces import IndicatorScore


@dataclass(frozen=True, slots=True)
class WhatIf:
    score: Decimal | None  # exact; None when the criteria exempt the agency
    explanation: str
    explanation_en: str
    scored: IndicatorScore


@exact
def validate_criteria(
    criteria: object,
    *,
    scale: Decimal | int = 100,
    known_values: Mapping[str, object] | Iterable[str] = (),
    agency: str | None = None,
) -> list[Problem]:
    """Every problem of one criteria object; paths are relative to it (`thresholds[1]`).

    `known_values` names the values thresholds may use (`{"prev"}`); given as a mapping
    (`{"prev": 431.73}`) the criteria are also resolved with them, so value-dependent
    problems (thresholds out of order, no group for the value) are found too.
    """
    problems = Problems()
    values = None
    if isinstance(known_values, str):
        known_values = [known_values]  # one name, not its letters
    if isinstance(known_values, Mapping):
        values = read_values(known_values, "known_values", problems)
        names = frozenset(str(name) for name in known_values)
    else:
        names = frozenset(known_values)
    parsed = parse_criteria(criteria, "", problems, Reading(_scale(scale), names))
    if parsed is not None and values is not None and not problems:
        resolve_criteria(parsed, agency=agency, values=values, path="", problems=problems)
    return list(problems)


@exact
def score_indicator(
    criteria: object,
    result: object,
    *,
    values: Mapping[str, object] | None = None,
    agency: str | None = None,
    conditions: object = (),
    scale: Decimal | int = 100,
    decimals: int | None = None,
    code: str = "-",
) -> WhatIf:
    """What one criteria gives one result ("what do we get if we reach 87.5?").

    Raises InvalidDocument listing every problem, with paths `criteria...`, `result`,
    `values...` and `conditions...`.
    """
    problems = Problems()
    full = _scale(scale)
    known = read_values(values or {}, "values", problems)
    checked = read_conditions(conditions, "conditions", problems, full)
    parsed = parse_criteria(criteria, "criteria", problems, Reading(full, frozenset(values or {})))
    indicator = None
    if parsed is not None and checked is not None:
        resolution = resolve_criteria(
            parsed, agency=agency, values=known, path="criteria", problems=problems
        )
        if resolution is not None and resolution.rule is None:
            indicator = Indicator(
                code, HUNDRED, choice=resolution.choice, exemption=Exemption.OVERRIDE
            )
        elif resolution is not None and resolution.rule is not None:
            read = read_result(resolution.rule, result, "result", problems)
            indicator = Indicator(
                code, HUNDRED, None, resolution.rule, resolution.choice, read, checked, values=known
            )
    if problems or indicator is None:
        raise InvalidDocument(list(problems))
    scored = score_alone(indicator)
    places = decimals if decimals is not None else (4 if full <= 5 else 3)
    phrase = explain(scored, decimals=places, weighted=False)
    return WhatIf(scored.score, phrase.th, phrase.en, scored)


def _scale(scale: Decimal | int) -> Decimal:
    number = to_decimal(scale)
    if number is None or number <= 0:
        raise ValueError(f"scale must be a positive number, not {scale!r}")
    return number
