"""The permission policy: which role may do what. The one place that maps roles to rights.

Code asks for a named permission (`Perm.ORG_EDIT`); it never compares role names.
A role held in an organisation applies to that organisation and its whole subtree;
a global role applies everywhere.
"""

from enum import StrEnum

from ges.orgs.models import Role


class Perm(StrEnum):
    ORG_VIEW = "org.view"
    ORG_EDIT = "org.edit"
    ORG_IMPORT = "org.import"
    PEOPLE_VIEW = "people.view"
    PEOPLE_MANAGE = "people.manage"
    AUDIT_VIEW = "audit.view"
    ADMIN_SITE = "admin.site"


READ = frozenset({Perm.ORG_VIEW})

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.FRAMEWORK_ADMIN: frozenset(Perm),
    Role.EVALUATOR: READ,
    Role.INDICATOR_OWNER: READ,
    Role.AGENCY_EDITOR: READ,
    Role.AGENCY_APPROVER: READ | {Perm.PEOPLE_VIEW},
    Role.VIEWER: READ,
    Role.ORG_ADMIN: READ | {Perm.PEOPLE_VIEW, Perm.PEOPLE_MANAGE},
}

# Roles whose holders act on every organisation, wherever their membership row sits.
GLOBAL_ROLES = frozenset({Role.FRAMEWORK_ADMIN})

# Which roles a holder of Perm.PEOPLE_MANAGE may grant, by the role that gives them the right.
GRANTABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.FRAMEWORK_ADMIN: frozenset(Role),
    Role.ORG_ADMIN: frozenset(
        {Role.AGENCY_EDITOR, Role.AGENCY_APPROVER, Role.VIEWER, Role.ORG_ADMIN}
    ),
}


def role_grants(role: str, perm: Perm) -> bool:
    return perm in ROLE_PERMISSIONS.get(Role(role), frozenset())
