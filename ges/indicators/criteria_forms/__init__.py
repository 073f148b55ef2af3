"""Criteria without writing JSON: fields for each kind, built into the scoring engine's format.

`CriteriaEditor` reads the fields of one kind (levels, milestone, pass/fail, points, hybrid,
groups), builds the criteria document the engine reads (docs/scoring.md), remembers which field
each part of the document came from, and puts every problem the engine finds next to that field.
`fields_for(criteria)` goes the other way, so saved criteria load back into the same fields:
fields -> JSON -> fields gives the same JSON. Nothing here computes a score: the what-if preview
and the target suggestions call the engine's public API.

A milestone step is identified by its text: the engine names steps by their ids in results and
explanations, and the text of a line is an id that stays the same when lines are added, removed
or moved, so results recorded against the other steps stay valid.

The modules: `base` (numbers as text, settings, rows, the path -> field map), one module per
kind (`levels`, `milestone`, `passfail`, `points`, `hybrid`, `groups`), `editor` (the page's
fields and the JSON editor), `whatif` (the what-if preview) and `suggest` (target suggestions).
"""

from ges.indicators.criteria_forms.base import EditorSettings, engine_text, english, rows_data
from ges.indicators.criteria_forms.editor import Checked, CriteriaEditor, fields_for
from ges.indicators.criteria_forms.suggest import (
    SuggestForm,
    main_baseline,
    suggest_for,
    suggested_levels,
)
from ges.indicators.criteria_forms.whatif import WhatIf, score_whatif, whatif_initial

__all__ = [
    "Checked",
    "CriteriaEditor",
    "EditorSettings",
    "SuggestForm",
    "WhatIf",
    "engine_text",
    "english",
    "fields_for",
    "main_baseline",
    "rows_data",
    "score_whatif",
    "suggest_for",
    "suggested_levels",
    "whatif_initial",
]
