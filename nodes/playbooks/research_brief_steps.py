"""The research brief's facts: compact records from the research tools, and brief lines.

Everything here is computed from tool results; the model only turns the lines into a
brief. A target account's key points also go to sales as an agent message (seed 001:
"Research Agent → Outreach Agent: speaker X recently published…, use in outreach").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from nodes.playbooks.sponsor_outreach_steps import money
from tools.results.research import CompanyProfile, ContactProfile, ExternalEvent

VERIFY_TOP_CONTACTS = 3
CONTACTS_LISTED = 5
EVENTS_LISTED = 3


def company_record(profile: CompanyProfile) -> dict[str, Any]:
    """The parts of ``research_company`` a brief uses."""
    return {
        "id": profile["company_id"],
        "name": profile["name"],
        "industry": profile["industry"],
        "size_band": profile["size_band"],
        "employees": profile["employees"],
        "hq": f"{profile['hq_city']}, {profile['country']} ({profile['region']})",
        "funding_stage": profile["funding_stage"],
        "is_target_account": profile["is_target_account"],
        "signals": profile["signals"][:3],
        "sponsorship_history": profile["sponsorship_history"][:3],
        "open_opportunities": profile["open_opportunities"][:3],
        "why_now": profile["why_now"],
    }


def contact_record(profile: ContactProfile) -> dict[str, Any]:
    """The parts of ``research_contact`` a brief uses."""
    return {
        "id": profile["contact_id"],
        "name": profile["name"],
        "title": profile["title"],
        "seniority": profile["seniority"],
        "email": profile["email"],
        "is_speaker": profile["is_speaker"],
        "speaker_topics": profile["speaker_topics"][:3],
        "external_events": profile["external_events"][:EVENTS_LISTED],
        "talking_points": profile["talking_points"][:4],
    }


def people_listed(contacts: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The fields of each contact a brief lists (from ``find_contacts`` or a profile)."""
    return [
        {k: c[k] for k in ("contact_id", "name", "title", "seniority", "email")} for c in contacts
    ]


def attendance_records(
    external: list[ExternalEvent], company_id: int, today: str
) -> list[dict[str, Any]]:
    """Other organisers' events the company attends, sponsors or speaks at.

    Upcoming events first (soonest first), then past ones (latest first); ``today`` is
    the business date in ISO form.
    """
    events: list[dict[str, Any]] = []
    for event in external:
        for account in event["accounts"]:
            if account["company_id"] != company_id:
                continue
            events.append(
                {
                    "event": event["name"],
                    "starts_on": event["starts_on"],
                    "city": event["city"],
                    "roles": account["roles"],
                    "people": [c["name"] for c in account["contacts"]][:3],
                    "upcoming": event["starts_on"] >= today,
                }
            )
    upcoming = sorted((e for e in events if e["upcoming"]), key=lambda e: e["starts_on"])
    past = sorted((e for e in events if not e["upcoming"]), key=lambda e: e["starts_on"])
    return upcoming + past[::-1]


def _overview(company: dict[str, Any]) -> str:
    target = "; a target account" if company["is_target_account"] else ""
    return (
        f"{company['name']}: {company['industry']}, {company['employees']:,} employees "
        f"({company['size_band']}), HQ {company['hq']}, {company['funding_stage']}{target}."
    )


def _history(company: dict[str, Any]) -> str:
    past = [
        f"{h['event']} ({h['package'] or 'custom'}, {money(h['amount'])}"
        + (f", satisfaction {h['satisfaction']}/5)" if h.get("satisfaction") else ")")
        for h in company["sponsorship_history"]
    ]
    return "Sponsored " + "; ".join(past) + "." if past else "No sponsorship with us so far."


def _people(contacts: list[dict[str, Any]]) -> str:
    people = [
        f"{c['name']}, {c['title']}"
        + (f" (email {c['verification']})" if "verification" in c else "")
        for c in contacts
    ]
    return "; ".join(people) + "." if people else "No contacts on record."


def _events(events: list[dict[str, Any]]) -> str:
    listed = [
        f"{e['event']} ({e['city']}, {e['starts_on']}, {'/'.join(e['roles'])}"
        + (")" if e["upcoming"] else ", past)")
        for e in events[:EVENTS_LISTED]
    ]
    return "; ".join(listed) + "." if listed else "No other events on record."


def _deal(company: dict[str, Any], qualification: dict[str, Any] | None) -> str:
    deals = company["open_opportunities"]
    if not deals:
        return "No open deal."
    deal = deals[0]
    line = (
        f"{deal['name']}, {money(deal['value'])}, {deal['stage']} "
        f"({deal['probability']}% probability), next step: {deal['next_step'] or 'none'}"
    )
    if qualification is not None:
        line += f"; lead score {qualification['score']} ({qualification['grade']})"
    return line + "."


def brief_facts(state: dict[str, Any]) -> dict[str, Any]:
    """Lines for each section of the brief (the offline template prints them as is)."""
    company = state["company"]
    contact = state.get("contact")
    subject = (
        f"{contact['name']} ({contact['title']}, {company['name']})" if contact else company["name"]
    )
    talking = (contact or {}).get("talking_points") or []
    return {
        "subject": subject,
        "overview_line": _overview(company),
        "why_now_line": company["why_now"],
        "history_line": _history(company),
        "people_line": _people(state.get("contacts", [])),
        "events_line": _events(state.get("attendance", [])),
        "deal_line": _deal(company, state.get("qualification")),
        "talking_line": " ".join(talking) or "Lead with the event's audience fit.",
        "errors": [e["error"] for e in state.get("errors", [])],
    }


def sales_payload(state: dict[str, Any]) -> dict[str, Any]:
    """The notification to sales about a target account: the brief's key points."""
    facts = brief_facts(state)
    company = state["company"]
    return {
        "summary": f"Research on target account {company['name']}: use in outreach",
        "company_id": company["id"],
        "contact_id": (state.get("contact") or {}).get("id"),
        "opportunity_id": (state.get("qualification") or {}).get("opportunity_id"),
        "key_points": [
            facts["why_now_line"],
            f"Events: {facts['events_line']}",
            f"Deal: {facts['deal_line']}",
            f"Talking points: {facts['talking_line']}",
        ],
    }


def clarify_question(names: list[str]) -> str:
    """What to ask when the request names no single company or contact."""
    if len(names) > 1:
        return f"Which one do you mean: {', '.join(names[:-1])} or {names[-1]}?"
    return (
        "Which company or contact should I research? Nothing in the request matches "
        "a company or contact in the CRM."
    )


def brief_data(state: dict[str, Any]) -> dict[str, Any]:
    """The structured facts behind the brief (bounded lists)."""
    return {
        "resolved": state.get("target"),
        "company": state.get("company"),
        "contact": state.get("contact"),
        "contacts": state.get("contacts", []),
        "attendance": state.get("attendance", [])[: EVENTS_LISTED + 2],
        "qualification": state.get("qualification"),
        "message_ids": state.get("message_ids", []),
        "errors": state.get("errors", []),
    }
