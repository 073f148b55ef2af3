"""Self-assessment (การรายงานผลการดำเนินงาน) of a round: what an agency reports, the evidence,
the reviews, and the scores the engine computes from them.

- `Submission`: one agency's report for one round; the approver submits it whole.
- `IndicatorResult`: one top-level indicator (or sub-indicator) of that submission: its
  narrative, milestone steps / points blocks done, condition outcomes, the self-score and the
  evaluator's confirmed result and score, and where it is in the review.
- `ItemResult`: the result of one evaluation item (pass/fail, a number in its unit, text).
- `Evidence`: a file an agency uploaded for an indicator, reusable across rounds.
- `ReviewMessage`: the thread of one indicator result (returns, questions, answers, decisions).
- `AgencyScore` / `IndicatorScore`: what the engine made of it, stored with its explanation
  and the version of the criteria used; the ranking reads these.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ges.frameworks.models import Round
from ges.indicators.models import EvaluationItem, Indicator
from ges.orgs.models import Organization


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")  # the agency editor is reporting
    SUBMITTED = "submitted", _("Submitted")  # verified and sent by the agency approver
    FINAL = "final", _("Final")  # OPDC closed the round's evaluation


class Submission(models.Model):
    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="submissions"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_late = models.BooleanField(_("late"), default=False)
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["round", "organization__path"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"], name="submission_one_per_round"
            ),
            models.CheckConstraint(
                condition=Q(status__in=SubmissionStatus.values), name="submission_known_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.round}"


class Evidence(models.Model):
    """A file proving a result. Kept for the indicator of an agency, so a later round of the
    same indicator can attach it again without uploading it twice."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="evidence"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=500, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "-uploaded_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = [models.Index(fields=["indicator", "sha256"], name="evidence_by_hash")]

    def __str__(self) -> str:
        return self.name


class ResultStatus(models.TextChoices):
    DRAFT = "draft", _("Being reported")
    RETURNED_BY_APPROVER = "returned_by_approver", _("Returned by the agency approver")
    SUBMITTED = "submitted", _("Waiting for review")
    QUESTION = "question", _("Question from the evaluator")
    RETURNED = "returned", _("Returned by the evaluator")
    ACCEPTED = "accepted", _("Accepted")
    CONFIRMED = "confirmed", _("Result confirmed by the evaluator")


# The agency may change an indicator's results only in these states.
AGENCY_EDITABLE = frozenset(
    {ResultStatus.DRAFT, ResultStatus.RETURNED_BY_APPROVER, ResultStatus.RETURNED}
)


class IndicatorResult(models.Model):
    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="results"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="results"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=ResultStatus.choices, default=ResultStatus.DRAFT
    )
    # The narrative of seed 000: ผลการดำเนินงาน, ปัญหาอุปสรรค, แนวทางแก้ไข/ข้อเสนอแนะ.
    performance = models.TextField(_("performance"), blank=True)
    obstacles = models.TextField(_("problems and obstacles"), blank=True)
    suggestions = models.TextField(_("solutions and suggestions"), blank=True)
    # Milestone steps / points blocks done (their ids in the criteria) and condition outcomes
    # ({"name": true}); the item results are in ItemResult.
    done = models.JSONField(_("steps done"), default=list, blank=True)
    conditions = models.JSONField(_("conditions"), default=dict, blank=True)
    # The result the agency's criteria score, in the engine's shape (a number, {"done": [...]},
    # true/false), derived from the items and `done` when they are saved; None if incomplete.
    self_result = models.JSONField(_("self-assessed result"), null=True, blank=True)
    self_score = models.DecimalField(
        _("self-score"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    self_explanation = models.TextField(_("self-score explanation"), blank=True)
    # The evaluator's confirmed result (same shape), with the justification.
    confirmed_result = models.JSONField(_("confirmed result"), null=True, blank=True)
    confirmed_justification = models.TextField(_("justification"), blank=True)
    evidence = models.ManyToManyField(
        Evidence, verbose_name=_("evidence"), related_name="results", blank=True
    )
    # An evaluator reopened this one indicator in a closed round.
    reopened_until = models.DateField(_("reopened until"), null=True, blank=True)
    # Optimistic concurrency: a form carries the value it was opened with.
    sequence = models.PositiveIntegerField(_("step"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["submission", "indicator__order", "indicator__number"]
        verbose_name = _("indicator result")
        verbose_name_plural = _("indicator results")
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="result_one_per_indicator"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ResultStatus.values), name="result_known_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.indicator.number}"


class ItemResult(models.Model):
    result = models.ForeignKey(
        IndicatorResult, verbose_name=_("result"), on_delete=models.CASCADE, related_name="items"
    )
    item = models.ForeignKey(
        EvaluationItem,
        verbose_name=_("evaluation item"),
        on_delete=models.PROTECT,
        related_name="round_results",
    )
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["result", "item__order"]
        verbose_name = _("item result")
        verbose_name_plural = _("item results")
        constraints = [
            models.UniqueConstraint(fields=["result", "item"], name="item_result_one_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.result} · {self.item_id}"

    @property
    def has_value(self) -> bool:
        return self.passed is not None or self.value is not None or bool(self.text)


class MessageKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED_BY_APPROVER = "returned_by_approver", _("Returned by the agency approver")
    QUESTION = "question", _("Question")
    ANSWER = "answer", _("Answer")
    RETURNED = "returned", _("Returned by the evaluator")
    ACCEPTED = "accepted", _("Accepted")
    CONFIRMED = "confirmed", _("Result confirmed")
    REOPENED = "reopened", _("Reopened")


class ReviewMessage(models.Model):
    """One step of an indicator result's review, with its reason, question or answer."""

    result = models.ForeignKey(
        IndicatorResult, verbose_name=_("result"), on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["result", "created_at", "pk"]
        verbose_name = _("review message")
        verbose_name_plural = _("review messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MessageKind.values), name="message_known_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.result} · {self.kind}"


class AgencyScore(models.Model):
    """The engine's score of an agency for a round, recomputed whenever a result or a decision
    changes. `complete` is False (and `total` empty) while an indicator has no result."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="scores"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="scores"
    )
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=6, null=True, blank=True)
    level = models.CharField(_("result level"), max_length=200, blank=True)
    self_total = models.DecimalField(
        _("self-assessed total"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    components = models.JSONField(_("component points"), default=list, blank=True)
    problems = models.JSONField(_("why there is no total"), default=list, blank=True)
    complete = models.BooleanField(_("complete"), default=False)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        ordering = ["round", "-total"]
        verbose_name = _("agency score")
        verbose_name_plural = _("agency scores")
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="score_one_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.round} · {self.total}"


class IndicatorScore(models.Model):
    agency_score = models.ForeignKey(
        AgencyScore, verbose_name=_("agency score"), on_delete=models.CASCADE, related_name="lines"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="scores"
    )
    result = models.JSONField(_("result scored"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=12, decimal_places=6, null=True, blank=True)
    points = models.DecimalField(
        _("weighted points"), max_digits=12, decimal_places=6, null=True, blank=True
    )
    explanation = models.TextField(_("explanation"), blank=True)
    explanation_en = models.TextField(_("explanation in English"), blank=True)
    # The criteria as scored, and the agreed version they came from (None without an agreement).
    criteria = models.JSONField(_("criteria used"), null=True, blank=True)
    version = models.ForeignKey(
        "agreements.IndicatorVersion",
        verbose_name=_("version of the criteria"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["agency_score", "indicator__order", "indicator__number"]
        verbose_name = _("indicator score")
        verbose_name_plural = _("indicator scores")
        constraints = [
            models.UniqueConstraint(
                fields=["agency_score", "indicator"], name="indicator_score_one_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_score} · {self.indicator.number}: {self.score}"


class UploadStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, not applied")
    APPLIED = "applied", _("Applied")


class ResultUpload(models.Model):
    """A file of one standard indicator's results for many agencies, uploaded by its indicator
    owner (ges.assessments.uploads). `rows` holds the file as read ({"number": row number,
    "code": agency code, "values": {item key: text}}), so the preview and the apply both check
    it against the results as they are then; nothing changes until it is applied."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="result_uploads"
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("standard indicator"),
        on_delete=models.CASCADE,
        related_name="result_uploads",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    keys = models.JSONField(_("item columns"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=UploadStatus.choices, default=UploadStatus.PREVIEWED
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("result upload")
        verbose_name_plural = _("result uploads")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=UploadStatus.values), name="result_upload_known_status"
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_applied(self) -> bool:
        return self.status == UploadStatus.APPLIED
