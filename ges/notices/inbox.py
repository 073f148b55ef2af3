"""What waits for a person: every app registers a provider, a function from a person to their
tasks (what they must do now: propose, decide, revise, sign, submit, ...). The inbox page shows
the tasks of every provider, the oldest waiting first.

A provider must use a fixed number of queries, whatever the number of tasks it finds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ges.orgs.models import User


@dataclass(frozen=True)
class Task:
    title: str
    detail: str
    url: str
    due: dt.date | None  # the last day to act, when there is one
    waiting_since: dt.datetime | None  # since when it has waited for the person
    progress: tuple[int, int] | None  # (done, of) when the task has parts
    kind: str  # what sort of task: "agreement.decide", "submission.edit", ...


type Provider = Callable[[User], list[Task]]

PROVIDERS: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (usable as a decorator); registering the same one twice adds it once."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in PROVIDERS:
        PROVIDERS.remove(provider)


def tasks_for(user: User) -> list[Task]:
    """Every provider's tasks for the person: the oldest waiting first, then by due date; tasks
    that do not say since when they wait come last."""
    if not user.is_authenticated or not user.is_active:
        return []
    tasks = [task for provider in list(PROVIDERS) for task in provider(user)]
    latest = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(
        tasks,
        key=lambda task: (
            task.waiting_since or latest,
            task.due or dt.date.max,
            task.title,
        ),
    )


def waited(since: dt.datetime | None, now: dt.datetime) -> str:
    """How long a task has waited, in words: hours on its first day, then days."""
    if since is None:
        return ""
    hours = int(max((now - since).total_seconds(), 0) // 3600)
    if hours < 1:
        return _("waiting less than an hour")
    if hours < 24:
        return ngettext("waiting %(count)s hour", "waiting %(count)s hours", hours) % {
            "count": hours
        }
    days = max((timezone.localdate(now) - timezone.localdate(since)).days, 1)
    return ngettext("waiting %(count)s day", "waiting %(count)s days", days) % {"count": days}
