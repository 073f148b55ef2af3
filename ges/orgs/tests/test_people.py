import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ges.audit.models import AuditEntry
from ges.orgs import forms
from ges.orgs.models import Membership, Role, User
from ges.testing import make_member

MANAGED_ROLES = ["agency_editor", "agency_approver", "viewer", "org_admin"]
GLOBAL_ONLY_ROLES = ["framework_admin", "evaluator", "indicator_owner"]
NO_PEOPLE_RIGHTS = ["editor", "viewer", "evaluator", "owner", "outsider", "nobody"]
NEW_PASSWORD = "a-brand-new-secret-2569"


def new_person(**overrides):
    return {
        "username": "somchai",
        "first_name": "สมชาย",
        "last_name": "ใจดี",
        "email": "somchai@example.go.th",
        "organization": "OPS",
        "role": "agency_editor",
        **overrides,
    }


def page_text(response):
    return response.content.decode()


def usernames_listed(response):
    return {m.user.username for m in response.context["page"].object_list}


# The list -------------------------------------------------------------------------------------


def test_it_lists_the_roles_inside_the_org_admins_subtree(world, login):
    member = make_member(world.division, Role.VIEWER, "divviewer")
    response = login(world.org_admin).get(reverse("orgs:people"))
    assert response.status_code == 200
    assert usernames_listed(response) == {"editor", "approver", "orgadmin", member.username}
    body = page_text(response)
    assert "สำนักตรวจสอบและประเมินผล" in body  # the division of divviewer


def test_it_lists_everyone_for_the_framework_admin(world, login):
    response = login(world.framework_admin).get(reverse("orgs:people"))
    assert usernames_listed(response) >= {"admin", "viewer", "owner", "outsider", "orgadmin"}


def test_it_narrows_the_list_to_one_subtree(world, login):
    make_member(world.division, Role.AGENCY_EDITOR, "diveditor")
    response = login(world.framework_admin).get(reverse("orgs:people"), {"org": world.division.pk})
    assert usernames_listed(response) == {"diveditor"}
    response = login(world.approver).get(reverse("orgs:people"), {"org": world.department.pk})
    assert response.status_code == 200
    assert "diveditor" in usernames_listed(response)


@pytest.mark.parametrize("code", ["MOF", "CGD", "DITP", "OPDC"])
def test_it_hides_organisations_outside_the_scope(world, login, code):
    organization = {
        "MOF": world.ministry,
        "CGD": world.sibling,
        "DITP": world.other_department,
        "OPDC": world.opdc,
    }[code]
    client = login(world.org_admin)
    assert client.get(reverse("orgs:people"), {"org": organization.pk}).status_code == 404
    assert client.get(reverse("orgs:people_add"), {"org": organization.pk}).status_code == 404
    assert client.get(reverse("orgs:grant"), {"org": organization.pk}).status_code == 404


def test_it_answers_404_for_a_bad_organisation_number(world, login):
    client = login(world.org_admin)
    assert client.get(reverse("orgs:people"), {"org": "OPS"}).status_code == 404
    assert client.get(reverse("orgs:people"), {"org": "999999"}).status_code == 404


def test_it_refuses_a_viewer_of_the_ministry_who_may_not_see_people(world, login):
    # The viewer sees MOF's tree but has no right over its people.
    response = login(world.viewer).get(reverse("orgs:people"), {"org": world.department.pk})
    assert response.status_code == 403


def test_it_searches_people_by_name_user_name_and_email(world, login):
    somsri = make_member(world.division, Role.VIEWER, "ssri")
    somsri.first_name, somsri.last_name, somsri.email = "สมศรี", "มีสุข", "Somsri@Example.go.th"
    somsri.save()
    client = login(world.org_admin)
    for query in ["สมศรี", "มีสุข", "สมศรี มีสุข", "SSRI", "somsri@example"]:
        response = client.get(reverse("orgs:people"), {"q": query})
        assert usernames_listed(response) == {"ssri"}, query
    response = client.get(reverse("orgs:people"), {"q": "สมศรี ใจร้าย"})
    assert usernames_listed(response) == set()


def test_it_filters_by_role(world, login):
    client = login(world.org_admin)
    response = client.get(reverse("orgs:people"), {"role": "agency_approver"})
    assert usernames_listed(response) == {"approver"}
    response = client.get(reverse("orgs:people"), {"role": "no-such-role"})
    assert usernames_listed(response) == {"editor", "approver", "orgadmin"}


def make_many_memberships(organization, count, prefix="bulk", granted_by=None):
    users = User.objects.bulk_create(
        User(
            username=f"{prefix}{n:04}",
            first_name="คน",
            last_name=f"ที่ {n}",
            email=f"{prefix}{n}@example.go.th",
            password="!",
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, organization=organization, role=Role.VIEWER, granted_by=granted_by)
        for user in users
    )


def count_queries(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("orgs:people"), params)
    assert response.status_code == 200
    return len(queries)


def test_it_lists_in_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.org_admin)
    make_many_memberships(world.division, 10)
    few = count_queries(client)
    make_many_memberships(world.department, 190, prefix="more", granted_by=world.org_admin)
    in_scope = Membership.objects.filter(organization__path__startswith=world.department.path)
    assert in_scope.count() >= 200
    assert count_queries(client) == few
    assert count_queries(client, page=3) == few
    assert count_queries(client, q="more", role="viewer") == few
    assert count_queries(client, org=world.department.pk) == few + 1  # the organisation itself
    with django_assert_max_num_queries(6):  # 6: the nav's unread notices
        response = client.get(reverse("orgs:people"))
    assert len(response.context["page"].object_list) == 50


def test_it_pages_the_list_fifty_at_a_time(world, login):
    make_many_memberships(world.division, 120)
    client = login(world.org_admin)
    first = client.get(reverse("orgs:people"), {"q": "bulk"})
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 120
    assert "page=2" in page_text(first) and "q=bulk" in page_text(first)
    last = client.get(reverse("orgs:people"), {"q": "bulk", "page": "3"})
    assert len(last.context["page"].object_list) == 20
    beyond = client.get(reverse("orgs:people"), {"q": "bulk", "page": "99"})
    assert beyond.context["page"].number == 3


def test_it_shows_links_to_manage_only_to_those_who_may(world, login):
    add_url = reverse("orgs:people_add")
    body = page_text(login(world.org_admin).get(reverse("orgs:people")))
    assert add_url in body and reverse("orgs:grant") in body
    body = page_text(login(world.approver).get(reverse("orgs:people")))
    assert add_url not in body and reverse("orgs:grant") not in body
    assert 'action="/orgs/people/memberships/' not in body
    # The framework admin looking at OPS may manage there; the org admin only inside OPS.
    body = page_text(
        login(world.framework_admin).get(reverse("orgs:people"), {"org": world.ministry.pk})
    )
    assert f"{add_url}?org={world.ministry.pk}" in body


def test_it_shows_revoke_buttons_only_where_the_user_may_revoke(world, login):
    evaluator_in_ops = make_member(world.department, Role.EVALUATOR, "opseval")
    response = login(world.org_admin).get(reverse("orgs:people"))
    memberships = {m.user.username: m for m in response.context["page"].object_list}
    revocable = response.context["revocable"]
    assert memberships["editor"].pk in revocable
    assert memberships["approver"].pk in revocable
    assert memberships[evaluator_in_ops.username].pk not in revocable  # not grantable by them
    assert memberships["orgadmin"].pk not in revocable  # their own
    body = page_text(response)
    assert reverse("orgs:revoke", args=[memberships["editor"].pk]) in body
    assert reverse("orgs:revoke", args=[memberships["orgadmin"].pk]) not in body
    assert reverse("orgs:revoke", args=[memberships[evaluator_in_ops.username].pk]) not in body


# Who may not ----------------------------------------------------------------------------------


def membership_of(user):
    return Membership.objects.get(user=user)


@pytest.mark.parametrize("persona", NO_PEOPLE_RIGHTS)
def test_it_refuses_every_people_page_without_the_right(world, login, persona):
    client = login(getattr(world, persona))
    target = membership_of(world.editor)
    before = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    assert client.get(reverse("orgs:people")).status_code == 403
    assert client.get(reverse("orgs:people"), {"org": world.department.pk}).status_code in {
        403,
        404,
    }
    assert client.get(reverse("orgs:people_add")).status_code == 403
    assert client.post(reverse("orgs:people_add"), new_person()).status_code == 403
    assert client.get(reverse("orgs:grant")).status_code == 403
    grant = {"person": "nobody", "organization": "OPS", "role": "viewer"}
    assert client.post(reverse("orgs:grant"), grant).status_code == 403
    assert client.post(reverse("orgs:revoke", args=[target.pk])).status_code == 403
    after = (User.objects.count(), Membership.objects.count(), AuditEntry.objects.count())
    assert after == before


def test_it_lets_the_approver_see_people_but_not_change_them(world, login):
    client = login(world.approver)
    target = membership_of(world.editor)
    assert client.get(reverse("orgs:people")).status_code == 200
    assert client.get(reverse("orgs:people_add")).status_code == 403
    assert client.post(reverse("orgs:people_add"), new_person()).status_code == 403
    assert client.get(reverse("orgs:grant")).status_code == 403
    assert client.post(reverse("orgs:revoke", args=[target.pk])).status_code == 403
    assert not User.objects.filter(username="somchai").exists()
    assert Membership.objects.filter(pk=target.pk).exists()


def test_it_sends_anonymous_visitors_to_the_login_page(world, client):
    target = membership_of(world.editor)
    urls = [
        ("get", reverse("orgs:people")),
        ("get", reverse("orgs:people_add")),
        ("post", reverse("orgs:people_add")),
        ("get", reverse("orgs:grant")),
        ("post", reverse("orgs:revoke", args=[target.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    assert Membership.objects.filter(pk=target.pk).exists()


# Adding a person ------------------------------------------------------------------------------


def set_password_link(message):
    match = re.search(r"https?://\S+/accounts/password/reset/\S+/", message.body)
    assert match, message.body
    return match.group(0)


@pytest.mark.parametrize("role", MANAGED_ROLES)
@pytest.mark.parametrize("code", ["OPS", "DIV"])
def test_it_lets_the_org_admin_add_a_person_in_their_subtree(
    world, login, django_capture_on_commit_callbacks, role, code
):
    client = login(world.org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("orgs:people_add"), new_person(organization=code, role=role))
    assert response.status_code == 302
    person = User.objects.get(username="somchai")
    assert person.first_name == "สมชาย" and person.email == "somchai@example.go.th"
    assert not person.has_usable_password()
    membership = Membership.objects.get(user=person)
    assert (membership.organization.code, membership.role) == (code, role)
    assert membership.granted_by == world.org_admin
    assert response.url == f"{reverse('orgs:people')}?org={membership.organization.pk}"
    created = AuditEntry.objects.get(action="person.created", object_id=str(person.pk))
    assert created.actor == world.org_admin
    assert created.after["email"] == "somchai@example.go.th" and created.before is None
    granted = AuditEntry.objects.get(action="membership.granted", object_id=str(membership.pk))
    assert granted.after == {"user": "somchai", "organization": code, "role": role}
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["somchai@example.go.th"]


def test_it_mails_a_link_that_sets_the_password(
    world, login, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.org_admin).post(reverse("orgs:people_add"), new_person())
    (message,) = mail.outbox
    assert "somchai" in message.body
    link = set_password_link(message)
    response = client.get(link)
    assert response.status_code == 302  # Django swaps the token for a session key
    form_url = response.url
    response = client.get(form_url)
    assert response.status_code == 200 and response.context["validlink"]
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("password_reset_complete")
    person = User.objects.get(username="somchai")
    assert person.check_password(NEW_PASSWORD)
    response = client.post(reverse("login"), {"username": "somchai", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(person.pk)
    # The link works once.
    assert client.get(link).status_code == 200
    assert not client.get(link).context["validlink"]


def test_it_sends_no_mail_before_the_commit(world, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        login(world.org_admin).post(reverse("orgs:people_add"), new_person())
    assert len(callbacks) == 1 and mail.outbox == []


def assert_nothing_added(response, field):
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.filter(username="somchai").exists()
    assert (
        not AuditEntry.objects.filter(action__in=["person.created", "membership.granted"])
        .filter(actor__isnull=False)
        .exists()
    )
    assert mail.outbox == []


@pytest.mark.parametrize("code", ["MOF", "CGD", "DITP", "OPDC", "NOPE"])
def test_it_refuses_to_add_a_person_outside_the_subtree(world, login, code):
    response = login(world.org_admin).post(
        reverse("orgs:people_add"), new_person(organization=code)
    )
    assert_nothing_added(response, "organization")


@pytest.mark.parametrize("code", ["MOF", "CGD", "DITP"])
def test_it_refuses_an_outside_code_typed_when_the_list_is_too_long(
    world, login, monkeypatch, code
):
    monkeypatch.setattr(forms, "ORGANIZATION_CHOICE_LIMIT", 1)
    client = login(world.org_admin)
    form = client.get(reverse("orgs:people_add")).context["form"]
    assert not hasattr(form.fields["organization"], "choices")  # a text field for the code
    response = client.post(reverse("orgs:people_add"), new_person(organization=code))
    assert_nothing_added(response, "organization")
    response = client.post(reverse("orgs:people_add"), new_person(organization="div"))
    assert response.status_code == 302
    assert Membership.objects.get(user__username="somchai").organization == world.division


def test_it_offers_only_organisations_and_roles_the_user_may_grant(world, login):
    form = login(world.org_admin).get(reverse("orgs:people_add")).context["form"]
    codes = [value for value, _ in form.fields["organization"].choices if value]
    assert codes == ["OPS", "DIV"]
    labels = dict(form.fields["organization"].choices)
    assert labels["DIV"].startswith("\u00a0") and not labels["OPS"].startswith("\u00a0")
    roles = [value for value, _ in form.fields["role"].choices if value]
    assert roles == ["agency_editor", "agency_approver", "viewer", "org_admin"]
    form = login(world.framework_admin).get(reverse("orgs:people_add")).context["form"]
    assert len([v for v, _ in form.fields["role"].choices if v]) == len(Role)


def test_it_starts_the_form_at_the_organisation_in_the_address(world, login):
    response = login(world.org_admin).get(reverse("orgs:people_add"), {"org": world.division.pk})
    assert response.context["form"]["organization"].value() == "DIV"


@pytest.mark.parametrize("role", GLOBAL_ONLY_ROLES)
def test_it_refuses_roles_the_org_admin_may_not_grant(world, login, role):
    response = login(world.org_admin).post(reverse("orgs:people_add"), new_person(role=role))
    assert_nothing_added(response, "role")


def test_it_refuses_a_taken_user_name_or_email_whatever_the_case(world, login):
    world.editor.email = "Editor@Example.go.th"
    world.editor.save()
    client = login(world.org_admin)
    response = client.post(reverse("orgs:people_add"), new_person(username="EDITOR"))
    assert response.status_code == 200 and "username" in response.context["form"].errors
    response = client.post(reverse("orgs:people_add"), new_person(email="editor@example.GO.TH"))
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert User.objects.filter(username__iexact="editor").count() == 1
    assert not User.objects.filter(username="somchai").exists()


@pytest.mark.parametrize("field", ["username", "first_name", "last_name", "email", "role"])
def test_it_requires_every_field(world, login, field):
    response = login(world.org_admin).post(reverse("orgs:people_add"), new_person(**{field: ""}))
    assert_nothing_added(response, field)


def test_it_refuses_a_malformed_user_name_or_email(world, login):
    client = login(world.org_admin)
    response = client.post(reverse("orgs:people_add"), new_person(username="som chai!"))
    assert response.status_code == 200 and "username" in response.context["form"].errors
    response = client.post(reverse("orgs:people_add"), new_person(email="not-an-address"))
    assert response.status_code == 200 and "email" in response.context["form"].errors
    assert User.objects.count() == 9


@pytest.mark.parametrize("role", [r.value for r in Role])
@pytest.mark.parametrize("code", ["DITP", "MOF", "OPDC"])
def test_it_lets_the_framework_admin_grant_anything_anywhere(world, login, role, code):
    client = login(world.framework_admin)
    response = client.post(
        reverse("orgs:grant"), {"person": "nobody", "organization": code, "role": role}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.nobody, organization__code=code, role=role).exists()


def test_it_lets_the_framework_admin_add_a_person_anywhere(world, login):
    response = login(world.framework_admin).post(
        reverse("orgs:people_add"), new_person(organization="DITP", role="evaluator")
    )
    assert response.status_code == 302
    assert Membership.objects.get(user__username="somchai").role == "evaluator"


# Granting a role ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", MANAGED_ROLES)
@pytest.mark.parametrize("code", ["OPS", "DIV"])
def test_it_lets_the_org_admin_grant_a_role_in_their_subtree(world, login, role, code):
    response = login(world.org_admin).post(
        reverse("orgs:grant"), {"person": "nobody", "organization": code, "role": role}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=world.nobody)
    assert (membership.organization.code, membership.role) == (code, role)
    entry = AuditEntry.objects.get(action="membership.granted", object_id=str(membership.pk))
    assert entry.actor == world.org_admin
    assert entry.after == {"user": "nobody", "organization": code, "role": role}


def test_it_finds_the_person_by_email(world, login):
    world.nobody.email = "Nobody@Example.go.th"
    world.nobody.save()
    response = login(world.org_admin).post(
        reverse("orgs:grant"),
        {"person": "nobody@example.go.th", "organization": "OPS", "role": "viewer"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=world.nobody, role="viewer").exists()


@pytest.mark.parametrize("code", ["MOF", "CGD", "DITP"])
def test_it_refuses_to_grant_outside_the_subtree(world, login, code):
    response = login(world.org_admin).post(
        reverse("orgs:grant"), {"person": "nobody", "organization": code, "role": "viewer"}
    )
    assert response.status_code == 200 and "organization" in response.context["form"].errors
    assert not Membership.objects.filter(user=world.nobody).exists()


@pytest.mark.parametrize("role", GLOBAL_ONLY_ROLES)
def test_it_refuses_to_grant_roles_above_the_org_admin(world, login, role):
    response = login(world.org_admin).post(
        reverse("orgs:grant"), {"person": "nobody", "organization": "OPS", "role": role}
    )
    assert response.status_code == 200 and "role" in response.context["form"].errors
    assert not Membership.objects.filter(user=world.nobody).exists()
    assert not AuditEntry.objects.filter(
        action="membership.granted", actor=world.org_admin
    ).exists()


def test_it_says_so_when_the_role_is_already_held(world, login):
    client = login(world.org_admin)
    data = {"person": "editor", "organization": "OPS", "role": "agency_editor"}
    response = client.post(reverse("orgs:grant"), data)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors().as_data()
    assert [error.code for error in errors] == ["already_held"]
    assert Membership.objects.filter(user=world.editor).count() == 1
    assert not AuditEntry.objects.filter(
        action="membership.granted", actor=world.org_admin
    ).exists()


def test_it_refuses_an_unknown_or_switched_off_person(world, login):
    client = login(world.org_admin)
    data = {"person": "ghost", "organization": "OPS", "role": "viewer"}
    response = client.post(reverse("orgs:grant"), data)
    assert response.status_code == 200 and "person" in response.context["form"].errors
    world.nobody.is_active = False
    world.nobody.save()
    response = client.post(reverse("orgs:grant"), {**data, "person": "nobody"})
    assert response.status_code == 200 and "person" in response.context["form"].errors
    assert not Membership.objects.filter(user=world.nobody).exists()


def test_it_asks_for_the_user_name_when_an_email_is_shared(world, login):
    for user in (world.nobody, world.viewer):
        user.email = "shared@example.go.th"
        user.save()
    client = login(world.org_admin)
    data = {"person": "shared@example.go.th", "organization": "OPS", "role": "viewer"}
    response = client.post(reverse("orgs:grant"), data)
    assert response.status_code == 200 and "person" in response.context["form"].errors
    response = client.post(reverse("orgs:grant"), {**data, "person": "nobody"})
    assert response.status_code == 302


# Revoking a role ------------------------------------------------------------------------------


def test_it_lets_the_org_admin_revoke_a_role_in_their_subtree(world, login):
    target = membership_of(world.editor)
    back = f"{reverse('orgs:people')}?org={world.department.pk}"
    response = login(world.org_admin).post(reverse("orgs:revoke", args=[target.pk]), {"next": back})
    assert response.status_code == 302 and response.url == back
    assert not Membership.objects.filter(pk=target.pk).exists()
    entry = AuditEntry.objects.get(action="membership.revoked", object_id=str(target.pk))
    assert entry.actor == world.org_admin
    assert entry.before == {"user": "editor", "organization": "OPS", "role": "agency_editor"}
    assert entry.after is None


def test_it_ignores_a_foreign_next_address(world, login):
    target = membership_of(world.editor)
    response = login(world.org_admin).post(
        reverse("orgs:revoke", args=[target.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("orgs:people")


@pytest.mark.parametrize("persona", ["viewer", "owner", "outsider", "framework_admin"])
def test_it_answers_404_for_memberships_outside_the_subtree(world, login, persona):
    target = membership_of(getattr(world, persona))
    response = login(world.org_admin).post(reverse("orgs:revoke", args=[target.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()
    assert not AuditEntry.objects.filter(action="membership.revoked").exists()


def test_it_refuses_to_revoke_a_role_the_org_admin_may_not_grant(world, login):
    evaluator_in_ops = make_member(world.department, Role.EVALUATOR, "opseval")
    target = membership_of(evaluator_in_ops)
    response = login(world.org_admin).post(reverse("orgs:revoke", args=[target.pk]))
    assert response.status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


def test_it_refuses_to_revoke_ones_own_role(world, login):
    target = membership_of(world.org_admin)
    client = login(world.org_admin)
    response = client.post(reverse("orgs:revoke", args=[target.pk]), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert Membership.objects.filter(pk=target.pk).exists()
    assert not AuditEntry.objects.filter(action="membership.revoked").exists()


def test_it_revokes_only_by_post(world, login):
    target = membership_of(world.editor)
    response = login(world.org_admin).get(reverse("orgs:revoke", args=[target.pk]))
    assert response.status_code == 405
    assert Membership.objects.filter(pk=target.pk).exists()


def test_it_lets_the_framework_admin_revoke_anywhere(world, login):
    target = membership_of(world.outsider)
    response = login(world.framework_admin).post(reverse("orgs:revoke", args=[target.pk]))
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=target.pk).exists()
