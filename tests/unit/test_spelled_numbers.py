"""Amounts written in words or with es/fr/de separators are read as the numbers they are."""

from __future__ import annotations

from decimal import Decimal

import pytest

from adapters.offline.extract import money
from domain.spelled_numbers import parse_number, with_digits
from nodes.playbooks.support_request_parsing import requested_refund


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("please refund one hundred and fifty dollars on ORD-10715", "150"),
        ("bump the deal up to eighty thousand dollars", "80000"),
        ("Reembolsa ciento veinte dólares", "120"),
        ("dos mil quinientos dólares", "2500"),
        ("Remboursez deux cents dollars", "200"),
        ("quatre-vingt-dix euros", "90"),
        ("Erstatte zweihundertfünfzig Dollar", "250"),
        ("dreitausendfünfhundert Euro", "3500"),
        ("Erstatte 1.000 Dollar für Bestellung ORD-10743", "1000"),
        ("rembourse 75,50 € sur ORD-10713", "75.50"),
        ("refund $1,250.50", "1250.50"),
        ("a hundred bucks", "100"),
    ],
)
def test_money_reads_words_and_separators(text: str, amount: str) -> None:
    assert money(text) == [Decimal(amount)]


@pytest.mark.parametrize(
    "text", ["one of the three of them can't come", "a hundred people", "ORD-10715, two tickets"]
)
def test_number_words_without_a_currency_are_not_money(text: str) -> None:
    assert money(text) == []
    assert not any(ch.isdigit() for ch in with_digits(text).replace("10715", ""))


@pytest.mark.parametrize(
    ("raw", "value"),
    [("1,250.50", "1250.50"), ("1.250,50", "1250.50"), ("1.000", "1000"), ("75.5", "75.5")],
)
def test_parse_number_reads_both_conventions(raw: str, value: str) -> None:
    assert parse_number(raw) == Decimal(value)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("please refund one hundred and fifty dollars on ORD-10715", "150"),
        ("Erstatte 1.000 Dollar für Bestellung ORD-10743", "1000"),
        ("Remboursez deux cents dollars sur la commande ORD-10727", "200"),
        ("give ORD-10505 a $100 goodwill refund", "100"),
    ],
)
def test_support_playbook_reads_the_requested_refund(text: str, amount: str) -> None:
    assert requested_refund(text) == Decimal(amount)


def test_support_playbook_paid_amount_is_not_a_request() -> None:
    assert requested_refund("I paid $349 and want a refund") is None
