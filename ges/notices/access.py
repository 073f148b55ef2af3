"""A person reaches only their own notices: any other is 404, never revealing it exists."""

from __future__ import annotations

from django.http import Http404

from ges.notices.models import Notice
from ges.orgs.models import User


def get_notice_for_user(user: User, pk: int) -> Notice:
    notice = Notice.objects.of(user).filter(pk=pk).first()
    if notice is None:
        raise Http404
    return notice
