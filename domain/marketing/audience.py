"""Contact profiles for targeting: firmographics, flags and engagement from sends and activities.

Engagement points = opens + 2·clicks + 5·(conversions + replies) + inbound activities
(web visits, downloads, meetings), counting campaign sends and CRM activities alike.
Levels: none (0), low (1–2), medium (3–7), high (8+).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, select

from domain.mailboxes import canonical_mailbox
from domain.models import Activity, Attendee, CampaignSend, Company, Contact, Event, Order
from domain.scope import Scope

LEVELS = (("high", 8), ("medium", 3), ("low", 1), ("none", 0))
DIMENSIONS = ("seniority", "industry", "region", "engagement", "speaker", "past_attendee")


@dataclass
class Profile:
    """What targeting knows about one contact."""

    id: int
    email: str
    seniority: str
    industry: str
    region: str
    timezone: str
    speaker: bool
    opted_out: bool
    bounced: bool
    past_attendee: bool = False
    unsubscribed: bool = False
    sends: int = 0
    opens: int = 0
    clicks: int = 0
    conversions: int = 0
    activities: int = 0
    points: int = 0

    @property
    def engagement(self) -> str:
        """Engagement level from points (see module docstring)."""
        return next(name for name, floor in LEVELS if self.points >= floor)

    @property
    def mailable(self) -> bool:
        """Not opted out, not bounced and never unsubscribed from a campaign."""
        return not (self.opted_out or self.bounced or self.unsubscribed)

    def value(self, dimension: str) -> str:
        """This contact's value on a segmentation dimension, as a segment-name token."""
        if dimension in ("speaker", "past_attendee"):
            return "yes" if getattr(self, dimension) else "no"
        if dimension == "engagement":
            return self.engagement
        return str(getattr(self, dimension))


def load_profiles(scope: Scope) -> list[Profile]:
    """Every contact of the tenant with engagement counters, in id order."""
    rows = scope.session.execute(
        select(Contact, Company.industry, Company.region)
        .join(Company, Company.id == Contact.company_id)
        .where(Contact.tenant_id == scope.tenant_id)
        .order_by(Contact.id)
    ).all()
    profiles = {
        c.id: Profile(
            id=c.id,
            email=c.email.lower(),
            seniority=c.seniority,
            industry=industry,
            region=region,
            timezone=c.timezone,
            speaker=c.is_speaker,
            opted_out=c.opted_out,
            bounced=c.email_status == "bounced",
        )
        for c, industry, region in rows
    }
    _add_sends(scope, profiles)
    _add_activities(scope, profiles)
    _mark_past_attendees(scope, profiles)
    _share_mailbox_blocks(profiles.values())
    return list(profiles.values())


def _share_mailbox_blocks(profiles: Iterable[Profile]) -> None:
    """An opt-out, bounce or unsubscribe of one spelling of a mailbox blocks every spelling.

    Two contact rows for ``jordan@x`` and ``jordan+events@x`` are one inbox
    (``domain.mailboxes``): neither may be mailed once either said no or bounced.
    """
    people = list(profiles)
    blocks: dict[str, set[str]] = {}
    for p in people:
        flags = blocks.setdefault(canonical_mailbox(p.email), set())
        flags.update(f for f in ("opted_out", "bounced", "unsubscribed") if getattr(p, f))
    for p in people:
        for flag in blocks[canonical_mailbox(p.email)]:
            setattr(p, flag, True)


def _count(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _add_sends(scope: Scope, profiles: dict[int, Profile]) -> None:
    rows = scope.session.execute(
        select(
            CampaignSend.contact_id,
            func.count(),
            _count(CampaignSend.opened_at.is_not(None)),
            _count(CampaignSend.clicked_at.is_not(None)),
            _count(CampaignSend.converted.is_(True)),
            _count(CampaignSend.unsubscribed.is_(True)),
        )
        .where(CampaignSend.tenant_id == scope.tenant_id)
        .group_by(CampaignSend.contact_id)
    ).all()
    for contact_id, sent, opens, clicks, conversions, unsubscribed in rows:
        p = profiles.get(contact_id)
        if p is None:
            continue
        p.sends, p.opens, p.clicks, p.conversions = sent, opens or 0, clicks or 0, conversions or 0
        p.unsubscribed = bool(unsubscribed)
        p.points += p.opens + 2 * p.clicks + 5 * p.conversions


def _add_activities(scope: Scope, profiles: dict[int, Profile]) -> None:
    rows = scope.session.execute(
        select(
            Activity.contact_id,
            func.count(),
            func.coalesce(func.sum(Activity.opens), 0),
            func.coalesce(func.sum(Activity.clicks), 0),
            _count(Activity.replied.is_(True)),
            _count(Activity.direction == "inbound"),
        )
        .where(Activity.tenant_id == scope.tenant_id, Activity.contact_id.is_not(None))
        .group_by(Activity.contact_id)
    ).all()
    for contact_id, count, opens, clicks, replies, inbound in rows:
        p = profiles.get(contact_id)
        if p is None:
            continue
        p.activities = count
        p.points += int(opens) + 2 * int(clicks) + 5 * int(replies or 0) + int(inbound or 0)


def _mark_past_attendees(scope: Scope, profiles: dict[int, Profile]) -> None:
    """A contact attended a past edition if their email is on its attendees or buyers."""
    past = (
        select(Event.id).where(Event.tenant_id == scope.tenant_id, Event.ends_on < scope.today)
    ).scalar_subquery()
    emails: set[str] = set()
    for column, join_on in (
        (Attendee.email, Attendee.order_id == Order.id),
        (Order.buyer_email, None),
    ):
        query = select(func.lower(column)).where(
            Order.tenant_id == scope.tenant_id, Order.event_id.in_(past)
        )
        if join_on is not None:
            query = query.select_from(Attendee).join(Order, join_on)
        emails.update(scope.session.scalars(query.distinct()))
    by_email = defaultdict(list)
    for p in profiles.values():
        by_email[p.email].append(p)
    for email in emails & by_email.keys():
        for p in by_email[email]:
            p.past_attendee = True
