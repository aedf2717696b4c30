"""Typed messages between department agents, stored per tenant (seed 001's protocol).

Four kinds: a ``request`` (may require a response), its ``response`` (linked by
``response_to_id``), a ``notification`` (information only) and an ``escalation`` (needs a
human; ``to_agent="user"``). Messages are rows in ``agent_messages``, so any agent, the
API and the audit trail read the same conversation.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from domain.agent_config import agent_settings
from domain.errors import InvalidArgumentError, NotFoundError
from domain.lookups import get_owned, resolve_event
from domain.models import AgentMessage, Department, Event, MessageType
from domain.sales.followups import drafts_by_contact, schedule_followup
from domain.scope import Scope

AGENTS = frozenset({*(d.value for d in Department), "followup", "planning", "user"})
"""Who may send or receive: the six departments, seed 001's follow-up and planning agents,
and the user (the target of escalations)."""
PRIORITIES = ("low", "medium", "high", "urgent")


def send_message(
    scope: Scope,
    from_agent: str,
    to_agent: str,
    message_type: MessageType | str,
    payload: dict[str, Any],
    *,
    priority: str = "medium",
    requires_response: bool = False,
    response_to_id: int | None = None,
    thread_id: str | None = None,
) -> AgentMessage:
    """Store one message from ``from_agent`` to ``to_agent`` and return it (with its id).

    Raises:
        InvalidArgumentError: an unknown agent, message type or priority, or a
            ``response_to_id`` that is not this tenant's message.
    """
    for argument, agent in (("from_agent", from_agent), ("to_agent", to_agent)):
        if agent not in AGENTS:
            raise InvalidArgumentError(argument, f"unknown agent {agent!r}")
    try:
        kind = MessageType(message_type)
    except ValueError:
        raise InvalidArgumentError(
            "message_type", f"unknown message type {message_type!r}"
        ) from None
    if priority not in PRIORITIES:
        raise InvalidArgumentError("priority", f"must be one of {', '.join(PRIORITIES)}")
    if response_to_id is not None:
        original = get_owned(scope, AgentMessage, response_to_id, argument="response_to_id")
        thread_id = thread_id or original.thread_id
    message = AgentMessage(
        tenant_id=scope.tenant_id,
        from_agent=from_agent,
        to_agent=to_agent,
        message_type=kind.value,
        priority=priority,
        payload=payload,
        requires_response=requires_response,
        response_to_id=response_to_id,
        thread_id=thread_id,
    )
    scope.session.add(message)
    scope.session.flush()
    return message


def respond(scope: Scope, message_id: int, payload: dict[str, Any]) -> AgentMessage:
    """Answer a request: a response from its recipient to its sender, linked to it.

    Marks the request read and responded. Answering twice returns the first response
    unchanged, so a replayed step does not answer again.

    Raises:
        NotFoundError: no such message for this tenant.
        InvalidArgumentError: the message is itself a response.
    """
    request = get_owned(scope, AgentMessage, message_id, argument="message_id")
    if request.message_type == MessageType.RESPONSE:
        raise InvalidArgumentError("message_id", f"message {message_id} is a response")
    earlier = scope.session.scalars(
        select(AgentMessage)
        .where(
            AgentMessage.tenant_id == scope.tenant_id,
            AgentMessage.response_to_id == request.id,
            AgentMessage.message_type == MessageType.RESPONSE.value,
        )
        .order_by(AgentMessage.id)
    ).first()
    if earlier is not None:
        return earlier
    response = send_message(
        scope,
        request.to_agent,
        request.from_agent,
        MessageType.RESPONSE,
        payload,
        priority=request.priority,
        response_to_id=request.id,
        thread_id=request.thread_id,
    )
    request.read_at = request.read_at or scope.now
    request.responded_at = scope.now
    scope.session.flush()
    return response


def mark_read(scope: Scope, message: AgentMessage) -> None:
    """Record that the recipient has handled ``message`` (first time only)."""
    if message.read_at is None:
        message.read_at = scope.now
        scope.session.flush()


def list_messages(scope: Scope, agent: str | None = None, limit: int = 50) -> list[AgentMessage]:
    """The tenant's messages newest first; with ``agent``, only those it sent or received."""
    if limit < 1:
        raise InvalidArgumentError("limit", "must be at least 1")
    query = select(AgentMessage).where(AgentMessage.tenant_id == scope.tenant_id)
    if agent is not None:
        query = query.where(or_(AgentMessage.from_agent == agent, AgentMessage.to_agent == agent))
    return list(scope.session.scalars(query.order_by(AgentMessage.id.desc()).limit(limit)))


def message_view(message: AgentMessage) -> dict[str, Any]:
    """A message as plain data (for results, the API and tests)."""
    return {
        "id": message.id,
        "from_agent": message.from_agent,
        "to_agent": message.to_agent,
        "message_type": message.message_type,
        "priority": message.priority,
        "payload": message.payload,
        "requires_response": message.requires_response,
        "response_to_id": message.response_to_id,
        "thread_id": message.thread_id,
        "read": message.read_at is not None,
        "responded": message.responded_at is not None,
    }


def handle_followup_notification(scope: Scope, message: AgentMessage) -> dict[str, Any]:
    """Act on "contacted N, follow up in D days": schedule a follow-up per contact.

    The payload holds ``contact_ids``, ``follow_up_in_days`` (default: the sales agent's
    ``followup_delay_days``), optional ``draft_ids`` (each linked to its contact's
    follow-up) and ``event_id`` (default: the next event). Rules are in
    ``domain.sales.followups``; attempts past the sales agent's ``max_followups`` also
    raise one escalation to the user. The message is marked read. Handling the same
    message again creates nothing new: a contact with a scheduled follow-up is skipped.

    Returns:
        ``{message_id, delay_days, scheduled: [...], skipped: [...],
        escalation_message_id}``.
    """
    if message.tenant_id != scope.tenant_id:
        raise NotFoundError("agent message", message.id, argument="message_id")
    if message.to_agent != "followup" or message.message_type != MessageType.NOTIFICATION:
        raise InvalidArgumentError("message_id", "not a notification to the follow-up agent")
    payload = message.payload or {}
    settings = agent_settings(scope, "sales")
    delay = int(payload.get("follow_up_in_days") or settings.followup_delay_days)
    if delay < 1:
        raise InvalidArgumentError("follow_up_in_days", "must be at least 1 day")
    contact_ids = [int(c) for c in dict.fromkeys(payload.get("contact_ids") or [])]
    drafts = drafts_by_contact(scope, [int(d) for d in payload.get("draft_ids") or []])
    event_id = payload.get("event_id")
    event = _event(scope, int(event_id) if event_id is not None else None)
    outcomes = [
        schedule_followup(
            scope,
            contact_id,
            delay_days=delay,
            max_followups=settings.max_followups,
            event=event,
            draft_id=drafts.get(contact_id),
        )
        for contact_id in contact_ids
    ]
    scheduled = [o.as_dict() for o in outcomes if o.followup is not None]
    escalate = [s["contact_id"] for s in scheduled if s["followup_type"] == "escalation"]
    escalation_id = None
    if escalate:
        escalation_id = send_message(
            scope,
            "followup",
            "user",
            MessageType.ESCALATION,
            {
                "contact_ids": escalate,
                "summary": f"{len(escalate)} contact(s) past {settings.max_followups} "
                "follow-ups without a reply; escalate?",
            },
            priority="high",
            requires_response=True,
            thread_id=message.thread_id,
        ).id
    mark_read(scope, message)
    return {
        "message_id": message.id,
        "delay_days": delay,
        "scheduled": scheduled,
        "skipped": [o.as_dict() for o in outcomes if o.followup is None],
        "escalation_message_id": escalation_id,
    }


def _event(scope: Scope, event_id: int | None) -> Event | None:
    try:
        return resolve_event(scope, event_id)
    except NotFoundError:
        return None
