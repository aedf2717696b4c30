"""Escalation signals in attendee messages (seed 000: refund > $500, safety, security,
legal, upset attendee)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.support.signals import EscalationReason as R
from domain.support.signals import detect_escalation_signals, mentioned_amounts


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        ("Where can I park my car?", []),
        ("Please refund my $1,250 VIP ticket", [R.REFUND_OVER_LIMIT]),
        ("Please refund my $349 ticket", []),
        ("I want 600 dollars back as a refund", [R.REFUND_OVER_LIMIT]),
        ("I paid $1,250 for the VIP ticket, where is the lounge?", []),  # no refund asked
        ("Someone was harassing me at the after-party", [R.SAFETY]),
        ("Is there first aid? My friend is injured", [R.SAFETY]),
        ("The firewall at my office blocks your site", []),  # "fire" only as a whole word
        ("My account was hacked and tickets stolen", [R.SECURITY]),
        ("My lawyer will be in touch about a chargeback", [R.LEGAL]),
        ("This is absolutely unacceptable and I am furious", [R.UPSET_ATTENDEE]),
        ("WHERE ARE MY TICKETS I PAID WEEKS AGO", [R.UPSET_ATTENDEE]),
        ("Still nothing!!!", [R.UPSET_ATTENDEE]),
        (
            "Refund my $900 order now or I contact my attorney, this is ridiculous",
            [R.REFUND_OVER_LIMIT, R.LEGAL, R.UPSET_ATTENDEE],
        ),
    ],
)
def test_detects_reasons_in_a_fixed_order(text: str, reasons: list[R]) -> None:
    assert detect_escalation_signals(text) == reasons


def test_each_reason_is_reported_once() -> None:
    found = detect_escalation_signals("Terrible, awful, the worst. I am furious!!!")
    assert found == [R.UPSET_ATTENDEE]


def test_mentioned_amounts_reads_signs_separators_and_currency_words() -> None:
    assert mentioned_amounts("$1,250.50 or €80 or 600 dollars or 12 apples") == [
        Decimal("1250.50"),
        Decimal("80"),
        Decimal("600"),
    ]
