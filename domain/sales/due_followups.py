"""Executing due follow-ups (seed 001's follow-up agent): claim once, stop or draft.

A follow-up is due when its ``scheduled_for`` has come. Claiming sets ``executed_at``
by a conditional update (``executed_at IS NULL``), so of two runs that find the same
row exactly one executes it. A claimed follow-up then either stops, with the reason in
``outcome``:

- ``cancelled``: the contact replied since the email it follows, opted out, or their
  address bounced;
- ``skipped``: the attempt is past the sales agent's ``max_followups`` (the user gets an
  escalation message instead), or nothing was ever sent to follow up;

or stays ``executed`` and is drafted by the playbook (``nodes.playbooks.due_followups``):
the email goes through the policy like any ``send_email``, and the next attempt is
scheduled. While the tenant has paused all automation nothing is claimed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update

from domain.agent_config import agent_settings
from domain.agent_messages import send_message
from domain.models import Activity, Company, Contact, FollowUp, MessageType, OutreachDraft
from domain.schedules.crons import automation_paused
from domain.scope import Scope

REPLIED_STATUSES = frozenset({"responded", "meeting", "declined"})
"""Outreach statuses that mean the contact answered."""
IN_FLIGHT = "claimed by thread "
"""``outcome`` of a claimed follow-up until its draft is saved (a replayed step finds it)."""
CLAIM_LIMIT = 25
"""Most follow-ups one run executes; the rest wait for the next run."""


@dataclass(frozen=True)
class FollowUpToDraft:
    """A claimed follow-up that passed every stop rule: what its email may say."""

    followup_id: int
    attempt: int
    followup_type: str
    contact_id: int
    contact_name: str
    first_name: str
    email: str
    company: str
    last_subject: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "followup_id": self.followup_id,
            "attempt": self.attempt,
            "followup_type": self.followup_type,
            "contact_id": self.contact_id,
            "contact": self.contact_name,
            "first_name": self.first_name,
            "email": self.email,
            "company": self.company,
            "last_subject": self.last_subject,
        }


@dataclass
class Claimed:
    """One pass: follow-ups to draft, and those stopped (with their reasons)."""

    to_draft: list[FollowUpToDraft]
    stopped: list[dict[str, Any]]
    paused: bool = False


def claim_due_followups(
    scope: Scope, *, now: datetime, thread_id: str, limit: int = CLAIM_LIMIT
) -> Claimed:
    """Claim the tenant's due follow-ups (and this thread's unfinished claims), apply the
    stop rules, and return those to draft."""
    if automation_paused(scope):
        return Claimed([], [], paused=True)
    settings = agent_settings(scope, "sales")
    mine = FollowUp.tenant_id == scope.tenant_id
    due = scope.session.scalars(
        select(FollowUp.id)
        .where(
            mine,
            or_(
                (FollowUp.status == "scheduled")
                & FollowUp.executed_at.is_(None)
                & (FollowUp.scheduled_for <= now),
                (FollowUp.outcome == IN_FLIGHT + thread_id) & FollowUp.message_draft.is_(None),
            ),
        )
        .order_by(FollowUp.scheduled_for, FollowUp.id)
        .limit(limit)
    ).all()
    out = Claimed([], [])
    for followup_id in due:
        won = scope.session.execute(
            update(FollowUp)
            .where(mine, FollowUp.id == followup_id, FollowUp.executed_at.is_(None))
            .values(executed_at=now, status="executed", outcome=IN_FLIGHT + thread_id)
            .execution_options(synchronize_session=False)
        )
        row = scope.session.get(FollowUp, followup_id)
        assert row is not None
        scope.session.refresh(row)
        if won.rowcount != 1 and row.outcome != IN_FLIGHT + thread_id:  # type: ignore[attr-defined]
            continue  # another run executed it
        stop = _stop_reason(scope, row, settings.max_followups)
        if stop is not None:
            status, reason = stop
            row.status, row.outcome = status, reason
            out.stopped.append({"followup_id": row.id, "contact_id": row.contact_id,
                                "status": status, "reason": reason})  # fmt: skip
            if status == "skipped" and row.attempt > settings.max_followups:
                _escalate(scope, row, settings.max_followups, thread_id)
            continue
        out.to_draft.append(_facts(scope, row))
    scope.session.flush()
    return out


def _stop_reason(scope: Scope, row: FollowUp, max_followups: int) -> tuple[str, str] | None:
    contact = scope.session.get(Contact, row.contact_id)
    if contact is None or contact.tenant_id != scope.tenant_id:
        return "cancelled", "stopped: the contact no longer exists"
    if contact.opted_out:
        return "cancelled", "stopped: the contact opted out"
    if contact.email_status == "bounced":
        return "cancelled", "stopped: the contact's address bounced"
    last_sent = _last_outbound(scope, contact.id)
    if contact.outreach_status in REPLIED_STATUSES or (
        last_sent is not None and _replied_since(scope, contact.id, last_sent.occurred_at)
    ):
        return "cancelled", "stopped: the contact replied"
    if row.attempt > max_followups:
        return (
            "skipped",
            f"stopped: the maximum of {max_followups} follow-ups was reached without a "
            "reply; escalated to the user",
        )
    if last_sent is None:
        return "skipped", "stopped: no email was ever sent to this contact to follow up"
    return None


def _last_outbound(scope: Scope, contact_id: int) -> Activity | None:
    return scope.session.scalars(
        select(Activity)
        .where(
            Activity.tenant_id == scope.tenant_id,
            Activity.contact_id == contact_id,
            Activity.kind == "email",
            Activity.direction == "outbound",
        )
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(1)
    ).first()


def _replied_since(scope: Scope, contact_id: int, since: datetime) -> bool:
    """An inbound email, or an email marked replied, at or after ``since``."""
    found = scope.session.scalars(
        select(Activity.id)
        .where(
            Activity.tenant_id == scope.tenant_id,
            Activity.contact_id == contact_id,
            Activity.occurred_at >= since,
            or_(
                Activity.replied.is_(True),
                (Activity.kind == "email") & (Activity.direction == "inbound"),
            ),
        )
        .limit(1)
    ).first()
    return found is not None


def _escalate(scope: Scope, row: FollowUp, max_followups: int, thread_id: str) -> None:
    send_message(
        scope,
        "followup",
        "user",
        MessageType.ESCALATION,
        {
            "contact_ids": [row.contact_id],
            "followup_id": row.id,
            "summary": f"contact {row.contact_id} did not reply after {max_followups} "
            "follow-ups; call them or close the lead?",
        },
        priority="high",
        requires_response=True,
        thread_id=thread_id,
    )


def _facts(scope: Scope, row: FollowUp) -> FollowUpToDraft:
    contact = scope.session.get(Contact, row.contact_id)
    assert contact is not None
    company = scope.session.get(Company, contact.company_id)
    last = _last_outbound(scope, contact.id)
    subject = last.subject if last is not None else ""
    if row.original_draft_id is not None and not subject:
        draft = scope.session.get(OutreachDraft, row.original_draft_id)
        subject = draft.subject if draft is not None else ""
    return FollowUpToDraft(
        followup_id=row.id,
        attempt=row.attempt,
        followup_type=row.followup_type,
        contact_id=contact.id,
        contact_name=contact.full_name,
        first_name=contact.first_name,
        email=contact.email,
        company=company.name if company is not None else "",
        last_subject=subject,
    )


def record_draft(scope: Scope, followup_id: int, draft: OutreachDraft, body: str) -> None:
    """The follow-up's email is drafted: keep it on the row and say so in ``outcome``."""
    row = scope.session.get(FollowUp, followup_id)
    if row is None or row.tenant_id != scope.tenant_id:
        return
    row.message_draft = body
    row.outcome = f"drafted outreach draft {draft.id}; the email goes through the approval policy"
    scope.session.flush()
