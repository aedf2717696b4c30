"""The mail queue inside the outbox: queued when recorded, claimed by a relay, marked once.

An outbox row whose kind is mailed (``MAILED_KINDS``) and whose recipient is an address
is ``queued`` when the action is recorded. A relay claims due rows (``sending``, with a
lease: a relay that dies mid-send leaves the row to be claimed again once the lease
runs out), sends them and marks each ``delivered`` in its own transaction. Between the
SMTP server accepting a message and that mark, a crash makes the next relay send it
again: SMTP gives no way to ask a server whether it already has a message, so the
guarantee is *at most one delivery, or a duplicate with the same Message-ID* that the
receiving side drops. The Message-ID is derived from the outbox key and never changes.

The relay works across tenants, so these functions take a plain session, not a Scope.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from domain.mailboxes import mailbox_candidates, same_mailbox
from domain.models import Contact, OutboxMessage, Tenant

MAILED_KINDS = frozenset({"email", "ticket_resend", "meeting_invite", "reminder", "escalation"})
"""Outbox kinds that reach their recipient as an email (refunds, posts and campaign
sends to a whole segment leave by other channels)."""

_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def is_address(recipient: str) -> bool:
    """Whether ``recipient`` is one plain email address."""
    return bool(_ADDRESS.match(recipient.strip()))


def initial_status(kind: str, recipient: str) -> str | None:
    """``queued`` for a recorded action that leaves by email; None for every other."""
    return "queued" if kind in MAILED_KINDS and is_address(recipient) else None


def message_id(tenant_id: str, idempotency_key: str, domain: str) -> str:
    """The Message-ID of an outbox row: the same for every attempt to send it."""
    digest = hashlib.sha256(f"{tenant_id}:{idempotency_key}".encode()).hexdigest()[:40]
    return f"<{digest}@{domain}>"


@dataclass(frozen=True)
class Claimed:
    """One outbox row a relay has claimed, with what it needs to build the message."""

    outbox_id: int
    tenant_id: str
    tenant_name: str
    kind: str
    recipient: str
    subject: str
    body: str
    payload: dict[str, Any]
    message_id: str
    attempt: int
    is_contact: bool
    """The recipient is a CRM contact: outreach, so the message carries an unsubscribe."""


def claim_due(
    session: Session, *, now: datetime, lease: timedelta, domain: str, limit: int = 50
) -> list[Claimed]:
    """Claim up to ``limit`` due rows for sending; recipients who opted out are suppressed.

    On Postgres concurrent relays skip each other's rows (``FOR UPDATE SKIP LOCKED``);
    the embedded SQLite database serialises writers, which has the same effect.
    """
    rows = session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.status == "recorded",
            OutboxMessage.delivery_status.in_(("queued", "retry", "sending")),
            (OutboxMessage.delivery_next_at.is_(None)) | (OutboxMessage.delivery_next_at <= now),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    claimed: list[Claimed] = []
    for row in rows:
        contacts = same_mailbox_contacts(session, row.tenant_id, row.recipient)
        blocked = [c for c in contacts if c.opted_out or c.email_status == "bounced"]
        if blocked:
            why = "opted out" if blocked[0].opted_out else "bounced"
            row.delivery_status, row.delivery_error = "suppressed", f"the recipient {why}"
            continue
        row.delivery_status = "sending"
        row.delivery_attempts += 1
        row.delivery_next_at = now + lease
        row.message_id = row.message_id or message_id(row.tenant_id, row.idempotency_key, domain)
        tenant = session.get(Tenant, row.tenant_id)
        claimed.append(
            Claimed(
                outbox_id=row.id,
                tenant_id=row.tenant_id,
                tenant_name=tenant.name if tenant else row.tenant_id,
                kind=row.kind,
                recipient=row.recipient.strip(),
                subject=row.subject,
                body=row.body,
                payload=dict(row.payload or {}),
                message_id=row.message_id,
                attempt=row.delivery_attempts,
                is_contact=bool(contacts),
            )
        )
    session.flush()
    return claimed


def mark_delivered(session: Session, outbox_id: int, *, now: datetime) -> bool:
    """Record that the SMTP server accepted the message; False if it was not ours to mark."""
    done = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == outbox_id, OutboxMessage.delivery_status == "sending")
        .values(delivery_status="delivered", delivered_at=now, delivery_error=None)
        .execution_options(synchronize_session=False)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def mark_failed(
    session: Session,
    outbox_id: int,
    *,
    error: str,
    permanent: bool,
    now: datetime,
    max_attempts: int,
    backoff: timedelta,
) -> str:
    """Record a failed attempt: ``retry`` later with exponential backoff, or ``failed``."""
    row = session.get(OutboxMessage, outbox_id)
    if row is None:
        return ""
    if row.delivery_status != "sending":
        return row.delivery_status or ""
    if permanent or row.delivery_attempts >= max_attempts:
        row.delivery_status = "failed"
    else:
        row.delivery_status = "retry"
        row.delivery_next_at = now + backoff * (2 ** (row.delivery_attempts - 1))
    row.delivery_error = error[:1000]
    return row.delivery_status


def same_mailbox_contacts(session: Session, tenant_id: str, address: str) -> list[Contact]:
    """The tenant's contacts that ``address`` reaches (aliases, case and gmail dots aside).

    Opt-outs and bounces are judged by mailbox here as in the policy, so mail approved
    before an opt-out of any spelling of the address is suppressed at send time.
    """
    rows = session.scalars(
        select(Contact).where(
            Contact.tenant_id == tenant_id, mailbox_candidates(Contact.email, address)
        )
    ).all()
    return [c for c in rows if same_mailbox(c.email, address)]
