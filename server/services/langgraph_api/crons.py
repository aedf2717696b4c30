"""Crons of the server API on the tenant's schedules (``domain.schedules``).

One implementation serves ``/crons`` and ``/langgraph/runs/crons``: a cron created here
is a ``request`` schedule whose text is the last user message of its input, fired by
the same scheduler through the same run path (policy, approvals, outbox). A cron made
on a thread fires on that thread (a fire that finds it running or waiting for approval
starts nothing and says why in ``GET /crons/{id}/fires``) and goes when the thread is
deleted; a stateless cron fires each period on a new thread of its own.

A cron's id is a UUID that encodes its integer id under a fixed prefix, so an id maps
back without a lookup table; another tenant's cron is not found as if it did not exist.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from domain.base import utcnow
from domain.errors import InvalidArgumentError, NotFoundError
from domain.models import Cron, CronKind
from domain.schedules import crons
from domain.scope import Scope
from server.schemas.common import MAX_ID
from server.schemas.langgraph_api import CronCount, CronCreate, CronSearch, CronUpdate, request_text
from server.services.langgraph_api import shapes

_PREFIX = uuid.uuid5(uuid.NAMESPACE_URL, "switchboard:crons").int >> 64 << 64


def cron_uuid(cron_id: int) -> str:
    """The UUID the server API shows for cron ``cron_id``."""
    return str(uuid.UUID(int=_PREFIX | cron_id))


def cron_of(scope: Scope, value: str) -> Cron:
    """The tenant's cron named by its UUID, or NotFoundError."""
    try:
        number = uuid.UUID(value).int
    except ValueError:
        raise NotFoundError("cron", value, argument="cron_id") from None
    if number >> 64 << 64 != _PREFIX or not 0 < number - _PREFIX <= MAX_ID:
        raise NotFoundError("cron", value, argument="cron_id")
    try:
        return crons.get_cron(scope, number - _PREFIX)
    except NotFoundError:
        raise NotFoundError("cron", value, argument="cron_id") from None


def _stamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def view(cron: Cron) -> dict[str, Any]:
    """The cron in the server API's shape."""
    return {
        "cron_id": cron_uuid(cron.id),
        "assistant_id": shapes.ASSISTANT_ID,
        "thread_id": cron.thread_id,
        "on_run_completed": "keep",
        "end_time": None,
        "schedule": cron.schedule,
        "timezone": cron.timezone,
        "created_at": _stamp(cron.created_at),
        "updated_at": _stamp(cron.updated_at),
        "payload": {
            "assistant_id": shapes.ASSISTANT_ID,
            "input": {"messages": [{"role": "user", "content": cron.request_text}]},
        },
        "user_id": cron.created_by or None,
        "next_run_date": None if cron.paused else _stamp(cron.next_run_at),
        "metadata": {"name": cron.name, "kind": cron.kind},
        "enabled": not cron.paused,
    }


def _check_assistant(assistant_id: str) -> None:
    if not shapes.is_assistant(assistant_id):
        raise InvalidArgumentError(
            "assistant_id", f"{assistant_id!r} is not an assistant here; use 'switchboard'"
        )


def create(scope: Scope, body: CronCreate, thread_id: str | None = None) -> dict[str, Any]:
    """A new ``request`` cron from the body (on a thread the caller owns, if given)."""
    _check_assistant(body.assistant_id)
    assert body.input is not None
    cron = crons.create_cron(
        scope,
        name=f"langgraph-{secrets.token_hex(6)}",
        kind=CronKind.REQUEST.value,
        now=utcnow(),
        schedule=body.schedule,
        timezone=body.timezone or "UTC",
        request_text=request_text(body.input),
        paused=body.enabled is False,
        thread_id=thread_id,
    )
    scope.session.flush()
    return view(cron)


def update(scope: Scope, cron_id: str, body: CronUpdate) -> dict[str, Any]:
    """The cron with what the body gives changed."""
    cron = crons.update_cron(
        scope,
        cron_of(scope, cron_id),
        now=utcnow(),
        paused=None if body.enabled is None else not body.enabled,
        schedule=body.schedule,
        timezone=body.timezone,
        request_text=request_text(body.input) if body.input is not None else None,
    )
    return view(cron)


def delete(scope: Scope, cron_id: str) -> None:
    """Delete the cron (as ``DELETE /crons/{id}`` does)."""
    crons.delete_cron(scope, cron_of(scope, cron_id))


def _matching(scope: Scope, assistant_id: str | None, thread_id: str | None) -> list[Cron]:
    if assistant_id is not None and not shapes.is_assistant(assistant_id):
        return []
    found = crons.list_crons(scope)
    if thread_id is not None:
        found = [c for c in found if c.thread_id == thread_id]
    return found


_SORT_KEYS = {
    "cron_id": lambda c: c.id,
    "thread_id": lambda c: c.thread_id or "",
    "created_at": lambda c: c.created_at,
    "updated_at": lambda c: c.updated_at,
    "next_run_date": lambda c: c.next_run_at,
}


def search(scope: Scope, body: CronSearch) -> list[dict[str, Any]]:
    """The tenant's crons that match, sorted and paged."""
    found = _matching(scope, body.assistant_id, body.thread_id)
    if body.enabled is not None:
        found = [c for c in found if c.paused is not body.enabled]
    key = _SORT_KEYS.get(body.sort_by or "created_at", _SORT_KEYS["cron_id"])
    found.sort(key=key, reverse=(body.sort_order or "desc") == "desc")
    return [view(c) for c in found[body.offset : body.offset + body.limit]]


def count(scope: Scope, body: CronCount) -> int:
    """How many of the tenant's crons match."""
    return len(_matching(scope, body.assistant_id, body.thread_id))
