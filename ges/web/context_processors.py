"""Navigation that shows each person what their roles let them do."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ges.notices.models import Notice
from ges.orgs.access import Person, has_perm
from ges.orgs.permissions import Perm


@dataclass(frozen=True)
class NavLink:
    url_name: str
    label: str | Promise
    perm: Perm | None
    signed_in: bool = False  # with no perm: shown to every signed-in person
    count: int = 0  # shown beside the label (the inbox: unread notices)

    @property
    def url(self) -> str:
        return reverse(self.url_name)

    def shown_to(self, user: Person) -> bool:
        if not user.is_authenticated:
            return self.perm is None and not self.signed_in
        return self.perm is None or has_perm(user, self.perm)


NAV_LINKS = [
    NavLink("home", _("Home"), None),
    NavLink("notices:inbox", _("My inbox"), None, signed_in=True),
    NavLink("frameworks:list", _("Frameworks"), None, signed_in=True),
    NavLink("indicators:mine", _("Indicators"), Perm.INDICATOR_VIEW),
    NavLink("agreements:mine", _("Agreements"), Perm.AGREEMENT_VIEW),
    NavLink("assessments:index", _("Rounds and results"), Perm.SUBMISSION_VIEW),
    NavLink("orgs:tree", _("Organisations"), Perm.ORG_VIEW),
    NavLink("orgs:people", _("People and roles"), Perm.PEOPLE_VIEW),
    NavLink("orgs:import", _("Import organisations"), Perm.ORG_IMPORT),
    NavLink("audit:log", _("Audit log"), Perm.AUDIT_VIEW),
]


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    links = [link for link in NAV_LINKS if link.shown_to(user)]
    if user.is_authenticated:
        unread = Notice.objects.of(user).unread().count()  # the one query the nav adds
        links = [
            replace(link, count=unread) if link.url_name == "notices:inbox" else link
            for link in links
        ]
    return {
        "nav_links": links,
        "can_use_admin": user.is_authenticated and has_perm(user, Perm.ADMIN_SITE),
    }
