"""The offline model's literal extraction: orders, emails, amounts, counts, ids, dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from adapters.offline import dates, extract

TODAY = date(2026, 9, 1)  # a Tuesday


def test_order_numbers_are_canonical_and_unique() -> None:
    text = "Refund ord-10501 and ORD 10500, not ORD-10501 again (order #10502)"
    assert extract.order_numbers(text) == ["ORD-10501", "ORD-10500", "ORD-10502"]


def test_emails_are_lower_cased_without_trailing_dot() -> None:
    text = "Write to Maya.Lindqvist@Example.org. Or sam.okafor@initech.example"
    assert extract.emails(text) == ["maya.lindqvist@example.org", "sam.okafor@initech.example"]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("refund $1,250 please", [Decimal("1250")]),
        ("a partial refund of 1250 USD", [Decimal("1250")]),
        ("give them 500 euros back", [Decimal("500")]),
        ("set the value to $75k", [Decimal("75000")]),
        ("€ 99.50 then $20", [Decimal("99.50"), Decimal("20")]),
        ("order ORD-10501 for 3 people", []),
        ("Reembolsa 120 dólares del pedido ORD-10642", [Decimal("120")]),
        ("devuelve 900 dolares", [Decimal("900")]),
        ("Erstatte 800 Dollar", [Decimal("800")]),
    ],
)
def test_money_amounts(text: str, amounts: list[Decimal]) -> None:
    assert extract.money(text) == amounts


def test_counts_after_and_before_words() -> None:
    assert extract.count_after("show the top 5 sponsors", ("top",)) == 5
    assert extract.count_before("draft 3 email variants", ("variants",)) == 3
    assert extract.count_before("test two subject lines", ("subject lines",)) == 2
    assert extract.count_before("draft variants", ("variants",)) is None


def test_a_count_reaches_its_noun_across_two_describing_words() -> None:
    units = ("prospects", "sponsors")
    assert extract.count_before("find 3 fintech sponsor prospects", units) == 3
    assert extract.count_before("in 14 days find sponsors", units) is None
    assert extract.count_before("sales in 30 days and the sponsors", units) is None
    assert extract.count_before("list 4 very good new prospects", units) is None  # three words


def test_record_ids_in_several_languages() -> None:
    assert extract.record_id("update opportunity 12: next step", "opportunity") == 12
    assert extract.record_id("analyse campaign #3's ROAS", "campaign") == 3
    assert extract.record_id("revisa la campaña 2", "campaign") == 2
    assert extract.record_id("deliverable id 40 is late", "deliverable") == 40
    assert extract.record_id("update the deal", "opportunity") is None


def test_quoted_labelled_and_person() -> None:
    text = "post 'Only 6 weeks to go!' on X\nSubject: The agenda is live"
    assert extract.quoted(text) == ["Only 6 weeks to go!"]
    assert extract.labelled(text, ("subject",)) == "The agenda is live"
    assert extract.person_after_preposition("transfer ORD-1 to Bo Li please") == "Bo Li"
    assert extract.percents("a 10% discount and 15 percent more") == [10.0, 15.0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("revenue for the last 30 days", (date(2026, 8, 2), date(2026, 8, 31))),
        ("orders in the past 2 weeks", (date(2026, 8, 18), date(2026, 8, 31))),
        ("traffic in August", (date(2026, 8, 1), date(2026, 8, 31))),
        ("sales yesterday", (date(2026, 8, 31), date(2026, 8, 31))),
        ("from 2026-07-01 to 2026-07-15", (date(2026, 7, 1), date(2026, 7, 15))),
        ("since July 20", (date(2026, 7, 20), TODAY)),
        ("last month", (date(2026, 8, 1), date(2026, 8, 31))),
        ("ventas de los ultimos 7 dias", (date(2026, 8, 25), date(2026, 8, 31))),
        ("how many tickets", (None, None)),
    ],
)
def test_date_ranges(text: str, expected: tuple[date | None, date | None]) -> None:
    assert dates.date_range(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("book a call tomorrow at 3pm", datetime(2026, 9, 2, 15, 0)),
        ("on September 10 at 10:00", datetime(2026, 9, 10, 10, 0)),
        ("next Tuesday at 2pm", datetime(2026, 9, 8, 14, 0)),
        ("on Thursday at 11am", datetime(2026, 9, 3, 11, 0)),
        ("at 2026-09-15 16:30", datetime(2026, 9, 15, 16, 30)),
        ("on the 10 Sept 2026", datetime(2026, 9, 10, 10, 0)),
        ("für nächsten Montag um 9 Uhr UTC", datetime(2026, 9, 7, 9, 0)),
        ("demain à 9h", datetime(2026, 9, 2, 9, 0)),
        ("jeudi à 15 heures", datetime(2026, 9, 3, 15, 0)),
        ("mañana a las 11", datetime(2026, 9, 2, 11, 0)),
        ("sometime soon", None),
    ],
)
def test_moments(text: str, expected: datetime | None) -> None:
    assert dates.moment(text, TODAY) == expected


def test_windows_ahead_and_behind() -> None:
    assert dates.window_days("engagement over the last 60 days") == 60
    assert dates.window_days("los ultimos 3 meses") == 90
    assert dates.future_days("events in the next 90 days") == 90
    assert dates.future_days("events last year") is None
