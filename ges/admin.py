"""The Django admin, open to framework admins by role (see ges.orgs.backends)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ges.orgs.access import has_perm
from ges.orgs.permissions import Perm


class GesAdminSite(admin.AdminSite):
    site_header = _("GES administration")
    site_title = _("GES administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and has_perm(user, Perm.ADMIN_SITE))
