"""Posing and threat words count as security or safety only with their object.

Posing as us (our staff, the organiser, support, someone "from" a company) and threats
against people escalate; an Elvis impersonator, a threat of rain or an endangered
species does not, in the signals nor in the reason an escalation is filed under.
"""

from __future__ import annotations

import pytest

from adapters.offline.enums import enum_value
from domain.support.signals import EscalationReason, detect_escalation_signals

REASONS = ["refund_over_limit", "safety", "security", "legal", "upset_attendee", "unresolved"]


@pytest.mark.parametrize(
    "text",
    [
        "We booked an Elvis impersonator for the gala, can I get my ticket resent?",
        "I am not pretending to be an expert, but my QR code is broken",
        "The band members were posing as statues for the photo",
        "Die Veranstaltung gibt sich als Familienfest",
        "La menace de pluie: le concert est-il maintenu ?",
        "Me amenaza la lluvia",
        "Los delfines están amenazados",
        "vom Aussterben bedroht",
        "Is the menace to society film screening on?",
        "Sind die Tickets vom Aussterben bedroht? Nur ein Scherz, bitte neu senden",
        "The kids were pretending to be pirates all evening",
    ],
)
def test_no_security_or_safety_without_the_object(text: str) -> None:
    signals = set(detect_escalation_signals(text))
    assert not signals & {EscalationReason.SAFETY, EscalationReason.SECURITY}
    assert enum_value("reason", REASONS, text) not in ("safety", "security")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Someone pretending to be our staff asked for my card", "security"),
        ("A man posing as the organiser called me", "security"),
        ("An email pretending to be from Northwind wants my password reset", "security"),
        ("Alguien se hace pasar por nosotros", "security"),
        ("Un tipo se hace pasar por el organizador", "security"),
        ("Quelqu'un se faisant passer pour votre équipe m'a écrit", "security"),
        ("Un hombre amenazó al personal en la entrada", "safety"),
        ("Un homme menace le personnel à l'entrée", "safety"),
        ("Ein Gast bedroht unsere Mitarbeiter", "safety"),
        ("Er hat mich an der Garderobe bedroht", "safety"),
        ("Someone keeps harassing attendees near the stage", "safety"),
    ],
)
def test_posing_as_us_and_threats_to_people_still_escalate(text: str, reason: str) -> None:
    assert EscalationReason(reason) in detect_escalation_signals(text)
    assert enum_value("reason", REASONS, text) == reason
