"""The idempotent outbox: every external action is one row under a unique key.

Recording the same key twice returns the first row and reports that nothing new was
recorded, so a retried tool call, a replayed graph node or a double approval cannot
send twice. The unique constraint on (tenant_id, idempotency_key) is the guarantee;
the lookup before the insert is only the fast path.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from domain.models import OutboxMessage
from domain.scope import Scope


@dataclass(frozen=True)
class Recorded:
    """The outbox row and whether this call created it."""

    message: OutboxMessage
    created: bool


def derive_key(action: str, arguments: dict[str, Any]) -> str:
    """A stable key from an action name and its arguments (canonical JSON, SHA-256)."""
    canonical = json.dumps(arguments, sort_keys=True, default=str, separators=(",", ":"))
    return f"{action}:{hashlib.sha256(canonical.encode()).hexdigest()[:32]}"


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
    """Record an external action once under ``key``; a repeat returns the first row."""
    existing = find(scope, key)
    if existing is not None:
        return Recorded(existing, created=False)
    message = OutboxMessage(
        tenant_id=scope.tenant_id,
        idempotency_key=key,
        kind=kind,
        agent=scope.actor,
        recipient=recipient,
        subject=subject,
        body=body,
        payload=payload or {},
    )
    try:
        with scope.session.begin_nested():
            scope.session.add(message)
    except IntegrityError:
        # Another transaction recorded the same key between our lookup and insert.
        raced = find(scope, key)
        assert raced is not None
        return Recorded(raced, created=False)
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
    """The tenant's outbox row recorded under ``key``, if any."""
    return scope.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.tenant_id == scope.tenant_id, OutboxMessage.idempotency_key == key
        )
    ).first()
