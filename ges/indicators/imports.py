"""Importing e-SAR report pages (`ges import_esar`): one page, one agency's indicators.

`import_esar_file(path, year, kind)` reads a page (ges.indicators.esar), finds the agency by its
Thai name (or creates it under its parent, found or created by name), finds or creates the
fiscal year and framework, and writes the indicators in one transaction. Importing the same
page again updates the indicators it holds (matched by framework, agency and number) and
replaces their steps, plan rows and evaluation items; nothing is duplicated, and indicators of
the agency that the page does not hold are left as they are. A page that cannot be read imports
nothing. The number of queries does not grow with the number of indicators on the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ges.audit.log import Actor, record
from ges.frameworks import actions as framework_actions
from ges.frameworks.demo import DEMO_FRAMEWORKS, FY2566_DEPARTMENTS, DemoComponent
from ges.frameworks.models import Component, FiscalYear, Framework, FrameworkKind
from ges.indicators import esar
from ges.indicators.esar import IndicatorBlock, Note, ParsedPage
from ges.indicators.models import Cascade, EvaluationItem, Indicator, PlanActivity, Step
from ges.orgs import actions as org_actions
from ges.orgs.models import Organization, OrganizationKind

SYSTEM = Actor(user=None)
MAX_FILE_BYTES = 20 * 1024 * 1024
# The organisations a page creates, by the kind of framework: (agency, its parent).
KINDS: dict[str, tuple[str, str]] = {
    FrameworkKind.DEPARTMENTS: (OrganizationKind.DEPARTMENT, OrganizationKind.MINISTRY),
    FrameworkKind.PROVINCES: (OrganizationKind.PROVINCE, OrganizationKind.PROVINCE_GROUP),
    FrameworkKind.PUBLIC_ORGANIZATIONS: (
        OrganizationKind.PUBLIC_ORGANIZATION,
        OrganizationKind.MINISTRY,
    ),
}
# What a page sets on an indicator; weights, components, criteria and owners stay as GES has them.
PAGE_FIELDS = (
    "name_th",
    "parent",
    "order",
    "cascade",
    "strategic_kpi",
    *esar.TEXT_FIELDS,
    "layout",
    "updated_at",
)


@dataclass
class ImportSummary:
    """What one file gave: printed by `ges import_esar`, returned to the demo loader."""

    path: str
    agency: str = ""
    parent: str = ""
    agency_code: str = ""
    agency_created: bool = False
    framework: str = ""
    created: list[str] = field(default_factory=list)  # indicator numbers
    updated: list[str] = field(default_factory=list)
    sub_indicators: int = 0
    items: int = 0
    warnings: list[Note] = field(default_factory=list)
    errors: list[Note] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def indicators(self) -> int:
        return len(self.created) + len(self.updated)


class ImportRefused(Exception):
    """The page is readable but cannot be imported as it is (e.g. an ambiguous agency)."""


def import_esar_file(
    path: str | Path,
    year: int,
    kind: str = FrameworkKind.DEPARTMENTS,
    *,
    actor: Actor = SYSTEM,
) -> ImportSummary:
    """Import one e-SAR page; a file that cannot be read imports nothing and says why."""
    summary = ImportSummary(path=str(path))
    if kind not in KINDS:
        summary.errors.append(Note(0, _("Unknown kind of framework: %(kind)s") % {"kind": kind}))
        return summary
    try:
        source = Path(path)
        if source.stat().st_size > MAX_FILE_BYTES:
            summary.errors.append(Note(0, _("The file is larger than 20 MB.")))
            return summary
        data = source.read_bytes()
    except FileNotFoundError:
        summary.errors.append(Note(0, _("The file does not exist.")))
        return summary
    except IsADirectoryError:
        summary.errors.append(Note(0, _("This is a folder, not a file.")))
        return summary
    except OSError as error:
        summary.errors.append(Note(0, _("The file cannot be read: %(error)s") % {"error": error}))
        return summary
    return import_esar_page(esar.read_page(data, year=year), year, kind, summary, actor=actor)


def import_esar_page(
    page: ParsedPage,
    year: int,
    kind: str,
    summary: ImportSummary,
    *,
    actor: Actor = SYSTEM,
) -> ImportSummary:
    """Write a page that was read; all of it or, when it is refused, none of it."""
    summary.agency, summary.parent = page.header.agency, page.header.parent
    summary.warnings += page.warnings
    summary.errors += page.errors
    if not page.ok:
        return summary
    try:
        with transaction.atomic():
            framework = ensure_framework(actor, year, kind)
            agency, summary.agency_created = find_or_create_agency(actor, page, kind, summary)
            write_indicators(actor, framework, agency, page, summary)
    except ImportRefused as refused:
        summary.errors.append(Note(0, str(refused)))
        summary.created, summary.updated, summary.items, summary.sub_indicators = [], [], 0, 0
        return summary
    summary.agency_code = agency.code
    summary.framework = framework.name_th
    return summary


def ensure_framework(actor: Actor, year: int, kind: str) -> Framework:
    """The framework of `year` and `kind`, created when missing.

    A new one takes the demo's settings when the seeds describe that year and kind, otherwise
    the FY2566 defaults (scale 100, 3 decimals, and for departments Performance Base 70 /
    Potential Base 30), as a draft for the framework admins to finish.
    """
    existing = Framework.objects.filter(fiscal_year__year=year, kind=kind).first()
    if existing is not None:
        return existing
    fiscal_year = FiscalYear.objects.filter(year=year).first()
    if fiscal_year is None:
        fiscal_year = framework_actions.create_fiscal_year(actor, year)
    spec = next((s for s in DEMO_FRAMEWORKS if s.year == year and s.kind == kind), None)
    label = FrameworkKind(kind).label
    framework = framework_actions.create_framework(
        actor,
        fiscal_year=fiscal_year,
        kind=kind,
        name_th=spec.name_th if spec else f"กรอบการประเมิน {label} ประจำปีงบประมาณ พ.ศ. {year}",
        name_en=spec.name_en if spec else f"{label}, fiscal year {year}",
        scale=spec.scale if spec else FY2566_DEPARTMENTS.scale,
        decimals=spec.decimals if spec else FY2566_DEPARTMENTS.decimals,
    )
    components: tuple[DemoComponent, ...] = ()
    if spec is not None:
        components = spec.components
    elif kind == FrameworkKind.DEPARTMENTS:
        components = FY2566_DEPARTMENTS.components
    _create_components(actor, framework, components, None)
    for round_ in spec.rounds if spec else ():
        framework_actions.create_round(
            actor,
            framework,
            months=round_.months,
            opens_on=round_.opens_on,
            deadline=round_.deadline,
            grace_until=None,
        )
    return framework


def _create_components(
    actor: Actor,
    framework: Framework,
    specs: tuple[DemoComponent, ...],
    parent: Component | None,
) -> None:
    for order, spec in enumerate(specs, start=1):
        component = framework_actions.create_component(
            actor,
            framework,
            parent=parent,
            code=spec.code,
            name_th=spec.name_th,
            name_en=spec.name_en,
            weight=spec.weight,
            order=order,
        )
        _create_components(actor, framework, spec.children, component)


def find_or_create_agency(
    actor: Actor, page: ParsedPage, kind: str, summary: ImportSummary
) -> tuple[Organization, bool]:
    """The agency named on the page (under the named parent when several share the name)."""
    name, parent_name = page.header.agency, page.header.parent
    names = [name, parent_name] if parent_name else [name]
    found = list(Organization.objects.filter(name_th__in=names).order_by("pk"))
    parents = [org for org in found if org.name_th == parent_name]
    agencies = [org for org in found if org.name_th == name]
    if len(parents) > 1:
        parent_kind = KINDS[kind][1]
        parents = [org for org in parents if org.kind == parent_kind] or parents
    under = [org for org in agencies if parents and org.parent_id == parents[0].pk]
    if len(under) == 1 or (len(agencies) == 1 and not under):
        agency = under[0] if under else agencies[0]
        if parent_name and not under:
            summary.warnings.append(
                Note(
                    0,
                    _("%(agency)s was found under another parent than %(parent)s.")
                    % {"agency": name, "parent": parent_name},
                )
            )
        return agency, False
    if agencies:
        raise ImportRefused(
            _(
                "Several organisations are called %(name)s; rename them or import the page "
                "after the duplicates are resolved."
            )
            % {"name": name}
        )
    if len(parents) > 1:
        raise ImportRefused(_("Several organisations are called %(name)s.") % {"name": parent_name})
    agency_kind, parent_kind = KINDS[kind]
    parent = parents[0] if parents else None
    if parent is None and parent_name:
        parent = org_actions.create_organization(
            actor, None, kind=parent_kind, code=_new_code(parent_name), name_th=parent_name
        )
    agency = org_actions.create_organization(
        actor, parent, kind=agency_kind, code=_new_code(name), name_th=name
    )
    return agency, True


def _new_code(name: str) -> str:
    """A code for an organisation the import creates: stable for its name, and unused."""
    base = "ESAR-" + hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:8].upper()
    taken = set(Organization.objects.filter(code__startswith=base).values_list("code", flat=True))
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}-{number}"
    return code


def write_indicators(
    actor: Actor,
    framework: Framework,
    agency: Organization,
    page: ParsedPage,
    summary: ImportSummary,
) -> None:
    """Create or update the page's indicators, then replace their steps, plan and items.

    A fixed number of queries: one read, at most two bulk writes per level (parents, then
    sub-indicators), one delete and one bulk insert per kind of row, one audit entry.
    """
    existing = {
        indicator.number: indicator
        for indicator in Indicator.objects.filter(framework=framework, organization=agency)
    }
    now = timezone.now()
    pairs: list[tuple[IndicatorBlock, Indicator]] = []

    def save_level(level: list[tuple[IndicatorBlock, Indicator | None, int]]) -> None:
        rows: list[Indicator] = []
        for block, parent, order in level:
            indicator = existing.get(block.number)
            if indicator is None:
                indicator = Indicator(framework=framework, organization=agency, number=block.number)
                summary.created.append(block.number)
            else:
                summary.updated.append(block.number)
            _fill(indicator, block, parent, order, now)
            rows.append(indicator)
            pairs.append((block, indicator))
        # One INSERT for the new rows, one "INSERT ... ON CONFLICT (id) DO UPDATE" for the rows
        # that exist: far faster than bulk_update's CASE expressions, same on both databases.
        Indicator.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["pk"], update_fields=PAGE_FIELDS
        )

    # Parents first: their sub-indicators need their ids.
    save_level([(block, None, order) for order, block in enumerate(page.indicators, start=1)])
    parents = {id(block): indicator for block, indicator in pairs}
    save_level(
        [
            (child, parents[id(top)], order)
            for top in page.indicators
            for order, child in enumerate(top.children, start=1)
        ]
    )
    ids = [indicator.pk for _, indicator in pairs]
    for model in (Step, PlanActivity):
        model.objects.filter(indicator_id__in=ids).delete()
    Step.objects.bulk_create(
        Step(indicator=indicator, order=order, text=row.text)
        for block, indicator in pairs
        for order, row in enumerate(block.steps, start=1)
    )
    PlanActivity.objects.bulk_create(
        PlanActivity(indicator=indicator, order=order, text=row.text, months=row.months)
        for block, indicator in pairs
        for order, row in enumerate(block.plan, start=1)
    )
    items = _save_items(pairs, ids)
    summary.items = len(items)
    summary.sub_indicators = sum(len(top.children) for top in page.indicators)
    record(
        actor,
        "indicators.esar_imported",
        agency,
        after={
            "source": Path(summary.path).name,
            "fiscal_year": framework.fiscal_year.year,
            "framework": framework.kind,
            "created": summary.created,
            "updated": summary.updated,
            "items": summary.items,
        },
    )


def _fill(
    indicator: Indicator,
    block: IndicatorBlock,
    parent: Indicator | None,
    order: int,
    now: dt.datetime,
) -> None:
    indicator.name_th = block.name
    indicator.parent = parent
    indicator.order = order
    indicator.cascade = block.cascade or Cascade.NONE
    indicator.strategic_kpi = block.strategic_kpi
    for name in esar.TEXT_FIELDS:
        setattr(indicator, name, block.fields.get(name, ""))
    indicator.layout = block.layout
    indicator.updated_at = now


def _save_items(
    pairs: list[tuple[IndicatorBlock, Indicator]], ids: list[int]
) -> list[EvaluationItem]:
    """Update the items in place, matched by indicator and position, so the results reported
    against them in rounds stay attached; delete only the items the page no longer has."""
    kept = {
        (indicator_id, order): pk
        for pk, indicator_id, order in EvaluationItem.objects.filter(
            indicator_id__in=ids
        ).values_list("pk", "indicator_id", "order")
    }
    rows = [
        _item(indicator, order, item)
        for block, indicator in pairs
        for order, item in enumerate(block.items, start=1)
    ]
    for row in rows:
        row.pk = kept.get((row.indicator.pk, row.order))
    EvaluationItem.objects.filter(indicator_id__in=ids).exclude(
        pk__in=[row.pk for row in rows if row.pk is not None]
    ).delete()
    EvaluationItem.objects.bulk_create(
        [row for row in rows if row.pk is not None],
        update_conflicts=True,
        unique_fields=["pk"],
        update_fields=ITEM_FIELDS,
    )
    EvaluationItem.objects.bulk_create([row for row in rows if row.pk is None])
    return rows


ITEM_FIELDS = ["text", "kind", "unit", "result_passed", "result_value", "result_text"]


def _item(indicator: Indicator, order: int, item: esar.Item) -> EvaluationItem:
    return EvaluationItem(
        indicator=indicator,
        order=order,
        text=item.text,
        kind=item.kind,
        unit=item.unit,
        result_passed=item.passed,
        result_value=item.value,
        result_text=item.written,
    )
