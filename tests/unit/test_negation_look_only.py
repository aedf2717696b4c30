"""A request that rules out acting at all ("don't process anything", "just tell me")
withholds every action, not only the ones it names by verb."""

from __future__ import annotations

import pytest

from domain.negation import ANY_ACTION, withheld_actions, withheld_reason, withheld_tools


@pytest.mark.parametrize(
    "text",
    [
        "How much would ORD-10433 get back? Don't process anything yet.",
        "just tell me what's on order ORD-10071",
        "look at the Gold deal but do not change anything",
        "don't take any action, I only want the numbers",
        "No hagas nada todavía, solo dime qué pasa con ORD-10433",
        "Ne fais rien pour l'instant sur la commande ORD-10433",
        "Bitte noch nichts machen, nur nachsehen",
    ],
)
def test_look_only_requests_withhold_every_action(text: str) -> None:
    assert ANY_ACTION in withheld_actions(text)
    barred = withheld_tools(text)
    assert {"process_refund", "resend_ticket", "send_email", "update_crm"} <= barred
    assert withheld_reason("process_refund", text) == "the request asks only to look, not to act"


@pytest.mark.parametrize(
    "text",
    [
        "Refund ORD-10433 and let me know when it is done",
        "Process the refund on ORD-10433",
        "I don't know the order number, can you find it and resend the ticket?",
    ],
)
def test_requests_to_act_are_not_read_as_look_only(text: str) -> None:
    assert ANY_ACTION not in withheld_actions(text)


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("don't resend anything, the buyer has it", "resend_ticket"),
        ("check engagement at Initech - no emails please", "send_email"),
    ],
)
def test_resend_and_plural_emails_are_send_verbs(text: str, tool: str) -> None:
    assert tool in withheld_tools(text)


@pytest.mark.parametrize(
    "text",
    [
        "put together an email to omar@umbrella.example on the Gold tier for me to look over",
        "Draft the Hooli follow-up and let me review it",
        "Write the sponsor note; I'll send it myself",
    ],
)
def test_asking_to_see_a_message_first_withholds_sending(text: str) -> None:
    assert "send" in withheld_actions(text)


def test_checking_something_else_first_still_sends() -> None:
    assert withheld_actions("Let me check the numbers, then send the email to Hooli") == set()
