"""Forms for fiscal years, frameworks, components, rounds and standard indicators.

Bad input gets a message next to the field or row; the actions run only on valid data.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from ges.frameworks.actions import DEFINITION_FIELDS, AgencyValueRow, round_problems
from ges.frameworks.models import (
    Component,
    ExemptWeight,
    FiscalYear,
    Framework,
    FrameworkKind,
    Round,
    RoundKind,
    ScoringMode,
)
from ges.frameworks.structure import component_tree, descendant_ids, flatten
from ges.indicators.criteria_display import choose_for_agency, problem_text, value_names
from ges.indicators.models import AgencyValue, Direction, Indicator
from ges.lib.richtext import sanitize
from ges.orgs.models import Organization
from ges.scoring import validate_criteria

INDENT = "\u00a0\u00a0\u00a0"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def to_places(number: Decimal, places: int) -> Decimal:
    """A number with the decimal places its column keeps, so the audit log shows it as stored."""
    return number.quantize(Decimal(1).scaleb(-places))


# Fiscal years and frameworks -------------------------------------------------------------------


class FiscalYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        min_value=2500,
        max_value=2700,
        help_text=_("In the Buddhist Era: 2567 runs from 1 October 2023 to 30 September 2024."),
    )

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if FiscalYear.objects.filter(year=year).exists():
            raise forms.ValidationError(
                _("Fiscal year %(year)s already exists."), params={"year": year}
            )
        return year


class FrameworkSettingsForm(forms.Form):
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=255)
    name_en = forms.CharField(label=_("Name (English)"), max_length=255, required=False)
    scale = forms.DecimalField(
        label=_("Score scale"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.01"),
        initial=Decimal(100),
        help_text=_("100 for the 3-level criteria (FY2565 on), 5 for the 5-level scale."),
    )
    decimals = forms.IntegerField(
        label=_("Decimals shown"),
        min_value=0,
        max_value=6,
        initial=3,
        help_text=_("Totals show 3 decimals on the 100 scale, 4 on the 5-level scale."),
    )
    mode = forms.ChoiceField(
        label=_("Scoring between targets"),
        choices=ScoringMode.choices,
        initial=ScoringMode.INTERPOLATE,
    )
    below_first = forms.DecimalField(
        label=_("Score below the first target"),
        max_digits=6,
        decimal_places=2,
        min_value=Decimal(0),
        initial=Decimal(0),
        help_text=_("0 on the 100 scale; 0 or 1 on the 5-level scale."),
    )
    exempt_weight = forms.ChoiceField(
        label=_("Weight of an exempt indicator goes"),
        choices=ExemptWeight.choices,
        initial=ExemptWeight.COMPONENT,
    )

    def clean_scale(self) -> Decimal:
        return to_places(self.cleaned_data["scale"], 2)

    def clean_below_first(self) -> Decimal:
        return to_places(self.cleaned_data["below_first"], 2)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scale, below = data.get("scale"), data.get("below_first")
        if scale is not None and below is not None and below > scale:
            self.add_error(
                "below_first", _("The score below the first target cannot exceed the scale.")
            )
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.fields if name in SETTINGS_NAMES}

    @staticmethod
    def initial_for(framework: Framework) -> dict[str, Any]:
        return {name: getattr(framework, name) for name in SETTINGS_NAMES}


SETTINGS_NAMES = ("name_th", "name_en", "scale", "decimals", "mode", "below_first", "exempt_weight")


class FrameworkForm(FrameworkSettingsForm):
    """A new framework: its fiscal year and kind, then the settings."""

    fiscal_year = forms.ModelChoiceField(
        label=_("Fiscal year (B.E.)"), queryset=FiscalYear.objects.all(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("For"), choices=FrameworkKind.choices)
    field_order = ["fiscal_year", "kind"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, kind = data.get("fiscal_year"), data.get("kind")
        if (
            year is not None
            and kind
            and Framework.objects.filter(fiscal_year=year, kind=kind).exists()
        ):
            self.add_error("kind", _("This fiscal year already has a framework of this kind."))
        return data


class ResultLevelForm(forms.Form):
    minimum = forms.DecimalField(
        label=_("Minimum total"), max_digits=9, decimal_places=4, min_value=Decimal(0)
    )
    label = forms.CharField(label=_("Level"), max_length=255)


class BaseResultLevelFormSet(forms.BaseFormSet[ResultLevelForm]):
    """Result levels, highest first; the last one starts at 0 so every total has a level."""

    def clean(self) -> None:
        if live_errors(self):
            return
        rows = self.kept_forms()
        if not rows:
            raise forms.ValidationError(_("Give at least one result level."))
        previous: Decimal | None = None
        for form in rows:
            minimum = form.cleaned_data["minimum"]
            if previous is not None and minimum >= previous:
                form.add_error(
                    "minimum",
                    _("List the levels highest first: %(minimum)s must be below %(previous)s.")
                    % {"minimum": minimum.normalize(), "previous": previous.normalize()},
                )
            previous = minimum
        if previous is not None and previous != 0:
            rows[-1].add_error("minimum", _("The last level must start at 0."))

    def kept_forms(self) -> list[ResultLevelForm]:
        return [form for form in self.forms if form.has_changed() and not deleted(form)]

    def levels(self) -> list[list[Any]]:
        """As stored: [[minimum, label], ...] with whole numbers kept as JSON numbers."""
        return [
            [_json_number(form.cleaned_data["minimum"]), form.cleaned_data["label"].strip()]
            for form in self.kept_forms()
        ]


ResultLevelFormSet = cast(
    type[BaseResultLevelFormSet],
    forms.formset_factory(
        ResultLevelForm, formset=BaseResultLevelFormSet, extra=2, can_delete=True
    ),
)


def deleted(form: forms.Form) -> bool:
    """Whether a formset row was ticked for removal."""
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


def live_errors(formset: forms.BaseFormSet[Any]) -> bool:
    """Whether a row that is not being removed has errors (removed rows do not count)."""
    return any(form.errors for form in formset.forms if not deleted(form))


def _json_number(number: Decimal) -> int | str:
    return int(number) if number == number.to_integral_value() else format(number.normalize(), "f")


class SettingsEditor:
    """The settings form and the result levels rows, valid only together."""

    def __init__(self, data: Any, framework: Framework) -> None:
        self.form = FrameworkSettingsForm(
            data, initial=FrameworkSettingsForm.initial_for(framework)
        )
        # Rows start from the saved levels; posted rows stand on their own, so a row left
        # empty is skipped rather than compared with what was saved.
        initial = None
        if data is None:
            initial = [
                {"minimum": level[0], "label": level[1]} for level in framework.result_levels
            ]
        self.levels = ResultLevelFormSet(data, prefix="levels", initial=initial)

    def is_valid(self) -> bool:
        valid = self.form.is_valid() & self.levels.is_valid()
        if not valid:
            return False
        scale = self.form.cleaned_data["scale"]
        for form in self.levels.kept_forms():
            if form.cleaned_data["minimum"] > scale:
                form.add_error("minimum", _("A level cannot start above the scale."))
                valid = False
        return valid

    def values(self) -> dict[str, Any]:
        return {**self.form.values(), "result_levels": self.levels.levels()}


class CopyForm(forms.Form):
    to_year = forms.IntegerField(
        label=_("Copy to fiscal year (B.E.)"), min_value=2500, max_value=2700
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"to_year": framework.fiscal_year.year + 1})
        super().__init__(*args, **kwargs)
        self.framework = framework

    def clean_to_year(self) -> int:
        year: int = self.cleaned_data["to_year"]
        if year <= self.framework.fiscal_year.year:
            raise forms.ValidationError(_("Choose a later fiscal year."))
        clash = Framework.objects.filter(fiscal_year__year=year, kind=self.framework.kind)
        if clash.exists():
            raise forms.ValidationError(
                _("Fiscal year %(year)s already has a framework of this kind."),
                params={"year": year},
            )
        return year


# Components and rounds -------------------------------------------------------------------------


class ComponentForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("Short, e.g. PB or 1.1."))
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=255)
    name_en = forms.CharField(label=_("Name (English)"), max_length=255, required=False)
    weight = forms.DecimalField(
        label=_("Weight"), max_digits=7, decimal_places=3, min_value=Decimal(0),
        help_text=_("Points of the agency's 100; parts of a component share its weight."),
    )  # fmt: skip
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, initial=0)
    parent = forms.ChoiceField(label=_("Part of"), required=False)

    def __init__(
        self,
        *args: Any,
        framework: Framework,
        components: list[Component],
        component: Component | None = None,
        **kwargs: Any,
    ) -> None:
        if component is not None:
            kwargs.setdefault("initial", ComponentForm.initial_for(component))
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.component = component
        excluded = set()
        if component is not None:
            excluded = descendant_ids(components, component.pk) | {component.pk}
        nodes = [n for n in flatten(component_tree(components)) if n.component.pk not in excluded]
        self.parents = {str(node.component.pk): node.component for node in nodes}
        self.fields["parent"].choices = [  # type: ignore[attr-defined]
            ("", _("— top level —")),
            *((str(n.component.pk), f"{INDENT * n.depth}{n.component}") for n in nodes),
        ]

    @staticmethod
    def initial_for(component: Component) -> dict[str, Any]:
        return {
            "code": component.code,
            "name_th": component.name_th,
            "name_en": component.name_en,
            "weight": component.weight,
            "order": component.order,
            "parent": str(component.parent_id or ""),
        }

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        clash = Component.objects.filter(framework=self.framework, code=code)
        if self.component is not None:
            clash = clash.exclude(pk=self.component.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another component has code %(code)s."), params={"code": code}
            )
        return code

    def clean_parent(self) -> Component | None:
        value = self.cleaned_data["parent"]
        return self.parents[value] if value else None

    def clean_weight(self) -> Decimal:
        return to_places(self.cleaned_data["weight"], 3)

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("code", "name_th", "name_en", "weight", "order")
        }


class RoundForm(forms.Form):
    months = forms.TypedChoiceField(label=_("Round"), choices=RoundKind.choices, coerce=int)
    opens_on = forms.DateField(label=_("Opens on"), widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    grace_until = forms.DateField(
        label=_("Grace period until"), widget=DATE, required=False,
        help_text=_("Leave empty when there is no grace period."),
    )  # fmt: skip

    def __init__(
        self, *args: Any, framework: Framework, round_: Round | None = None, **kwargs: Any
    ) -> None:
        if round_ is not None:
            kwargs.setdefault(
                "initial",
                {
                    name: getattr(round_, name)
                    for name in ("months", "opens_on", "deadline", "grace_until")
                },
            )
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.round = round_

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens_on, deadline = data.get("opens_on"), data.get("deadline")
        if opens_on and deadline:
            if deadline < opens_on:
                self.add_error("deadline", round_problems(opens_on, deadline, None)[0])
            grace = data.get("grace_until")
            if grace and grace < deadline:
                self.add_error("grace_until", round_problems(deadline, deadline, grace)[0])
        months = data.get("months")
        if months:
            clash = self.framework.rounds.filter(months=months)
            if self.round is not None:
                clash = clash.exclude(pk=self.round.pk)
            if clash.exists():
                self.add_error("months", _("This framework already has a round of that length."))
        return data

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("months", "opens_on", "deadline", "grace_until")
        }


# Standard indicators ---------------------------------------------------------------------------


TEXT_AREA = forms.Textarea(attrs={"rows": 4})
RICH_FIELDS = (
    "description",
    "definitions",
    "scope",
    "data_collection",
    "data_source",
    "formula",
    "six_month_target",
    "benefits",
    "conditions",
    "criteria_note",
)


class StandardIndicatorForm(forms.Form):
    """The definition of a standard indicator; with `placement` (framework admins) also its
    number, weight, component, parent and owner."""

    number = forms.CharField(label=_("Number"), max_length=16)
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0)
    weight = forms.DecimalField(
        label=_("Weight"), max_digits=7, decimal_places=3, min_value=Decimal(0), initial=Decimal(0)
    )
    component = forms.ChoiceField(label=_("Component"), required=False)
    parent = forms.ChoiceField(label=_("Sub-indicator of"), required=False)
    owner = forms.CharField(
        label=_("Indicator owner (organisation code)"),
        max_length=32,
        required=False,
        help_text=_("The central agency that defines the indicator and supplies its results."),
    )
    name_th = forms.CharField(label=_("Name (Thai)"), widget=forms.Textarea(attrs={"rows": 2}))
    name_en = forms.CharField(
        label=_("Name (English)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    unit = forms.CharField(label=_("Unit"), max_length=64, required=False)
    direction = forms.ChoiceField(
        label=_("Direction"), choices=Direction.choices, initial=Direction.HIGHER
    )
    description = forms.CharField(label=_("Description"), widget=TEXT_AREA, required=False)
    definitions = forms.CharField(label=_("Definitions"), widget=TEXT_AREA, required=False)
    scope = forms.CharField(label=_("Scope of the evaluation"), widget=TEXT_AREA, required=False)
    data_collection = forms.CharField(
        label=_("Data collection method"), widget=TEXT_AREA, required=False
    )
    data_source = forms.CharField(label=_("Data source"), widget=TEXT_AREA, required=False)
    formula = forms.CharField(label=_("Formula"), widget=TEXT_AREA, required=False)
    six_month_target = forms.CharField(label=_("6-month target"), widget=TEXT_AREA, required=False)
    benefits = forms.CharField(label=_("Benefits to the public"), widget=TEXT_AREA, required=False)
    conditions = forms.CharField(label=_("Conditions"), widget=TEXT_AREA, required=False)
    criteria_note = forms.CharField(
        label=_("Note on the criteria"), widget=TEXT_AREA, required=False
    )

    PLACEMENT = ("number", "order", "weight", "component", "parent", "owner")

    def __init__(
        self,
        *args: Any,
        framework: Framework,
        indicator: Indicator | None = None,
        placement: bool,
        **kwargs: Any,
    ) -> None:
        if indicator is not None:
            kwargs.setdefault("initial", StandardIndicatorForm.initial_for(indicator))
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.indicator = indicator
        self.placement = placement
        for name in RICH_FIELDS:
            self.fields[name].help_text = _("Simple formatting (bold, lists, tables) is kept.")
        if not placement:
            for name in self.PLACEMENT:
                del self.fields[name]
            return
        components = flatten(component_tree(framework.components.all()))
        self.components = {str(node.component.pk): node.component for node in components}
        self.fields["component"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *(
                (pk, f"{INDENT * n.depth}{n.component}")
                for pk, n in zip(self.components, components, strict=True)
            ),
        ]
        tops = Indicator.objects.standard().top_level().filter(framework=framework)
        if indicator is not None:
            tops = tops.exclude(pk=indicator.pk)
        self.parents = {str(top.pk): top for top in tops}
        self.fields["parent"].choices = [  # type: ignore[attr-defined]
            ("", _("— none —")),
            *((pk, str(top)) for pk, top in self.parents.items()),
        ]

    @staticmethod
    def initial_for(indicator: Indicator) -> dict[str, Any]:
        initial = {name: getattr(indicator, name) for name in DEFINITION_FIELDS}
        initial.update(
            number=indicator.number,
            order=indicator.order,
            weight=indicator.weight,
            component=str(indicator.component_id or ""),
            parent=str(indicator.parent_id or ""),
            owner=indicator.owner.code if indicator.owner else "",
        )
        return initial

    def clean_number(self) -> str:
        number: str = self.cleaned_data["number"].strip()
        clash = Indicator.objects.standard().filter(framework=self.framework, number=number)
        if self.indicator is not None:
            clash = clash.exclude(pk=self.indicator.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another standard indicator has number %(number)s."), params={"number": number}
            )
        return number

    def clean_weight(self) -> Decimal:
        return to_places(self.cleaned_data["weight"], 3)

    def clean_component(self) -> Component | None:
        value = self.cleaned_data["component"]
        return self.components[value] if value else None

    def clean_parent(self) -> Indicator | None:
        value = self.cleaned_data["parent"]
        parent = self.parents[value] if value else None
        if parent is not None and self.indicator is not None and self.indicator.children.exists():
            raise forms.ValidationError(
                _("An indicator with sub-indicators cannot be a sub-indicator.")
            )
        return parent

    def clean_owner(self) -> Organization | None:
        code = self.cleaned_data["owner"].strip()
        if not code:
            return None
        owner = Organization.objects.filter(code=code, is_active=True).first()
        if owner is None:
            raise forms.ValidationError(
                _("There is no organisation with code %(code)s."), params={"code": code}
            )
        return owner

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in RICH_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = sanitize(data[name])
        for name in ("name_th", "name_en", "unit"):
            if isinstance(data.get(name), str):
                data[name] = data[name].strip()
        return data

    def values(self) -> dict[str, Any]:
        names = DEFINITION_FIELDS + (self.PLACEMENT if self.placement else ())
        return {name: self.cleaned_data[name] for name in names}


# Values an agency's group is chosen by ---------------------------------------------------------

# Values criteria may always name: `prev`, last year's result, which next year's framework
# receives for every agency when results are carried forward.
DEFAULT_VALUE_NAMES = frozenset({"prev"})


def known_value_names(framework: Framework) -> set[str]:
    names = AgencyValue.objects.filter(framework=framework).values_list("name", flat=True)
    return set(names.distinct()) | DEFAULT_VALUE_NAMES


def values_by_agency(framework: Framework) -> dict[str, dict[str, Decimal]]:
    """Every agency's values in `framework`, by organisation code."""
    values: dict[str, dict[str, Decimal]] = defaultdict(dict)
    rows = AgencyValue.objects.filter(framework=framework).values_list(
        "organization__code", "name", "value"
    )
    for code, name, value in rows:
        values[code][name] = value
    return dict(values)


def agency_problems(
    criteria: object, scale: Decimal, agencies: dict[str, dict[str, Decimal]]
) -> dict[str, list[str]]:
    """For each agency with a value the criteria use: what stops its criteria from resolving."""
    names = value_names(criteria)
    problems = {}
    for code, values in sorted(agencies.items()):
        if names & set(values):
            choice = choose_for_agency(criteria, code=code, values=values, scale=scale)
            if not choice.ok:
                problems[code] = choice.problems
    return problems


class CriteriaForm(forms.Form):
    criteria = forms.CharField(
        label=_("Criteria (JSON in the scoring engine's format)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false", "class": "code"}),
        help_text=_("Leave empty to remove the criteria."),
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        if indicator.criteria is not None:
            text = json.dumps(indicator.criteria, ensure_ascii=False, indent=2)
            kwargs.setdefault("initial", {"criteria": text})
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.framework = indicator.framework

    def clean_criteria(self) -> Any:
        text = self.cleaned_data["criteria"].strip()
        if not text:
            return None
        try:
            criteria = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("This is not valid JSON (line %(line)s, column %(column)s): %(message)s"),
                params={"line": error.lineno, "column": error.colno, "message": error.msg},
            ) from error
        scale = self.framework.scale
        problems = validate_criteria(
            criteria, scale=scale, known_values=known_value_names(self.framework)
        )
        messages = [problem_text(problem) for problem in problems]
        if not messages:
            by_agency = agency_problems(criteria, scale, values_by_agency(self.framework))
            messages = [f"{code} · {text}" for code, texts in by_agency.items() for text in texts]
        if messages:
            raise forms.ValidationError(messages)
        return criteria


@dataclass(frozen=True)
class ValueScope:
    """Which agency values a standard indicator's page shows and may write.

    Agency values belong to the framework, by name. The page of an indicator shows the names
    its criteria use and the names no standard indicator uses yet; a person who is not a
    framework admin does not get names that an indicator of another owner also uses.
    A new name may be added unless another indicator already uses it.
    """

    names: frozenset[str]
    taken: frozenset[str]  # names other indicators use, or already in the framework

    def may_use(self, name: str) -> bool:
        return name in self.names or name not in self.taken


def value_scope(indicator: Indicator, *, admin: bool) -> ValueScope:
    own = value_names(indicator.criteria)
    others: set[str] = set()
    other_owners: set[str] = set()
    siblings = Indicator.objects.standard().filter(framework=indicator.framework_id)
    for owner_id, criteria in siblings.exclude(pk=indicator.pk).values_list("owner_id", "criteria"):
        names = value_names(criteria)
        others |= names
        if owner_id != indicator.owner_id:
            other_owners |= names
    existing = set(
        AgencyValue.objects.filter(framework=indicator.framework_id)
        .values_list("name", flat=True)
        .distinct()
    )
    names = own | (existing - others)
    if not admin:
        names -= other_owners
    return ValueScope(frozenset(names), frozenset(existing | others))


class AgencyValueForm(forms.Form):
    agency = forms.CharField(label=_("Agency (code)"), max_length=32)
    name = forms.CharField(
        label=_("Value name"),
        max_length=64,
        validators=[
            RegexValidator(
                r"\A[A-Za-z_][A-Za-z0-9_]*\Z",
                _("Use English letters, digits and _ only, starting with a letter (e.g. prev)."),
            )
        ],
    )
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=6)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


class BaseAgencyValueFormSet(forms.BaseFormSet[AgencyValueForm]):
    """The values a standard indicator's page edits: each row an agency, a name and a value."""

    def __init__(self, *args: Any, indicator: Indicator, scope: ValueScope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.scope = scope
        self.rows: list[AgencyValueRow] = []

    @property
    def names(self) -> set[str]:
        """The names the saved rows replace: the page's scope and any new name."""
        return set(self.scope.names) | {row.name for row in self.rows}

    def clean(self) -> None:
        if live_errors(self):
            return
        kept = [form for form in self.forms if form.has_changed() and not deleted(form)]
        codes = {form.cleaned_data["agency"].strip() for form in kept}
        agencies = {org.code: org for org in Organization.objects.filter(code__in=codes)}
        seen: set[tuple[str, str]] = set()
        rows = []
        for form in kept:
            code = form.cleaned_data["agency"].strip()
            name = form.cleaned_data["name"]
            if code not in agencies:
                form.add_error(
                    "agency", _("There is no organisation with code %(code)s.") % {"code": code}
                )
            if not self.scope.may_use(name):
                form.add_error(
                    "name",
                    _(
                        "Another standard indicator uses %(name)s; change it on that indicator's page."
                    )
                    % {"name": name},
                )
            if (code, name) in seen:
                form.add_error(
                    "name", _("This agency already has a value named %(name)s.") % {"name": name}
                )
            seen.add((code, name))
            if not form.errors:
                data = form.cleaned_data
                rows.append(
                    AgencyValueRow(agencies[code], name, data["value"], data["note"].strip())
                )
        if live_errors(self):
            return
        self.rows = rows
        self._check_groups(kept)

    def _check_groups(self, kept: list[AgencyValueForm]) -> None:
        """Every agency's values must choose a group of this indicator's criteria."""
        criteria = self.indicator.criteria
        if not criteria:
            return
        framework = self.indicator.framework
        replaced = self.names
        agencies = {
            code: {name: value for name, value in values.items() if name not in replaced}
            for code, values in values_by_agency(framework).items()
        }
        for row in self.rows:
            agencies.setdefault(row.organization.code, {})[row.name] = row.value
        problems = agency_problems(criteria, framework.scale, agencies)
        for form in kept:
            for text in problems.get(form.cleaned_data["agency"].strip(), []):
                form.add_error("value", text)


AgencyValueFormSet = cast(
    type[BaseAgencyValueFormSet],
    forms.formset_factory(
        AgencyValueForm, formset=BaseAgencyValueFormSet, extra=3, can_delete=True
    ),
)
