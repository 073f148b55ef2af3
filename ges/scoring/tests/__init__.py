"""Tests of the scoring engine: tables of cases and properties, no database."""

from decimal import Decimal
from typing import Any

from ges.scoring import score_document
from ges.scoring.document import load_document, validate_document
from ges.scoring.traces import DocumentScore

THREE = {"kind": "levels", "thresholds": [80, 85, 90]}


def document(*indicators: dict[str, Any], **settings: Any) -> dict[str, Any]:
    """A document without components; the indicators' weights must add up to 100."""
    return {**settings, "indicators": list(indicators)}


def leaf(code: str, weight: int | str, criteria: dict[str, Any], result: Any = None, **extra: Any):
    return {"code": code, "weight": weight, "criteria": criteria, "result": result, **extra}


def scored(data: dict[str, Any]) -> DocumentScore:
    return score_document(load_document(data))


def paths(data: dict[str, Any]) -> list[str]:
    return [problem.path for problem in validate_document(data)]


def decimal(text: str) -> Decimal:
    return Decimal(text)
