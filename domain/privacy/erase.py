"""Erasure (GDPR Art. 17): anonymise a person's rows in place, keep the business intact.

Rows are anonymised, not deleted, wherever other data depends on them: an order keeps
its amount, status and dates (revenue, forecasts and refunds still add up) and loses
its buyer; a contact becomes a tombstone (``[erased]``, the pseudonym as its address,
opted out) so deals, sends and activities keep their foreign keys and counts. Free text
written by or about the person (support bodies, drafts, activity notes, refund
reasons) is replaced with ``[erased]``. Every other mention anywhere in the tenant's
tables is replaced by the text sweep: the address by the pseudonym ``erased:<hmac>``,
names and phone numbers by ``[erased]``; in the audit log every identifier becomes the
pseudonym, so the trail of events stays readable and linkable but anonymous. Their
event attendance as a research signal is deleted. The address's keyed hash goes on
the suppression list and a receipt records what was done, when and by whom.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, or_, select, update

from domain.base import Base, utcnow
from domain.errors import DomainError
from domain.models import (
    Activity,
    Approval,
    Attendee,
    AuditEvent,
    Contact,
    Deliverable,
    ErasureReceipt,
    ExternalEventAttendance,
    FollowUp,
    Order,
    OutboxMessage,
    OutreachDraft,
    Refund,
    RunRecord,
    SupportCase,
    ThreadRecord,
    Vendor,
)
from domain.privacy.locate import primary_key, sweep, text_columns
from domain.privacy.pseudonym import ERASED_TEXT, pseudonym
from domain.privacy.subject import DataSubject
from domain.privacy.suppression import suppress
from domain.privacy.text_match import Matcher
from domain.scope import Scope

ERASED_THREAD_STATUS = "erased"


class ErasureIncompleteError(DomainError):
    """The sweep still finds the person after erasing: nothing is committed."""


def erase_subject(
    scope: Scope, subject: DataSubject, *, erased_threads: Sequence[str] = ()
) -> ErasureReceipt:
    """Erase the person from the tenant's business tables; the receipt (no personal data).

    ``erased_threads`` are the threads whose checkpoints the caller deleted because
    they mention the person: their records are marked erased, their runs' inputs and
    outputs dropped and their pending approvals closed (nothing can resume them).

    Raises:
        ErasureIncompleteError: a mention survived (a bug; the transaction must roll back).
    """
    alias = pseudonym(scope.privacy_key, scope.tenant_id, subject.primary_email)
    counts: Counter[str] = Counter()
    _erase_people(scope, subject, alias, counts)
    _erase_threads(scope, erased_threads, counts)
    _sweep(scope, subject, alias, counts)
    scope.session.expire_all()
    left = sweep(scope, subject)
    if left:
        where = ", ".join(f"{t} ({len(r)})" for t, r in sorted(left.items()))
        raise ErasureIncompleteError(f"the person is still mentioned in {where}")
    for email in subject.emails:
        suppress(scope, email)
    receipt = ErasureReceipt(
        tenant_id=scope.tenant_id,
        subject=alias,
        requested_by=scope.actor[:100],
        erased_at=utcnow(),  # the real moment, not a demo tenant's pinned business day
        rows={
            **{k: v for k, v in sorted(counts.items()) if v},
            "checkpoint_threads": len(erased_threads),
        },
        threads=list(erased_threads),
    )
    scope.session.add(receipt)
    scope.session.flush()
    scope.session.add(
        AuditEvent(
            tenant_id=scope.tenant_id,
            actor=scope.actor[:100],
            event="erased",
            detail={"subject": alias, "receipt_id": receipt.id, "rows": receipt.rows},
        )
    )
    scope.session.flush()
    return receipt


def _erase_people(scope: Scope, s: DataSubject, alias: str, counts: Counter[str]) -> None:
    session, tenant = scope.session, scope.tenant_id

    def emails(column: Any) -> Any:
        return or_(*(func.lower(column) == e for e in s.emails))

    contacts = session.scalars(select(Contact).where(Contact.id.in_(s.contact_ids)))
    for n, contact in enumerate(contacts):
        # (tenant, email) is unique: a second contact of the same person gets a suffix.
        contact.first_name, contact.last_name = ERASED_TEXT, ""
        contact.email = alias if n == 0 else f"{alias}.{n}"
        contact.title, contact.bio, contact.linkedin_url = "", "", None
        contact.speaker_topics, contact.is_speaker, contact.timezone = [], False, "UTC"
        contact.opted_out, contact.opted_out_at = True, scope.now
        counts["contacts"] += 1
    for order in session.scalars(select(Order).where(Order.id.in_(s.order_ids))):
        order.buyer_name, order.buyer_email = ERASED_TEXT, alias
        counts["orders"] += 1
    mine = (Attendee.tenant_id == tenant, emails(Attendee.email))
    for attendee in session.scalars(select(Attendee).where(*mine)):
        attendee.name, attendee.email = ERASED_TEXT, alias
        attendee.company, attendee.job_title, attendee.industry = None, None, None
        counts["attendees"] += 1
    cases = (SupportCase.tenant_id == tenant, emails(SupportCase.requester_email))
    for case in session.scalars(select(SupportCase).where(*cases)):
        case.requester_name, case.requester_email = ERASED_TEXT, alias
        case.subject, case.body = ERASED_TEXT, ERASED_TEXT
        case.resolution = ERASED_TEXT if case.resolution else case.resolution
        counts["support_cases"] += 1
    counts["refunds"] += _update(
        scope, Refund, Refund.order_id.in_(s.order_ids), reason=ERASED_TEXT
    )
    counts["activities"] += _update(
        scope,
        Activity,
        Activity.contact_id.in_(s.contact_ids),
        subject=ERASED_TEXT,
        body=ERASED_TEXT,
    )
    counts["outreach_drafts"] += _update(
        scope,
        OutreachDraft,
        OutreachDraft.contact_id.in_(s.contact_ids),
        subject=ERASED_TEXT,
        body=ERASED_TEXT,
        personalization={},
        rejection_reason=None,
    )
    counts["followups"] += _update(
        scope, FollowUp, FollowUp.contact_id.in_(s.contact_ids), message_draft=None
    )
    _update(
        scope,
        FollowUp,
        FollowUp.contact_id.in_(s.contact_ids),
        FollowUp.status == "scheduled",
        status="cancelled",
    )
    gone = session.execute(
        delete(ExternalEventAttendance).where(
            ExternalEventAttendance.tenant_id == tenant,
            ExternalEventAttendance.contact_id.in_(s.contact_ids),
        )
    )
    counts["external_event_attendance"] += int(gone.rowcount or 0)  # type: ignore[attr-defined]
    counts["outbox"] += _update(
        scope,
        OutboxMessage,
        emails(OutboxMessage.recipient),
        recipient=alias,
        subject=ERASED_TEXT,
        body=ERASED_TEXT,
    )
    counts["vendors"] += _update(
        scope, Vendor, emails(Vendor.contact_email), contact_name=ERASED_TEXT, contact_email=alias
    )
    counts["deliverables"] += _update(
        scope,
        Deliverable,
        emails(Deliverable.owner_email),
        owner_name=ERASED_TEXT,
        owner_email=alias,
    )


def _erase_threads(scope: Scope, thread_ids: Sequence[str], counts: Counter[str]) -> None:
    if not thread_ids:
        return
    owned = (ThreadRecord.tenant_id == scope.tenant_id, ThreadRecord.id.in_(thread_ids))
    counts["threads"] += _update(
        scope, ThreadRecord, *owned, status=ERASED_THREAD_STATUS, title=ERASED_TEXT
    )
    runs = (RunRecord.tenant_id == scope.tenant_id, RunRecord.thread_id.in_(thread_ids))
    counts["runs"] += _update(
        scope, RunRecord, *runs, input={"erased": True}, output=None, error=None
    )
    pending = scope.session.scalars(
        select(Approval).where(
            Approval.tenant_id == scope.tenant_id,
            Approval.thread_id.in_(thread_ids),
            Approval.status == "pending",
        )
    )
    for approval in pending:
        approval.status, approval.decided_by, approval.decided_at = (
            "rejected",
            scope.actor,
            scope.now,
        )
        approval.decision = {"type": "reject", "message": "thread erased on a data-subject request"}
        counts["approvals_closed"] += 1
    scope.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.tenant_id == scope.tenant_id,
            OutboxMessage.status == "pending_approval",
            or_(*(OutboxMessage.idempotency_key.startswith(f"{t}:") for t in thread_ids)),
        )
        .values(status="rejected")
    )


def _sweep(scope: Scope, s: DataSubject, alias: str, counts: Counter[str]) -> None:
    """Replace every remaining mention, in every string and JSON column of every table."""
    replacements = {n: (alias if n in s.emails else ERASED_TEXT) for n in s.needles}
    everywhere = Matcher(replacements)
    audit = Matcher(dict.fromkeys(s.needles, alias))
    scope.session.flush()
    for name, rows in sweep(scope, s).items():
        table = Base.metadata.tables[name]
        matcher = audit if name == AuditEvent.__tablename__ else everywhere
        key = primary_key(table)
        for pk, row in rows.items():
            values = {c.name: matcher.scrub(row[c.name]) for c in text_columns(table)}
            changed = {k: v for k, v in values.items() if v != row[k]}
            scope.session.execute(update(table).where(key == pk).values(**changed))
            counts[name] += 1


def _update(scope: Scope, model: Any, *where: Any, **values: Any) -> int:
    result = scope.session.execute(
        update(model)
        .where(model.tenant_id == scope.tenant_id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
