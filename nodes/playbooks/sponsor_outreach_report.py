"""The outreach campaign's summary facts and its bounded result for the supervisor."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.analytics.ops_rules import DEAL_APPROVAL_THRESHOLD
from graphs.state import DepartmentResult
from nodes.playbooks.playbook_kit import department_result
from nodes.playbooks.sponsor_outreach_steps import TARGET_SCORE, money

MAX_SKIPPED_LISTED = 10


def _threshold_note(top: list[dict[str, Any]], top_n: int) -> str:
    qualifying = sum(1 for p in top if p["score"] >= TARGET_SCORE)
    if not top:
        return "No prospect could be qualified."
    if qualifying >= top_n:
        return f"All {top_n} score {TARGET_SCORE:.0f} or more."
    if qualifying == 0:
        return (
            f"None reached the target score of {TARGET_SCORE:.0f}, so these are the "
            f"{len(top)} best by score."
        )
    return (
        f"Only {qualifying} reached the target score of {TARGET_SCORE:.0f}; the rest are "
        "the next best by score."
    )


def _top_line(top: list[dict[str, Any]], shown: int = 3) -> str:
    named = ", ".join(f"{p['company']} {p['score']:.1f} ({p['grade']})" for p in top[:shown])
    more = len(top) - shown
    return f"{named} and {more} more" if more > 0 else named or "none"


def _followup_note(followups: Mapping[str, Any]) -> str:
    scheduled = followups.get("scheduled", [])
    already = sum(1 for s in followups.get("skipped", []) if s["skipped"].startswith("follow-up"))
    parts = []
    if scheduled:
        first = min(s["scheduled_for"] for s in scheduled)
        parts.append(f"follow-ups for {len(scheduled)} contact(s) are scheduled from {first}")
    if already:
        parts.append(f"{already} contact(s) already had a follow-up scheduled")
    return " and ".join(parts) or "no follow-ups were scheduled"


def _skipped_note(skipped: list[dict[str, Any]]) -> str:
    """Contacts not emailed: those an earlier run reached first, then the rest, each named."""
    earlier = [s for s in skipped if s.get("already_contacted")]
    others = [s for s in skipped if not s.get("already_contacted")]
    parts = []
    if earlier:
        parts.append(
            f"Not emailed again ({len(earlier)} contacted by an earlier run): "
            + "; ".join(f"{s['name']}, {s['company']} ({s['reason']})" for s in earlier)
            + "."
        )
    if others:
        parts.append(
            "Skipped: "
            + "; ".join(f"{s.get('name', s['company'])} ({s['reason']})" for s in others)
            + "."
        )
    return " ".join(parts)


def summary_facts(state: Mapping[str, Any]) -> dict[str, Any]:
    """The facts the model may use for the summary, pre-formatted for the offline template."""
    top = state.get("top", [])
    drafts = state.get("drafts", [])
    proposals = state.get("proposals", [])
    new = [p for p in proposals if not p.get("reused")]
    reused = [p for p in proposals if p.get("reused")]
    names = {p["company_id"]: p["company"] for p in top}
    cap = state.get("cap", {})
    followups = state.get("followups", {})
    big = [a for a in state.get("actions", []) if "deal_value" in a["facts"]]
    skipped = state.get("skipped_contacts", [])
    errors = state.get("errors", [])
    return {
        "event_name": (state.get("event") or {}).get("event_name", "the upcoming event"),
        "considered": state.get("considered", 0),
        "top_count": len(top),
        "top_line": _top_line(top),
        "threshold_note": _threshold_note(top, state.get("top_n", len(top))),
        "proposal_count": len(new),
        "proposal_total": money(sum(p["amount"] for p in new)),
        "proposal_reused_note": (
            f" ({len(reused)} drafted by an earlier run kept, not drafted again: "
            + ", ".join(
                f"{names.get(p['company_id'], 'company ' + str(p['company_id']))} "
                f"{p['package']} {money(p['amount'])}"
                for p in reused
            )
            + ")"
            if reused
            else ""
        ),
        "draft_count": len(drafts),
        "send_count": cap.get("proposed_sends", 0),
        "cap_note": (
            f"daily cap {cap.get('max_daily_outreach', 0)}, "
            f"{cap.get('sent_today', 0)} already sent today"
            + (
                f", {cap['awaiting_approval_today']} earlier email(s) awaiting approval"
                if cap.get("awaiting_approval_today")
                else ""
            )
            + (f", {cap['deferred']} draft(s) held back" if cap.get("deferred") else "")
        ),
        "big_deal_note": (
            f"Deals above {money(DEAL_APPROVAL_THRESHOLD)} need a human: "
            + ", ".join(f"{a['facts']['company']} ({money(a['facts']['deal_value'])})" for a in big)
            + ". "
            if big
            else ""
        ),
        "followup_note": _followup_note(followups),
        "skipped_note": _skipped_note(skipped),
        "errors": [e["error"] for e in errors],
    }


def result(state: Mapping[str, Any], playbook: str, summary: str) -> DepartmentResult:
    """The campaign's result: ranked prospects, proposals, drafts, follow-ups, messages."""
    followups = state.get("followups", {})
    data = {
        "event": {
            "id": (state.get("event") or {}).get("event_id"),
            "name": (state.get("event") or {}).get("event_name"),
        },
        "considered": state.get("considered", 0),
        "top_n": state.get("top_n"),
        "target_score": TARGET_SCORE,
        "prospects": [
            {
                "company": p["company"],
                "score": p["score"],
                "grade": p["grade"],
                "opportunity_id": p["opportunity_id"],
            }
            for p in state.get("top", [])
        ],
        "proposals": [
            {
                "id": p["id"],
                "package": p["package"],
                "amount": p["amount"],
                "reused": bool(p.get("reused")),
            }
            for p in state.get("proposals", [])
        ],
        "drafts": [
            {
                "id": d["id"],
                "contact": d["contact"],
                "subject": d["subject"],
                "status": "pending_approval" if d["queued"] else "draft",
            }
            for d in state.get("drafts", [])
        ],
        "skipped_contacts": state.get("skipped_contacts", [])[:MAX_SKIPPED_LISTED],
        "cap": state.get("cap", {}),
        "followups_scheduled": len(followups.get("scheduled", [])),
        "followup_dates": sorted({s["scheduled_for"] for s in followups.get("scheduled", [])}),
        "message_ids": state.get("message_ids", []),
        "crm_updated": state.get("crm_updated", []),
        "errors": state.get("errors", []),
    }
    return department_result(
        state["step"],
        department="sales",
        playbook=playbook,
        summary=summary,
        data=data,
        tools_used=list(dict.fromkeys(state.get("tools_used", []))),
        pending_actions=list(state.get("actions", [])),
    )
