"""Issue 9 (dev_e2e_y): mixed requests.

- A request quoting someone in another language is answered in the asker's language.
- "Can you check ...?" asks for a look: with no verb of doing beside it, it is a
  question, so no action or CRM update is planned for it.
- A refund reply names the buyer's address, which the same message often asks for.
"""

from __future__ import annotations

import pytest

from domain.language import detect_language
from domain.question_mood import asks_for_information
from nodes.playbooks.support_answer import order_text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "A customer emailed 'je voudrais un remboursement, je ne peux plus venir' "
            "about ORD-11456 - please refund it",
            "en",
        ),
        ("Our colleague asked me „Wie viel ist vom Budget noch übrig?“ - what do I say?", "en"),
        ("Le client a écrit 'please refund me now' - peux-tu rembourser la commande ?", "fr"),
        ("'je n'ai rien reçu' dit le client", "fr"),  # nothing of its own outside the quote
    ],
)
def test_quoted_words_do_not_choose_the_reply_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        (
            "Kannst du mal den Status von Drift Data checken? "
            "Ist der Deal noch in negotiation und wie viel ist er wert?",
            True,
        ),
        ("could you check how the agenda newsletter is doing?", True),
        ("can you check ORD-10433 and refund it?", False),
        ("can you refund ORD-10501?", False),
        ("can you check whether the caterer confirmed and remind them if not?", False),
    ],
)
def test_a_polite_ask_to_look_is_a_question(text: str, asks: bool) -> None:
    assert asks_for_information(text) is asks


def test_a_refund_reply_names_the_buyers_address() -> None:
    order = {
        "order_number": "ORD-11877",
        "amount": "349.00",
        "buyer_name": "Liam Garcia",
        "buyer_email": "liam.garcia1877@mail.example",
        "refund_explanation": "full refund",
        "refundable_now": "349.00",
        "quantity": 1,
        "ticket_type": "Early Bird",
    }
    text = order_text("refund", order)
    assert "liam.garcia1877@mail.example" in text
    assert "1 x Early Bird" in text
