"""GES scoring engine: pure Python on Decimal, no Django. Every score in GES comes from here.

Documents (docs/scoring.md):
    validate_document(data) -> list[Problem]          every problem, Thai + English, with paths
    load_document(data) -> Document                   raises InvalidDocument(problems)
    score_document(document) -> DocumentScore         exact numbers, lazy explanations
    document_json(scored) -> dict                     the published contract of `ges score`
    score_json(data) -> dict                          load + score + publish in one call
One criteria (the indicator editor):
    validate_criteria(criteria, scale=100, known_values={"prev"} or {"prev": 431.73})
    score_indicator(criteria, result, values=..., agency=..., conditions=...) -> WhatIf
Targets from baselines (seed 004's eight patterns):
    suggest_targets(baseline, levels=3, pattern=None, ...) -> Suggestion
"""

from ges.scoring.arithmetic import EXACT, exact, round_half_up
from ges.scoring.criteria import Criteria, Direction, Mode
from ges.scoring.document import Document, Indicator, load_document, validate_document
from ges.scoring.engine import score_document
from ges.scoring.explain import Phrase, explain
from ges.scoring.expressions import Expression, ExpressionError, parse_expression
from ges.scoring.problems import InvalidDocument, Problem
from ges.scoring.report import JSON, document_json, indicator_json
from ges.scoring.targets import Pattern, Spacing, Suggestion, TargetError, suggest_targets
from ges.scoring.traces import ComponentScore, DocumentScore, IndicatorScore
from ges.scoring.whatif import WhatIf, score_indicator, validate_criteria


@exact
def score_json(data: object) -> JSON:
    """Score a what-if document and publish it; raises InvalidDocument listing every problem."""
    return document_json(score_document(load_document(data)))


__all__ = [
    "EXACT",
    "JSON",
    "ComponentScore",
    "Criteria",
    "Direction",
    "Document",
    "DocumentScore",
    "Expression",
    "ExpressionError",
    "Indicator",
    "IndicatorScore",
    "InvalidDocument",
    "Mode",
    "Pattern",
    "Phrase",
    "Problem",
    "Spacing",
    "Suggestion",
    "TargetError",
    "WhatIf",
    "document_json",
    "exact",
    "explain",
    "indicator_json",
    "load_document",
    "parse_expression",
    "round_half_up",
    "score_document",
    "score_indicator",
    "score_json",
    "suggest_targets",
    "validate_criteria",
    "validate_document",
]
