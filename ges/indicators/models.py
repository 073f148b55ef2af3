"""Indicators (ตัวชี้วัด) of a framework: standard ones defined once by their owner, and each
agency's own, with every part an agency writes (seed 001) and the criteria in the engine's format."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ges.frameworks.models import Component, Framework
from ges.orgs.models import Organization


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Cascade(models.TextChoices):
    NONE = "", _("Not cascaded")
    SAME_AS = "same_as", _("Same as a strategic KPI")
    PROXY_OF = "proxy_of", _("Proxy of a strategic KPI")


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def of_agency(self, organization: Organization, framework: Framework) -> IndicatorQuerySet:
        return self.filter(organization=organization, framework=framework)

    def standard(self) -> IndicatorQuerySet:
        return self.filter(organization__isnull=True)

    def top_level(self) -> IndicatorQuerySet:
        return self.filter(parent__isnull=True)


class Indicator(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="indicators"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text=_("Empty for a standard indicator defined for every agency of the framework."),
    )
    standard = models.ForeignKey(
        "self",
        verbose_name=_("standard indicator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    owner = models.ForeignKey(
        Organization,
        verbose_name=_("indicator owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_indicators",
        help_text=_(
            "The central agency that defines a standard indicator and supplies its results."
        ),
    )
    component = models.ForeignKey(
        Component,
        verbose_name=_("component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent indicator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    number = models.CharField(_("number"), max_length=16)
    order = models.PositiveIntegerField(_("order"), default=0)
    name_th = models.TextField(_("name (Thai)"))
    name_en = models.TextField(_("name (English)"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=7, decimal_places=3, default=Decimal(0))
    responsible_unit = models.ForeignKey(
        Organization,
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for",
    )
    responsible_unit_name = models.CharField(
        _("responsible unit (as written)"), max_length=255, blank=True
    )
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    description = models.TextField(_("description"), blank=True)
    definitions = models.TextField(_("definitions"), blank=True)
    scope = models.TextField(_("scope of the evaluation"), blank=True)
    data_collection = models.TextField(_("data collection method"), blank=True)
    data_source = models.TextField(_("data source"), blank=True)
    formula = models.TextField(_("formula"), blank=True)
    six_month_target = models.TextField(_("6-month target"), blank=True)
    benefits = models.TextField(_("benefits to the public"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    criteria_note = models.TextField(_("note on the criteria"), blank=True)
    national_strategy = models.TextField(_("link to the national strategy"), blank=True)
    master_plan = models.TextField(_("link to master plans"), blank=True)
    policy = models.TextField(_("link to policies and other plans"), blank=True)
    cascade = models.CharField(
        _("cascade"), max_length=16, choices=Cascade.choices, default=Cascade.NONE, blank=True
    )
    strategic_kpi = models.TextField(_("strategic KPI"), blank=True)
    criteria = models.JSONField(
        _("criteria"), null=True, blank=True, help_text=_("In the scoring engine's format.")
    )
    locked = models.BooleanField(
        _("locked"),
        default=False,
        help_text=_(
            "Part of a signed performance agreement: it changes only through an approved "
            "amendment (ges.agreements.actions.approve_amendment)."
        ),
    )
    layout = models.JSONField(
        _("source layout"),
        default=list,
        blank=True,
        help_text=_("Where each line of an imported source page went, to print it back in order."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "organization", "order", "number"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="indicator_weight_not_negative"
            ),
            models.UniqueConstraint(
                fields=["framework", "organization", "number"],
                condition=Q(organization__isnull=False),
                name="indicator_number_unique_per_agency",
            ),
            models.UniqueConstraint(
                fields=["framework", "number"],
                condition=Q(organization__isnull=True),
                name="standard_indicator_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    @property
    def is_standard(self) -> bool:
        return self.organization_id is None


class Baseline(models.Model):
    """One value of a baseline table (ข้อมูลพื้นฐาน): a series (row) in one fiscal year."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="baselines"
    )
    series = models.CharField(_("series"), max_length=255, default="ผลการดำเนินงาน")
    year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    value_text = models.CharField(_("value as written"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["indicator", "order", "year"]
        verbose_name = _("baseline value")
        verbose_name_plural = _("baseline values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "series", "year"], name="baseline_one_value_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}: {self.value_text or self.value}"


class Step(models.Model):
    """ขั้นตอนการดำเนินงาน: one ordered step of an indicator."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="steps"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("step"))

    class Meta:
        ordering = ["indicator", "order"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.text[:80]


class PlanActivity(models.Model):
    """One row of the monthly action plan (the seed's Gantt table).

    `months` holds offsets from the fiscal year's first month: 0 = ตุลาคม, 11 = กันยายน,
    12-14 = the first quarter of the next fiscal year, which some plans run into.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="plan"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("activity"))
    months = models.JSONField(_("months"), default=list)

    class Meta:
        ordering = ["indicator", "order"]
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")

    def __str__(self) -> str:
        return self.text[:80]


class ItemKind(models.TextChoices):
    PASS_FAIL = "passfail", _("Pass / fail")
    NUMBER = "number", _("Number with a unit")
    TEXT = "text", _("Text")


class EvaluationItem(models.Model):
    """ประเด็นการประเมิน: one measurable line under an indicator, with its year's result."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("evaluation item"))
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    result_passed = models.BooleanField(_("passed"), null=True, blank=True)
    result_value = models.DecimalField(
        _("result value"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    result_text = models.TextField(_("result as written"), blank=True)

    class Meta:
        ordering = ["indicator", "order"]
        verbose_name = _("evaluation item")
        verbose_name_plural = _("evaluation items")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="item_known_kind")
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def has_result(self) -> bool:
        return (
            self.result_passed is not None
            or self.result_value is not None
            or bool(self.result_text)
        )


class AgencyValue(models.Model):
    """A value of an agency that chooses its group of a standard indicator (e.g. `prev`)."""

    framework = models.ForeignKey(
        Framework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="agency_values",
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="values"
    )
    name = models.CharField(_("name"), max_length=64)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["framework", "organization", "name"]
        verbose_name = _("agency value")
        verbose_name_plural = _("agency values")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "organization", "name"], name="agency_value_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.name} = {self.value}"

    def as_context(self) -> dict[str, Any]:
        return {self.name: self.value}
