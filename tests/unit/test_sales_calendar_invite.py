"""Meeting invites are RFC 5545 text that a calendar parser reads back."""

from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from domain.sales.calendar_invite import Invite, invite_ics


def test_invite_round_trips_through_a_parser() -> None:
    start = datetime(2026, 9, 3, 15, 0, tzinfo=UTC)
    text = invite_ics(
        Invite(
            uid="k1@demo",
            stamp=datetime(2026, 9, 1, 12, tzinfo=UTC),
            start=start,
            end=datetime(2026, 9, 3, 15, 45, tzinfo=UTC),
            title="Sponsorship chat; Q4",
            description="Packages, timing",
            organizer_email="sales@demo.invalid",
            organizer_name="Northwind Events",
            attendee_email="ava@acme.example",
            attendee_name="Ava Kim",
        )
    )
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT" in text
    assert "DTSTART:20260903T150000Z" in text
    calendar = Calendar.from_ical(text)
    assert str(calendar["METHOD"]) == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].dt == start
    assert (event["DTEND"].dt - start).total_seconds() == 45 * 60
    assert str(event["SUMMARY"]) == "Sponsorship chat; Q4"
    assert str(event["ATTENDEE"]) == "mailto:ava@acme.example"
    assert event["ATTENDEE"].params["CN"] == "Ava Kim"
    assert str(event["UID"]) == "k1@demo"
