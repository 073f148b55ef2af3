"""The what-if: a result typed or ticked for the criteria on screen, scored by the engine."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ges import scoring
from ges.indicators.criteria_forms.base import (
    Data,
    EditorSettings,
    Shown,
    engine_text,
    json_number,
    plain,
)
from ges.indicators.criteria_forms.editor import PARTS, Checked
from ges.indicators.models import AgencyValue, Indicator


def _done_choices(criteria: object) -> list[str] | None:
    """What a person ticks for milestone, hybrid and points criteria; None for a number."""
    if not isinstance(criteria, Mapping):
        return None
    kind = criteria.get("kind")
    if kind == "hybrid":
        return _done_choices(criteria.get("milestones")) or []
    if kind == "milestone":
        levels = criteria.get("levels")
        steps = [
            step
            for level in (levels if isinstance(levels, list) else [])
            if isinstance(level, Mapping) and isinstance(level.get("steps"), list)
            for step in level["steps"]
            if isinstance(step, str) and step
        ]
        return list(dict.fromkeys(steps))
    if kind == "points":
        blocks = criteria.get("blocks")
        names: list[str] = []
        for block in blocks if isinstance(blocks, list) else []:
            if not isinstance(block, Mapping):
                continue
            parts = block.get("items")
            if isinstance(parts, list) and parts:
                names.extend(str(part) for part in parts if part)
            elif block.get("id"):
                names.append(str(block["id"]))
        return list(dict.fromkeys(names))
    return None


def _getlist(data: Data, name: str) -> list[str]:
    getlist: Callable[[str], list[str]] | None = getattr(data, "getlist", None)
    if getlist is not None:
        return [str(value) for value in getlist(name)]
    value = data.get(name)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


@dataclass
class WhatIf:
    """The what-if inputs: a number, ticked steps or blocks, or pass / fail."""

    kind: str
    result: str = ""
    passed: str = "pass"
    done: list[str] = field(default_factory=list)
    choices: list[str] | None = None
    by: str = ""
    value: str = ""
    agency: str = ""

    @classmethod
    def read(cls, data: Data, criteria: object, initial: Mapping[str, str] | None = None) -> WhatIf:
        kind = criteria.get("kind") if isinstance(criteria, Mapping) else None
        by = criteria.get("by") if isinstance(criteria, Mapping) else None
        choices = _done_choices(criteria)
        given = any(name.startswith("whatif-") for name in data)
        values = dict(initial or {})

        def typed(name: str) -> str:
            if given:
                return str(data.get(f"whatif-{name}", "")).strip()
            return values.get(name, "")

        done = _getlist(data, "whatif-done") if given else []
        return cls(
            kind=kind if isinstance(kind, str) and kind in PARTS else "levels",
            result=typed("result"),
            passed=typed("passed") or "pass",
            done=[name for name in done if choices is not None and name in choices],
            choices=choices,
            by=str(by) if isinstance(by, str) else "",
            value=typed("value"),
            agency=typed("agency"),
        )

    @property
    def signature(self) -> str:
        shape = json.dumps([self.kind, self.by, self.choices], ensure_ascii=False)
        return hashlib.sha256(shape.encode()).hexdigest()[:16]

    @property
    def wants_number(self) -> bool:
        return self.kind in ("levels", "groups")

    def result_json(self) -> object:
        if self.kind == "passfail":
            return self.passed == "pass"
        if self.choices is not None:
            result: dict[str, object] = {"done": self.done}
            if self.kind == "hybrid" and self.result:
                result["value"] = json_number(self.result)
            return result
        return json_number(self.result) if self.result else None


def whatif_initial(indicator: Indicator, criteria: object) -> dict[str, str]:
    """An agency's own indicator starts its what-if with the agency's value and code."""
    organization = indicator.organization
    if organization is None or not isinstance(criteria, Mapping) or "by" not in criteria:
        return {}
    value = (
        AgencyValue.objects.filter(
            framework_id=indicator.framework_id, organization=organization, name=criteria["by"]
        )
        .values_list("value", flat=True)
        .first()
    )
    return {"agency": organization.code, "value": plain(value) if value is not None else ""}


@dataclass
class Preview:
    score: str = ""
    explanation: str = ""
    exempt: bool = False
    hint: str = ""
    problems: list[Shown] = field(default_factory=list)


def score_whatif(checked: Checked, whatif: WhatIf, settings: EditorSettings) -> Preview:
    """The engine's score and explanation for the what-if, or why there is none."""
    if not checked.valid:
        return Preview(problems=checked.problems)
    if whatif.wants_number and not whatif.result:
        return Preview(hint=_("Type a result to see its score."))
    values = None
    if whatif.kind == "groups":
        if not whatif.value:
            return Preview(
                hint=_("Type the agency's value of %(name)s to choose its group.")
                % {"name": whatif.by}
            )
        values = {whatif.by: json_number(whatif.value)}
    try:
        outcome = scoring.score_indicator(
            checked.criteria,
            whatif.result_json(),
            values=values,
            agency=whatif.agency or None,
            scale=settings.scale,
            decimals=settings.decimals,
        )
    except scoring.InvalidDocument as error:
        return Preview(problems=[_whatif_problem(problem, checked) for problem in error.problems])
    explanation = engine_text(outcome.explanation, outcome.explanation_en)
    if outcome.score is None:
        return Preview(explanation=explanation, exempt=True)
    score = scoring.round_half_up(outcome.score, settings.decimals)
    return Preview(score=format(score, "f"), explanation=explanation)


def _whatif_problem(problem: scoring.Problem, checked: Checked) -> Shown:
    message = engine_text(problem.message, problem.message_en)
    if problem.path.startswith("criteria"):
        spot = checked.builder.spot(problem.path.removeprefix("criteria").lstrip("."))
        return Shown(message, spot.place if spot else problem.path)
    if problem.path.startswith("values"):
        return Shown(message, _("Value"))
    return Shown(message, _("Result"))
