"""RFC 5545 meeting invites (METHOD:REQUEST) built with the icalendar package."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from icalendar import Calendar, Event, vCalAddress, vText

PRODUCT_ID = "-//Switchboard//Sales meeting invites//EN"


@dataclass(frozen=True)
class Invite:
    """What an invite says: who, when, what."""

    uid: str
    stamp: datetime
    start: datetime
    end: datetime
    title: str
    description: str
    organizer_email: str
    organizer_name: str
    attendee_email: str
    attendee_name: str


def invite_ics(invite: Invite) -> str:
    """The invite as iCalendar text (CRLF line endings, folded lines)."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", invite.uid)
    event.add("dtstamp", invite.stamp)
    event.add("dtstart", invite.start)
    event.add("dtend", invite.end)
    event.add("summary", invite.title)
    if invite.description:
        event.add("description", invite.description)
    event.add("status", "CONFIRMED")
    event.add("sequence", 0)
    organizer = vCalAddress(f"mailto:{invite.organizer_email}")
    organizer.params["cn"] = vText(invite.organizer_name)
    event.add("organizer", organizer)
    attendee = vCalAddress(f"mailto:{invite.attendee_email}")
    attendee.params["cn"] = vText(invite.attendee_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("NEEDS-ACTION")
    attendee.params["rsvp"] = vText("TRUE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
