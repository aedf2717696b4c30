"""The due follow-ups playbook's decisions: what each email may say, and the summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OPENINGS = {
    "reminder": "I wanted to bring my earlier note back to the top of your inbox, in case it "
    "got buried.",
    "value_add": "One more reason to talk, since I last wrote:",
    "check_in": "I have written a couple of times and do not want to crowd your inbox.",
}
CLOSINGS = {
    "reminder": "Would a short call next week work for you?",
    "value_add": "Happy to share the details on a 20-minute call if that is useful.",
    "check_in": "Is sponsorship on your radar this year? If not, just say so and I will stop "
    "writing.",
}


def subject_for(item: Mapping[str, Any], event: Mapping[str, Any]) -> str:
    """``Re: <earlier subject>``, or the event's name when there was none."""
    last = str(item.get("last_subject") or "")
    if last:
        return last if last.lower().startswith("re:") else f"Re: {last}"
    return f"{event.get('event_name', 'Our event')}: following up"


def email_facts(item: Mapping[str, Any], event: Mapping[str, Any], tone: str) -> dict[str, Any]:
    """What one follow-up email may say, all from the database."""
    kind = str(item["followup_type"])
    value_line = ""
    if kind == "value_add":
        value_line = (
            f"{event.get('event_name', 'The event')} ({event.get('event_dates', '')}, "
            f"{event.get('event_city', '')}) will put {item['company']} in front of people who "
            f"come for {event.get('event_topics', 'the programme')}."
        )
    return {
        "attempt": item["attempt"],
        "followup_type": kind,
        "first_name": item["first_name"],
        "company": item["company"],
        "last_subject": item.get("last_subject", ""),
        "subject": subject_for(item, event),
        "tone": tone,
        "opening": OPENINGS.get(kind, OPENINGS["reminder"]),
        "value_line": value_line,
        "closing": CLOSINGS.get(kind, CLOSINGS["reminder"]),
        **{k: v for k, v in event.items() if k != "event_id"},
    }


def summary_facts(state: Mapping[str, Any]) -> dict[str, Any]:
    """The facts of the summary, with the offline template's one line already written."""
    drafts = state.get("drafts", [])
    stopped = state.get("stopped", [])
    scheduled = [s for s in state.get("next_scheduled", []) if "scheduled_for" in s]
    if state.get("paused"):
        line = "Automation is paused for this workspace: no follow-up was drafted or stopped."
    elif not drafts and not stopped:
        line = "No follow-ups were due."
    else:
        reasons = sorted({s["reason"].removeprefix("stopped: ") for s in stopped})
        line = (
            f"{len(drafts) + len(stopped)} follow-up(s) were due: drafted {len(drafts)} "
            "email(s), which wait for the approval policy before anything is sent"
        )
        if stopped:
            line += f"; stopped {len(stopped)} ({'; '.join(reasons)})"
        if scheduled:
            line += (
                f"; next follow-ups on {', '.join(sorted({s['scheduled_for'] for s in scheduled}))}"
            )
        line += "."
    return {
        "paused": bool(state.get("paused")),
        "drafted": len(drafts),
        "stopped": [{"contact_id": s["contact_id"], "reason": s["reason"]} for s in stopped],
        "next_dates": sorted({s["scheduled_for"] for s in scheduled}),
        "summary_line": line,
    }
