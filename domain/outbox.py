"""The idempotent outbox: every external action is one row under a unique key.

A row's life: ``pending_approval`` (proposed by an agent, visible, not sent) ->
``recorded`` (the action happened) or ``rejected``. A recorded action that leaves by
email is also queued for the SMTP relay (``domain.mail.queue``; nothing is mailed when
no SMTP server is configured). Recording a key that is already ``recorded`` returns the
first row and reports that nothing new happened, so a retried tool call, a replayed graph node or a
double approval cannot act twice. A proposed row is claimed by a conditional update,
so of two racing executions exactly one acts. The unique constraint on
(tenant_id, idempotency_key) is the guarantee; lookups are only the fast path.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from domain.errors import ConflictError
from domain.mail.queue import initial_status
from domain.models import OutboxMessage
from domain.scope import Scope


class OutboxStatus(StrEnum):
    """Where an external action stands."""

    PENDING_APPROVAL = "pending_approval"
    RECORDED = "recorded"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Recorded:
    """The outbox row and whether this call performed the action."""

    message: OutboxMessage
    created: bool


def derive_key(action: str, arguments: dict[str, Any]) -> str:
    """A stable key from an action name and its arguments (canonical JSON, SHA-256)."""
    canonical = json.dumps(arguments, sort_keys=True, default=str, separators=(",", ":"))
    return f"{action}:{hashlib.sha256(canonical.encode()).hexdigest()[:32]}"


def propose(
    scope: Scope,
    *,
    key: str,
    kind: str,
    recipient: str,
    subject: str = "",
    body: str = "",
    payload: dict[str, Any] | None = None,
    agent: str | None = None,
) -> OutboxMessage:
    """Show a proposed action in the outbox as ``pending_approval`` (once per key).

    ``agent`` is the department that proposed it (default: the scope's actor).
    """
    existing = _row(scope, key)
    if existing is not None:
        return existing
    message = _new(
        scope, key, kind, recipient, subject, body, payload, OutboxStatus.PENDING_APPROVAL
    )
    if agent is not None:
        message.agent = agent
    try:
        with scope.session.begin_nested():
            scope.session.add(message)
    except IntegrityError:
        raced = _row(scope, key)
        assert raced is not None
        return raced
    return message


def reject(scope: Scope, key: str) -> None:
    """Mark a proposed action rejected; it can no longer be recorded."""
    scope.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.tenant_id == scope.tenant_id,
            OutboxMessage.idempotency_key == key,
            OutboxMessage.status == OutboxStatus.PENDING_APPROVAL,
        )
        .values(status=OutboxStatus.REJECTED)
    )


def record(
    scope: Scope,
    *,
    key: str,
    kind: str,
    recipient: str,
    subject: str = "",
    body: str = "",
    payload: dict[str, Any] | None = None,
) -> Recorded:
    """Record an external action once under ``key``; a repeat returns the first row.

    Raises:
        ConflictError: the action was proposed under ``key`` and rejected.
    """
    existing = _row(scope, key)
    if existing is not None and existing.status == OutboxStatus.PENDING_APPROVAL:
        return _claim(scope, existing, kind, recipient, subject, body, payload)
    if existing is not None:
        return _settled(existing)
    message = _new(scope, key, kind, recipient, subject, body, payload, OutboxStatus.RECORDED)
    try:
        with scope.session.begin_nested():
            scope.session.add(message)
    except IntegrityError:
        # Another transaction recorded the same key between our lookup and insert.
        raced = _row(scope, key)
        assert raced is not None
        return _settled(raced)
    return Recorded(message, created=True)


def replayed(scope: Scope, key: str) -> dict[str, Any] | None:
    """The result stored with an action already recorded under ``key``, marked duplicate.

    Actions store their result under ``payload["result"]``; a repeat of the action
    returns it instead of acting again.
    """
    message = find(scope, key)
    if message is None:
        return None
    result = dict((message.payload or {}).get("result", {}))
    return {**result, "duplicate": True, "outbox_id": message.id}


def find(scope: Scope, key: str) -> OutboxMessage | None:
    """The tenant's outbox row recorded (acted on) under ``key``, if any.

    Raises:
        ConflictError: the action under ``key`` was rejected.
    """
    row = _row(scope, key)
    if row is None or row.status == OutboxStatus.PENDING_APPROVAL:
        return None
    if row.status == OutboxStatus.REJECTED:
        raise ConflictError(f"the action {key!r} was rejected and cannot be sent")
    return row


def count_today(scope: Scope, *, agent: str, kind: str, sent_only: bool) -> int:
    """Rows ``agent`` recorded (``sent_only``) or also proposed, of ``kind``, on the business day.

    Rows are stamped with the business clock (``Scope.now``), so a demo tenant's pinned
    day and a live tenant's real day are counted the same way.
    """
    start = datetime.combine(scope.today, time.min, tzinfo=UTC)
    query = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.tenant_id == scope.tenant_id,
            OutboxMessage.agent == agent,
            OutboxMessage.kind == kind,
            OutboxMessage.created_at >= start,
            OutboxMessage.created_at < start + timedelta(days=1),
        )
    )
    if sent_only:
        query = query.where(OutboxMessage.status == OutboxStatus.RECORDED)
    else:
        query = query.where(OutboxMessage.status != OutboxStatus.REJECTED)
    return int(scope.session.scalar(query) or 0)


def _claim(
    scope: Scope,
    row: OutboxMessage,
    kind: str,
    recipient: str,
    subject: str,
    body: str,
    payload: dict[str, Any] | None,
) -> Recorded:
    claimed = scope.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.status == OutboxStatus.PENDING_APPROVAL)
        .values(
            status=OutboxStatus.RECORDED,
            kind=kind,
            agent=scope.actor,
            recipient=recipient,
            subject=subject,
            body=body,
            payload=payload or {},
            delivery_status=initial_status(kind, recipient),
        )
        .execution_options(synchronize_session=False)
    )
    scope.session.refresh(row)
    if claimed.rowcount == 1:  # type: ignore[attr-defined]
        return Recorded(row, created=True)
    return _settled(row)


def _settled(row: OutboxMessage) -> Recorded:
    if row.status == OutboxStatus.REJECTED:
        raise ConflictError(f"the action {row.idempotency_key!r} was rejected and cannot be sent")
    return Recorded(row, created=False)


def _new(
    scope: Scope,
    key: str,
    kind: str,
    recipient: str,
    subject: str,
    body: str,
    payload: dict[str, Any] | None,
    status: OutboxStatus,
) -> OutboxMessage:
    return OutboxMessage(
        tenant_id=scope.tenant_id,
        idempotency_key=key,
        kind=kind,
        agent=scope.actor,
        recipient=recipient,
        subject=subject,
        body=body,
        payload=payload or {},
        status=status,
        created_at=scope.now,
        delivery_status=initial_status(kind, recipient)
        if status == OutboxStatus.RECORDED
        else None,
    )


def _row(scope: Scope, key: str) -> OutboxMessage | None:
    return scope.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.tenant_id == scope.tenant_id, OutboxMessage.idempotency_key == key
        )
    ).first()
