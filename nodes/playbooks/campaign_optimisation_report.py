"""The campaign optimisation's records, summary facts and bounded result."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphs.state import DepartmentResult
from nodes.playbooks.campaign_optimisation_steps import pct
from nodes.playbooks.playbook_kit import department_result
from nodes.playbooks.sponsor_outreach_steps import money
from tools.results.marketing import AbTestDesign, GeneratedContent


def _taken(campaign: Mapping[str, Any], decision: Mapping[str, Any], tool: str) -> dict[str, Any]:
    return {
        "campaign_id": campaign["id"],
        "campaign": campaign["name"],
        "action": decision["action"],
        "reason": decision["reason"],
        "tool": tool,
    }


def ab_test_taken(
    campaign: Mapping[str, Any], decision: Mapping[str, Any], design: AbTestDesign
) -> dict[str, Any]:
    """What a drafted A/B test is: its content ids, sample size and feasibility."""
    return {
        **_taken(campaign, decision, "ab_test"),
        "content_ids": [v["id"] for v in design["variants"]],
        "sample_size_per_arm": design["sample_size_per_arm"],
        "feasible": design["feasible"],
        "mailable_contacts": design["mailable_contacts"],
    }


def content_taken(
    campaign: Mapping[str, Any], decision: Mapping[str, Any], tool: str, content: GeneratedContent
) -> dict[str, Any]:
    """What a content tool drafted: the content ids."""
    return {
        **_taken(campaign, decision, tool),
        "content_ids": [i["id"] for i in content["items"]],
    }


def _flag_line(campaigns: list[dict[str, Any]]) -> str:
    flagged = [
        f"{c['name']} ({'; '.join(d['reason'] for d in c['decisions'])})"
        for c in campaigns
        if c["decisions"]
    ]
    return "; ".join(flagged) or "none"


def _actions_line(taken: list[dict[str, Any]]) -> str:
    by_campaign: dict[str, list[str]] = {}
    for t in taken:
        if t["tool"] == "ab_test":
            size = f"{t['sample_size_per_arm']:,} sends per arm"
            if not t["feasible"]:
                size += f", more than the {t['mailable_contacts']:,} mailable contacts"
            text = f"a {len(t['content_ids'])}-way subject-line A/B test ({size})"
        else:
            text = f"{len(t['content_ids'])} new calls to action"
        by_campaign.setdefault(t["campaign"], []).append(text)
    parts = [f"for {name}, drafted {' and '.join(texts)}" for name, texts in by_campaign.items()]
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "." if parts else "No drafts were needed."


def _recommendation_line(recommendations: list[dict[str, Any]]) -> str:
    parts = [
        f"scale {r['campaign']}'s budget from {money(r['current_budget'])} to "
        f"{money(r['proposed_budget'])} ({r['reason']})"
        for r in recommendations
    ]
    return "Recommended, for your approval: " + "; ".join(parts) + "." if parts else ""


def _timing_line(timing: Mapping[str, Any], posts: int) -> str:
    email = timing.get("email") or {}
    parts = []
    if email.get("hour_utc") is not None:
        day = f"{email['weekday']} " if email.get("weekday") else ""
        parts.append(f"the best email slot is {day}{email['hour_utc']:02d}:00 UTC")
    if posts:
        parts.append(f"{posts} social post(s) at the best slot wait for approval")
    return (parts[0][0].upper() + "; ".join(parts)[1:] + ".") if parts else ""


def summary_facts(state: Mapping[str, Any]) -> dict[str, Any]:
    """The facts the model may use, pre-formatted for the offline template."""
    campaigns = state.get("campaigns", [])
    healthy = [c["name"] for c in campaigns if not c["decisions"]]
    actions = _actions_line(state.get("actions_taken", []))
    recommendation = _recommendation_line(state.get("recommendations", []))
    timing = _timing_line(state.get("timing", {}), len(state.get("actions", [])))
    return {
        "event_name": (state.get("event") or {}).get("name", "the upcoming event"),
        "campaign_count": len(campaigns),
        "rates_line": "; ".join(
            f"{c['name']}: open {pct(c['rates_7d']['open_rate'])}, click "
            f"{pct(c['rates_7d']['click_rate'])}, conversion "
            f"{pct(c['rates_7d']['conversion_rate'])}"
            for c in campaigns
        ),
        "flagged_line": _flag_line(campaigns),
        "actions_line": actions,
        "recommendation_line": recommendation,
        "timing_line": timing,
        "next_steps": " ".join(part for part in (actions, recommendation, timing) if part),
        "healthy_line": ", ".join(healthy) or "none",
        "errors": [e["error"] for e in state.get("errors", [])],
    }


def result(state: Mapping[str, Any], playbook: str, summary: str) -> DepartmentResult:
    """Per-campaign rates, the drafts made, recommendations and the timing found."""
    timing = state.get("timing", {})
    data = {
        "event": state.get("event", {}),
        "campaigns": [
            {
                "id": c["id"],
                "name": c["name"],
                "channel": c["channel"],
                "rates_7d": c["rates_7d"],
                "rates_overall": c.get("rates_overall"),
                "flags": [d["action"] for d in c["decisions"]],
            }
            for c in state.get("campaigns", [])
        ],
        "actions_taken": state.get("actions_taken", []),
        "recommendations": state.get("recommendations", []),
        "timing": {
            "email_best": timing.get("email"),
            "social": timing.get("social", []),
        },
        "errors": state.get("errors", []),
    }
    return department_result(
        state["step"],
        department="marketing",
        playbook=playbook,
        summary=summary,
        data=data,
        tools_used=list(dict.fromkeys(state.get("tools_used", []))),
        pending_actions=list(state.get("actions", [])),
    )
