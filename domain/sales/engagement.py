"""analyze_engagement: opens, clicks, replies, meetings and visits over a window."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import or_, select

from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import Activity, Company, Contact
from domain.research.dates import as_utc, days_ago
from domain.sales.engagement_math import (
    Touch,
    decayed_points,
    engagement_score,
    touch_points,
    trend,
)
from domain.scope import Scope

TREND_WINDOW_DAYS = 30


def load_activities(
    scope: Scope,
    *,
    contact_id: int | None = None,
    company_id: int | None = None,
    days: int = 90,
    include_future: bool = False,
) -> list[Activity]:
    """A contact's or company's activities from ``days`` ago up to now (or beyond)."""
    query = select(Activity).where(
        Activity.tenant_id == scope.tenant_id,
        Activity.occurred_at >= scope.now - timedelta(days=days),
    )
    if not include_future:
        query = query.where(Activity.occurred_at <= scope.now)
    if contact_id is not None:
        query = query.where(Activity.contact_id == contact_id)
    else:
        staff = select(Contact.id).where(
            Contact.tenant_id == scope.tenant_id, Contact.company_id == company_id
        )
        query = query.where(or_(Activity.company_id == company_id, Activity.contact_id.in_(staff)))
    return list(scope.session.scalars(query.order_by(Activity.occurred_at, Activity.id)).all())


def as_touch(activity: Activity, scope: Scope) -> Touch:
    """An activity reduced to what the engagement math reads."""
    return Touch(
        kind=activity.kind,
        age_days=days_ago(activity.occurred_at, scope.now),
        opens=activity.opens,
        clicks=activity.clicks,
        replied=activity.replied,
        direction=activity.direction,
    )


def analyze_engagement(
    scope: Scope, contact_id: int | None = None, company_id: int | None = None, days: int = 90
) -> dict[str, Any]:
    """Engagement counts, a 0–100 score, the 30-day trend and the next best action."""
    if (contact_id is None) == (company_id is None):
        raise InvalidArgumentError("contact_id", "give exactly one of contact_id or company_id")
    opted_out = False
    if contact_id is not None:
        contact = get_owned(scope, Contact, contact_id, argument="contact_id")
        subject = {"contact_id": contact.id, "name": contact.full_name}
        opted_out = contact.opted_out
    else:
        company = get_owned(scope, Company, company_id or 0, argument="company_id")
        subject = {"company_id": company.id, "name": company.name}
    window = max(days, 2 * TREND_WINDOW_DAYS)
    everything = load_activities(
        scope, contact_id=contact_id, company_id=company_id, days=window, include_future=True
    )
    past = [a for a in everything if days_ago(a.occurred_at, scope.now) >= 0]
    upcoming = [
        a for a in everything if a.kind == "meeting" and days_ago(a.occurred_at, scope.now) < 0
    ]
    in_window = [a for a in past if days_ago(a.occurred_at, scope.now) <= days]
    touches = [as_touch(a, scope) for a in in_window]
    counts = _counts(in_window)
    recent = sum(
        touch_points(as_touch(a, scope))
        for a in past
        if days_ago(a.occurred_at, scope.now) <= TREND_WINDOW_DAYS
    )
    prior = sum(
        touch_points(as_touch(a, scope))
        for a in past
        if TREND_WINDOW_DAYS < days_ago(a.occurred_at, scope.now) <= 2 * TREND_WINDOW_DAYS
    )
    touched = [a for a in in_window if a.kind != "note"]
    last = touched[-1] if touched else None
    direction = trend(recent, prior)
    step = next_action_code(counts, direction, bool(upcoming), opted_out)
    return {
        **subject,
        "window_days": days,
        **counts,
        "engagement_points": round(decayed_points(touches), 2),
        "engagement_score": engagement_score(touches),
        "trend": direction,
        "points_last_30d": recent,
        "points_prior_30d": prior,
        "last_touch": None
        if last is None
        else {
            "kind": last.kind,
            "direction": last.direction,
            "subject": last.subject,
            "occurred_at": as_utc(last.occurred_at),
        },
        "upcoming_meetings": [
            {"subject": a.subject, "starts_at": as_utc(a.occurred_at)} for a in upcoming
        ],
        "recommended_next_action": NEXT_ACTIONS[step],
        "next_action_code": step,
    }


def _counts(activities: list[Activity]) -> dict[str, int]:
    return {
        "emails_sent": sum(a.kind == "email" and a.direction == "outbound" for a in activities),
        "opens": sum(a.opens for a in activities),
        "clicks": sum(a.clicks for a in activities),
        "replies": sum(
            bool(a.replied) or (a.kind == "email" and a.direction == "inbound") for a in activities
        ),
        "meetings": sum(a.kind == "meeting" for a in activities),
        "calls": sum(a.kind == "call" for a in activities),
        "web_visits": sum(a.kind == "web_visit" for a in activities),
        "downloads": sum(a.kind == "download" for a in activities),
    }


NEXT_ACTIONS = {
    "do_not_contact": "Do not contact: this person opted out of outreach.",
    "prepare_meeting": (
        "Prepare for the scheduled meeting: agenda, proposal and their recent activity."
    ),
    "propose_meeting": "They replied: propose a meeting to discuss sponsorship packages.",
    "send_proposal": "Met already: send or revise the proposal and agree a decision date.",
    "follow_up_clicks": (
        "Interested but silent: follow up on the content they clicked with a clear ask."
    ),
    "value_add_follow_up": "Reading but not clicking: send a value-add follow-up with a new angle.",
    "change_channel": "No response yet: try a different contact or channel with a short note.",
    "introduce": "No engagement on record: open with a personalised introduction.",
    "re_engage": "Engagement is dropping: re-engage with fresh news about the event.",
}
"""Each next step by its code; the result carries both, so an answer in another language
words the step from the code (the English sentence is for English answers and logs)."""


def next_action(counts: dict[str, int], direction: str, has_upcoming: bool, opted_out: bool) -> str:
    """The next best step, from the strongest engagement seen so far."""
    return NEXT_ACTIONS[next_action_code(counts, direction, has_upcoming, opted_out)]


def next_action_code(
    counts: dict[str, int], direction: str, has_upcoming: bool, opted_out: bool
) -> str:
    """The code (a key of ``NEXT_ACTIONS``) of the next best step."""
    if opted_out:
        return "do_not_contact"
    if has_upcoming:
        return "prepare_meeting"
    if counts["replies"] and not counts["meetings"]:
        return "propose_meeting"
    if counts["meetings"]:
        return "send_proposal"
    if counts["clicks"] or counts["downloads"]:
        return "follow_up_clicks"
    if counts["opens"] or counts["web_visits"]:
        return "value_add_follow_up"
    if counts["emails_sent"]:
        return "change_channel"
    if direction == "none":
        return "introduce"
    return "re_engage"
