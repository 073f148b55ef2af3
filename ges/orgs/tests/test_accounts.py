import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from ges import settings as project_settings
from ges.audit.models import AuditEntry
from ges.orgs.models import Membership, Organization
from ges.testing import PASSWORD, make_user

NEW_PASSWORD = "another-long-secret-2569"
PERSONAS = [
    "evaluator",
    "owner",
    "editor",
    "approver",
    "viewer",
    "org_admin",
    "outsider",
    "nobody",
]


@pytest.fixture
def argon2(settings):
    """The project's own hashers (the test settings use a fast one)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_it_logs_in_with_an_argon2_password(db, client, argon2):
    user = make_user("somchai")
    assert user.password.startswith("argon2")
    response = client.post(reverse("login"), {"username": "somchai", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert client.session[SESSION_KEY] == str(user.pk)


def test_it_refuses_a_wrong_password(db, client):
    make_user("somchai")
    response = client.post(reverse("login"), {"username": "somchai", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert SESSION_KEY not in client.session


def test_it_logs_out_only_by_post(db, client):
    make_user("somchai")
    client.post(reverse("login"), {"username": "somchai", "password": PASSWORD})
    assert client.get(reverse("logout")).status_code == 405
    assert SESSION_KEY in client.session
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_it_changes_the_password(db, client, argon2):
    user = make_user("somchai")
    client.force_login(user)
    assert client.get(reverse("password_change")).status_code == 200
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200 and "old_password" in response.context["form"].errors
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.url == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and user.password.startswith("argon2")
    assert client.get(reverse("password_change_done")).status_code == 200


def test_it_asks_anonymous_visitors_to_log_in_before_changing_a_password(db, client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_resets_a_forgotten_password_through_the_mailed_link(db, client):
    user = make_user("somchai", email="somchai@example.go.th")
    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(reverse("password_reset"), {"email": "SOMCHAI@example.go.th"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["somchai@example.go.th"]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body).group(0)
    form_url = client.get(link).url
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    assert client.get(response.url).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    response = client.post(reverse("login"), {"username": "somchai", "password": NEW_PASSWORD})
    assert response.status_code == 302 and client.session[SESSION_KEY] == str(user.pk)


def test_it_does_not_reveal_whether_an_address_has_an_account(db, client):
    response = client.post(reverse("password_reset"), {"email": "ghost@example.go.th"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_it_refuses_a_forged_reset_link(db, client):
    user = make_user("somchai", email="somchai@example.go.th")
    url = reverse("password_reset_confirm", args=["MQ", "forged-token"])
    response = client.get(url)
    assert response.status_code == 200 and not response.context["validlink"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


# The Django admin -----------------------------------------------------------------------------


def test_it_opens_the_admin_to_the_framework_admin(world, login):
    client = login(world.framework_admin)
    assert not world.framework_admin.is_staff  # the role opens it, not the staff flag
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:orgs_organization_changelist")).status_code == 200
    assert client.get(reverse("admin:orgs_membership_changelist")).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_refuses_the_admin_to_everyone_else(world, login, persona):
    client = login(getattr(world, persona))
    for url in [reverse("admin:index"), reverse("admin:orgs_organization_changelist")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url


def test_it_refuses_the_admin_to_anonymous_visitors(db, client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_it_keeps_organisations_read_only_in_the_admin(world, login):
    client = login(world.framework_admin)
    change = reverse("admin:orgs_organization_change", args=[world.department.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    response = client.post(change, {"code": "HACKED", "name_th": "x", "kind": "department"})
    assert response.status_code == 403
    assert client.get(reverse("admin:orgs_organization_add")).status_code == 403
    delete = reverse("admin:orgs_organization_delete", args=[world.division.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    world.department.refresh_from_db()
    assert world.department.code == "OPS"
    assert Organization.objects.filter(pk=world.division.pk).exists()


def test_it_keeps_memberships_read_only_in_the_admin(world, login):
    client = login(world.framework_admin)
    membership = Membership.objects.get(user=world.editor)
    change = reverse("admin:orgs_membership_change", args=[membership.pk])
    assert client.get(change).status_code == 200
    response = client.post(
        change,
        {
            "user": world.editor.pk,
            "organization": world.opdc.pk,
            "role": "framework_admin",
        },
    )
    assert response.status_code == 403
    assert client.get(reverse("admin:orgs_membership_add")).status_code == 403
    delete = reverse("admin:orgs_membership_delete", args=[membership.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    membership.refresh_from_db()
    assert (membership.organization, membership.role) == (world.department, "agency_editor")
    changelist = reverse("admin:orgs_membership_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [membership.pk]}
    )
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert not AuditEntry.objects.filter(action="membership.revoked").exists()
