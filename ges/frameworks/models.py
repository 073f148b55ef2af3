"""A fiscal year's evaluation framework: components and weights, rounds, scoring settings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ges.lib import thaidate

DEFAULT_RESULT_LEVELS = [
    [90, "ระดับคุณภาพ"],
    [75, "ระดับมาตรฐานขั้นสูง"],
    [60, "ระดับมาตรฐานขั้นต้น"],
    [0, "ระดับต้องปรับปรุง"],
]


def default_result_levels() -> list[list[Any]]:
    return [list(level) for level in DEFAULT_RESULT_LEVELS]


class FiscalYear(models.Model):
    """ปีงบประมาณ, named by its Buddhist Era year (FY2567 = 1 Oct 2023 - 30 Sep 2024)."""

    year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"), unique=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2500) & Q(year__lte=2700), name="fiscal_year_buddhist_era"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        return thaidate.fiscal_year_bounds(self.year)

    @property
    def months(self) -> list[thaidate.FiscalMonth]:
        return thaidate.fiscal_months(self.year)


class FrameworkKind(models.TextChoices):
    DEPARTMENTS = "departments", _("Departments")
    PROVINCES = "provinces", _("Provinces")
    PUBLIC_ORGANIZATIONS = "public_organizations", _("Public organisations")


class ScoringMode(models.TextChoices):
    INTERPOLATE = "interpolate", _("Interpolate between targets")
    STEP = "step", _("Highest target reached")


class ExemptWeight(models.TextChoices):
    COMPONENT = "component", _("To the other indicators of the same component")
    AGENCY = "agency", _("To all the agency's other indicators")


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class Framework(models.Model):
    """The structure for one fiscal year and one kind of organisation."""

    fiscal_year = models.ForeignKey(
        FiscalYear,
        verbose_name=_("fiscal year"),
        on_delete=models.PROTECT,
        related_name="frameworks",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=FrameworkKind.choices)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    scale = models.DecimalField(
        _("score scale"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(100),
        help_text=_("100 for the 3-level criteria (FY2565 on), 5 for the 5-level scale."),
    )
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=3)
    mode = models.CharField(
        _("scoring between targets"),
        max_length=16,
        choices=ScoringMode.choices,
        default=ScoringMode.INTERPOLATE,
    )
    below_first = models.DecimalField(
        _("score below the first target"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    exempt_weight = models.CharField(
        _("weight of an exempt indicator goes"),
        max_length=16,
        choices=ExemptWeight.choices,
        default=ExemptWeight.COMPONENT,
    )
    result_levels = models.JSONField(
        _("result levels"),
        default=default_result_levels,
        help_text=_("Pairs of [minimum total, label], highest first."),
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )

    class Meta:
        ordering = ["-fiscal_year__year", "kind"]
        verbose_name = _("framework")
        verbose_name_plural = _("frameworks")
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "kind"], name="framework_one_per_year_kind"
            ),
            models.CheckConstraint(condition=Q(scale__gt=0), name="framework_scale_positive"),
            models.CheckConstraint(condition=Q(decimals__lte=6), name="framework_decimals_small"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    def engine_settings(self) -> dict[str, Any]:
        """The document-level settings the scoring engine takes (docs/scoring.md)."""
        return {
            "scale": self.scale,
            "decimals": self.decimals,
            "exempt_weight": self.exempt_weight,
            "result_levels": self.result_levels,
        }


class Component(models.Model):
    """องค์ประกอบ / มิติ: a weighted part of a framework; may hold sub-components."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="components"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=32)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=7, decimal_places=3, validators=[MinValueValidator(Decimal(0))]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name = _("component")
        verbose_name_plural = _("components")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="component_code_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="component_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class RoundKind(models.IntegerChoices):
    SIX_MONTHS = 6, _("6 months")
    NINE_MONTHS = 9, _("9 months")
    TWELVE_MONTHS = 12, _("12 months")


class Round(models.Model):
    """รอบการประเมิน: a reporting round counted from 1 October."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="rounds"
    )
    months = models.PositiveSmallIntegerField(_("round"), choices=RoundKind.choices)
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("deadline"))
    grace_until = models.DateField(_("grace period until"), null=True, blank=True)
    # OPDC closed the evaluation: the round's results and scores are final.
    closed_at = models.DateTimeField(_("evaluation closed"), null=True, blank=True)

    class Meta:
        ordering = ["framework", "months"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["framework", "months"], name="round_one_per_months"),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")), name="round_deadline_after_opening"
            ),
            models.CheckConstraint(
                condition=Q(grace_until__isnull=True) | Q(grace_until__gte=models.F("deadline")),
                name="round_grace_after_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework} · {self.get_months_display()}"

    @property
    def last_day(self) -> dt.date:
        """The last day a submission counts as on time: the grace date, else the deadline."""
        return self.grace_until or self.deadline

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None
