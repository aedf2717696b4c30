"""Scheduling follow-ups after outreach (seed 001's follow-up agent rules).

A contact gets a follow-up ``delay_days`` after the outreach: attempt 1 is a gentle
``reminder``, attempt 2 a ``value_add``, later attempts a ``check_in``, and an attempt past
the tenant's ``max_followups`` becomes an ``escalation`` for a human. Opted-out and bounced
contacts are never scheduled, a contact has at most one scheduled follow-up at a time, and
nothing is scheduled on the day before the event or later (seed 001: "don't follow up day
before event"): such a date moves earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from domain.models import Contact, Event, FollowUp, OutreachDraft
from domain.scope import Scope

LAST_DAY_BEFORE_EVENT = timedelta(days=2)
"""The latest follow-up day is two days before the event starts."""


def followup_type(attempt: int, max_followups: int) -> str:
    """The kind of follow-up for the ``attempt``-th one (1-based)."""
    if attempt > max_followups:
        return "escalation"
    return {1: "reminder", 2: "value_add"}.get(attempt, "check_in")


def followup_moment(
    now: datetime, delay_days: int, event_starts_on: date | None
) -> datetime | None:
    """When to follow up: ``delay_days`` after ``now``, moved before the event's eve.

    Returns None when even the moved date would not be after today.
    """
    moment = now + timedelta(days=delay_days)
    if event_starts_on is None:
        return moment
    latest = event_starts_on - LAST_DAY_BEFORE_EVENT
    if moment.date() > latest:
        moment = moment - timedelta(days=(moment.date() - latest).days)
    return moment if moment.date() > now.date() else None


@dataclass(frozen=True)
class Scheduled:
    """One contact's outcome: the follow-up row created, or why none was."""

    contact_id: int
    followup: FollowUp | None = None
    reason: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Plain form for results."""
        if self.followup is None:
            return {"contact_id": self.contact_id, "skipped": self.reason}
        row = self.followup
        return {
            "contact_id": self.contact_id,
            "followup_id": row.id,
            "scheduled_for": row.scheduled_for.date().isoformat(),
            "followup_type": row.followup_type,
            "attempt": row.attempt,
            "original_draft_id": row.original_draft_id,
        }


def schedule_followup(
    scope: Scope,
    contact_id: int,
    *,
    delay_days: int,
    max_followups: int,
    event: Event | None,
    draft_id: int | None = None,
) -> Scheduled:
    """Schedule the contact's next follow-up, or explain why not (see the module rules)."""
    contact = scope.session.get(Contact, contact_id)
    if contact is None or contact.tenant_id != scope.tenant_id:
        return Scheduled(contact_id, reason="unknown contact")
    if contact.opted_out:
        return Scheduled(contact_id, reason="opted out")
    if contact.email_status == "bounced":
        return Scheduled(contact_id, reason="email bounced")
    mine = (FollowUp.tenant_id == scope.tenant_id, FollowUp.contact_id == contact_id)
    pending = scope.session.scalars(
        select(FollowUp).where(*mine, FollowUp.status == "scheduled").order_by(FollowUp.id)
    ).first()
    if pending is not None:
        return Scheduled(contact_id, reason=f"follow-up {pending.id} already scheduled")
    moment = followup_moment(scope.now, delay_days, event.starts_on if event else None)
    if moment is None:
        return Scheduled(contact_id, reason="too close to the event")
    earlier = scope.session.scalar(
        select(func.count()).select_from(FollowUp).where(*mine, FollowUp.status != "cancelled")
    )
    attempt = int(earlier or 0) + 1
    row = FollowUp(
        tenant_id=scope.tenant_id,
        contact_id=contact_id,
        original_draft_id=draft_id,
        scheduled_for=moment,
        followup_type=followup_type(attempt, max_followups),
        attempt=attempt,
        status="scheduled",
    )
    scope.session.add(row)
    scope.session.flush()
    return Scheduled(contact_id, followup=row)


def drafts_by_contact(scope: Scope, draft_ids: list[int]) -> dict[int, int]:
    """The tenant's outreach drafts among ``draft_ids``, as contact id -> draft id."""
    if not draft_ids:
        return {}
    rows = scope.session.execute(
        select(OutreachDraft.contact_id, OutreachDraft.id).where(
            OutreachDraft.tenant_id == scope.tenant_id, OutreachDraft.id.in_(draft_ids)
        )
    ).all()
    return {contact_id: draft_id for contact_id, draft_id in rows}
