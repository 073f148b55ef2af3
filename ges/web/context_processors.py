"""Navigation that shows each person what their roles let them do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ges.orgs.access import has_perm
from ges.orgs.permissions import Perm


@dataclass(frozen=True)
class NavLink:
    url_name: str
    label: str | Promise
    perm: Perm | None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAV_LINKS = [
    NavLink("home", _("Home"), None),
    NavLink("orgs:tree", _("Organisations"), Perm.ORG_VIEW),
    NavLink("orgs:people", _("People and roles"), Perm.PEOPLE_VIEW),
    NavLink("orgs:import", _("Import organisations"), Perm.ORG_IMPORT),
    NavLink("audit:log", _("Audit log"), Perm.AUDIT_VIEW),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    links = [
        link
        for link in NAV_LINKS
        if link.perm is None or (user.is_authenticated and has_perm(user, link.perm))
    ]
    return {
        "nav_links": links,
        "can_use_admin": user.is_authenticated and has_perm(user, Perm.ADMIN_SITE),
    }
