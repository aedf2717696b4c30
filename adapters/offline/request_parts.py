"""The parts of a request that each ask for something of their own.

"How far over budget is Venue & AV, and who owns the overdue AV run sheet?" asks two
things; "Process the refund for ORD-10950 - what ticket type was it?" asks for an action
and a fact. The whole text's best tool serves one part, so the planner plans each part
alone too (``planner.written_steps``): every part gets its step and so its answer.

A part starts at a sentence end or a semicolon, or at "and"/"also"/a comma/a dash when
the words after it open a question ("what", "how many", "¿cuánto", "combien", "wie
viel"...) or an instruction ("tell me", "remind", "refund", "sag mir"...). "Compare the
newsletter and the LinkedIn campaign" stays whole (a name follows "and"), and so does a
list of nouns ("planned and spent"). A condition ("if not, send them a reminder") is no
part of its own: it is the planner's conditional action, not a step to take regardless.
Plain text handling on folded text (``domain.negation.fold``); the planner decides what
each part is about.
"""

from __future__ import annotations

import re

from domain.negation import fold
from domain.question_mood import asks_for_information

_ASK = (
    r"how|what|whats|which|who|whos|whose|when|where|"
    r"que|cuanto|cuanta|cuantos|cuantas|quien|cuando|donde|cual|cuales|como|"
    r"combien|quel|quelle|quels|quelles|qui|quand|ou|comment|"
    r"wie|was|wer|wann|welche|welcher|welches|welchen|wo|wieviel"
)
"""Question words that open a question of their own after "and", a comma or a dash."""
_ACT = (
    r"tell me|let me know|remind|refund|escalate|resend|send|process|mark|draft|book|"
    r"schedule|post|email|research|give me|show me|list|check|"
    r"dime|dame|reembolsa|envia|manda|recuerda|escala|programa|reenvia|"
    r"dis-moi|dis moi|donne-moi|envoie|rappelle|rembourse|renvoie|relance|programme|"
    r"sag mir|nenn mir|zeig mir|erinnere|schick|sende|erstatte|eskaliere|buche"
)
"""Instructions that open a part of their own after "and", a comma or a dash."""
_LEAD = r"(?:also|and|then|plus|please|separately|y|et|und|aussi|auch|ademas)[,:]?\s+"
_PREPOSITION = r"(?:by|until|for|from|in|on|at|to|with|since|de|a|en|par|pour|bis|seit|für|fur)"
_SOFT = re.compile(
    rf"(?:,?\s+(?:and|also|plus|y|et|und)\s+|(?P<comma>,)\s+|\s+[-\u2013\u2014]\s+)"
    rf"(?=(?:{_LEAD}){{0,3}}[¿¡]?(?:{_PREPOSITION}\s+)?(?:{_ASK}|{_ACT})\b)"
)
_NO_CLAUSE = re.compile(
    rf"^(?:{_PREPOSITION}|across|over|during|after|before|as|so|now|ok|okay|hey|hi|"
    r"well|btw|durante|desde|pendant|depuis|während|wahrend|im|am)\b"
)
"""How a bare comma's left side starts when it is an adverbial ("So far, how much...",
"Across all our campaigns, what...") rather than a clause of its own."""
COMMA_CLAUSE_WORDS = 3
_HARD = re.compile(r"(?<=[?!])\s+|(?<=\.)\s+(?=[¿¡]?[A-Z])|\s*;\s*")
_AUXILIARY = (
    r"is|are|was|were|does|did|do|has|have|can|could|would|will|"
    r"hay|hemos|tenemos|est|avons|ist|sind|hat|haben|gibt|kannst|konnen"
)
_ASKING = re.compile(rf"^(?:{_LEAD})*[¿¡]?(?:{_PREPOSITION}\s+)?(?:{_ASK}|{_ACT}|{_AUXILIARY})\b")
"""How a part that asks for something starts; others ("Just got back from Lisbon",
"Keira Lopez is furious") are context, no step of their own."""
_IF = r"(?:if|unless|otherwise|in case|si|sino|sinon|wenn|falls|sonst|ansonsten)"
_CONDITION = re.compile(rf"^{_IF}\b")
_CONDITIONED = re.compile(
    rf"(?:^|,\s*|\b(?:and|but|or|y|pero|o|et|mais|ou|und|aber|oder)\s+){_IF}\b"
)
"""A part that holds a condition ("If fewer than 50", "and unless it was a comp"): the
action cut off after it would become a step taken regardless, so the request stays whole
for the planner's conditional action."""
MIN_WORDS = 2


def request_parts(text: str) -> list[str]:
    """The parts of ``text`` that ask for something each, or [] when it asks one thing.

    The parts keep the request's own words (not folded); a leading "also"/"and" stays
    with its part, whose meaning it does not change.
    """
    parts: list[str] = []
    for sentence in _HARD.split(text.strip()):
        start = 0
        folded = fold(sentence)
        if len(folded) != len(sentence):  # folding changed the length: cut on the text
            folded = sentence.lower()
        for match in _SOFT.finditer(folded):
            left = folded[start : match.start()].strip()
            if match.group("comma") and (
                len(left.split()) < COMMA_CLAUSE_WORDS or _NO_CLAUSE.match(left)
            ):
                continue  # "sag mir, wie viel...", "So far, how much...": one part
            parts.append(sentence[start : match.start()])
            start = match.end()
        parts.append(sentence[start:])
    kept = [part.strip(" ,.-\u2013\u2014") for part in parts]
    if any(_CONDITIONED.search(fold(part)) for part in kept):
        return []
    kept = [part for part in kept if len(part.split()) >= MIN_WORDS and _asks(part)]
    return kept if len(kept) >= 2 else []


def _asks(part: str) -> bool:
    """Whether ``part`` asks for something (a question or an instruction), and not only
    under a condition."""
    folded = fold(part)
    if _CONDITION.match(folded):
        return False
    return part.rstrip().endswith("?") or _ASKING.match(folded) is not None


_POLITE = re.compile(
    r"^(?:please\s+)?(?:can|could|would|will)\s+(?:you|u)\b|"
    r"^(?:puedes|podrias|peux-tu|pourrais-tu|kannst du|konntest du)\b"
)


def only_asks(part: str) -> bool:
    """Whether ``part`` is a question to be told something ("is it in yet?", "how
    much did she pay?"): no part of a request that acts. A polite request ("can you
    refund it?") and an instruction ("tell me...", "refund...") are not."""
    folded = fold(part).strip()
    if _POLITE.match(folded) or re.match(rf"^(?:{_LEAD})*(?:{_ACT})\b", folded):
        return False
    return folded.endswith("?") or asks_for_information(part)
