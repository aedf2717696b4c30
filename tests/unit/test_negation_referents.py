"""Issue 9 (dev_e2e_y): negations whose action is not named by its own verb, and what a
ruled-out clause still names.

Each test pins one general pattern: a generic verb with a pronoun ("check the refund
but don't process it"), the speaker doing it themselves ("I'll ping them myself"), a
time that rules out now ("not this week"), an action named by a noun ("keine
Erinnerung", "pas de remboursement"), an action verb with nothing for its object ("send
nothing yet"), a wish only to know, a change or a proposal ruled out, and the names a
dropped clause keeps for the rest of the request.
"""

from __future__ import annotations

import pytest

from domain.negation import ANY_ACTION, withheld_actions, withheld_tools, without_ruled_out


@pytest.mark.parametrize(
    ("text", "actions"),
    [
        ("Check the refund for ORD-11589 but don't process it - how much is it?", {"refund"}),
        ("Revisa el reembolso pero no lo proceses", {"refund"}),
        ("Regarde le remboursement mais ne le traite pas", {"refund"}),
        ("Prüf die Erstattung, aber bearbeite sie noch nicht", {"refund"}),
        ("Draft the reminder for the caterer but don't action it", {"send"}),
    ],
)
def test_a_pronoun_after_a_generic_verb_withholds_the_action_named_before(
    text: str, actions: set[str]
) -> None:
    assert withheld_actions(text) == actions


def test_a_pronoun_with_no_action_named_before_withholds_every_action() -> None:
    assert ANY_ACTION in withheld_actions("ORD-11589 again. Don't do it yet, what's on it?")


@pytest.mark.parametrize(
    "text",
    [
        "I'll ping TranslateNow myself on Monday, when do they have to confirm?",
        "I will email the Drift Data team myself",
        "ich erinnere den Caterer selbst",
    ],
)
def test_what_the_speaker_will_do_themselves_is_withheld(text: str) -> None:
    assert "send" in withheld_actions(text)


@pytest.mark.parametrize(
    "text",
    [
        "Not this week - by when does TranslateNow have to confirm?",
        "Send the reminder to the caterer, not today though",
        "Pas cette semaine. Quand le traiteur doit-il confirmer ?",
        "Nicht heute. Bis wann muss der Caterer bestätigen?",
    ],
)
def test_a_clause_that_only_says_not_now_withholds_every_action(text: str) -> None:
    assert ANY_ACTION in withheld_actions(text)


@pytest.mark.parametrize(
    ("text", "action"),
    [
        ("Bitte keine Erinnerung an Harbor Catering schicken", "send"),
        ("pas de remboursement pour ORD-12555, juste le montant", "refund"),
        ("ningún correo por ahora, ¿cuántos abrieron el boletín?", "send"),
        ("send nothing yet. how many conversions did the campaign bring?", "send"),
    ],
)
def test_an_action_ruled_out_by_its_noun_or_with_nothing_to_act_on(text: str, action: str) -> None:
    assert action in withheld_actions(text)


@pytest.mark.parametrize(
    "text",
    [
        "Don't update the CRM for Drift Data, I just want to know which stage they're in",
        "No envíes nada, solo quiero saber a qué correo fue la entrada",
        "Je veux juste savoir combien a payé la cliente",
        "Ich will nur wissen, welche Ticketart zu ORD-10888 gehört",
    ],
)
def test_a_wish_only_to_know_withholds_every_action(text: str) -> None:
    assert ANY_ACTION in withheld_actions(text)
    assert {"process_refund", "update_crm", "generate_proposal"} <= withheld_tools(text)


def test_a_change_ruled_out_withholds_the_crm_update() -> None:
    assert withheld_tools("don't change the stage on the Acme deal") >= {"update_crm"}


def test_a_proposal_not_to_be_sent_withholds_the_proposal() -> None:
    text = "Ne pas envoyer de proposition à Kestrel Systems pour l'instant."
    assert {"generate_proposal", "send_email"} <= withheld_tools(text)


@pytest.mark.parametrize(
    "text",
    [
        "Send the Agenda launch newsletter to the high-engagement segment",
        "Refund ORD-11877 please",
        "Generate a proposal for Acme Cloud on the Gold package",
        "Mark Harbor Cloud as won",
        "I'll need the numbers by Monday, please remind TranslateNow",
    ],
)
def test_the_same_verbs_asked_for_withhold_nothing(text: str) -> None:
    assert withheld_actions(text) == frozenset()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "don't touch the budget, only tell me what's left for speakers & travel",
            "the budget, only tell me what's left for speakers & travel",
        ),
        (
            "Ne pas envoyer de proposition à Kestrel Systems pour l'instant. Elle vaut combien ?",
            "Kestrel Systems. Elle vaut combien ?",
        ),
        (
            "Don't update the CRM for Drift Data, I just want to know which stage they're in",
            "Drift Data, I just want to know which stage they're in",
        ),
        (
            "send nothing yet. how many conversions has the Speaker spotlight campaign had?",
            "how many conversions has the Speaker spotlight campaign had?",
        ),
    ],
)
def test_a_dropped_clause_keeps_what_it_names(text: str, expected: str) -> None:
    assert without_ruled_out(text) == expected


def test_a_clause_that_only_rules_out_an_action() -> None:
    from domain.negation import rules_out

    assert rules_out("and no need to involve StreamHouse")
    assert rules_out("don't ping Acme yet")
    assert not rules_out("ping Acme")
    assert not rules_out("not sure that's right")
