"""Issue 9 (dev_e2e_aa): questions passed on with a comma before "ob"/"if", and a
sentence that rules an action out after its subject or its time ("we're not doing
refunds this week", "hoy no hacemos reembolsos"), beside a question."""

from __future__ import annotations

import pytest

from domain.question_mood import asks_for_information


@pytest.mark.parametrize(
    "text",
    [
        "Die Buchhaltung fragt, ob Atlas Shuttles schon bestätigt hat.",
        "The organiser asked, whether Bloom Decor is confirmed.",
        "La directora pregunta si PhotoLane ya confirmó.",
    ],
)
def test_a_question_passed_on_asks_to_be_told(text: str) -> None:
    assert asks_for_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "We aren't doing refunds this month. What was paid on ORD-10987?",
        "Hoy no tramitamos reembolsos. ¿Quién compró ORD-11003?",
        "Heute keine Erstattungen. Was hat ORD-11003 gekostet?",
    ],
)
def test_a_ruling_out_after_its_subject_or_time_leaves_the_question(text: str) -> None:
    assert asks_for_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "Die Buchhaltung fragt, ob wir Atlas Shuttles erinnern. Schick ihnen eine Erinnerung.",
        "We're not happy with Bloom Decor. Send them a reminder.",
        "We aren't doing refunds this month. Escalate ORD-10987 though.",
    ],
)
def test_a_command_beside_them_still_acts(text: str) -> None:
    assert not asks_for_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "The buyer told me he never got the tickets for ORD-10402. Where were they sent?",
        "Un client m'a dit qu'il n'a rien reçu pour ORD-10402. À quelle adresse est-il parti ?",
        "Die Käuferin sagt, sie hat nichts bekommen (ORD-10060). Wohin wurde es geschickt?",
    ],
)
def test_a_report_of_what_someone_said_leaves_the_question_after_it(text: str) -> None:
    assert asks_for_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "The buyer told me he never got the tickets for ORD-10402. Resend them please.",
        "The buyer said to resend the tickets. Where did they go?",
        "The buyer says he never got the tickets for ORD-10402.",
    ],
)
def test_a_report_with_a_request_or_alone_is_not_a_question(text: str) -> None:
    assert not asks_for_information(text)


@pytest.mark.parametrize(
    "text",
    [
        "Long day of calls, and finance is asking for one thing: how many clicks did we get?",
        "Heads-up from the board: how many VIP tickets have we sold?",
    ],
)
def test_a_scene_set_before_a_colon_leaves_the_question(text: str) -> None:
    assert asks_for_information(text)


def test_a_command_before_the_colon_is_not_scene_setting() -> None:
    assert not asks_for_information("Draft an email to the sponsors: what should it say?")
