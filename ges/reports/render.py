"""The evaluation report as text (e-SAR's layout, seed 000) and as JSON.

`as_text` prints what e-SAR prints: รายงานผลการประเมิน, the agency, "/ parent", น้ำหนัก 100,
คะแนนการประเมิน (the total, when the engine could score the agency), สรุปผลการประเมิน (the
result level, or "-"), the round the scores come from when they are a round's (a line e-SAR
does not have, so an imported page without a round still prints back as it was), then each indicator's "รายละเอียดตัวชี้วัด" block with its evaluation
items and results. An imported page prints back line for line (ges.indicators.esar says what
is normalised). `as_json` gives the same report as a structure; numbers are strings, scores
rounded half up to the framework's decimals, and null where the engine has no score.
"""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

from ges.indicators import esar
from ges.lib import richtext
from ges.reports.builder import IndicatorReport, Report
from ges.reports.rounds import RoundSource
from ges.scoring import round_half_up

FORMAT = "ges.report/1"


def as_text(report: Report) -> str:
    header = esar.PageHeader(
        agency=report.agency_name_th,
        parent=report.parent_name_th,
        weight=esar.plain(report.weight),
        score=_rounded(report.total, report.decimals) or "",
        summary=report.level or "",
    )
    blocks = [indicator.block() for indicator in report.indicators]
    for block in (each for top in blocks for each in top.walk()):
        imported = bool(block.layout)
        block.fields = {
            name: plain_text(text, imported=imported) for name, text in block.fields.items()
        }
    lines = esar.header_lines(header)
    if report.round is not None:  # under the header, before its closing blank line
        lines.insert(len(lines) - 1, round_line(report.round))
    for block in (each for top in blocks for each in top.walk()):
        lines += esar.block_lines(block)
    return "\n".join(lines) + "\n"


def round_line(source: RoundSource) -> str:
    """Where the scores come from, in Thai as the rest of the e-SAR text."""
    state = "ผลการประเมินเป็นที่สุดแล้ว" if source.final else "อยู่ระหว่างการประเมิน"
    return f"คะแนนจากรอบการประเมิน {source.months} เดือน ({state})"


def plain_text(text: str, *, imported: bool = False) -> str:
    """Formatted text (lists, paragraphs, tables) as plain lines; other text as it is.

    In an imported indicator only text in the exact form GES stores formatted text converts,
    so words of a page that merely look like a tag print back as they were written.
    """
    if not richtext.has_markup(text) or (imported and richtext.sanitize(text) != text):
        return text
    reader = _PlainText()
    reader.feed(text)
    reader.close()
    lines = [line.rstrip() for line in "".join(reader.parts).split("\n")]
    return "\n".join(line for line in lines if line.strip())


class _PlainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list[Any]] = []  # [tag, items so far] of the lists we are in
        self.cells = 0

    def line_break(self) -> None:
        self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
            self.line_break()
        elif tag == "li":
            self.line_break()
            kind, count = self.lists[-1] if self.lists else ("ul", 0)
            if self.lists:
                self.lists[-1][1] = count + 1
            marker = f"{count + 1}. " if kind == "ol" else "- "
            self.parts.append("  " * max(len(self.lists) - 1, 0) + marker)
        elif tag in ("p", "table", "tr", "br"):
            self.line_break()
            self.cells = 0
        elif tag in ("td", "th"):
            if self.cells:
                self.parts.append(" | ")
            self.cells += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in ("ul", "ol", "li", "p", "tr", "table"):
            self.line_break()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def as_json(report: Report) -> dict[str, Any]:
    decimals = report.decimals
    return {
        "format": FORMAT,
        "agency": {
            "code": report.agency_code,
            "name_th": report.agency_name_th,
            "name_en": report.agency_name_en,
        },
        "parent": (
            {"code": report.parent_code, "name_th": report.parent_name_th}
            if report.parent_code
            else None
        ),
        "fiscal_year": report.year,
        "framework": {
            "kind": report.framework_kind,
            "name_th": report.framework_name_th,
            "scale": esar.plain(report.scale),
            "decimals": decimals,
        },
        "weight": esar.plain(report.weight),
        "score": _rounded(report.total, decimals),
        "level": report.level,
        "round": (
            {"months": report.round.months, "final": report.round.final}
            if report.round is not None
            else None
        ),
        "scoring_problems": [problem.to_json() for problem in report.problems],
        "components": [
            {
                "code": component.code,
                "name_th": component.name_th,
                "weight": esar.plain(component.weight),
                "score": _rounded(component.score, decimals),
            }
            for component in report.components
        ],
        "indicators": [_indicator(indicator, decimals) for indicator in report.indicators],
    }


def _indicator(indicator: IndicatorReport, decimals: int) -> dict[str, Any]:
    return {
        "number": indicator.number,
        "name_th": indicator.name_th,
        "name_en": indicator.name_en,
        "component": indicator.component or None,
        "weight": esar.plain(indicator.weight),
        "unit": indicator.unit,
        "direction": indicator.direction,
        "cascade": (
            {"kind": indicator.cascade, "strategic_kpi": indicator.strategic_kpi}
            if indicator.cascade
            else None
        ),
        "details": dict(indicator.details),
        "steps": [row.text for row in indicator.steps],
        "plan": [{"text": row.text, "months": row.months} for row in indicator.plan],
        "criteria": indicator.criteria,
        "items": [_item(order, item) for order, item in enumerate(indicator.items, start=1)],
        "result": _plain_json(indicator.result),
        "score": _rounded(indicator.score, decimals),
        "points": _rounded(indicator.points, decimals),
        "explanation": indicator.explanation or None,
        "explanation_en": indicator.explanation_en or None,
        "children": [_indicator(child, decimals) for child in indicator.children],
    }


def _item(order: int, item: esar.Item) -> dict[str, Any]:
    return {
        "order": order,
        "text": item.text,
        "kind": item.kind,
        "unit": item.unit,
        "result": {
            "passed": item.passed,
            "value": None if item.value is None else esar.plain(item.value),
            "text": item.written,
        },
        "display": esar.result_text(item),
    }


def _rounded(value: Decimal | None, decimals: int) -> str | None:
    return None if value is None else format(round_half_up(value, decimals), "f")


def _plain_json(value: object) -> object:
    """A result as JSON: Decimals become strings as people write them."""
    if isinstance(value, Decimal):
        return esar.plain(value)
    if isinstance(value, dict):
        return {key: _plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_json(item) for item in value]
    return value
