"""research_contact: who a person is and what to talk to them about."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from domain.errors import InvalidArgumentError, NotFoundError
from domain.lookups import get_owned, resolve_event
from domain.models import Activity, Company, Contact, ExternalEvent, ExternalEventAttendance
from domain.research.accounts import signals_of
from domain.research.dates import as_utc
from domain.research.email_verification import contact_by_email
from domain.scope import Scope

RECENT_DAYS = 90


def find_contact(scope: Scope, contact_id: int | None, email: str | None) -> Contact:
    """A contact by id, else by email address."""
    if contact_id is not None:
        return get_owned(scope, Contact, contact_id, argument="contact_id")
    if not email:
        raise InvalidArgumentError("contact_id", "give contact_id or email")
    contact = contact_by_email(scope, email)
    if contact is None:
        raise NotFoundError("contact", email, argument="email")
    return contact


def external_events_of(scope: Scope, contact_id: int) -> list[dict[str, Any]]:
    """Other organisers' events the contact attended, sponsored or spoke at, newest first."""
    rows = scope.session.execute(
        select(ExternalEvent, ExternalEventAttendance.role)
        .join(
            ExternalEventAttendance, ExternalEventAttendance.external_event_id == ExternalEvent.id
        )
        .where(
            ExternalEventAttendance.tenant_id == scope.tenant_id,
            ExternalEventAttendance.contact_id == contact_id,
        )
        .order_by(ExternalEvent.starts_on.desc(), ExternalEvent.id)
    ).all()
    return [
        {
            "event": e.name,
            "date": e.starts_on,
            "city": e.city,
            "topic": e.topic,
            "role": role,
            "upcoming": e.starts_on >= scope.today,
        }
        for e, role in rows
    ]


def recent_activity_of(scope: Scope, contact_id: int, limit: int = 5) -> list[dict[str, Any]]:
    """The contact's latest activities within the last 90 days, newest first."""
    since = scope.now - timedelta(days=RECENT_DAYS)
    rows = scope.session.scalars(
        select(Activity)
        .where(
            Activity.tenant_id == scope.tenant_id,
            Activity.contact_id == contact_id,
            Activity.occurred_at >= since,
            Activity.occurred_at <= scope.now,
        )
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "kind": a.kind,
            "direction": a.direction,
            "subject": a.subject,
            "occurred_at": as_utc(a.occurred_at),
            "opens": a.opens,
            "clicks": a.clicks,
            "replied": a.replied,
        }
        for a in rows
    ]


def research_contact(
    scope: Scope, contact_id: int | None = None, email: str | None = None
) -> dict[str, Any]:
    """Profile a contact and derive talking points for outreach.

    Returns:
        Role, seniority, company, speaker topics, bio, external events, recent activity
        and ``talking_points`` (each one sentence, strongest first).
    """
    contact = find_contact(scope, contact_id, email)
    company = get_owned(scope, Company, contact.company_id, argument="contact_id")
    events = external_events_of(scope, contact.id)
    activity = recent_activity_of(scope, contact.id)
    points = talking_points(scope, contact, company, events, activity)
    return {
        "contact_id": contact.id,
        "name": contact.full_name,
        "title": contact.title,
        "seniority": contact.seniority,
        "department": contact.department,
        "email": contact.email,
        "email_status": contact.email_status,
        "opted_out": contact.opted_out,
        "outreach_status": contact.outreach_status,
        "timezone": contact.timezone,
        "linkedin_url": contact.linkedin_url,
        "company": {
            "id": company.id,
            "name": company.name,
            "industry": company.industry,
            "size_band": company.size_band,
            "region": company.region,
            "is_target_account": company.is_target_account,
        },
        "is_speaker": contact.is_speaker,
        "speaker_topics": list(contact.speaker_topics or []),
        "bio": contact.bio,
        "external_events": events,
        "recent_activity": activity,
        "talking_points": points,
    }


def talking_points(
    scope: Scope,
    contact: Contact,
    company: Company,
    events: list[dict[str, Any]],
    activity: list[dict[str, Any]],
) -> list[str]:
    """Openers grounded in the records: shared topics, events, signals, engagement."""
    points: list[str] = []
    event = resolve_event(scope)
    ours = {str(t).lower() for t in event.topics or []}
    shared = [t for t in contact.speaker_topics or [] if str(t).lower() in ours]
    if shared:
        points.append(f"Speaks on {', '.join(shared)} — a fit for a speaking slot at {event.name}.")
    for item in events:
        if item["upcoming"]:
            points.append(
                f"Will be at {item['event']} ({item['city']}, {item['date']:%d %b}) as "
                f"{item['role']} — propose meeting there."
            )
            break
    spoke = next((e for e in events if e["role"] == "speaker" and not e["upcoming"]), None)
    if spoke:
        points.append(f"Spoke at {spoke['event']} on {spoke['topic']} — reference the talk.")
    sponsored = next((e for e in events if e["role"] == "sponsor"), None)
    if sponsored:
        points.append(
            f"{company.name} sponsored {sponsored['event']} — sponsorship is on their playbook."
        )
    signals = signals_of(company)
    if signals:
        points.append(f"Recent {company.name} news: {signals[0].detail} ({signals[0].day}).")
    if any(a["replied"] for a in activity):
        points.append("Replied to us recently — continue that thread rather than a cold open.")
    elif any(a["clicks"] for a in activity):
        points.append("Clicked our recent emails — follow up on what they clicked.")
    if contact.opted_out:
        points.insert(0, "Opted out of outreach: do not contact.")
    return points
