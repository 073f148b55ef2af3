"""What happened to an agreement, for whoever needs to know: every action in
ges/agreements/actions.py calls `notify(event)` once per step it takes.

Handlers (the inbox and notices, e-mail) register themselves with `register`; each is called
after the transaction that made the change commits, so a notice never speaks of a change that
was rolled back, and a failing handler cannot undo the change. With no handler registered an
event goes nowhere.

The people an event concerns (`Event.recipients`) are for the handlers to work out: they know
who waits for what (the agency's editors for a change requested, the evaluators for a
revision, ...). The actions say only what happened, to what, and by whom.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import transaction

if TYPE_CHECKING:
    from ges.agreements.models import Agreement, Amendment, Comment
    from ges.indicators.models import Indicator
    from ges.orgs.models import User

logger = logging.getLogger(__name__)


class EventKind(StrEnum):
    OPENED = "agreement.opened"
    PROPOSED = "agreement.proposed"
    COMMENTED = "agreement.indicator.commented"
    INDICATOR_AGREED = "agreement.indicator.agreed"
    INDICATOR_REJECTED = "agreement.indicator.rejected"
    CHANGE_REQUESTED = "agreement.indicator.change_requested"
    REVISED = "agreement.indicator.revised"
    AGREED = "agreement.agreed"  # every indicator agreed: waiting for the signatures
    SIGNATURE_ADDED = "agreement.signature.added"
    SIGNED = "agreement.signed"  # both sides signed: the indicators are locked
    AMENDMENT_PROPOSED = "agreement.amendment.proposed"
    AMENDMENT_APPROVED = "agreement.amendment.approved"
    AMENDMENT_REJECTED = "agreement.amendment.rejected"


@dataclass
class Event:
    kind: EventKind
    agreement: Agreement
    actor: User | None
    indicator: Indicator | None = None
    amendment: Amendment | None = None
    comment: Comment | None = None
    reason: str = ""  # the decision's or revision's reason, the comment's text
    role: str = ""  # for SIGNATURE_ADDED: "agency" or "committee"
    # Filled by the handlers that need it (who waits for what); the actions leave it empty.
    recipients: list[User] = field(default_factory=list)


type Handler = Callable[[Event], None]

HANDLERS: list[Handler] = []


def register(handler: Handler) -> Handler:
    """Add a handler (usable as a decorator); registering the same one twice adds it once."""
    if handler not in HANDLERS:
        HANDLERS.append(handler)
    return handler


def unregister(handler: Handler) -> None:
    if handler in HANDLERS:
        HANDLERS.remove(handler)


def notify(event: Event) -> None:
    """Hand the event to every handler once the current transaction commits."""
    transaction.on_commit(lambda: dispatch(event))


def dispatch(event: Event) -> None:
    for handler in list(HANDLERS):
        try:
            handler(event)
        except Exception:  # a notice that fails must not hide the others
            logger.exception("agreement event handler %r failed on %s", handler, event.kind)
