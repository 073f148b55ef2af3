from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from ges.audit.log import actor_from, record
from ges.orgs.models import Membership, Organization, User

PERSON_FIELDS = ["username", "first_name", "last_name", "email", "is_active"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin[Organization]):
    list_display = ["code", "name_th", "short_name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_th", "name_en", "short_name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["path", "depth"]

    def has_add_permission(self, request: object) -> bool:
        return False  # tree paths are kept by ges.orgs.actions: use the GES pages

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    search_fields = ["username", "first_name", "last_name", "email"]
    fields = ["username", "first_name", "last_name", "email", "is_active", "last_login"]
    readonly_fields = ["last_login"]

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        before = {name: form.initial.get(name) for name in PERSON_FIELDS} if change else None
        super().save_model(request, obj, form, change)
        after = {name: getattr(obj, name) for name in PERSON_FIELDS}
        action = "person.updated" if change else "person.created"
        record(actor_from(request), action, obj, before=before, after=after)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organization", "role", "granted_by", "granted_at"]
    list_filter = ["role"]
    raw_id_fields = ["user", "organization", "granted_by"]

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False  # role changes go through the GES pages, which write the audit log

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
