"""Reminders to a deliverable's owner or a vendor pending confirmation, via the outbox."""

from __future__ import annotations

from typing import Any

from domain import outbox
from domain.errors import ConflictError, InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Deliverable, Event, Vendor
from domain.operations.messages import Compose
from domain.outbox import replayed
from domain.scope import Scope


def send_reminder(
    scope: Scope,
    *,
    key: str,
    deliverable_id: int | None,
    vendor_id: int | None,
    note: str | None,
    compose: Compose,
) -> dict[str, Any]:
    """Email a reminder to a deliverable's owner or a vendor awaiting confirmation.

    Args:
        scope: tenant, session and today.
        key: idempotency key; a repeat returns the first reminder marked duplicate.
        deliverable_id: remind this deliverable's owner (exclusive with vendor_id).
        vendor_id: remind this pending vendor to confirm (exclusive with deliverable_id).
        note: an extra sentence for the recipient.
        compose: renders ``operations_reminder_deliverable`` / ``..._vendor``.

    Raises:
        InvalidArgumentError: neither or both ids given.
        NotFoundError: unknown id.
        ConflictError: the deliverable is done, or the vendor is not pending.
    """
    previous = replayed(scope, key)
    if previous is not None:
        return previous
    if (deliverable_id is None) == (vendor_id is None):
        raise InvalidArgumentError(
            "deliverable_id", "give exactly one of deliverable_id or vendor_id"
        )
    if deliverable_id is not None:
        target = _deliverable_reminder(scope, deliverable_id, note, compose)
    else:
        assert vendor_id is not None
        target = _vendor_reminder(scope, vendor_id, note, compose)
    recipient, subject, body, result = target
    recorded = outbox.record(
        scope,
        key=key,
        kind="reminder",
        recipient=recipient,
        subject=subject,
        body=body,
        payload={"result": result},
    )
    return {**result, "duplicate": not recorded.created, "outbox_id": recorded.message.id}


def _deliverable_reminder(
    scope: Scope, deliverable_id: int, note: str | None, compose: Compose
) -> tuple[str, str, str, dict[str, Any]]:
    item = get_owned(scope, Deliverable, deliverable_id, argument="deliverable_id")
    if item.status == "done":
        done = f" on {item.completed_on.isoformat()}" if item.completed_on else ""
        raise ConflictError(
            f"deliverable {item.id} '{item.title}' is already done{done}; no reminder sent"
        )
    days = (item.due_on - scope.today).days
    when = f"overdue by {-days} day(s)" if days < 0 else f"due in {days} day(s)"
    subject, body = compose(
        "operations_reminder_deliverable",
        {
            "name": item.owner_name,
            "title": item.title,
            "due_on": item.due_on.isoformat(),
            "when": when,
            "status": item.status.replace("_", " "),
            "note": note or "",
        },
    )
    result = {
        "target": "deliverable",
        "deliverable_id": item.id,
        "title": item.title,
        "recipient": item.owner_email,
        "due_on": item.due_on.isoformat(),
        "when": when,
        "subject": subject,
    }
    return item.owner_email, subject, body, result


def _vendor_reminder(
    scope: Scope, vendor_id: int, note: str | None, compose: Compose
) -> tuple[str, str, str, dict[str, Any]]:
    vendor = get_owned(scope, Vendor, vendor_id, argument="vendor_id")
    if vendor.status != "pending":
        raise ConflictError(
            f"vendor {vendor.id} '{vendor.name}' is {vendor.status}, not pending confirmation; "
            "no reminder sent"
        )
    event = scope.session.get(Event, vendor.event_id)
    days = (vendor.confirm_by - scope.today).days
    when = f"was due {-days} day(s) ago" if days < 0 else f"is due in {days} day(s)"
    subject, body = compose(
        "operations_reminder_vendor",
        {
            "name": vendor.contact_name,
            "vendor": vendor.name,
            "service": vendor.service,
            "event_name": event.name if event else "",
            "confirm_by": vendor.confirm_by.isoformat(),
            "when": when,
            "note": note or "",
        },
    )
    result = {
        "target": "vendor",
        "vendor_id": vendor.id,
        "vendor": vendor.name,
        "recipient": vendor.contact_email,
        "confirm_by": vendor.confirm_by.isoformat(),
        "when": when,
        "subject": subject,
    }
    return vendor.contact_email, subject, body, result
