"""Issue 9, "the reply is in the user's language": amounts and counts are written the way
a Spanish, French or German reader writes them (``1.250,00 $``, ``1 250,00 $``), while
English replies keep exactly the forms they had (``$1,250.00``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from adapters.offline.answers import CallOutcome, summarise_call
from domain.number_format import localised, money, number
from evals.e2e_checks import contains_fact
from graphs.state import ActionOutcome, PendingAction
from nodes.answer_frame import framed_answer, status_line
from nodes.playbooks import support_answer_language as translated

NB, NNB = "\u00a0", "\u202f"  # no-break space before the sign; French groups with a narrow one


@pytest.mark.parametrize(
    ("language", "cents", "whole"),
    [
        ("en", "$1,250.00", "$12,500"),
        ("es", f"1250,00{NB}$", f"12.500{NB}$"),  # Spanish groups from five digits on
        ("fr", f"1{NNB}250,00{NB}$", f"12{NNB}500{NB}$"),
        ("de", f"1.250,00{NB}$", f"12.500{NB}$"),
    ],
)
def test_an_amount_as_each_language_writes_it(language: str, cents: str, whole: str) -> None:
    assert money(1250, language, cents=True) == cents
    assert money(Decimal("12500"), language) == whole


@pytest.mark.parametrize(
    "value", [0, 5, 349, 1250, 1250.5, 1341276, 2536345.81, Decimal("99.90"), -36000.25]
)
def test_english_amounts_and_counts_keep_their_old_forms(value: Any) -> None:
    amount = Decimal(str(value))
    assert money(value, "en", cents=True) == f"${amount:,.2f}"
    whole = amount == amount.to_integral_value()
    assert money(value, "en") == (f"${amount:,.0f}" if whole else f"${amount:,.2f}")
    if isinstance(value, int):
        assert number(value, "en") == f"{value:,}"


@pytest.mark.parametrize(
    ("text", "language", "written"),
    [
        ("1,341,276", "de", "1.341.276"),
        ("2,536,345.81", "es", "2.536.345,81"),
        ("1,250.5", "es", "1250,5"),
        ("-32.22", "fr", "-32,22"),
        ("42.9%", "fr", f"42,9{NB}%"),
        ("90.4", "de", "90,4"),
        # not a number with separators: ids, years, counts, dates and versions stay
        ("10501", "de", "10501"),
        ("ORD-10501", "es", "ORD-10501"),
        ("2026-09-01", "fr", "2026-09-01"),
        ("1.2.3", "de", "1.2.3"),
        ("1,341,276", "en", "1,341,276"),
    ],
)
def test_a_number_the_answer_shows_is_rewritten_only_when_it_is_one(
    text: str, language: str, written: str
) -> None:
    assert localised(text, language) == written


BUDGET = {
    "event_name": "Expo",
    "totals": {
        "actual": 608000.0,
        "planned": 860000.0,
        "budget_total": 900000.0,
        "spent_pct": 67.56,
    },
    "severity": "critical",
    "lines": [
        {
            "category": "Catering",
            "actual": 92000.0,
            "planned": 160000.5,
            "variance_pct": -42.5,
            "remaining": 52000.5,
        }
    ],
}


def test_a_budget_answer_writes_its_amounts_in_the_reply_language() -> None:
    english = summarise_call(CallOutcome("track_budget", {}, BUDGET))
    assert english[0] == (
        "Expo: $608,000 spent of $860,000 planned (67.56% of the $900,000 budget); "
        "severity critical."
    )
    assert english[1] == (
        "- Catering: $92,000 spent of $160,000.5 planned (-42.5% vs plan), "
        "$52,000.5 left after commitments."
    )
    german = "\n".join(summarise_call(CallOutcome("track_budget", {}, BUDGET), "de"))
    assert f"608.000{NB}$ ausgegeben von 860.000{NB}$ geplant (67,56 %" in german
    assert f"92.000{NB}$ ausgegeben von 160.000,50{NB}$ geplant" in german  # cents in full
    assert f"52.000,50{NB}$ nach Bindungen übrig" in german
    assert "$6" not in german and "$9" not in german
    french = "\n".join(summarise_call(CallOutcome("track_budget", {}, BUDGET), "fr"))
    assert f"608{NNB}000{NB}$" in french
    assert contains_fact(french, "608000")  # the e2e checks still read the figure


ORDER = {
    "order_number": "ORD-10777",
    "amount": 1250.0,
    "refundable_now": 625.0,
    "refund_rule": "half",
    "quantity": 2,
    "ticket_type": "VIP",
    "status": "paid",
    "buyer_name": "Ana",
}


@pytest.mark.parametrize(
    ("language", "amount", "refundable"),
    [
        ("es", f"1250,00{NB}$", f"625,00{NB}$"),
        ("fr", f"1{NNB}250,00{NB}$", f"625,00{NB}$"),
        ("de", f"1.250,00{NB}$", f"625,00{NB}$"),
    ],
)
def test_a_support_reply_writes_the_order_amounts_in_its_language(
    language: str, amount: str, refundable: str
) -> None:
    refund = translated.order_text("refund", ORDER, language)
    assert f"(2 x VIP, {amount})" in refund and refundable in refund
    assert "$1" not in refund and "$6" not in refund
    assert f"{amount}, paid" in translated.order_text("general", ORDER, language)


def _refund(amount: float) -> Any:
    return PendingAction(
        action_id="a1",
        department="support",
        tool="process_refund",
        args={"order_number": "ORD-10777", "amount": amount},
        summary="process_refund",
        facts={},
    )


def test_the_status_frame_quotes_amounts_in_the_reply_language() -> None:
    waiting = ActionOutcome(action=_refund(1250), status="awaiting_approval", reasons=[])
    line = status_line(waiting, _refund(1250), "de")
    assert line.endswith(f"[Bestellung ORD-10777, Betrag 1.250,00{NB}$]")
    assert status_line(waiting, _refund(1250)).endswith("amount $1,250.00]")


def test_an_edited_amount_is_corrected_where_a_spanish_answer_quotes_the_action() -> None:
    """A model writing Spanish quotes the proposed refund as Spanish writes amounts."""
    done = ActionOutcome(action=_refund(400.0), status="executed", reasons=[], result={})
    state = {
        "request": "Reembolsa el pedido ORD-10777, por favor",
        "answer": f"Propuesto process_refund de 1250,00{NB}$ para ORD-10777.",
        "results": {"s1": {"pending_actions": [_refund(1250.0)]}},
        "actions": {"a1": done},
    }
    answer = framed_answer(state)
    assert answer is not None
    first = answer.splitlines()[0]
    assert f"400,00{NB}$ (editado; antes 1250,00{NB}$)" in first
    assert first.count("$") == 2
