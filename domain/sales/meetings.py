"""schedule_meeting: a calendar invite recorded in the outbox and logged as a meeting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Activity, Opportunity, OutboxMessage, Tenant
from domain.outbox import record
from domain.sales.calendar_invite import Invite, invite_ics
from domain.sales.recipients import already_recorded, ensure_contactable, resolve_recipient
from domain.scope import Scope


def schedule_meeting(
    scope: Scope,
    *,
    key: str,
    start: datetime,
    duration_minutes: int,
    title: str,
    contact_id: int | None = None,
    attendee_email: str | None = None,
    agenda: str | None = None,
    opportunity_id: int | None = None,
) -> dict[str, Any]:
    """Invite a contact (or address) to a meeting; once per ``key``.

    ``start`` without a time zone is taken as UTC and must be after ``scope.now``.
    The outbox row (kind ``meeting_invite``) carries the ``.ics`` text in
    ``payload["ics"]``; a meeting activity is logged at the meeting's start.
    """
    earlier = already_recorded(scope, key)
    if earlier is not None:
        return _result(earlier, duplicate=True)
    start = start.replace(tzinfo=UTC) if start.tzinfo is None else start.astimezone(UTC)
    if start <= scope.now:
        raise InvalidArgumentError(
            "start", f"{start.isoformat()} is not in the future (now is {scope.now.isoformat()})"
        )
    argument = "attendee_email" if contact_id is None else "contact_id"
    address, contact = resolve_recipient(
        scope, attendee_email, contact_id, email_argument="attendee_email"
    )
    ensure_contactable(scope, address, contact, argument=argument)
    opportunity = (
        get_owned(scope, Opportunity, opportunity_id, argument="opportunity_id")
        if opportunity_id is not None
        else None
    )
    tenant = scope.session.get(Tenant, scope.tenant_id)
    organiser = tenant.name if tenant else scope.tenant_id
    end = start + timedelta(minutes=duration_minutes)
    ics = invite_ics(
        Invite(
            uid=f"{key}@{scope.tenant_id}.switchboard",
            stamp=scope.now,
            start=start,
            end=end,
            title=title,
            description=agenda or "",
            organizer_email=f"sales@{scope.tenant_id}.switchboard.invalid",
            organizer_name=f"{organiser} ({scope.actor})",
            attendee_email=address,
            attendee_name=contact.full_name if contact else address,
        )
    )
    payload: dict[str, Any] = {
        "ics": ics,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "contact_id": contact.id if contact else None,
        "opportunity_id": opportunity.id if opportunity else None,
    }
    recorded = record(
        scope,
        key=key,
        kind="meeting_invite",
        recipient=address,
        subject=title,
        body=agenda or "",
        payload=payload,
    )
    message = recorded.message
    if recorded.created:
        activity = Activity(
            tenant_id=scope.tenant_id,
            contact_id=payload["contact_id"],
            company_id=contact.company_id if contact else None,
            opportunity_id=payload["opportunity_id"],
            kind="meeting",
            direction="outbound",
            subject=title[:300],
            body=agenda or "",
            occurred_at=start,
            created_by=scope.actor,
        )
        scope.session.add(activity)
        if contact is not None and contact.outreach_status in ("none", "contacted", "responded"):
            contact.outreach_status = "meeting"
        scope.session.flush()
        message.payload = {**payload, "activity_id": activity.id}
        scope.session.flush()
    return _result(message, duplicate=not recorded.created)


def _result(message: OutboxMessage, *, duplicate: bool) -> dict[str, Any]:
    return {
        "outbox_id": message.id,
        "idempotency_key": message.idempotency_key,
        "duplicate": duplicate,
        "status": message.status,
        "attendee": message.recipient,
        "title": message.subject,
        "start": message.payload["start"],
        "end": message.payload["end"],
        "activity_id": message.payload.get("activity_id"),
        "ics": message.payload["ics"],
    }
