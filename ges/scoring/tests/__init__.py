"""Tests of the scoring engine: tables of cases and properties, no database."""

from typing import Any

from ges.scoring import load_document, score_document
from ges.scoring.traces import DocumentScore


def document(*indicators: dict[str, Any], **settings: Any) -> dict[str, Any]:
    """A document without components; the indicators' weights must add up to 100."""
    return {**settings, "indicators": list(indicators)}


def leaf(
    code: str, weight: int | str, criteria: dict[str, Any], result: Any = None, **extra: Any
) -> dict[str, Any]:
    return {"code": code, "weight": weight, "criteria": criteria, "result": result, **extra}


def scored(data: dict[str, Any]) -> DocumentScore:
    return score_document(load_document(data))
