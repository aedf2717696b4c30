"""Outreach drafts awaiting approval, and the daily outreach cap they count against."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select

from domain import outbox
from domain.models import OutboxMessage, OutreachDraft
from domain.scope import Scope

RECONTACT_AFTER_DAYS = 14
"""A sponsor contact emailed less than this many days ago is left to the follow-up
agent (which writes the follow-ups) instead of getting a second first email."""


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
    """Emails ``agent`` sent or proposed (awaiting approval) on the business day."""
    return outbox.count_today(scope, agent=agent, kind="email", sent_only=False)


def emails_sent_today(scope: Scope, agent: str = "sales") -> int:
    """Emails ``agent`` actually sent on the business day (drafts and proposals excluded)."""
    return outbox.count_today(scope, agent=agent, kind="email", sent_only=True)


def already_contacted(scope: Scope, agent: str, emails: Iterable[str]) -> dict[str, str]:
    """Which of ``emails`` ``agent`` must not email again now, and why.

    An email to the address waiting for approval, or sent (recorded) in the last
    ``RECONTACT_AFTER_DAYS`` business days, counts; a rejected one does not. Returns
    lower-cased address -> reason, e.g. "an email awaiting approval" or "emailed on
    2026-12-01".
    """
    wanted = {email.strip().lower() for email in emails if email}
    if not wanted:
        return {}
    since = datetime.combine(scope.today - timedelta(days=RECONTACT_AFTER_DAYS), time.min, UTC)
    rows = scope.session.execute(
        select(func.lower(OutboxMessage.recipient), OutboxMessage.status, OutboxMessage.created_at)
        .where(
            OutboxMessage.tenant_id == scope.tenant_id,
            OutboxMessage.agent == agent,
            OutboxMessage.kind == "email",
            func.lower(OutboxMessage.recipient).in_(wanted),
            OutboxMessage.status != outbox.OutboxStatus.REJECTED,
        )
        .order_by(OutboxMessage.created_at)
    ).all()
    reasons: dict[str, str] = {}
    for recipient, status, created_at in rows:
        if status == outbox.OutboxStatus.PENDING_APPROVAL:
            reasons[recipient] = "an email awaiting approval"
        elif _as_utc(created_at) >= since and recipient not in reasons:
            reasons[recipient] = f"emailed on {_as_utc(created_at).date().isoformat()}"
    return reasons


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
