from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Iterable

PATH_SEPARATOR = "/"


class OrganizationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    PROVINCE_GROUP = "province_group", _("Province group")
    PROVINCE = "province", _("Province")
    BUDGET_UNIT = "budget_unit", _("Budget unit")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    PUBLIC_ORGANIZATION = "public_organization", _("Public organisation")
    DIVISION = "division", _("Internal division")


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def within(self, paths: Iterable[str]) -> OrganizationQuerySet:
        """Organisations at or below any of the given tree paths."""
        condition = Q(pk__in=[])
        for path in paths:
            condition |= Q(path__startswith=path)
        return self.filter(condition)

    def search(self, text: str) -> OrganizationQuerySet:
        """Substring search over Thai and English names, short name and code."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(name_th__icontains=text)
            | Q(name_en__icontains=text)
            | Q(short_name__icontains=text)
            | Q(code__icontains=text)
        )

    def with_child_count(self) -> OrganizationQuerySet:
        return self.annotate(child_count=models.Count("children"))


class Organization(models.Model):
    """One node of the organisation tree (ministry, department, province, division, ...).

    `path` holds the ids from the root down ("/3/17/52/") so a whole subtree is one
    prefix query, whatever its depth; actions.move_organization keeps it right.
    """

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="organization_not_own_parent"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values), name="organization_known_kind"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent of this organisation."""
        return [int(part) for part in self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)][:-1]

    def ancestors(self) -> list[Organization]:
        ids = self.ancestor_ids()
        by_id = Organization.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def descendants(self) -> OrganizationQuerySet:
        return Organization.objects.filter(path__startswith=self.path).exclude(pk=self.pk)

    def is_within(self, other: Organization) -> bool:
        return self.path.startswith(other.path)

    def audit_values(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "parent": self.parent.code if self.parent else None,
            "kind": self.kind,
            "name_th": self.name_th,
            "name_en": self.name_en,
            "short_name": self.short_name,
            "is_active": self.is_active,
        }

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent else PATH_SEPARATOR
        return f"{prefix}{self.pk}{PATH_SEPARATOR}"


class User(AbstractUser):
    """A person who signs in to GES; what they may do comes from their memberships."""

    objects: UserManager[User] = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    FRAMEWORK_ADMIN = "framework_admin", _("OPDC framework admin")
    EVALUATOR = "evaluator", _("Committee member / evaluator")
    INDICATOR_OWNER = "indicator_owner", _("Indicator owner")
    AGENCY_EDITOR = "agency_editor", _("Agency coordinator")
    AGENCY_APPROVER = "agency_approver", _("Agency approver")
    VIEWER = "viewer", _("Viewer")
    ORG_ADMIN = "org_admin", _("Organisation user administrator")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(user__is_active=True)


class Membership(models.Model):
    """A role that a person holds in an organisation and everything below it."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization__path", "user__username", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_known_role"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    def audit_values(self) -> dict[str, Any]:
        return {
            "user": self.user.username,
            "organization": self.organization.code,
            "role": self.role,
        }


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    APPLIED = "applied", _("Applied")


class OrganizationImport(models.Model):
    """An uploaded organisation file: kept for the preview, applied only when every row is right.

    `rows` holds the file as read ({"number": row number, "values": {column: text}}), so the
    preview and the final import both check it against the organisations as they are then.
    """

    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    columns = models.JSONField(_("columns"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    applied_by = models.ForeignKey(
        User,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("organisation import")
        verbose_name_plural = _("organisation imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="organization_import_known_status"
            ),
            models.CheckConstraint(
                condition=Q(status=ImportStatus.PREVIEWED, applied_at__isnull=True)
                | Q(status=ImportStatus.APPLIED, applied_at__isnull=False),
                name="organization_import_applied_at",
            ),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_applied(self) -> bool:
        return self.status == ImportStatus.APPLIED
