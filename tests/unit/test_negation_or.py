"""A negation carried by "or" to the next verb (issue 9, pattern 1).

"run the daily ops check, but do not escalate or email anyone" withheld escalations only,
so the check still proposed reminder emails. "or"/"ni"/"ou"/"oder" carry the negation;
"and" does not ("don't escalate and send the reminders" asks for the reminders).
"""

from __future__ import annotations

import pytest

from domain.negation import withheld_actions


@pytest.mark.parametrize(
    ("text", "withheld"),
    [
        ("run the daily ops check, but do not escalate or email anyone", {"escalate", "send"}),
        ("don't send or post anything yet", {"send", "post"}),
        ("no escales ni envíes nada", {"escalate", "send"}),
        ("n'escalade pas ou n'envoie rien", {"escalate", "send"}),
        ("nicht eskalieren oder senden", {"escalate", "send"}),
        ("do not escalate and send reminders to the owners", {"escalate"}),
        ("don't escalate, send the reminders", {"escalate"}),
        ("send the report or post it", set()),
        ("don't forget to send or post it", set()),
    ],
)
def test_or_carries_the_negation(text: str, withheld: set[str]) -> None:
    assert withheld_actions(text) == withheld


@pytest.mark.parametrize(
    "text",
    [
        "Ne relance personne pour l'instant.",
        "check the deliverables but don't remind anyone",
        "no le recuerdes nada a nadie",
        "bitte nicht erinnern",
    ],
)
def test_a_reminder_ruled_out_is_a_send_withheld(text: str) -> None:
    assert withheld_actions(text) == {"send"}


def test_a_reminder_asked_for_withholds_nothing() -> None:
    assert withheld_actions("remind Marcus about the badge printing") == frozenset()
