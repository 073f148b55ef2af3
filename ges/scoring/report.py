"""The published form of a score: the JSON contract of `ges score` (docs/scoring.md)."""

from ges.scoring.arithmetic import exact, rounded
from ges.scoring.explain import explain
from ges.scoring.traces import DocumentScore, IndicatorScore

type JSON = dict[str, object]


@exact
def document_json(scored: DocumentScore) -> JSON:
    """Numbers as strings of Decimals rounded half up to the document's decimals."""
    decimals = scored.document.decimals
    return {
        "indicators": [indicator_json(item, decimals) for item in scored.indicators],
        "components": [
            {"code": component.code, "points": rounded(component.points, decimals)}
            for component in scored.components
        ],
        "total": rounded(scored.total, decimals),
        "level": scored.level,
    }


def indicator_json(
    item: IndicatorScore, decimals: int, parent: IndicatorScore | None = None
) -> JSON:
    explanation = explain(item, decimals=decimals, parent=parent)
    return {
        "code": item.indicator.code,
        "score": None if item.score is None else rounded(item.score, decimals),
        "weight": rounded(item.indicator.weight, decimals),
        "effective_weight": rounded(item.effective_weight, decimals),
        "points": rounded(item.points, decimals),
        "explanation": explanation.th,
        "explanation_en": explanation.en,
        "children": [indicator_json(child, decimals, item) for child in item.children],
    }
