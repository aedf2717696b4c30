"""Writing the outreach emails: one per top prospect, to its best contactable person.

Each email is written by the model from database facts and the organiser's recent
feedback on rejected or edited drafts, stored as an ``OutreachDraft`` and, while the
daily cap allows, queued (``pending_approval``) for a ``send_email``; past the cap it
stays a plain draft. A prospect whose contact already has an email awaiting approval, or
was emailed in the last two weeks (``already_contacted``), gets no second first email:
running the campaign twice does not queue the same people twice.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models import BaseChatModel

from domain.agent_config import agent_settings
from domain.approvals import recent_feedback
from domain.sales.outreach_context import company_hook
from domain.sales.outreach_drafts import (
    already_contacted,
    emails_recorded_today,
    emails_sent_today,
    save_outreach_draft,
)
from domain.scope import Scope
from nodes.playbooks import sponsor_outreach_steps as steps
from nodes.playbooks.playbook_kit import run_tool
from nodes.writing import write
from tools.results.sales import FIND_CONTACTS, CompanyContact


@dataclass
class Drafting:
    """The drafts written, contacts skipped, the cap applied and tool errors."""

    drafts: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    cap: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Planned:
    prospect: dict[str, Any]
    contact: CompanyContact
    proposal: dict[str, Any] | None
    facts: dict[str, Any]


def write_drafts(
    open_scope: Callable[[], AbstractContextManager[Scope]],
    model: BaseChatModel,
    top: list[dict[str, Any]],
    proposals: list[dict[str, Any]],
    event: dict[str, Any],
) -> Drafting:
    """Draft an email for each prospect in ``top`` (best first) within the daily cap.

    The facts are read in one transaction and the drafts saved in another; the model
    writes in between, never inside a transaction (on SQLite an open transaction holds
    the write lock, which the budget ledger needs for the call's usage).
    """
    out = Drafting()
    with open_scope() as scope:
        settings = agent_settings(scope, "sales")
        planned = _plan(scope, top, proposals, event, settings.tone, out)
    written = [
        steps.parse_email(
            write(model, "outreach_email", plan.facts),
            f"{event['event_name']}: {plan.facts['subject_focus']} for {plan.prospect['company']}",
        )
        for plan in planned
    ]
    with open_scope() as scope:
        # The cap counts sent and proposed emails; "sent" in the answer means sent.
        reserved = emails_recorded_today(scope, "sales")
        sent_today = emails_sent_today(scope, "sales")
        remaining = max(settings.max_daily_outreach - reserved, 0)
        for plan, (subject, body) in zip(planned, written, strict=True):
            _save(scope, plan, subject, body, remaining, out)
    queued_count = sum(1 for d in out.drafts if d["queued"])
    out.cap = {
        "max_daily_outreach": settings.max_daily_outreach,
        "sent_today": sent_today,
        "awaiting_approval_today": reserved - sent_today,
        "proposed_sends": queued_count,
        "deferred": len(out.drafts) - queued_count,
    }
    return out


def _plan(
    scope: Scope,
    top: list[dict[str, Any]],
    proposals: list[dict[str, Any]],
    event: dict[str, Any],
    tone: str,
    out: Drafting,
) -> list[_Planned]:
    by_company = {p["company_id"]: p for p in proposals}
    feedback = list(
        dict.fromkeys(recent_feedback(scope, "sales", tool="send_email"))
    )  # one decision, many rows
    planned = []
    for prospect in top:
        args = {"company_id": prospect["company_id"], "include_opted_out": True}
        found = run_tool(scope, FIND_CONTACTS, args, out.errors)
        contact, passed = steps.pick_contact(found["contacts"] if found else [])
        out.skipped += [{**s, "company": prospect["company"]} for s in passed]
        if contact is None:
            out.skipped.append({"company": prospect["company"], "reason": "no contact"})
            continue
        earlier = already_contacted(scope, "sales", [contact["email"]])
        if earlier:  # an earlier run's email is waiting or recent: not a second first email
            reason = next(iter(earlier.values()))
            out.skipped.append(
                {
                    "contact_id": contact["contact_id"],
                    "name": contact["name"],
                    "company": prospect["company"],
                    "reason": reason,
                    "already_contacted": True,
                }
            )
            continue
        proposal = by_company.get(prospect["company_id"])
        hook = company_hook(scope, prospect["company_id"], prospect["reasons"])
        facts = steps.email_facts(prospect, contact, proposal, event, hook, tone, feedback)
        planned.append(_Planned(prospect, contact, proposal, facts))
    return planned


def _save(
    scope: Scope, plan: _Planned, subject: str, body: str, remaining: int, out: Drafting
) -> None:
    prospect, contact, proposal, facts = plan.prospect, plan.contact, plan.proposal, plan.facts
    queued = sum(1 for d in out.drafts if d["queued"]) < remaining
    row = save_outreach_draft(
        scope,
        contact_id=contact["contact_id"],
        opportunity_id=prospect["opportunity_id"],
        subject=subject,
        body=body,
        personalization=facts,
        status="pending_approval" if queued else "draft",
    )
    out.drafts.append(
        {
            "id": row.id,
            "queued": queued,
            "company_id": prospect["company_id"],
            "company": prospect["company"],
            "score": prospect["score"],
            "contact_id": contact["contact_id"],
            "contact": contact["name"],
            "email": contact["email"],
            "subject": subject,
            "body": body,
            "opportunity_id": prospect["opportunity_id"],
            "deal_value": prospect["deal_value"],
            "proposal_id": proposal["id"] if proposal else None,
            "package": proposal["package"] if proposal else None,
            "amount": proposal["amount"] if proposal else None,
        }
    )
