"""Ticket transfers: a new holder, a new ticket code, and the history kept on the ticket."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from domain import outbox
from domain.errors import ConflictError, InvalidArgumentError, NotFoundError
from domain.mailboxes import same_mailbox
from domain.models import Attendee, Order
from domain.outbox import replayed
from domain.scope import Scope
from domain.support.orders import (
    Compose,
    find_order,
    order_event,
    require_open,
    to_payload,
)

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


def transfer_ticket(
    scope: Scope,
    *,
    key: str,
    order_number: str,
    ticket_code: str | None,
    new_name: str,
    new_email: str,
    compose: Compose,
) -> dict[str, Any]:
    """Move one ticket to a new holder, issue a new code and email the new holder.

    Args:
        scope: tenant and session.
        key: idempotency key; a repeat returns the first transfer marked duplicate.
        order_number: the order the ticket belongs to.
        ticket_code: which ticket; optional when the order has a single ticket.
        new_name: the new holder's full name.
        new_email: the new holder's email.
        compose: renders the ``support_ticket_transfer`` message.

    Raises:
        InvalidArgumentError: malformed email, ambiguous ticket, or same holder.
        NotFoundError: unknown order or ticket code.
        ConflictError: order cancelled or refunded, or past the transfer cutoff.
    """
    previous = replayed(scope, key)
    if previous is not None:
        return previous
    email = new_email.strip().lower()
    if not EMAIL_PATTERN.match(email):
        raise InvalidArgumentError("new_email", f"{new_email!r} is not a valid email address")
    if not new_name.strip():
        raise InvalidArgumentError("new_name", "must not be empty")
    order = find_order(scope, order_number)
    require_open(order, "transfer tickets")
    attendee = _pick_ticket(order, ticket_code)
    if same_mailbox(attendee.email, email):
        raise InvalidArgumentError(
            "new_email", f"{email} already holds ticket {attendee.ticket_code}"
        )
    event = order_event(scope, order)
    cutoff = event.starts_on - timedelta(days=event.transfer_cutoff_days_before)
    if scope.today > cutoff:
        raise ConflictError(
            f"transfers for {event.name} closed on {cutoff.isoformat()} "
            f"({event.transfer_cutoff_days_before} day(s) before the event)"
        )
    new_code = _new_ticket_code(scope, order, key)
    entry = {
        "from": {"name": attendee.name, "email": attendee.email},
        "to": {"name": new_name.strip(), "email": email},
        "at": scope.now.isoformat(),
        "previous_code": attendee.ticket_code,
        "new_code": new_code,
    }
    subject, body = compose(
        "support_ticket_transfer",
        {
            "name": new_name.strip(),
            "previous_holder": attendee.name,
            "event_name": event.name,
            "starts_on": event.starts_on.isoformat(),
            "venue": f"{event.venue}, {event.city}",
            "ticket_code": new_code,
            "order_number": order.number,
        },
    )
    result = {
        "order_number": order.number,
        "attendee_id": attendee.id,
        "transfer": entry,
        "ticket_code": new_code,
        "recipient": email,
        "transfer_count": 0,
    }
    recorded = outbox.record(
        scope,
        key=key,
        kind="email",
        recipient=email,
        subject=subject,
        body=body,
        payload={"result": to_payload(result)},
    )
    if not recorded.created:
        return replayed(scope, key) or {}
    history = [*list(attendee.transfer_history or []), entry]
    attendee.transfer_history = history
    attendee.name, attendee.email, attendee.ticket_code = new_name.strip(), email, new_code
    result["transfer_count"] = len(history)
    recorded.message.payload = {"result": to_payload(result)}
    scope.session.flush()
    return {**to_payload(result), "duplicate": False, "outbox_id": recorded.message.id}


def _pick_ticket(order: Order, ticket_code: str | None) -> Attendee:
    attendees = sorted(order.attendees, key=lambda a: a.id)
    if ticket_code:
        wanted = ticket_code.strip().upper()
        for attendee in attendees:
            if attendee.ticket_code.upper() == wanted:
                return attendee
        raise NotFoundError("ticket on this order", ticket_code, argument="ticket_code")
    if len(attendees) != 1:
        codes = ", ".join(a.ticket_code for a in attendees)
        raise InvalidArgumentError(
            "ticket_code", f"order {order.number} has {len(attendees)} tickets ({codes}); say which"
        )
    return attendees[0]


def _new_ticket_code(scope: Scope, order: Order, key: str) -> str:
    """A code derived from the idempotency key, so a retried transfer issues the same one."""
    for salt in range(100):
        digest = hashlib.sha256(f"{key}:{salt}".encode()).hexdigest()[:6].upper()
        code = f"TK-{order.number[-5:]}-{digest}"
        taken = scope.session.scalars(
            select(Attendee.id).where(
                Attendee.tenant_id == scope.tenant_id, Attendee.ticket_code == code
            )
        ).first()
        if taken is None:
            return code
    raise ConflictError("could not issue a unique ticket code; try again")
