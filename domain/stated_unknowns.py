"""Statements of not knowing that ask a question: "I've no idea when StreamHouse confirms".

A speaker who says what they do not know ("not sure when the caterer has to confirm",
"I can't remember who owns the banners", "no sé cuándo cierra el trato", "je ne sais pas
qui a acheté", "keine Ahnung, wann sie bestätigen müssen") asks to be told it, as
"I wonder when..." does: the implied need is the answer, not an action on the thing.
An action word beside it still makes a request ("not sure when they confirm, so remind
them"), which ``domain.question_mood`` checks as for any remark.

Matched on folded text (``domain.negation.fold``: lower case, accents removed); the
pattern is anchored at the start of a sentence and has no nested repetition, so it
stays linear on long input.
"""

from __future__ import annotations

import re

_NOT_KNOWING = (
    r"(?:"
    # English: "I've no idea", "no clue", "not sure", "I don't know", "I can't remember"
    r"(?:(?:i|we)(?:'ve| have)? (?:got )?)?(?:no|not a) (?:idea|clue)|"
    r"(?:(?:i'm|im|i am|we're|we are) )?(?:not (?:(?:quite|really|totally|entirely) )?sure|"
    r"unsure)|"
    r"(?:i|we) (?:(?:don'?t|do not|really don'?t) (?:know|remember|recall)|"
    r"can'?t (?:remember|recall|tell)|cannot (?:remember|recall|tell)|(?:forgot|forget)|"
    r"have no (?:idea|clue))|"
    # Spanish: "no sé", "ni idea de", "no recuerdo", "no estoy seguro/a"
    r"(?:(?:yo )?no se|ni idea(?: de)?|no tengo (?:ni )?idea(?: de)?|no recuerdo|no me acuerdo"
    r"(?: de)?|no estoy segur[oa](?: de)?)|"
    # French: "je ne sais pas", "aucune idée", "je ne me souviens plus", "pas sûr"
    r"(?:je ne sais (?:pas|plus)|je sais pas|aucune idee|je n'ai aucune idee|"
    r"je ne me (?:souviens|rappelle) (?:pas|plus)|(?:je ne suis )?pas sur(?:e)?)|"
    # German: "ich weiß nicht", "keine Ahnung", "ich bin nicht sicher", "ich erinnere mich nicht"
    r"(?:ich wei(?:ss|ß) (?:nicht|es nicht)|keine ahnung|ich bin (?:mir )?nicht sicher|"
    r"ich erinnere mich nicht|ich habe vergessen)"
    r")"
)
_ASKED = (
    r"(?:what|which|when|who|whom|whose|where|why|how|whether|if|"
    r"que|cual|cuales|cuanto|cuanta|cuantos|cuantas|cuando|como|quien|quienes|donde|si|"
    r"quel|quelle|quels|quelles|combien|quand|comment|qui|ou|pourquoi|"
    r"was|welche|welcher|welches|welchen|wie|wann|wer|wo|warum|ob)"
)
_PREPOSITION = (
    r"(?:(?:de|about|on|by|until|till|to|for|from|at|in|a|para|hasta|en|con|pour|par|jusqu'a|"
    r"bis|an|zu|seit|von|mit|fur) )?"
)
"""A preposition before the question word ("no idea by when", "keine Ahnung, bis wann")."""
_LEAD = r"(?:(?:honestly|tbh|ok|okay|so|um|hmm|well|sorry|y|et|und|pero|mais|aber)[,]? )*"

STATED_UNKNOWN = re.compile(rf"^[\"'(\s]*{_LEAD}{_NOT_KNOWING}[,:]? {_PREPOSITION}{_ASKED}\b")
"""A sentence opening with what the speaker does not know, then the question word."""


def states_unknown(sentence: str) -> bool:
    """Whether the folded ``sentence`` opens by saying what the speaker does not know."""
    return STATED_UNKNOWN.search(sentence) is not None
