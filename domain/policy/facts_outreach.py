"""Facts about an outreach recipient: opt-out, bounces, unanswered follow-ups, today's sends."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, or_, select

from domain import outbox
from domain.lookups import get_owned
from domain.models import Activity, Contact, FollowUp, Opportunity
from domain.policy.arguments import arg_int, arg_str
from domain.policy.inflight import Pending
from domain.privacy.suppression import is_suppressed
from domain.research.email_verification import contacts_by_email
from domain.scope import Scope

REPLIED_STATUSES = frozenset({"responded", "meeting", "declined"})
"""Outreach statuses that mean the contact answered."""

EMAIL_ARGUMENTS = ("to", "attendee_email")


def recipient_facts(
    scope: Scope, args: Mapping[str, Any], agent: str, pending: Pending
) -> dict[str, Any]:
    """Who a ``send_email`` / ``schedule_meeting`` reaches and what limits apply.

    Returns:
        ``recipient`` (email, contact id, opted_out, email_status; unknown addresses are
        neither opted out nor bounced; every contact on the same mailbox counts, see
        ``domain.mailboxes``), ``followups_unanswered``, ``sent_today`` (emails
        ``agent`` already sent on the business day), ``outreach_in_flight`` (its emails
        approved today but not sent yet, and those proposed earlier in this run) and
        ``outreach_today`` (the two added: what the daily cap is compared with).

    Raises:
        NotFoundError: unknown ``contact_id``.
    """
    named = _contacts(scope, args)
    contact = named[0] if named else None
    email = next((e for e in (arg_str(args, a) for a in EMAIL_ARGUMENTS) if e), None)
    bounced = any(c.email_status == "bounced" for c in named)
    recipient: dict[str, Any] = {
        "email": email or (contact.email if contact else None),
        "contact_id": contact.id if contact else None,
        "known_contact": contact is not None,
        # A contact_id and an address that disagree (an edit re-addressing the email)
        # are both checked: either one opted out or bounced is enough.
        "opted_out": any(c.opted_out for c in named),
        "email_status": "bounced" if bounced else (contact.email_status if contact else "unknown"),
        # An erased person's address comes back (a list, an enrichment): still never.
        "suppressed": any(is_suppressed(scope, a) for a in _addresses(args, named)),
    }
    unanswered = unanswered_followups(scope, contact, arg_int(args, "opportunity_id"))
    sent = emails_sent_today(scope, agent)
    in_flight = [i for i in pending.of("send_email", today_only=True) if i.agent == agent]
    return {
        "recipient": recipient,
        "followups_unanswered": unanswered,
        "sent_today": sent,
        "outreach_in_flight": len(in_flight),
        "outreach_today": sent + len(in_flight),
    }


def unanswered_followups(scope: Scope, contact: Contact | None, opportunity_id: int | None) -> int:
    """Follow-ups a contact received without replying.

    The larger of: follow-ups executed since the contact's last reply (an inbound
    activity or a replied email), and the deal's ``followups_sent`` counter unless the
    contact has answered (outreach status responded, meeting or declined). The deal is
    ``opportunity_id``, else the contact's deals as primary contact (the highest count).
    """
    if contact is None:
        return 0
    mine = (Activity.tenant_id == scope.tenant_id, Activity.contact_id == contact.id)
    last_reply = scope.session.scalar(
        select(func.max(Activity.occurred_at)).where(
            *mine, or_(Activity.direction == "inbound", Activity.replied.is_(True))
        )
    )
    executed = scope.session.scalars(
        select(FollowUp.executed_at).where(
            FollowUp.tenant_id == scope.tenant_id,
            FollowUp.contact_id == contact.id,
            FollowUp.executed_at.is_not(None),
            FollowUp.status != "cancelled",
        )
    ).all()
    moments = [_utc(moment) for moment in executed if moment is not None]
    since_reply = len(
        moments if last_reply is None else [m for m in moments if m > _utc(last_reply)]
    )
    counter = (
        0
        if contact.outreach_status in REPLIED_STATUSES
        else _deal_counter(scope, contact, opportunity_id)
    )
    return max(since_reply, counter)


def emails_sent_today(scope: Scope, agent: str) -> int:
    """Emails ``agent`` sent (not merely proposed or rejected) on the business day."""
    return outbox.count_today(scope, agent=agent, kind="email", sent_only=True)


def _contacts(scope: Scope, args: Mapping[str, Any]) -> list[Contact]:
    """Every contact the arguments name: by ``contact_id`` first, then every contact on the
    mailbox of each address (``name+tag@``, other case, gmail dots: the same person)."""
    found: list[Contact] = []
    contact_id = arg_int(args, "contact_id")
    if contact_id is not None:
        found.append(get_owned(scope, Contact, contact_id, argument="contact_id"))
    for argument in EMAIL_ARGUMENTS:
        email = arg_str(args, argument)
        for by_email in contacts_by_email(scope, email) if email else []:
            if all(c.id != by_email.id for c in found):
                found.append(by_email)
    return found


def _addresses(args: Mapping[str, Any], named: list[Contact]) -> set[str]:
    given = {arg_str(args, a) for a in EMAIL_ARGUMENTS}
    return {a for a in given if a} | {c.email for c in named}


def _deal_counter(scope: Scope, contact: Contact, opportunity_id: int | None) -> int:
    query = select(func.max(Opportunity.followups_sent)).where(
        Opportunity.tenant_id == scope.tenant_id
    )
    if opportunity_id is not None:
        query = query.where(Opportunity.id == opportunity_id)
    else:
        query = query.where(Opportunity.primary_contact_id == contact.id)
    return int(scope.session.scalar(query) or 0)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
