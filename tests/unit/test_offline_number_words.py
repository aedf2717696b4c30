"""Numbers, dates and times in words reach the numeric argument fillers as digits."""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline import dates, extract
from adapters.offline.entities import Catalog, Entity
from adapters.offline.number_words import with_digits
from adapters.offline.request import Request

TODAY = date(2026, 9, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anything odd in the last sixty days?", "anything odd in the last 60 days?"),
        ("knock fifteen percent off", "knock 15 percent off"),
        ("refund one hundred dollars", "refund 100 dollars"),
        ("two hundred and fifty euros", "250 euros"),
        ("treinta y cinco días", "35 dias"),
        ("quatre-vingt-dix jours", "90 jours"),
        ("twenty-five sponsors", "25 sponsors"),
        ("since the first of June", "since 1 of june"),
        ("September the fifth", "september 5"),
        ("at half past two", "at 2:30pm"),
        ("at nine in the morning", "at 9:00am"),
        ("à dix heures", "a 10h"),
    ],
)
def test_words_become_digits(text: str, expected: str) -> None:
    assert with_digits(text) == expected


@pytest.mark.parametrize(
    "text",
    ["the first 10 sponsors", "one more thing", "the first time we met", "c'est très bien"],
)
def test_words_that_are_not_numbers_stay(text: str) -> None:
    assert with_digits(text) == text.lower().replace("è", "e")


def test_the_fillers_read_numbers_in_words() -> None:
    assert dates.window_days(with_digits("the last thirty days")) == 30
    assert dates.future_days(with_digits("in the next ninety days")) == 90
    assert extract.money(with_digits("one hundred dollars")) == [100]
    start = dates.moment(with_digits("the third of September at half past two"), TODAY)
    assert start is not None and start.isoformat() == "2026-09-03T14:30:00"


def test_a_clock_time_after_at_keeps_its_minutes() -> None:
    start = dates.moment("on 2026-09-03 at 2:30pm", TODAY)
    assert start is not None and (start.hour, start.minute) == (14, 30)
    late = dates.moment("tomorrow at 3", TODAY)
    assert late is not None and late.hour == 15


def test_request_keeps_its_words_for_quotes() -> None:
    req = Request("post 'Doors open in six weeks!' on the fifth of September", None, TODAY)
    assert extract.quoted(req.text) == ["Doors open in six weeks!"]
    assert "5 of september" in req.numeric_text


def test_a_full_name_may_start_with_an_initial() -> None:
    assert extract.person_after_preposition("move the ticket over to J. Park now") == "J. Park"


def _catalog() -> Catalog:
    contacts = [
        Entity("contact", 3, "Mateo Schmidt", {"company_id": 1}),
        Entity("contact", 329, "Mei Schmidt", {"company_id": 9}),
        Entity("contact", 1, "Emma Rossi", {"company_id": 1}),
    ]
    companies = [Entity("company", 1, "Acme Cloud"), Entity("company", 9, "Orbit Media")]
    return Catalog("t", "T", TODAY, None, {"contact": contacts, "company": companies})


def test_an_initial_and_a_surname_name_a_contact_the_company_settles() -> None:
    catalog = _catalog()
    assert [e.id for e in Request("call E. Rossi", catalog, TODAY).entities("contact")] == [1]
    at_acme = Request("call M. Schmidt at Acme Cloud", catalog, TODAY)
    assert [e.id for e in at_acme.entities("contact")] == [3]
    assert Request("call M. Schmidt", catalog, TODAY).entities("contact") == []


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("bump the deal up to eighty thousand dollars", "80000 dollars"),
        ("Remboursez deux cents dollars sur la commande", "200 dollars"),
        ("zweihundertfünfzig Dollar zurück", "250 dollar"),
    ],
)
def test_an_amount_with_a_multiplier_is_read_whole_before_the_other_rules(
    text: str, digits: str
) -> None:
    """ "eighty thousand" and "deux cents" are one amount, not "80 thousand" / "2 cents"."""
    assert digits in with_digits(text)


def test_a_german_sharp_s_number_is_still_read() -> None:
    assert "letzten 30 tagen" in with_digits("in den letzten dreißig Tagen")
