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
    # Frameworks are read by every signed-in role; only framework admins change them.
    FRAMEWORK_EDIT = "framework.edit"
    # An agency's indicators, in the subtree of the role's organisation.
    INDICATOR_VIEW = "indicator.view"
    INDICATOR_EDIT = "indicator.edit"
    # Standard indicators, in the organisation that owns them (the indicator owner).
    STANDARD_INDICATOR_EDIT = "standard_indicator.edit"
    # Performance agreements, in the subtree of the role's organisation: the agency proposes,
    # revises and asks for amendments; evaluators decide; each party signs its side.
    AGREEMENT_VIEW = "agreement.view"
    AGREEMENT_PROPOSE = "agreement.propose"
    AGREEMENT_DECIDE = "agreement.decide"
    AGREEMENT_SIGN_AGENCY = "agreement.sign_agency"
    AGREEMENT_SIGN_COMMITTEE = "agreement.sign_committee"
    # Self-assessment of a round, in the subtree of the role's organisation: the agency editor
    # reports, the approver verifies and submits or returns, evaluators review and confirm.
    SUBMISSION_VIEW = "submission.view"
    SUBMISSION_EDIT = "submission.edit"
    SUBMISSION_SUBMIT = "submission.submit"
    SUBMISSION_REVIEW = "submission.review"
    # Indicator owners supply results of the standard indicators their organisation owns.
    RESULTS_UPLOAD = "results.upload"
    # Framework admins close a round's evaluation: its results become final.
    EVALUATION_CLOSE = "evaluation.close"


READ = frozenset({Perm.ORG_VIEW, Perm.INDICATOR_VIEW, Perm.AGREEMENT_VIEW, Perm.SUBMISSION_VIEW})
# The agency's side of an agreement is the agency's own: OPDC neither proposes nor signs for it.
AGENCY_SIDE = frozenset(
    {
        Perm.AGREEMENT_PROPOSE,
        Perm.AGREEMENT_SIGN_AGENCY,
        Perm.SUBMISSION_EDIT,
        Perm.SUBMISSION_SUBMIT,
    }
)

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.FRAMEWORK_ADMIN: frozenset(Perm) - AGENCY_SIDE,
    Role.EVALUATOR: READ
    | {Perm.AGREEMENT_DECIDE, Perm.AGREEMENT_SIGN_COMMITTEE, Perm.SUBMISSION_REVIEW},
    Role.INDICATOR_OWNER: READ | {Perm.STANDARD_INDICATOR_EDIT, Perm.RESULTS_UPLOAD},
    Role.AGENCY_EDITOR: READ | {Perm.INDICATOR_EDIT, Perm.AGREEMENT_PROPOSE, Perm.SUBMISSION_EDIT},
    Role.AGENCY_APPROVER: READ
    | {Perm.PEOPLE_VIEW, Perm.AGREEMENT_SIGN_AGENCY, Perm.SUBMISSION_SUBMIT},
    Role.VIEWER: READ,
    Role.ORG_ADMIN: frozenset({Perm.ORG_VIEW, Perm.PEOPLE_VIEW, Perm.PEOPLE_MANAGE}),
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
