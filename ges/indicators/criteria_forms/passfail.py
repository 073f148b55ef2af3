"""Pass / fail: nothing to fill in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ges.indicators.criteria_forms.base import (
    Builder,
    EditorSettings,
    JSONObject,
    Part,
    strict_keys,
)


class PassFailPart(Part):
    kind = "passfail"

    def build(self, builder: Builder) -> JSONObject:
        return {"kind": "passfail"}

    @classmethod
    def data_for(cls, criteria: Mapping[str, Any], settings: EditorSettings) -> dict[str, str]:
        strict_keys(criteria, ["kind"])
        return {"kind": cls.kind}

    @classmethod
    def defaults(cls, settings: EditorSettings) -> dict[str, str]:
        return {"kind": cls.kind}
