"""Performance agreements (คำรับรองการปฏิบัติราชการ): one per agency and framework, proposed by
the agency, negotiated indicator by indicator, signed by both sides, amended after signing.

The Indicator rows always hold the version in force: an agreement's history lives beside them
as versions (snapshots of an indicator with everything under it), decisions, comments,
signatures and amendments. Scores read the Indicator rows, so they use the version in force.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ges.agreements.diff import path_label
from ges.frameworks.models import Framework
from ges.indicators.models import Indicator
from ges.orgs.models import Organization


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    IN_NEGOTIATION = "in_negotiation", _("In negotiation")
    AGREED = "agreed", _("Agreed")
    SIGNED = "signed", _("Signed")


# While an agreement is in one of these, evaluators decide and the agency revises.
NEGOTIABLE = (AgreementStatus.PROPOSED, AgreementStatus.IN_NEGOTIATION, AgreementStatus.AGREED)


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def of_framework(self, framework: Framework) -> AgreementQuerySet:
        return self.filter(framework=framework)


class Agreement(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="agreements"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="agreements"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    # When the status last changed: how long the agreement has waited in it.
    state_changed_at = models.DateTimeField(_("in this state since"))
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    proposed_at = models.DateTimeField(_("proposed"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["framework", "organization__path"]
        verbose_name = _("performance agreement")
        verbose_name_plural = _("performance agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "organization"], name="agreement_one_per_agency"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values), name="agreement_known_status"
            ),
            models.CheckConstraint(
                condition=Q(status=AgreementStatus.DRAFT) | Q(proposed_at__isnull=False),
                name="agreement_proposed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=AgreementStatus.SIGNED) | Q(signed_at__isnull=False),
                name="agreement_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.framework}"

    @property
    def is_signed(self) -> bool:
        return self.status == AgreementStatus.SIGNED

    @property
    def is_negotiable(self) -> bool:
        return self.status in NEGOTIABLE


class VersionKind(models.TextChoices):
    PROPOSAL = "proposal", _("Proposal")
    REVISION = "revision", _("Revision")
    AMENDMENT = "amendment", _("Amendment")


class IndicatorVersion(models.Model):
    """An indicator as it was proposed, revised or amended: every field and part, with its
    sub-indicators (`ges.agreements.versions.snapshot_indicator`)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=16, choices=VersionKind.choices)
    snapshot = models.JSONField(_("snapshot"))
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "number"]
        verbose_name = _("indicator version")
        verbose_name_plural = _("indicator versions")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "number"], name="version_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
            models.CheckConstraint(
                condition=Q(kind__in=VersionKind.values), name="version_known_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.number} v{self.number}"


class Decision(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    AGREED = "agreed", _("Agreed")
    REJECTED = "rejected", _("Rejected")
    CHANGE_REQUESTED = "change_requested", _("Change requested")


class AgreementIndicator(models.Model):
    """One top-level indicator of an agreement (its sub-indicators are part of its versions)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="entries"
    )
    indicator = models.OneToOneField(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="agreement_entry",
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    # The latest version the agency submitted, and the version agreed (the one in force once
    # the agreement is signed; amendments move it on).
    submitted = models.ForeignKey(
        IndicatorVersion,
        verbose_name=_("submitted version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.ForeignKey(
        IndicatorVersion,
        verbose_name=_("agreed version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Moves on with every decision and revision: a decision form carries the value it was
    # opened with, and is refused if someone else acted in between.
    sequence = models.PositiveIntegerField(_("step"), default=0)

    class Meta:
        ordering = ["agreement", "indicator__order", "indicator__number"]
        verbose_name = _("indicator of an agreement")
        verbose_name_plural = _("indicators of agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=Decision.values), name="entry_known_decision"
            ),
            models.CheckConstraint(
                condition=Q(decision=Decision.PENDING)
                | (
                    Q(decided_at__isnull=False)
                    & Q(decided_by__isnull=False)
                    & ~Q(decision_reason="")
                ),
                name="entry_decision_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(decision=Decision.AGREED) | Q(version__isnull=False),
                name="entry_agreed_has_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.indicator.number}"


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    DECISION = "decision", _("Decision")
    REVISION = "revision", _("Revision")


class Comment(models.Model):
    """The negotiation thread of an indicator: comments on it or on one of its parts, and the
    decisions and revisions as they happened."""

    entry = models.ForeignKey(
        AgreementIndicator,
        verbose_name=_("indicator of an agreement"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=CommentKind.choices, default=CommentKind.COMMENT
    )
    # "" for the whole indicator, or a path into its version: "weight", "criteria.thresholds[1]",
    # "items[2]" (see ges.agreements.diff.parts).
    part = models.CharField(_("part"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("text"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    version = models.ForeignKey(
        IndicatorVersion,
        verbose_name=_("version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in answer to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["entry", "created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="comment_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=CommentKind.values), name="comment_known_kind"
            ),
            models.CheckConstraint(
                condition=~Q(kind=CommentKind.DECISION) | ~Q(decision=""),
                name="comment_decision_named",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def part_label(self) -> str:
        return path_label(self.part) if self.part else ""


class SignatureRole(models.TextChoices):
    AGENCY = "agency", _("For the agency")
    COMMITTEE = "committee", _("For the committee")


class Signature(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="signatures"
    )
    role = models.CharField(_("signs"), max_length=16, choices=SignatureRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT
    )
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        ordering = ["agreement", "signed_at"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "role"], name="signature_one_per_side"),
            models.UniqueConstraint(fields=["agreement", "user"], name="signature_two_people"),
            models.CheckConstraint(
                condition=Q(role__in=SignatureRole.values), name="signature_known_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.role}"


class AmendmentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Amendment(models.Model):
    """A change to an indicator of a signed agreement: proposed by the agency with a reason,
    decided by an evaluator with a reason; approval applies it and records a new version."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="amendments"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="amendments"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    snapshot = models.JSONField(_("proposed indicator"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AmendmentStatus.choices,
        default=AmendmentStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    version_before = models.ForeignKey(
        IndicatorVersion,
        verbose_name=_("version before"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version_after = models.ForeignKey(
        IndicatorVersion,
        verbose_name=_("version after"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["agreement", "proposed_at", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="amendment_has_reason"),
            models.CheckConstraint(
                condition=Q(status__in=AmendmentStatus.values), name="amendment_known_status"
            ),
            models.CheckConstraint(
                condition=Q(status=AmendmentStatus.PENDING)
                | (
                    Q(decided_at__isnull=False)
                    & Q(decided_by__isnull=False)
                    & ~Q(decision_reason="")
                ),
                name="amendment_decision_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=AmendmentStatus.APPROVED) | Q(version_after__isnull=False),
                name="amendment_approved_has_version",
            ),
            models.CheckConstraint(
                condition=~Q(decided_by=models.F("proposed_by")),
                name="amendment_not_decided_by_proposer",
            ),
            models.UniqueConstraint(
                fields=["indicator"],
                condition=Q(status=AmendmentStatus.PENDING),
                name="amendment_one_pending_per_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.indicator.number} · {self.proposed_at:%Y-%m-%d}"
