"""The sponsor outreach campaign's decisions, computed from the sales tools' results.

Seed 000 ``run_outreach_campaign``: search 20 prospects, qualify each, keep the top 10
(target score 80+), propose, email, follow up, update the CRM. Ranking, the top N, who
to write to, the daily cap and which deals need a human are all decided here; the model
only writes the emails and the summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from domain.analytics.ops_rules import DEAL_APPROVAL_THRESHOLD
from graphs.state import PendingAction
from nodes.actions import pending_action
from tools.results.sales import CompanyContact, LeadScore, SponsorProspect

SEARCH_LIMIT = 20
DEFAULT_TOP_N = 10
MAX_TOP_N = SEARCH_LIMIT
TARGET_SCORE = 80.0
"""Seed 000: 'prioritize top 10 (score 80+)'."""

_NUMBER_WORDS = {
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}
_TOP_N = re.compile(r"\btop[\s-]+(\d{1,2}|" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_SUBJECT = re.compile(r"^\s*subject\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_BREVITY = re.compile(r"\b(short|shorter|shorten|brief|concise|too long|wordy)\b", re.IGNORECASE)


def requested_top_n(*texts: str) -> int:
    """N from 'top 5' / 'top five' in the first text that says it, else 10 (1 to 20)."""
    for text in texts:
        match = _TOP_N.search(text or "")
        if match:
            raw = match.group(1).lower()
            n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
            return max(1, min(n, MAX_TOP_N))
    return DEFAULT_TOP_N


def rank_prospects(
    prospects: list[SponsorProspect], qualified: dict[int, LeadScore]
) -> list[dict[str, Any]]:
    """Qualified prospects by lead score, best first; ties keep the search order.

    Args:
        prospects: ``search_sponsors`` prospects (search order).
        qualified: ``qualify_lead`` results by company id; prospects missing here
            (qualification failed) are left out.
    """
    ranked: list[dict[str, Any]] = []
    for prospect in prospects:
        lead = qualified.get(prospect["company_id"])
        if lead is None:
            continue
        deal = prospect["open_opportunity"]
        ranked.append(
            {
                "company_id": prospect["company_id"],
                "company": prospect["name"],
                "score": lead["score"],
                "grade": lead["grade"],
                "fit_score": prospect["score"],
                "search_rank": prospect["rank"],
                "opportunity_id": deal["opportunity_id"] if deal else None,
                "deal_value": deal["value"] if deal else None,
                "stage": deal["stage"] if deal else None,
                "reasons": prospect["reasons"],
            }
        )
    ranked.sort(key=lambda p: (-p["score"], p["search_rank"]))
    return ranked


def pick_contact(
    contacts: list[CompanyContact],
) -> tuple[CompanyContact | None, list[dict[str, Any]]]:
    """The best-ranked contact we may email, and those skipped before reaching it.

    ``contacts`` come from ``find_contacts`` (best first, opted-out ones included).
    """
    skipped: list[dict[str, Any]] = []
    for contact in contacts:
        reason = (
            "opted out"
            if contact["opted_out"]
            else "email bounced"
            if contact["email_status"] == "bounced"
            else None
        )
        if reason is None:
            return contact, skipped
        skipped.append(
            {"contact_id": contact["contact_id"], "name": contact["name"], "reason": reason}
        )
    return None, skipped


def money(amount: float | Decimal | None) -> str:
    """'$75,000'; an empty string for no amount."""
    return "" if amount is None else f"${Decimal(str(amount)):,.0f}"


def email_facts(
    prospect: dict[str, Any],
    contact: CompanyContact,
    proposal: dict[str, Any] | None,
    event: dict[str, Any],
    hook: dict[str, str],
    tone: str,
    feedback: Sequence[str] = (),
) -> dict[str, Any]:
    """What the outreach email may say, all from the database (the writer adds nothing).

    ``feedback`` is the organiser's recent feedback on rejected or edited drafts; the
    writer is told to apply it, and a request for shorter emails drops the opening hook.
    """
    first_name = contact["name"].split(" ")[0]
    facts: dict[str, Any] = {
        "first_name": first_name,
        "contact_name": contact["name"],
        "contact_title": contact.get("title", ""),
        "company": prospect["company"],
        **{k: v for k, v in event.items() if k != "event_id"},
        **hook,
        "tone": tone,
        "package": "",
        "amount": "",
    }
    if proposal is not None:
        facts["package"] = proposal["package"]
        facts["amount"] = money(proposal["amount"])
        facts["offer_line"] = (
            f"I have put together a {proposal['package']} sponsorship proposal for "
            f"{prospect['company']} at {facts['amount']}, with the details attached."
        )
        facts["subject_focus"] = f"{proposal['package']} sponsorship"
    else:
        facts["offer_line"] = (
            "I would love to walk you through our sponsorship packages and what "
            f"{prospect['company']} could get out of them."
        )
        facts["subject_focus"] = "sponsorship"
    if feedback:
        facts["feedback"] = list(feedback)
        if any(_BREVITY.search(note) for note in feedback):
            facts["hook"] = ""
    return facts


def parse_email(text: str, fallback_subject: str) -> tuple[str, str]:
    """Split the writer's text into subject and body ('Subject: ...' line if present)."""
    match = _SUBJECT.search(text)
    if match and not text[: match.start()].strip():
        return match.group(1)[:300], text[match.end() :].strip() or text.strip()
    return fallback_subject[:300], text.strip()


def send_action(step_id: str, draft: dict[str, Any]) -> PendingAction:
    """The pending ``send_email`` for a draft; big deals carry ``deal_value`` in facts."""
    args: dict[str, Any] = {
        "to": draft["email"],
        "subject": draft["subject"],
        "body": draft["body"],
        "contact_id": draft["contact_id"],
    }
    for key in ("opportunity_id", "proposal_id"):
        if draft.get(key) is not None:
            args[key] = draft[key]
    facts: dict[str, Any] = {
        "draft_id": draft["id"],
        "company": draft["company"],
        "lead_score": draft["score"],
    }
    value = draft.get("deal_value")
    if value is not None and Decimal(str(value)) > DEAL_APPROVAL_THRESHOLD:
        facts["deal_value"] = value
        facts["flag"] = f"deal value above {money(DEAL_APPROVAL_THRESHOLD)}"
    return pending_action(
        step_id=step_id,
        department="sales",
        tool="send_email",
        args=args,
        summary=f"Email {draft['contact']} ({draft['company']}): {draft['subject']}",
        facts=facts,
    )


def crm_note(draft: dict[str, Any], today: str) -> str:
    """The note appended to an opportunity once its outreach is drafted."""
    proposal = (
        f" with proposal #{draft['proposal_id']} ({draft['package']}, {money(draft['amount'])})"
        if draft.get("proposal_id")
        else ""
    )
    return (
        f"{today}: outreach email to {draft['contact']}{proposal} drafted "
        f"(draft #{draft['id']}), waiting for approval to send."
    )
