"""Framework admins get the Django admin through their role, not through staff flags."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from ges.orgs.access import has_perm
from ges.orgs.permissions import Perm


class RoleBackend(ModelBackend):
    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return bool(user_obj.is_active and has_perm(user_obj, Perm.ADMIN_SITE))

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return bool(user_obj.is_active and has_perm(user_obj, Perm.ADMIN_SITE))
