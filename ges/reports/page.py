"""The evaluation report as a page (reports/agency.html), in the web and as a standalone file.

`report_page(agency, framework)` wraps `ges.reports.builder.build_report` (which reads and
scores in a fixed number of queries) with what the page shows in the reader's language: the
summary table by component, each indicator's details and items with their results, and why a
score or the total is missing. Scores stay the engine's exact Decimals; the template prints them
with the engine's rounding (the `score` filter in report_tags).

`standalone_html(page)` renders the same template as one self-contained HTML document (inline
CSS, no links out) for `ges report --format html`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ges.frameworks.models import Framework
from ges.indicators import esar
from ges.indicators.access import AGENCY_FRAMEWORK_KINDS
from ges.indicators.models import ItemKind
from ges.lib import thaidate
from ges.orgs.access import Person, has_perm
from ges.orgs.models import Organization
from ges.orgs.permissions import Perm
from ges.reports.builder import ComponentReport, IndicatorReport, Report, build_report
from ges.scoring import Problem

TEMPLATE = "reports/agency.html"
STANDALONE_CSS = ("css/ges.css", "css/reports.css")


def english() -> bool:
    return get_language() == "en"


def in_language(thai: str, other: str) -> str:
    return other if english() and other else thai


def problem_text(problem: Problem) -> str:
    return in_language(problem.message, problem.message_en)


# The labels of an indicator's text fields, in esar.TEXT_FIELDS order (the e-SAR print order).
def field_labels() -> dict[str, str]:
    return {
        "description": _("Description"),
        "definitions": _("Definitions"),
        "scope": _("Scope of the evaluation"),
        "formula": _("Formula"),
        "data_collection": _("Data collection method"),
        "data_source": _("Data source"),
        "six_month_target": _("6-month target"),
        "benefits": _("Benefits to the public"),
        "conditions": _("Conditions"),
        "criteria_note": _("Criteria"),
    }


@dataclass(frozen=True)
class Detail:
    label: str
    text: str


@dataclass(frozen=True)
class ItemRow:
    number: int
    text: str
    result: str  # as the report prints it: ผ่าน, 99.63 (ร้อยละ); "" when there is none
    passed: bool | None  # pass/fail items only, for the badge


@dataclass(frozen=True)
class PlanRow:
    text: str
    months: str  # "ต.ค., พ.ย." when the text does not already name its month


@dataclass
class IndicatorSection:
    """One indicator (or sub-indicator) as the page shows it."""

    indicator: IndicatorReport
    depth: int
    parent: IndicatorReport | None
    details: list[Detail]
    items: list[ItemRow]
    plan: list[PlanRow]
    why_not: list[str]  # why it has no score, when it has none
    children: list[IndicatorSection] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.indicator.pk

    @property
    def name(self) -> str:
        return in_language(self.indicator.name_th, self.indicator.name_en)

    @property
    def explanation(self) -> str:
        indicator = self.indicator
        return in_language(indicator.explanation, indicator.explanation_en)

    @property
    def exempt(self) -> bool:
        """Scored as exempt by the engine: an explanation but no score."""
        return self.indicator.score is None and bool(self.indicator.explanation)

    def walk(self) -> list[IndicatorSection]:
        return [self, *(section for child in self.children for section in child.walk())]


@dataclass
class ComponentGroup:
    component: ComponentReport | None  # None: indicators in no component of the framework
    rows: list[IndicatorSection]

    @property
    def name(self) -> str:
        if self.component is None:
            return _("Not in a component")
        return in_language(self.component.name_th, self.component.name_en)


@dataclass
class ReportPage:
    report: Report
    agency: Organization
    framework: Framework
    groups: list[ComponentGroup]
    sections: list[IndicatorSection]  # top-level indicators, in report order
    problems: list[str]  # why there is no total
    years: list[int] = field(default_factory=list)  # of the framework's kind, newest first

    @property
    def year(self) -> int:
        return self.report.year

    @property
    def result_levels(self) -> list[tuple[Decimal, str]]:
        levels = self.framework.result_levels
        if not isinstance(levels, list):
            return []
        return [(Decimal(str(level[0])), str(level[1])) for level in levels if len(level) == 2]

    def all_sections(self) -> list[IndicatorSection]:
        return [section for top in self.sections for section in top.walk()]

    def find(self, pk: int) -> IndicatorSection | None:
        return next((section for section in self.all_sections() if section.pk == pk), None)


def report_page(
    agency: Organization, framework: Framework, report: Report | None = None
) -> ReportPage:
    """The page of `agency` under `framework`; `report` when it is already built."""
    if report is None:
        report = build_report(agency, framework)
    gaps: dict[str, list[str]] = {}
    for problem in report.problems:
        gaps.setdefault(problem.path, []).append(problem_text(problem))
    sections = [_section(top, 0, None, gaps, report.year) for top in report.indicators]
    return ReportPage(
        report=report,
        agency=agency,
        framework=framework,
        groups=_groups(report.components, sections),
        sections=sections,
        problems=[problem_text(problem) for problem in report.problems],
    )


def _section(
    indicator: IndicatorReport,
    depth: int,
    parent: IndicatorReport | None,
    gaps: dict[str, list[str]],
    year: int,
) -> IndicatorSection:
    labels = field_labels()
    section = IndicatorSection(
        indicator=indicator,
        depth=depth,
        parent=parent,
        details=[
            Detail(labels[name], indicator.details[name])
            for name in esar.TEXT_FIELDS
            if indicator.details.get(name)
        ],
        items=[_item(number, item) for number, item in enumerate(indicator.items, start=1)],
        plan=[PlanRow(row.text, _months(row, year)) for row in indicator.plan],
        why_not=_why_not(indicator, gaps),
    )
    section.children = [
        _section(child, depth + 1, indicator, gaps, year) for child in indicator.children
    ]
    return section


def _item(number: int, item: esar.Item) -> ItemRow:
    if item.kind == ItemKind.PASS_FAIL and item.passed is not None:
        result = _("Passed") if item.passed else _("Not passed")
        return ItemRow(number, item.text, result, item.passed)
    return ItemRow(number, item.text, esar.result_text(item), None)


def _months(row: esar.Row, year: int) -> str:
    """The months of a plan row (ต.ค. 65, ม.ค. 66), unless its text already names them
    ("... (ตุลาคม 65)")."""
    if not row.months or esar.plan_months(row.text, year) == row.months:
        return ""
    months = [*thaidate.fiscal_months(year), *thaidate.fiscal_months(year + 1)]
    return ", ".join(_month(months[offset]) for offset in row.months if 0 <= offset < len(months))


def _month(month: thaidate.FiscalMonth) -> str:
    if english():
        return date_format(dt.date(month.year, month.month, 1), "M Y")
    return f"{month.short_name} {month.be_year % 100:02d}"


def _why_not(indicator: IndicatorReport, gaps: dict[str, list[str]]) -> list[str]:
    if indicator.score is not None or indicator.explanation:
        return []
    own = gaps.get(f"indicators[{indicator.number}]", [])
    if own:
        return own
    if indicator.children:
        return [_("It is scored from its sub-indicators, and not all of them can be scored.")]
    if gaps:
        return [_("The scoring engine cannot score it until the problems above are fixed.")]
    return [_("It has no result its criteria can score yet.")]


def _groups(
    components: list[ComponentReport], sections: Iterable[IndicatorSection]
) -> list[ComponentGroup]:
    by_code = {component.code: ComponentGroup(component, []) for component in components}
    loose = ComponentGroup(None, [])
    for section in sections:
        group = by_code.get(section.indicator.component, loose)
        group.rows.extend(section.walk())
    groups = list(by_code.values())
    return [*groups, loose] if loose.rows else groups


def framework_years(kind: str) -> list[int]:
    """The fiscal years with a framework of `kind`, newest first."""
    return sorted(
        Framework.objects.filter(kind=kind).values_list("fiscal_year__year", flat=True),
        reverse=True,
    )


def report_years(user: Person, organization: Organization) -> list[int]:
    """The fiscal years whose evaluation report of `organization` the user may open (newest
    first); none when the organisation is not an agency or the user may not read its
    indicators."""
    kind = AGENCY_FRAMEWORK_KINDS.get(organization.kind)
    if kind is None or not has_perm(user, Perm.INDICATOR_VIEW, organization):
        return []
    return framework_years(kind)


# --- the standalone document ----------------------------------------------------------------

_FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}\s*")


def inline_css() -> SafeString:
    """The page's stylesheets for a document that stands alone: the web fonts' @font-face rules
    (files next to the stylesheet) are left out, so the system's Sarabun or Thai font is used."""
    parts = []
    for name in STANDALONE_CSS:
        path = finders.find(name)
        if not isinstance(path, str):
            raise FileNotFoundError(name)
        with open(path, encoding="utf-8") as stylesheet:
            parts.append(_FONT_FACE.sub("", stylesheet.read()))
    css = "\n".join(parts)
    if "</" in css:  # our own static CSS never closes the <style> it goes into
        raise ValueError("a stylesheet contains '</'")
    return mark_safe(css)


def standalone_html(page: ReportPage) -> str:
    context: dict[str, Any] = {
        "page": page,
        "report": page.report,
        "standalone": True,
        "base_template": "reports/standalone.html",
        "inline_css": inline_css(),
    }
    return render_to_string(TEMPLATE, context)
