"""Small factories for tests: explicit objects, no fixture dumps."""

from __future__ import annotations

import itertools
from typing import Any

from ges.audit.log import Actor
from ges.orgs import actions
from ges.orgs.models import Organization, OrganizationKind, Role, User

PASSWORD = "test-password-2569"
SYSTEM = Actor(user=None)
_counter = itertools.count(1)


def make_org(
    parent: Organization | None = None,
    *,
    kind: str = OrganizationKind.DEPARTMENT,
    code: str | None = None,
    name_th: str | None = None,
    **values: Any,
) -> Organization:
    number = next(_counter)
    return actions.create_organization(
        SYSTEM,
        parent,
        kind=kind,
        code=code or f"ORG{number}",
        name_th=name_th or f"หน่วยงานทดสอบ {number}",
        **values,
    )


def make_user(username: str | None = None, **values: Any) -> User:
    username = username or f"user{next(_counter)}"
    return User.objects.create_user(username, password=PASSWORD, **values)


def make_member(organization: Organization, role: Role, username: str | None = None) -> User:
    user = make_user(username)
    actions.grant_role(SYSTEM, user, organization, role)
    return user
