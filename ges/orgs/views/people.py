"""People and roles: organisation administrators see and manage memberships in their subtree."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ges.audit.log import actor_from
from ges.orgs import actions
from ges.orgs.access import (
    Person,
    get_membership_for_user,
    get_organization_for_user,
    grantable_roles,
    has_perm,
    visible_to,
)
from ges.orgs.forms import GrantForm, PersonForm
from ges.orgs.models import Membership, MembershipQuerySet, Organization, Role, User
from ges.orgs.permissions import Perm

PAGE_SIZE = 50


@login_required
@require_GET
def people(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_perm(user, Perm.PEOPLE_VIEW):
        raise PermissionDenied
    organization = organization_from_query(request, Perm.PEOPLE_VIEW)
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    role = role if role in Role.values else ""
    memberships = memberships_in_scope(user, organization)
    memberships = search_people(memberships, query)
    if role:
        memberships = memberships.filter(role=role)
    page = Paginator(memberships, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organization": organization,
        "query": query,
        "role": role,
        "roles": Role.choices,
        "page": page,
        "revocable": {m.pk for m in page if may_revoke(user, m)},
        "can_manage": has_perm(user, Perm.PEOPLE_MANAGE, organization),
        "org_query": urlencode({"org": organization.pk}) if organization else "",
    }
    return render(request, "orgs/people.html", context)


@login_required
def add_person(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_perm(user, Perm.PEOPLE_MANAGE):
        raise PermissionDenied
    form = PersonForm(request.POST or None, user=user, initial=initial_organization(request))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            person = actions.add_person(actor_from(request), **form.person_values())
            transaction.on_commit(partial(send_password_link, request, person))
        messages.success(request, _("Person added; we e-mailed a link to set the password."))
        return redirect(people_url(form.selected_organization))
    return render(request, "orgs/people_add.html", {"form": form})


@login_required
def grant(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not has_perm(user, Perm.PEOPLE_MANAGE):
        raise PermissionDenied
    form = GrantForm(request.POST or None, user=user, initial=initial_organization(request))
    if request.method == "POST" and form.is_valid():
        assert form.grantee is not None and form.selected_organization is not None
        membership, created = actions.grant_role(
            actor_from(request), form.grantee, form.selected_organization, form.chosen_role
        )
        values = {"membership": membership}
        if created:
            messages.success(request, _("Role granted: %(membership)s.") % values)
        else:
            messages.info(request, _("Already held, nothing changed: %(membership)s.") % values)
        return redirect(people_url(form.selected_organization))
    return render(request, "orgs/people_grant.html", {"form": form})


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if not has_perm(user, Perm.PEOPLE_MANAGE):
        raise PermissionDenied
    membership = get_membership_for_user(user, pk)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("orgs:people")
    if membership.user_id == user.pk:
        messages.error(
            request,
            _("You cannot revoke your own role. Ask another administrator to do it."),
        )
        return redirect(back)
    actions.revoke_role(actor_from(request), membership)
    messages.success(request, _("Role revoked: %(membership)s.") % {"membership": membership})
    return redirect(back)


def organization_from_query(request: HttpRequest, perm: Perm) -> Organization | None:
    """The organisation named by `?org=<pk>`, fetched through the access helper."""
    value = request.GET.get("org", "")
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return get_organization_for_user(request.user, int(value), perm)


def initial_organization(request: HttpRequest) -> dict[str, str]:
    organization = organization_from_query(request, Perm.PEOPLE_MANAGE)
    return {"organization": organization.code} if organization else {}


def memberships_in_scope(user: Person, organization: Organization | None) -> MembershipQuerySet:
    memberships = Membership.objects.select_related("user", "organization", "granted_by")
    if organization is not None:
        # get_organization_for_user checked the right here, so it holds in the whole subtree.
        return memberships.filter(organization__path__startswith=organization.path)
    return memberships.filter(organization__in=visible_to(user, Perm.PEOPLE_VIEW))


def search_people(memberships: MembershipQuerySet, query: str) -> MembershipQuerySet:
    """Every word must match the user name, first or last name, or e-mail."""
    for word in query.split():
        memberships = memberships.filter(
            Q(user__username__icontains=word)
            | Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__email__icontains=word)
        )
    return memberships


def may_revoke(user: Person, membership: Membership) -> bool:
    return membership.user_id != user.pk and Role(membership.role) in grantable_roles(
        user, membership.organization
    )


def people_url(organization: Organization | None) -> str:
    url = reverse("orgs:people")
    return f"{url}?{urlencode({'org': organization.pk})}" if organization else url


def send_password_link(request: HttpRequest, person: User) -> None:
    """Mail a new person the link to set their password (the password-reset machinery)."""
    context = {
        "email": person.email,
        "domain": request.get_host(),
        "site_name": request.get_host(),
        "uid": urlsafe_base64_encode(force_bytes(person.pk)),
        "user": person,
        "token": default_token_generator.make_token(person),
        "protocol": "https" if request.is_secure() else "http",
    }
    PasswordResetForm().send_mail(
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.html",
        context,
        None,
        person.email,
    )
