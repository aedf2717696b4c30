"""Disclaimers that ask for nothing to be done: "just curious", "no action needed".

An indirect request often comes with a word on how it is meant: "just curious, nothing
to do: which ticket type brings in the most?", "not urgent at all, but I wonder...",
"purely out of curiosity, don't send anything: how is the campaign doing?". Such a
disclaimer is not a request of its own (no department is asked anything by "just
curious"), and it does not make the rest a command: what follows is read as if the
disclaimer were not there. The router reads a piece that is only a disclaimer as an
aside (``nodes.routing.clause_roles``); the question mood strips disclaimers from the
start of a sentence before it reads the sentence (``domain.question_mood``).

Matched on folded text (``domain.negation.fold``: lower case, accents removed).
"""

from __future__ import annotations

import re

from domain.negation import fold

_CONNECTIVE = r"(?:(?:but|and|so|ok|okay|well|pero|y|mais|et|aber|und|also)[,]?\s+)*"

_DISCLAIMER = (
    r"(?:"
    # curiosity: the speaker only wants to know
    r"(?:i'?m |i am )?(?:just |only |purely |simply )?(?:curious|wondering)|"
    r"(?:just |only |purely |simply )?(?:out of|for) (?:pure |sheer |idle )?curiosity|"
    r"(?:just )?so (?:i|we) know|for my (?:own )?(?:info|information|curiosity)|fyi|"
    # nothing asked of the assistant
    r"(?:there'?s |there is )?no (?:action|follow-?up|changes?) (?:needed|required|necessary)|"
    r"(?:there'?s |there is )?nothing (?:to do|needed|required|to action)"
    r"(?: (?:yet|for now|on your side|here|there))?|"
    r"no need to (?:do|change|act on|touch) (?:anything|it)(?: yet| for now)?|"
    r"(?:i'?m |i am )?not asking (?:you )?(?:to do anything|for (?:anything|any action))|"
    # no urgency
    r"(?:it'?s |this is )?not urgent(?: at all)?|no rush|no hurry|low priority|"
    # Spanish
    r"(?:solo |simplemente )?(?:por|de) curiosidad|no es urgente|sin prisa|"
    r"no hace falta (?:hacer )?nada|"
    # French
    r"(?:juste |simplement )?par (?:simple |pure )?curiosite|(?:ce n'est )?pas urgent|"
    r"rien a faire|rien d'urgent|"
    # German
    r"(?:nur |rein )?aus (?:reiner )?neugier|nicht dringend|(?:es ist )?nichts zu tun|ohne eile"
    r")"
)

_WHOLE = re.compile(rf"^{_CONNECTIVE}(?:{_DISCLAIMER}(?:,?\s+|$))+$")
_LEADING = re.compile(rf"^{_CONNECTIVE}(?:{_DISCLAIMER}\s*[,:;\-–—]\s*{_CONNECTIVE})+")


def is_disclaimer(piece: str) -> bool:
    """Whether ``piece`` only says how the request is meant ("just curious", "not urgent")."""
    text = fold(piece).strip(" ¿¡?!.,;:\"'()-–—")
    return bool(text) and _WHOLE.match(text + " ") is not None


def without_disclaimers(sentence: str) -> str:
    """``sentence`` (folded) without the disclaimers that open it, each cut off by a comma,
    a colon or a dash ("just curious, nothing to do: which type sells most?" reads
    "which type sells most?"); unchanged when it opens with none."""
    folded = fold(sentence).strip()
    match = _LEADING.match(folded)
    return folded[match.end() :] if match else folded
