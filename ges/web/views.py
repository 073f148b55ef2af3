from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ges.orgs.models import Membership


def home(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=request.user).select_related("organization")
        if request.user.is_authenticated
        else Membership.objects.none()
    )
    return render(request, "web/home.html", {"memberships": memberships})
