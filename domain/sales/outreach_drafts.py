"""Outreach drafts awaiting approval, and the daily outreach cap they count against."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from domain.models import OutboxMessage, OutreachDraft
from domain.scope import Scope


def save_outreach_draft(
    scope: Scope,
    *,
    contact_id: int,
    subject: str,
    body: str,
    personalization: dict[str, Any],
    opportunity_id: int | None = None,
    status: str = "pending_approval",
) -> OutreachDraft:
    """Store an email an agent drafted for a contact (``pending_approval`` by default)."""
    draft = OutreachDraft(
        tenant_id=scope.tenant_id,
        contact_id=contact_id,
        opportunity_id=opportunity_id,
        channel="email",
        subject=subject[:300],
        body=body,
        personalization=personalization,
        status=status,
        created_by=scope.actor,
    )
    scope.session.add(draft)
    scope.session.flush()
    return draft


def emails_recorded_today(scope: Scope, agent: str = "sales") -> int:
    """How many emails ``agent`` has recorded in the outbox on the business day.

    The outbox stamps rows with the wall clock. On a live tenant the business day is
    today, so the window is that calendar day (UTC). A demo tenant's business day is
    pinned in the past and never ends, so everything recorded since its start counts.
    """
    start = datetime.combine(scope.today, time.min, tzinfo=UTC)
    query = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            OutboxMessage.tenant_id == scope.tenant_id,
            OutboxMessage.agent == agent,
            OutboxMessage.kind == "email",
            OutboxMessage.created_at >= start,
        )
    )
    if scope.today >= date.today():
        query = query.where(OutboxMessage.created_at < start + timedelta(days=1))
    return int(scope.session.scalar(query) or 0)
