"""In-app notices and their e-mails, and the inbox of what waits for each person.

`send(users, subject=..., body=..., url=...)` is how any app tells people that something of
theirs moved; `ges.notices.inbox.register(provider)` is how an app lists what waits for them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction

if TYPE_CHECKING:
    from ges.orgs.models import User

logger = logging.getLogger(__name__)


def send(users: Iterable[User], *, subject: str, body: str, url: str) -> None:
    """One notice per distinct active person, and one e-mail each to those with an address,
    once the current transaction commits (at once outside one). A notice never speaks of a
    change that was rolled back; a failing e-mail is logged and never undoes anything."""
    people = {user.pk: user for user in users if user.is_active and user.pk is not None}
    if not people:
        return
    subject, body, url = str(subject)[:200], str(body), str(url)[:500]
    transaction.on_commit(lambda: deliver(list(people.values()), subject, body, url))


def deliver(people: list[User], subject: str, body: str, url: str) -> None:
    from django.core.mail import EmailMessage, mailers

    from ges.notices.models import Notice

    Notice.objects.bulk_create(
        Notice(user=person, subject=subject, body=body, url=url) for person in people
    )
    link = f"{settings.SITE_URL}{url}" if url else ""
    text = f"{body}\n\n{link}" if link else body
    addresses = [person.email for person in people if person.email]
    if not addresses:
        return
    try:
        mailer = mailers.default
    except Exception:  # a mail setting is wrong: the notices are in the inboxes anyway
        logger.exception("no mailer for the notice: %s", subject)
        return
    for address in addresses:  # one mail each: nobody sees who else was told
        message = EmailMessage(subject=subject, body=text, to=[address])
        try:
            mailer.send_messages([message])
        except Exception:  # the notice is in the inbox; the mail is not retried
            logger.exception("notice mail to %s failed: %s", address, subject)
