from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ges.orgs.models import Organization, OrganizationKind


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
