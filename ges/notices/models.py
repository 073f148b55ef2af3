"""A notice: a short message to one person about something of theirs that moved, shown in their
inbox until read (and sent to them by e-mail when it was made, see ges.notices.send)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ges.orgs.models import User


class NoticeQuerySet(models.QuerySet["Notice"]):
    def of(self, user: User) -> NoticeQuerySet:
        return self.filter(user=user)

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)

    def mark_read(self) -> int:
        return self.unread().update(read_at=timezone.now())


class Notice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notice_user_newest"),
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notice_user_unread"
            ),
        ]
        constraints = [models.CheckConstraint(condition=~Q(subject=""), name="notice_has_subject")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
