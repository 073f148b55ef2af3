"""The inbox: what waits for the person (every provider's tasks), then their notices."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ges.notices.access import get_notice_for_user
from ges.notices.inbox import Task, tasks_for, waited
from ges.notices.models import Notice
from ges.orgs.access import AuthenticatedRequest

PAGE_SIZE = 30


@dataclass(frozen=True)
class TaskRow:
    task: Task
    waited: str


@login_required
@require_GET
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    now = timezone.now()
    tasks = [TaskRow(task, waited(task.waiting_since, now)) for task in tasks_for(request.user)]
    notices = Paginator(Notice.objects.of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"tasks": tasks, "notices": notices, "today": timezone.localdate(now)}
    return render(request, "notices/inbox.html", context)


@login_required
@require_POST
def mark_all_read(request: AuthenticatedRequest) -> HttpResponse:
    count = Notice.objects.of(request.user).mark_read()
    if count:
        messages.success(request, _("Every notice is marked read."))
    return redirect("notices:inbox")


@login_required
@require_GET
def follow(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Open what the notice is about, and mark it read."""
    notice = get_notice_for_user(request.user, pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.url)
    return redirect("notices:inbox")
