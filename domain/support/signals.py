"""Spot what in an attendee's message means a human must take over (seed 000).

Seed 000 escalates support requests that involve a refund above $500, safety,
security or legal matters, or an upset attendee. This is a keyword screen, not a
classifier: it is cheap, deterministic and errs on the side of escalating.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from domain.support.posing_and_threats import poses_as_us, threatens_people
from domain.support.refund_policy import REFUND_ESCALATION_THRESHOLD


class EscalationReason(StrEnum):
    """Why a support request goes to a human."""

    REFUND_OVER_LIMIT = "refund_over_limit"
    SAFETY = "safety"
    SECURITY = "security"
    LEGAL = "legal"
    UPSET_ATTENDEE = "upset_attendee"
    UNRESOLVED = "unresolved"


# A trailing "*" marks a stem ("frustrat*" matches frustrated, frustrating); other
# keywords match whole words or phrases only ("fire" does not match "firewall").
_KEYWORDS: dict[EscalationReason, str] = {
    EscalationReason.SAFETY: (
        "safety, unsafe, injury, injured, hurt, medical, emergency, ambulance, allerg*, "
        "anaphyla*, harass*, assault*, threat*, violen*, fire, accident, evacuat*, stalk*, "
        # the same in es/fr/de: harassment, threats, assault, stalking
        "acoso, acosa, acosan, acosando, acosad*, agredi*, agresión, "
        "harcèle*, harcele*, harcel*, agressé*, agression*, "
        "belästig*, angegriffen, übergriff*, stalker*"
        # threats against people in es/fr/de need who is threatened: threatens_people
    ),
    EscalationReason.SECURITY: (
        "security, hack*, breach*, phishing, stolen, fraud*, scam, scams, scammed, scammer*, "
        "unauthori*, data leak, leaked, compromised, identity theft, password, "
        # fraud in es/fr/de; someone posing as us needs what is posed as: poses_as_us
        "suplantación, suplantando, estafa, "
        "estafas, estafador*, usurpation, hameçonnage, "
        "arnaque*, escroquerie*, escroc*, piraté*, "
        "betrüger*, betrugsversuch*, betrugsmasche*, gehackt, datenleck*"
    ),
    EscalationReason.LEGAL: (
        "legal, lawyer*, attorney*, lawsuit*, sue you, sue your, sue the, suing, court, gdpr, "
        "small claims, chargeback*, consumer protection, solicitor*, liab*"
    ),
    EscalationReason.UPSET_ATTENDEE: (
        "angry, furious, outraged, unacceptable, ridiculous, disgust*, terrible, horrible, "
        "awful, worst, frustrat*, fed up, disappointed, livid, rip-off, rip off, ripoff, "
        "never again, complain*, pathetic, "
        # asking past the agent for someone senior, and the same in es/fr/de
        "speak to a manager, talk to a manager, want a manager, speak to a supervisor, "
        "inaceptable, indignad*, harto, harta, furios*, decepcionad*, ridícul*, "
        "vergüenza, reclamaci*, queja*, nadie responde, nadie me responde, nadie contesta, "
        "hablar con un responsable, hablar con un superior, hablar con el encargado, "
        "inacceptable, inadmissible, furieu*, scandal*, honteu*, ras le bol, déçu*, decu*, "
        "lamentable, personne ne répond, personne ne me répond, parler à un responsable, "
        "parler à un supérieur, inakzeptabel, unverschämt*, wütend, frechheit, enttäuscht*, "
        "beschwer*, lächerlich, skandal*, zumutung, niemand antwortet, niemand meldet sich, "
        "vorgesetzt*"
    ),
}
_PATTERNS = {
    reason: re.compile(
        "|".join(
            rf"\b{re.escape(w[:-1])}" if w.endswith("*") else rf"\b{re.escape(w)}\b"
            for w in words.split(", ")
        )
    )
    for reason, words in _KEYWORDS.items()
}

_WITH_OBJECT: dict[EscalationReason, Callable[[str], bool]] = {
    EscalationReason.SAFETY: threatens_people,
    EscalationReason.SECURITY: poses_as_us,
}
"""Reasons whose words count only with their object (``domain.support.posing_and_threats``)."""


def _nothing(_text: str) -> bool:
    return False


_REFUND_WORDS = ("refund", "money back", "reimburse", "charge back", "chargeback")
_MONEY = re.compile(
    r"(?:[$€£]\s?(?P<pre>\d[\d,]*(?:\.\d{1,2})?))"
    r"|(?:(?P<post>\d[\d,]*(?:\.\d{1,2})?)\s?(?:usd|eur|gbp|dollars?|euros?|pounds?)\b)",
    re.IGNORECASE,
)


def detect_escalation_signals(text: str) -> list[EscalationReason]:
    """Reasons in ``text`` that require a human, in a fixed order, each at most once.

    Args:
        text: the attendee's message (subject and body).

    Returns:
        A subset of refund_over_limit, safety, security, legal, upset_attendee; empty
        when nothing calls for a human. ``unresolved`` is never detected from text:
        the agent uses it when its tools cannot solve the request.
    """
    lowered = text.lower()
    found: list[EscalationReason] = []
    if _mentions_large_refund(lowered):
        found.append(EscalationReason.REFUND_OVER_LIMIT)
    found.extend(
        reason
        for reason, pattern in _PATTERNS.items()
        if pattern.search(lowered) or _WITH_OBJECT.get(reason, _nothing)(text)
    )
    if sounds_shouted(text) and EscalationReason.UPSET_ATTENDEE not in found:
        found.append(EscalationReason.UPSET_ATTENDEE)
    return found


def mentioned_amounts(text: str) -> list[Decimal]:
    """Money amounts written with a currency sign or word ("$1,250", "600 dollars")."""
    amounts = []
    for match in _MONEY.finditer(text):
        raw = (match.group("pre") or match.group("post") or "").replace(",", "")
        try:
            amounts.append(Decimal(raw))
        except InvalidOperation:
            continue
    return amounts


def sounds_shouted(text: str) -> bool:
    """Three exclamation marks in a row, or a message mostly in capitals, read as upset."""
    if "!!!" in text:
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _mentions_large_refund(lowered: str) -> bool:
    if not any(w in lowered for w in _REFUND_WORDS):
        return False
    return any(a > REFUND_ESCALATION_THRESHOLD for a in mentioned_amounts(lowered))
