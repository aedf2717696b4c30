"""Outreach drafts awaiting approval, and the daily outreach cap they count against."""

from __future__ import annotations

from typing import Any

from domain import outbox
from domain.models import OutreachDraft
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
    """Emails ``agent`` sent or proposed (awaiting approval) on the business day."""
    return outbox.count_today(scope, agent=agent, kind="email", sent_only=False)


def emails_sent_today(scope: Scope, agent: str = "sales") -> int:
    """Emails ``agent`` actually sent on the business day (drafts and proposals excluded)."""
    return outbox.count_today(scope, agent=agent, kind="email", sent_only=True)
