"""Issue 9 (dev_e2e_aa): negations by forms that name the action by a noun or not at all.

Each test pins one general form on phrasings of its own: an action's noun after a light
verb or a determiner ("we're not doing refunds", "no refunds today"), a record or a
person to be left alone ("leave X alone", "lass X in Ruhe"), nothing to leave the house
("nothing external", "nichts nach außen"), nothing to go out ("nothing goes to the
board"), and "don't bother with". Withholding is the safe side; the controls check that
a request to act, a filter or a doubt keeps its action.
"""

from __future__ import annotations

import pytest

from domain.negation import ANY_ACTION, withheld_actions, withheld_tools


@pytest.mark.parametrize(
    "text",
    [
        "We aren't issuing any refunds until Friday; what was paid on ORD-10987?",
        "we won't be giving refunds on VIP orders, how many are there?",
        "No refunds this week please. Who bought ORD-11003?",
        "Esta semana no tramitamos reembolsos: ¿quién compró ORD-11003?",
        "Aucun remboursement pour le moment. Qui a acheté ORD-11003 ?",
        "Heute machen wir keine Erstattungen. Wer hat ORD-11003 gekauft?",
    ],
)
def test_an_action_named_by_its_noun_is_withheld(text: str) -> None:
    assert "process_refund" in withheld_tools(text)


@pytest.mark.parametrize(
    "text",
    [
        "Please leave Bloom Decor alone this week, what do we owe them?",
        "leave the caterer be for now - are they confirmed?",
        "Deja a Clearwave AV en paz, ¿cuándo confirmaron?",
        "Laissez PhotoLane tranquille. Ils ont confirmé ?",
        "Lass Tomas Novak bitte in Ruhe. Was hat er offen?",
    ],
)
def test_something_left_alone_withholds_every_action(text: str) -> None:
    assert ANY_ACTION in withheld_actions(text)


@pytest.mark.parametrize(
    "text",
    [
        "nothing external today - how much have we spent on signage?",
        "Keep it internal: which deliverables are overdue?",
        "Nada externo, solo dime cuánto queda para catering",
        "Rien d'externe : combien reste-t-il pour la sécurité ?",
        "Bitte nichts nach außen: was ist beim Catering noch offen?",
    ],
)
def test_nothing_external_withholds_every_action(text: str) -> None:
    assert ANY_ACTION in withheld_actions(text)


@pytest.mark.parametrize(
    "text",
    [
        "Nothing goes to the sponsors until legal signs off. How many are confirmed?",
        "nothing gets sent before Monday, which segment is biggest?",
        "Rien ne part avant lundi : combien d'ouvertures ?",
        "Nichts geht raus, bevor ich es gelesen habe. Wie viele Klicks?",
        "don't bother with a nudge to Atlas Shuttles, when are they due?",
    ],
)
def test_nothing_to_go_out_withholds_sending(text: str) -> None:
    assert "send" in withheld_actions(text)


@pytest.mark.parametrize(
    "text",
    [
        "Refund ORD-10987 and email the buyer",
        "No, send it to Bloom Decor now",
        "I do not have their email, can you find it?",
        "leave it to me to decide, but send the reminder to Atlas Shuttles",
        "let me be clear: escalate the blocked banners",
    ],
)
def test_a_request_to_act_keeps_its_action(text: str) -> None:
    assert withheld_actions(text) == frozenset()


@pytest.mark.parametrize(
    "text",
    [
        "No refund has arrived for ORD-10987 yet, please refund it",
        "no refunds were processed on ORD-11003, refund it today",
    ],
)
def test_a_no_that_states_what_happened_rules_nothing_out(text: str) -> None:
    assert "refund" not in withheld_actions(text)


@pytest.mark.parametrize(
    "text",
    [
        "Send the reminder to the vendors and make sure nothing goes wrong",
        "Refund ORD-10402 and add an internal only note",
        "Email the attendees and let them be aware of the change",
        "Send the reminder and leave a comment that will be visible",
        "Why aren't the reminders going out? Send them now.",
        "Isn't a refund the right call here? Refund ORD-10402.",
        "Leave the VIP booking alone but refund ORD-10402",
        "No molestes a Priya, reembolsa ORD-10402",
    ],
)
def test_words_that_only_look_like_a_rule_out_withhold_nothing(text: str) -> None:
    """ "nothing goes wrong", a note that is internal, "let them be aware", a negated
    question, and something left alone beside an action asked for rule nothing out."""
    assert withheld_actions(text) == frozenset()


def test_a_rule_out_before_a_dash_and_a_question_still_withholds() -> None:
    assert withheld_actions("don't email them yet - who at Echo Labs is the right contact?")
