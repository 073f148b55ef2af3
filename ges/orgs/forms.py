from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ges.orgs.access import Person, grantable_roles, grantable_roles_anywhere, visible_to
from ges.orgs.models import Membership, Organization, OrganizationKind, Role, User
from ges.orgs.permissions import Perm


class OrganizationForm(forms.Form):
    parent_code = forms.CharField(
        label=_("Parent organisation (code)"),
        required=False,
        max_length=32,
        help_text=_("Leave empty for a top-level organisation such as a ministry."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    code = forms.CharField(label=_("Code"), max_length=32)
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=255)
    name_en = forms.CharField(label=_("Name (English)"), max_length=255, required=False)
    short_name = forms.CharField(label=_("Short name"), max_length=64, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        instance: Organization | None = None,
        allowed_parents: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.allowed_parents = allowed_parents
        self.parent: Organization | None = None

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        clash = Organization.objects.filter(code=code)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("Another organisation already has code %(code)s."), params={"code": code}
            )
        return code

    def clean_parent_code(self) -> str:
        code: str = self.cleaned_data["parent_code"].strip()
        if not code:
            return code
        parent = self.allowed_parents.filter(code=code).first()
        if parent is None:
            raise forms.ValidationError(
                _("There is no organisation with code %(code)s that you may edit."),
                params={"code": code},
            )
        if self.instance is not None and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(
                _("An organisation cannot be placed under itself or its own unit.")
            )
        self.parent = parent
        return code

    def values(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in ("kind", "code", "name_th", "name_en", "short_name", "is_active")
        }

    @classmethod
    def initial_for(cls, organization: Organization) -> dict[str, Any]:
        return {
            "parent_code": organization.parent.code if organization.parent else "",
            **organization.audit_values(),
        }


# People and roles ------------------------------------------------------------------------------

# Up to this many organisations the form offers a list; beyond it (a framework admin at
# national scale) the person types the organisation's code instead.
ORGANIZATION_CHOICE_LIMIT = 300
INDENT = "\u00a0\u00a0\u00a0"
NOT_MANAGEABLE = _("There is no organisation with code %(value)s where you may manage people.")


def organization_choices(organizations: list[Organization]) -> list[tuple[str, str]]:
    """Choices in tree order, indented by depth below the shallowest one."""
    top = min((org.depth for org in organizations), default=0)
    return [
        ("", "---------"),
        *(
            (org.code, f"{INDENT * (org.depth - top)}{org.name} ({org.code})")
            for org in organizations
        ),
    ]


class RoleGrantForm(forms.Form):
    """The organisation and role of a grant, limited to what the acting user may grant."""

    organization = forms.CharField(
        label=_("Organisation (code)"),
        max_length=32,
        help_text=_("The code of an organisation where you manage people, e.g. OPS."),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, user: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.manageable = visible_to(user, Perm.PEOPLE_MANAGE).filter(is_active=True)
        self.selected_organization: Organization | None = None
        options = list(self.manageable.order_by("path")[: ORGANIZATION_CHOICE_LIMIT + 1])
        if len(options) <= ORGANIZATION_CHOICE_LIMIT:
            self.fields["organization"] = forms.ChoiceField(
                label=_("Organisation"),
                choices=organization_choices(options),
                error_messages={"invalid_choice": NOT_MANAGEABLE},
            )
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [
            ("", "---------"),
            *((role.value, role.label) for role in grantable_roles_anywhere(user)),
        ]

    def clean_organization(self) -> str:
        code: str = self.cleaned_data["organization"].strip()
        organization = self.manageable.filter(code=code).first()
        if organization is None:
            organization = self.manageable.filter(code__iexact=code).first()
        if organization is None:
            raise forms.ValidationError(NOT_MANAGEABLE, params={"value": code})
        self.selected_organization = organization
        return organization.code

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        role = self.cleaned_data.get("role")
        organization = self.selected_organization
        if (
            organization is not None
            and role
            and Role(role) not in grantable_roles(self.user, organization)
        ):
            self.add_error(
                "role",
                forms.ValidationError(
                    _("You may not grant the role “%(role)s” in %(organization)s."),
                    params={"role": Role(role).label, "organization": organization.name},
                ),
            )
        return cleaned

    @property
    def chosen_role(self) -> Role:
        return Role(self.cleaned_data["role"])


class PersonForm(RoleGrantForm):
    """A new person and their first role."""

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only; used to log in."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("We send the link to set the password to this address."),
    )

    field_order = ["username", "first_name", "last_name", "email", "organization", "role"]

    def clean_username(self) -> str:
        username: str = User.normalize_username(self.cleaned_data["username"].strip())
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("The user name %(username)s is already taken."), params={"username": username}
            )
        return username

    def clean_email(self) -> str:
        email: str = UserManager.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("Someone already uses the e-mail address %(email)s."), params={"email": email}
            )
        return email

    def person_values(self) -> dict[str, Any]:
        assert self.selected_organization is not None
        return {
            "username": self.cleaned_data["username"],
            "first_name": self.cleaned_data["first_name"].strip(),
            "last_name": self.cleaned_data["last_name"].strip(),
            "email": self.cleaned_data["email"],
            "organization": self.selected_organization,
            "role": self.chosen_role,
        }


class GrantForm(RoleGrantForm):
    """A role for a person who already has an account."""

    person = forms.CharField(
        label=_("Person (user name or e-mail)"),
        max_length=254,
    )

    field_order = ["person", "organization", "role"]

    def __init__(self, *args: Any, user: Person, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.grantee: User | None = None

    def clean_person(self) -> str:
        text: str = self.cleaned_data["person"].strip()
        people = list(User.objects.filter(Q(username__iexact=text) | Q(email__iexact=text))[:3])
        exact = [p for p in people if p.username.lower() == text.lower()]
        if exact:
            people = exact
        if not people:
            raise forms.ValidationError(
                _("Nobody has the user name or e-mail %(text)s."), params={"text": text}
            )
        if len(people) > 1:
            raise forms.ValidationError(
                _("Several people use the e-mail %(text)s: give the user name instead."),
                params={"text": text},
            )
        if not people[0].is_active:
            raise forms.ValidationError(
                _("The account of %(name)s is switched off."),
                params={"name": people[0].display_name},
            )
        self.grantee = people[0]
        return text

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        person = self.grantee
        if person is not None and self.selected_organization is not None and not self.errors:
            held = Membership.objects.filter(
                user=person, organization=self.selected_organization, role=self.chosen_role
            ).exists()
            if held:
                raise forms.ValidationError(
                    _("%(person)s already holds the role “%(role)s” in %(organization)s."),
                    params={
                        "person": person.display_name,
                        "role": self.chosen_role.label,
                        "organization": self.selected_organization.name,
                    },
                    code="already_held",
                )
        return cleaned
