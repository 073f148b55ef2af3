from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ges.orgs.access import has_perm
from ges.orgs.permissions import Perm


@login_required
def log(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, Perm.AUDIT_VIEW):
        raise PermissionDenied
    return render(request, "audit/log.html", {})
