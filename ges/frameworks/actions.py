"""Changes to fiscal years, frameworks, their components and rounds, and standard indicators.

Each change has one shape: inside transaction.atomic(), lock the framework row
(select_for_update), check its state, change, and write the audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from ges.audit.log import Actor, record
from ges.frameworks.models import (
    Component,
    FiscalYear,
    Framework,
    FrameworkStatus,
    Round,
)
from ges.frameworks.structure import descendant_ids, weight_problems
from ges.indicators.models import (
    AgencyValue,
    Baseline,
    EvaluationItem,
    Indicator,
    PlanActivity,
    Step,
)
from ges.lib import thaidate
from ges.orgs.models import Organization

SETTINGS_FIELDS = (
    "name_th",
    "name_en",
    "scale",
    "decimals",
    "mode",
    "below_first",
    "exempt_weight",
    "result_levels",
)
COMPONENT_FIELDS = ("code", "name_th", "name_en", "weight", "order")
ROUND_FIELDS = ("months", "opens_on", "deadline", "grace_until")
# What an indicator owner may change in a standard indicator: its definition.
DEFINITION_FIELDS = (
    "name_th",
    "name_en",
    "unit",
    "direction",
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
# What only framework admins change: where it sits in the framework and who owns it.
PLACEMENT_FIELDS = ("number", "order", "weight", "component", "parent", "owner")


class FrameworkError(ValueError):
    """A change the framework's rules refuse; `problems` says why, in words."""

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


class PublishRefused(FrameworkError):
    pass


# Fiscal years and frameworks -------------------------------------------------------------------


def create_fiscal_year(actor: Actor, year: int) -> FiscalYear:
    with transaction.atomic():
        fiscal_year = FiscalYear.objects.create(year=year)
        record(actor, "fiscal_year.created", fiscal_year, after={"year": year})
    return fiscal_year


def create_framework(
    actor: Actor, *, fiscal_year: FiscalYear, kind: str, **values: Any
) -> Framework:
    with transaction.atomic():
        framework = Framework(fiscal_year=fiscal_year, kind=kind)
        for name in SETTINGS_FIELDS:
            if name in values:
                setattr(framework, name, values[name])
        framework.save()
        record(actor, "framework.created", framework, after=framework_values(framework))
    return framework


def update_framework(actor: Actor, framework: Framework, **values: Any) -> Framework:
    """Change the names and scoring settings (SETTINGS_FIELDS) of a framework."""
    with transaction.atomic():
        current = _lock(framework)
        before = framework_values(current)
        changed = [name for name in SETTINGS_FIELDS if name in values]
        for name in changed:
            setattr(current, name, values[name])
        current.save(update_fields=changed)
        after = framework_values(current)
        if after != before:
            record(actor, "framework.updated", current, before=before, after=after)
    return current


def publish_framework(actor: Actor, framework: Framework) -> Framework:
    """Draft -> published, only when the component weights add up at every level."""
    with transaction.atomic():
        current = _lock(framework)
        if current.status != FrameworkStatus.DRAFT:
            raise FrameworkError(_("This framework is already published."))
        problems = weight_problems(current.components.all())
        if problems:
            raise PublishRefused(*problems)
        current.status = FrameworkStatus.PUBLISHED
        current.save(update_fields=["status"])
        record(
            actor,
            "framework.published",
            current,
            before={"status": FrameworkStatus.DRAFT},
            after={"status": FrameworkStatus.PUBLISHED},
        )
    return current


def framework_values(framework: Framework) -> dict[str, Any]:
    return {
        "fiscal_year": framework.fiscal_year.year,
        "kind": framework.kind,
        "status": framework.status,
        **{name: getattr(framework, name) for name in SETTINGS_FIELDS},
    }


def _lock(framework: Framework) -> Framework:
    return Framework.objects.select_for_update().select_related("fiscal_year").get(pk=framework.pk)


def _lock_draft(framework: Framework) -> Framework:
    """The framework, locked, when its structure may still change."""
    current = _lock(framework)
    if current.status != FrameworkStatus.DRAFT:
        raise FrameworkError(_("The components of a published framework cannot change any more."))
    return current


# Components ------------------------------------------------------------------------------------


def create_component(
    actor: Actor, framework: Framework, *, parent: Component | None, **values: Any
) -> Component:
    with transaction.atomic():
        current = _lock_draft(framework)
        _check_parent(current, None, parent)
        component = Component(framework=current, parent=parent)
        for name in COMPONENT_FIELDS:
            if name in values:
                setattr(component, name, values[name])
        component.save()
        record(actor, "component.created", component, after=component_values(component))
    return component


def update_component(
    actor: Actor, component: Component, *, parent: Component | None, **values: Any
) -> Component:
    with transaction.atomic():
        framework = _lock_draft(component.framework)
        current = Component.objects.select_related("parent").get(pk=component.pk)
        before = component_values(current)
        _check_parent(framework, current, parent)
        changed = [name for name in COMPONENT_FIELDS if name in values]
        for name in changed:
            setattr(current, name, values[name])
        current.parent = parent
        current.save(update_fields=[*changed, "parent"])
        after = component_values(current)
        if after != before:
            record(actor, "component.updated", current, before=before, after=after)
    return current


def remove_component(actor: Actor, component: Component) -> None:
    with transaction.atomic():
        _lock_draft(component.framework)
        current = Component.objects.select_related("parent").get(pk=component.pk)
        if current.children.exists():
            raise FrameworkError(_("Remove or move its parts first."))
        if current.indicators.exists():
            raise FrameworkError(_("Indicators belong to this component; move them first."))
        before = component_values(current)
        record(actor, "component.removed", current, before=before)
        current.delete()


def _check_parent(
    framework: Framework, component: Component | None, parent: Component | None
) -> None:
    if parent is None:
        return
    if parent.framework_id != framework.pk:
        raise FrameworkError(
            _("A component can only be part of a component of the same framework.")
        )
    if component is None:
        return
    below = descendant_ids(framework.components.all(), component.pk)
    if parent.pk == component.pk or parent.pk in below:
        raise FrameworkError(_("A component cannot be part of itself or of its own parts."))


def component_values(component: Component) -> dict[str, Any]:
    return {
        "parent": component.parent.code if component.parent else None,
        **{name: getattr(component, name) for name in COMPONENT_FIELDS},
    }


# Rounds ----------------------------------------------------------------------------------------


def create_round(actor: Actor, framework: Framework, **values: Any) -> Round:
    with transaction.atomic():
        current = _lock(framework)
        _check_round(current, None, values)
        new = Round(framework=current, **{name: values[name] for name in ROUND_FIELDS})
        new.save()
        record(actor, "round.created", new, after=round_values(new))
    return new


def update_round(actor: Actor, round_: Round, **values: Any) -> Round:
    with transaction.atomic():
        framework = _lock(round_.framework)
        current = Round.objects.get(pk=round_.pk)
        before = round_values(current)
        _check_round(framework, current, values)
        for name in ROUND_FIELDS:
            setattr(current, name, values[name])
        current.save(update_fields=list(ROUND_FIELDS))
        after = round_values(current)
        if after != before:
            record(actor, "round.updated", current, before=before, after=after)
    return current


def remove_round(actor: Actor, round_: Round) -> None:
    with transaction.atomic():
        _lock(round_.framework)
        current = Round.objects.get(pk=round_.pk)
        before = round_values(current)
        try:
            current.delete()
        except ProtectedError as error:
            raise FrameworkError(
                _("Reports were made in this round; it cannot be removed.")
            ) from error
        record(actor, "round.removed", round_, before=before)


def _check_round(framework: Framework, current: Round | None, values: dict[str, Any]) -> None:
    problems = round_problems(values["opens_on"], values["deadline"], values["grace_until"])
    others = framework.rounds.filter(months=values["months"])
    if current is not None:
        others = others.exclude(pk=current.pk)
    if others.exists():
        problems.append(_("This framework already has a round of that length."))
    if problems:
        raise FrameworkError(*problems)


def round_problems(opens_on: dt.date, deadline: dt.date, grace_until: dt.date | None) -> list[str]:
    problems = []
    if deadline < opens_on:
        problems.append(_("The deadline cannot come before the round opens."))
    if grace_until is not None and grace_until < deadline:
        problems.append(_("The grace period cannot end before the deadline."))
    return problems


def round_values(round_: Round) -> dict[str, Any]:
    return {name: getattr(round_, name) for name in ROUND_FIELDS}


# Copying a framework forward -------------------------------------------------------------------


@dataclass
class FrameworkCopy:
    """What copy_framework made, old rows to new, for steps that extend the copy."""

    source: Framework
    target: Framework
    components: dict[int, Component] = field(default_factory=dict)
    rounds: list[Round] = field(default_factory=list)
    indicators: dict[int, Indicator] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "components": len(self.components),
            "rounds": len(self.rounds),
            "standard_indicators": len(self.indicators),
        }


def copy_framework(actor: Actor, framework: Framework, to_year: int) -> Framework:
    """A new draft framework for fiscal year `to_year` (B.E.) like `framework`: its settings,
    component tree, rounds (dates moved by the years between) and standard indicators with
    their baselines, steps, plan, evaluation items (without results) and criteria.

    Refused when `to_year` is not later or already has a framework of the same kind.
    Agencies' own indicators and agency values are not copied; the final 12-month results
    become baselines and `prev` values (ges.assessments.carry). To carry more into the new
    year (e.g. last year's final results into baselines), add a step at the marked place
    below: it runs in the same transaction and gets the FrameworkCopy maps.
    """
    with transaction.atomic():
        source = _lock(framework)
        if to_year <= source.fiscal_year.year:
            raise FrameworkError(_("A framework can only be copied to a later fiscal year."))
        fiscal_year, created = FiscalYear.objects.get_or_create(year=to_year)
        if created:
            record(actor, "fiscal_year.created", fiscal_year, after={"year": to_year})
        if Framework.objects.filter(fiscal_year=fiscal_year, kind=source.kind).exists():
            raise FrameworkError(
                _("Fiscal year %(year)s already has a framework of this kind.") % {"year": to_year}
            )
        target = _copy_settings(source, fiscal_year)
        copy = FrameworkCopy(source, target)
        _copy_components(copy)
        _copy_rounds(copy)
        _copy_standard_indicators(copy)
        # Further steps of the copy go here.
        # Last year's final 12-month results become this year's baselines and agency values
        # (imported here: ges.assessments imports the frameworks app, not the other way round).
        from ges.assessments.carry import carry_baselines

        carry_baselines(actor, target)
        record(
            actor,
            "framework.copied",
            target,
            after={
                **framework_values(target),
                "copied_from": source.pk,
                "from_year": source.fiscal_year.year,
                **copy.counts(),
            },
        )
    return target


def _copy_settings(source: Framework, fiscal_year: FiscalYear) -> Framework:
    years = (str(source.fiscal_year.year), str(fiscal_year.year))
    target = Framework(fiscal_year=fiscal_year, kind=source.kind, copied_from=source)
    for name in SETTINGS_FIELDS:
        setattr(target, name, getattr(source, name))
    target.name_th = _renamed(source.name_th, *years)
    target.name_en = _renamed(source.name_en, *years)
    target.save()
    return target


def _renamed(name: str, old: str, new: str) -> str:
    """'กรอบการประเมิน ปี 2566' becomes '... ปี 2567' (also in Thai digits)."""
    return name.replace(old, new).replace(thaidate.thai_digits(old), thaidate.thai_digits(new))


def _copy_components(copy: FrameworkCopy) -> None:
    for old in parents_first(list(copy.source.components.order_by("order", "code", "pk"))):
        new = Component(
            framework=copy.target,
            parent=copy.components[old.parent_id] if old.parent_id else None,
            **{name: getattr(old, name) for name in COMPONENT_FIELDS},
        )
        new.save()
        copy.components[old.pk] = new


def parents_first[T: (Component, Indicator)](rows: list[T]) -> list[T]:
    """Rows of a tree ordered so that every row comes after its parent (rows keep their
    order otherwise); a row whose parent is not among them counts as a root."""
    known = {row.pk for row in rows}
    placed: set[int] = set()
    ordered: list[T] = []
    waiting = rows
    while waiting:
        later = []
        for row in waiting:
            if row.parent_id is not None and row.parent_id in known and row.parent_id not in placed:
                later.append(row)
            else:
                ordered.append(row)
                placed.add(row.pk)
        if len(later) == len(waiting):
            raise FrameworkError(_("The tree of this framework has a cycle."))
        waiting = later
    return ordered


def _copy_rounds(copy: FrameworkCopy) -> None:
    years = copy.target.fiscal_year.year - copy.source.fiscal_year.year
    copy.rounds = Round.objects.bulk_create(
        Round(
            framework=copy.target,
            months=old.months,
            opens_on=years_later(old.opens_on, years),
            deadline=years_later(old.deadline, years),
            grace_until=years_later(old.grace_until, years) if old.grace_until else None,
        )
        for old in copy.source.rounds.all()
    )


def years_later(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# Fields of an indicator copied as they are (the links are mapped to the new framework).
INDICATOR_LINKS = ("id", "framework", "component", "parent", "created_at", "updated_at")


def _copy_standard_indicators(copy: FrameworkCopy) -> None:
    olds = list(
        Indicator.objects.standard().filter(framework=copy.source).order_by("order", "number", "pk")
    )
    for old in parents_first(olds):
        new = Indicator(
            framework=copy.target,
            component=copy.components.get(old.component_id) if old.component_id else None,
            parent=copy.indicators.get(old.parent_id) if old.parent_id else None,
        )
        for model_field in Indicator._meta.concrete_fields:
            if model_field.name not in INDICATOR_LINKS:
                setattr(new, model_field.attname, getattr(old, model_field.attname))
        new.save()
        copy.indicators[old.pk] = new
    mapping = {old_pk: new.pk for old_pk, new in copy.indicators.items()}
    _copy_children(mapping)


def _copy_children(mapping: dict[int, int]) -> None:
    """Baselines, steps, plan and evaluation items of the copied indicators (no results)."""
    old_ids = list(mapping)
    Baseline.objects.bulk_create(
        Baseline(
            indicator_id=mapping[row.indicator_id],
            series=row.series,
            year=row.year,
            value=row.value,
            value_text=row.value_text,
            note=row.note,
            order=row.order,
        )
        for row in Baseline.objects.filter(indicator_id__in=old_ids)
    )
    Step.objects.bulk_create(
        Step(indicator_id=mapping[row.indicator_id], order=row.order, text=row.text)
        for row in Step.objects.filter(indicator_id__in=old_ids)
    )
    PlanActivity.objects.bulk_create(
        PlanActivity(
            indicator_id=mapping[row.indicator_id],
            order=row.order,
            text=row.text,
            months=list(row.months),
        )
        for row in PlanActivity.objects.filter(indicator_id__in=old_ids)
    )
    EvaluationItem.objects.bulk_create(
        EvaluationItem(
            indicator_id=mapping[row.indicator_id],
            order=row.order,
            text=row.text,
            kind=row.kind,
            unit=row.unit,
        )
        for row in EvaluationItem.objects.filter(indicator_id__in=old_ids)
    )


# Standard indicators ---------------------------------------------------------------------------


def create_standard_indicator(actor: Actor, framework: Framework, **values: Any) -> Indicator:
    with transaction.atomic():
        current = _lock(framework)
        indicator = Indicator(framework=current, organization=None)
        _set_indicator_fields(current, indicator, values, DEFINITION_FIELDS + PLACEMENT_FIELDS)
        indicator.save()
        record(actor, "standard_indicator.created", indicator, after=indicator_values(indicator))
    return indicator


def update_standard_indicator(actor: Actor, indicator: Indicator, **values: Any) -> Indicator:
    """Change the fields given: DEFINITION_FIELDS, and PLACEMENT_FIELDS (framework admins)."""
    with transaction.atomic():
        framework = _lock(indicator.framework)
        current = _lock_standard(indicator)
        before = indicator_values(current)
        fields = tuple(name for name in DEFINITION_FIELDS + PLACEMENT_FIELDS if name in values)
        _set_indicator_fields(framework, current, values, fields)
        current.save(update_fields=[*fields, "updated_at"])
        after = indicator_values(current)
        if after != before:
            record(actor, "standard_indicator.updated", current, before=before, after=after)
    return current


def set_standard_criteria(actor: Actor, indicator: Indicator, criteria: Any) -> Indicator:
    """Store criteria the form has validated with the scoring engine (None removes them)."""
    with transaction.atomic():
        _lock(indicator.framework)
        current = _lock_standard(indicator)
        before = current.criteria
        current.criteria = criteria
        current.save(update_fields=["criteria", "updated_at"])
        if before != criteria:
            record(
                actor,
                "standard_indicator.criteria_changed",
                current,
                before={"criteria": before},
                after={"criteria": criteria},
            )
    return current


def remove_standard_indicator(actor: Actor, indicator: Indicator) -> None:
    with transaction.atomic():
        _lock(indicator.framework)
        current = _lock_standard(indicator)
        if current.adoptions.exists():
            raise FrameworkError(_("Agencies have taken up this indicator; it cannot be removed."))
        if current.children.exists():
            raise FrameworkError(_("Remove its sub-indicators first."))
        before = indicator_values(current)
        record(actor, "standard_indicator.removed", current, before=before)
        current.delete()


def _lock_standard(indicator: Indicator) -> Indicator:
    return Indicator.objects.standard().select_for_update().get(pk=indicator.pk)


def _set_indicator_fields(
    framework: Framework, indicator: Indicator, values: dict[str, Any], fields: Sequence[str]
) -> None:
    component = values.get("component")
    if "component" in fields and component is not None and component.framework_id != framework.pk:
        raise FrameworkError(_("The component must belong to the same framework."))
    parent = values.get("parent")
    if "parent" in fields and parent is not None:
        if parent.framework_id != framework.pk or not parent.is_standard or parent.parent_id:
            raise FrameworkError(
                _(
                    "A sub-indicator must sit under a top-level standard indicator of this framework."
                )
            )
        if parent.pk == indicator.pk or (indicator.pk and indicator.children.exists()):
            raise FrameworkError(_("An indicator with sub-indicators cannot be a sub-indicator."))
    for name in fields:
        if name in values:
            setattr(indicator, name, values[name])


def indicator_values(indicator: Indicator) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(indicator, name) for name in DEFINITION_FIELDS}
    values.update(
        number=indicator.number,
        order=indicator.order,
        weight=indicator.weight,
        component=indicator.component.code if indicator.component else None,
        parent=indicator.parent.number if indicator.parent else None,
        owner=indicator.owner.code if indicator.owner else None,
    )
    return values


# Agency values ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyValueRow:
    organization: Organization
    name: str
    value: Decimal
    note: str = ""


def replace_agency_values(
    actor: Actor,
    indicator: Indicator,
    names: Iterable[str],
    rows: Iterable[AgencyValueRow],
) -> dict[str, int]:
    """Make the framework's agency values named `names` exactly `rows`; returns counts.

    The form decides `names` (the values this standard indicator's page shows) and checks
    that every row is right before this runs.
    """
    scope = sorted(set(names))
    wanted = {(row.organization.pk, row.name): row for row in rows}
    counts = {"added": 0, "changed": 0, "removed": 0}
    with transaction.atomic():
        framework = _lock(indicator.framework)
        existing = {
            (value.organization_id, value.name): value
            for value in AgencyValue.objects.filter(framework=framework, name__in=scope)
            .select_related("organization")
            .select_for_update()
        }
        before = _values_listing(existing.values())
        for key, value in existing.items():
            if key not in wanted:
                value.delete()
                counts["removed"] += 1
        for key, row in wanted.items():
            current = existing.get(key)
            if current is None:
                AgencyValue.objects.create(
                    framework=framework,
                    organization=row.organization,
                    name=row.name,
                    value=row.value,
                    note=row.note,
                )
                counts["added"] += 1
            elif (current.value, current.note) != (row.value, row.note):
                current.value, current.note = row.value, row.note
                current.save(update_fields=["value", "note"])
                counts["changed"] += 1
        if any(counts.values()):
            after = [
                {
                    "agency": row.organization.code,
                    "name": row.name,
                    "value": row.value,
                    "note": row.note,
                }
                for row in sorted(wanted.values(), key=lambda r: (r.organization.code, r.name))
            ]
            record(
                actor,
                "standard_indicator.agency_values_changed",
                indicator,
                before={"values": before},
                after={"values": after, **counts},
            )
    return counts


def _values_listing(values: Iterable[AgencyValue]) -> list[dict[str, Any]]:
    return [
        {
            "agency": value.organization.code,
            "name": value.name,
            "value": value.value,
            "note": value.note,
        }
        for value in sorted(values, key=lambda v: (v.organization.code, v.name))
    ]
