"""Forms for an agency's indicators: the edge where typed text is checked and formatted text
is sanitised. Each section of the indicator page has its form; row sections are formsets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ges.frameworks.models import Component, Framework
from ges.indicators.criteria_display import number_text
from ges.indicators.models import Cascade, Direction, Indicator, ItemKind
from ges.indicators.page import PLAN_MONTHS, number_in, plan_months
from ges.lib import richtext
from ges.orgs.models import Organization

FORMATTED_HELP = _(
    "Plain text, or simple formatting: paragraphs, lists, bold, italic, underline, tables, "
    "superscript and subscript. Anything else is removed when you save."
)
INDENT = "\u00a0\u00a0\u00a0"


class FormattedTextField(forms.CharField):
    """Text that may hold a few simple HTML tags; anything else is stripped on the way in."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        kwargs.setdefault("help_text", FORMATTED_HELP)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text: str = super().clean(value)
        return richtext.sanitize(text)


class VersionForm(forms.Form):
    """The indicator's `updated_at` when the form was opened: a save on an older one is refused."""

    version = forms.CharField(widget=forms.HiddenInput)

    def clean_version(self) -> dt.datetime:
        text: str = self.cleaned_data["version"]
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(
                _("This form is out of date. Open the indicator again and repeat your change.")
            ) from None
        if moment.tzinfo is None:
            raise forms.ValidationError(
                _("This form is out of date. Open the indicator again and repeat your change.")
            )
        return moment


def version_of(indicator: Indicator) -> str:
    return indicator.updated_at.isoformat()


# The indicator's own fields ---------------------------------------------------------------------


def component_choices(components: Iterable[Component]) -> list[tuple[str, str]]:
    """The framework's components in tree order, sub-components indented."""
    rows = list(components)
    by_parent: dict[int | None, list[Component]] = {}
    ids = {component.pk for component in rows}
    for component in rows:
        parent = component.parent_id if component.parent_id in ids else None
        by_parent.setdefault(parent, []).append(component)
    choices: list[tuple[str, str]] = [("", "---------")]

    def walk(parent: int | None, depth: int) -> None:
        for component in sorted(by_parent.get(parent, []), key=lambda c: (c.order, c.code)):
            choices.append((str(component.pk), f"{INDENT * depth}{component.name}"))
            walk(component.pk, depth + 1)

    walk(None, 0)
    return choices


class HeadingForm(forms.Form):
    """Number, name, component, weight, responsible unit, unit, direction."""

    number = forms.CharField(
        label=_("Number"), max_length=16, help_text=_("As in the agreement: 1, 2, 4.1 ...")
    )
    name_th = forms.CharField(
        label=_("Name (Thai)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    name_en = forms.CharField(
        label=_("Name (English)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    component = forms.TypedChoiceField(label=_("Component"), coerce=int, required=False)
    weight = forms.DecimalField(
        label=_("Weight"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=7,
        decimal_places=3,
        help_text=_("Points of the agency's 100; for a sub-indicator, its share of the parent."),
    )
    responsible_unit = forms.TypedChoiceField(
        label=_("Responsible unit"), coerce=int, required=False
    )
    responsible_unit_name = forms.CharField(
        label=_("Responsible unit, if it is not in the list"), max_length=255, required=False
    )
    unit = forms.CharField(
        label=_("Unit of the result"),
        max_length=64,
        required=False,
        help_text=_("For example ร้อยละ, คะแนน, หน่วยงาน."),
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)

    def __init__(
        self,
        *args: Any,
        framework: Framework,
        agency: Organization | None,
        instance: Indicator | None = None,
        parent: Indicator | None = None,
        components: Iterable[Component] = (),
        units: QuerySet[Organization] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.agency = agency
        self.instance = instance
        self.parent = parent if parent is not None else (instance.parent if instance else None)
        self.components = {component.pk: component for component in components}
        component_field = self.fields["component"]
        assert isinstance(component_field, forms.TypedChoiceField)
        component_field.choices = component_choices(self.components.values())
        if self.parent is not None or not self.components:
            del self.fields["component"]
        self.units = {unit.pk: unit for unit in (units if units is not None else [])}
        unit_field = self.fields["responsible_unit"]
        assert isinstance(unit_field, forms.TypedChoiceField)
        unit_field.choices = [
            ("", "---------"),
            *((str(unit.pk), unit.name) for unit in self.units.values()),
        ]

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict[str, Any]:
        return {
            "number": indicator.number,
            "name_th": indicator.name_th,
            "name_en": indicator.name_en,
            "component": indicator.component_id or "",
            "weight": number_text(indicator.weight),
            "responsible_unit": indicator.responsible_unit_id or "",
            "responsible_unit_name": indicator.responsible_unit_name,
            "unit": indicator.unit,
            "direction": indicator.direction,
        }

    def clean_number(self) -> str:
        number: str = self.cleaned_data["number"].strip()
        if any(character.isspace() for character in number):
            raise forms.ValidationError(_("Write the number without spaces, e.g. 4.1."))
        clash = Indicator.objects.filter(framework=self.framework, number=number)
        if self.agency is None:
            clash = clash.filter(organization__isnull=True)
        else:
            clash = clash.filter(organization=self.agency)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another indicator of this year already has number %(number)s."),
                params={"number": number},
            )
        return number

    def clean_component(self) -> Component | None:
        value = self.cleaned_data.get("component")
        if value in (None, ""):
            raise forms.ValidationError(_("Choose the component the indicator belongs to."))
        component = self.components.get(int(value))
        if component is None:
            raise forms.ValidationError(_("Choose one of the framework's components."))
        return component

    def clean_responsible_unit(self) -> Organization | None:
        value = self.cleaned_data.get("responsible_unit")
        if value in (None, ""):
            return None
        unit = self.units.get(int(value))
        if unit is None:
            raise forms.ValidationError(_("Choose one of the agency's units."))
        return unit

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "number",
                "name_th",
                "name_en",
                "weight",
                "responsible_unit",
                "responsible_unit_name",
                "unit",
                "direction",
            )
        }
        values["name_th"] = values["name_th"].strip()
        values["name_en"] = values["name_en"].strip()
        if self.parent is not None:
            values["component"] = self.parent.component
        elif "component" in self.fields:
            values["component"] = data["component"]
        else:
            values["component"] = None
        return values


class TextPartsForm(forms.Form):
    """Formatted text fields of the indicator; subclasses list which."""

    field_names: tuple[str, ...] = ()

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict[str, Any]:
        return {name: getattr(indicator, name) for name in cls.field_names}

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.field_names}


class DescriptionForm(TextPartsForm):
    """คำอธิบาย: what the indicator means, how it is measured, and its cascade link."""

    field_names = (
        "description",
        "definitions",
        "scope",
        "data_collection",
        "data_source",
        "formula",
        "cascade",
        "strategic_kpi",
    )
    description = FormattedTextField(label=_("Description"))
    definitions = FormattedTextField(label=_("Definitions"))
    scope = FormattedTextField(label=_("Scope of the evaluation"))
    data_collection = FormattedTextField(label=_("Data collection method"))
    data_source = FormattedTextField(label=_("Data source"))
    formula = FormattedTextField(label=_("Formula"))
    cascade = forms.ChoiceField(label=_("Cascade"), choices=Cascade.choices, required=False)
    strategic_kpi = forms.CharField(
        label=_("Strategic KPI it cascades from"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        cascade = self.cleaned_data.get("cascade", "")
        kpi = self.cleaned_data.get("strategic_kpi", "").strip()
        self.cleaned_data["strategic_kpi"] = kpi
        if cascade and not kpi:
            self.add_error("strategic_kpi", _("Write the name of the strategic KPI."))
        if kpi and not cascade:
            self.add_error(
                "cascade", _("Choose whether it is the same as the strategic KPI or a proxy of it.")
            )
        return cleaned


class TargetsForm(TextPartsForm):
    """The criteria note, the 6-month target, benefits to the public and conditions."""

    field_names = ("criteria_note", "six_month_target", "benefits", "conditions")
    criteria_note = FormattedTextField(label=_("Note on the criteria"))
    six_month_target = FormattedTextField(label=_("6-month target"))
    benefits = FormattedTextField(label=_("Benefits to the public"))
    conditions = FormattedTextField(label=_("Conditions"))


class LinksForm(TextPartsForm):
    """Links to the national strategy, master plans and policies."""

    field_names = ("national_strategy", "master_plan", "policy")
    national_strategy = FormattedTextField(label=_("Link to the national strategy"))
    master_plan = FormattedTextField(label=_("Link to master plans"))
    policy = FormattedTextField(label=_("Link to policies and other plans"))


# Row sections ------------------------------------------------------------------------------------

BUDDHIST_YEAR = _("Write the fiscal year as a number in the Buddhist Era, e.g. 2565.")


class BaselineRowForm(forms.Form):
    series = forms.CharField(label=_("Series"), max_length=255, initial="ผลการดำเนินงาน")
    year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        min_value=2400,
        max_value=2700,
        error_messages={"invalid": BUDDHIST_YEAR, "min_value": BUDDHIST_YEAR},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 5}),
    )
    value_text = forms.CharField(
        label=_("Value"), max_length=255, help_text=_("As written, e.g. 900 หน่วย or -")
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        for name in ("series", "value_text", "note"):
            if name in self.cleaned_data:
                self.cleaned_data[name] = self.cleaned_data[name].strip()
        self.cleaned_data["value"] = number_in(self.cleaned_data.get("value_text", ""))
        return cleaned


class RowFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    """Rows in the order given (by their order numbers), without deleted and blank ones."""

    def kept_forms(self) -> list[forms.Form]:
        if self.can_order:
            return list(self.ordered_forms)
        return [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not (self.can_delete and form.cleaned_data.get("DELETE"))
        ]

    def rows(self) -> list[dict[str, Any]]:
        fields = ("ORDER", "DELETE")
        return [
            {name: value for name, value in form.cleaned_data.items() if name not in fields}
            for form in self.kept_forms()
        ]


class BaseBaselineFormSet(RowFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[tuple[str, int]] = set()
        for form in self.kept_forms():
            key = (form.cleaned_data["series"], form.cleaned_data["year"])
            if key in seen:
                form.add_error(
                    "year",
                    _("%(series)s already has a value for %(year)s; remove one of the two rows.")
                    % {"series": key[0], "year": key[1]},
                )
            seen.add(key)


BaselineFormSet = forms.formset_factory(
    BaselineRowForm, formset=BaseBaselineFormSet, extra=2, can_delete=True, max_num=60
)


class StepRowForm(forms.Form):
    text = forms.CharField(
        label=_("Step"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        return text


StepFormSet = forms.formset_factory(
    StepRowForm, formset=RowFormSet, extra=2, can_delete=True, can_order=True, max_num=100
)


class PlanRowForm(forms.Form):
    text = forms.CharField(
        label=_("Activity"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    months = forms.TypedMultipleChoiceField(
        label=_("Months"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _(
                "Month %(value)s is outside the plan, which runs from October to the "
                "December after the fiscal year."
            )
        },
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        months_field = self.fields["months"]
        assert isinstance(months_field, forms.TypedMultipleChoiceField)
        months_field.choices = [
            (str(month.offset), month.name) for month in plan_months(year, PLAN_MONTHS)
        ]

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        return text

    def clean_months(self) -> list[int]:
        months: list[int] = self.cleaned_data["months"]
        return sorted(set(months))


PlanFormSet = forms.formset_factory(
    PlanRowForm, formset=RowFormSet, extra=2, can_delete=True, can_order=True, max_num=100
)


class ItemRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Evaluation item"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    # The first kind is preselected: a blank extra row left as it is counts as unchanged.
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices, initial=ItemKind.PASS_FAIL)
    unit = forms.CharField(label=_("Unit"), max_length=64, required=False)

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        for name in ("text", "unit"):
            if name in self.cleaned_data:
                self.cleaned_data[name] = self.cleaned_data[name].strip()
        if self.cleaned_data.get("kind") == ItemKind.NUMBER and not self.cleaned_data.get("unit"):
            self.add_error("unit", _("A number needs its unit, e.g. ร้อยละ or ช่องทาง."))
        return cleaned


ItemFormSet = forms.formset_factory(
    ItemRowForm, formset=RowFormSet, extra=2, can_delete=True, can_order=True, max_num=100
)
