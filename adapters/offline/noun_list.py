"""A bare list of things asked for ("tickets sold by channel, the Catering budget,
pending vendors"): one read per item.

A request may name what it wants without a verb for each: a comma list of noun phrases,
often after a lead-in ("for the board deck: ...", "Para la reunión del lunes: ..."). No
"and" opens a question between them, so ``request_parts`` sees one ask, and the whole
text's best tool serves one item. Two or more short items, none of which opens with
a question word or an instruction (those are parts of their own) and no condition, are
the steps of the request, each planned alone (``planner.written_steps``) as a thing
to be told: an item gets a read, never an action. The whole request's own plan stays:
a terse list may give one job's details ("proposal for Nimbus Metrics, silver package,
5% off"), whose items name no read of their own.
"""

from __future__ import annotations

import re

from domain.negation import fold

MIN_ITEMS = 2
"""The router hands each department its share of a longer list ("deals in negotiation,
the Gold package price" of three things asked): two items are a list too."""
MAX_ITEMS = 8
MAX_ITEM_WORDS = 9
MAX_TEXT = 600
"""Longer requests are prose, not a list; they are not split here (bounded work)."""
LEAD_IN_MAX = 100
"""A colon this far in ends a lead-in ("need 3 things for the board deck:")."""

_LAST_AND = re.compile(r"\s+(?:and|y|e|et|und|as well as)\s+(?!.*\s(?:and|y|e|et|und)\s)")
_OPENS_CLAUSE = re.compile(
    r"^(?:please |pls |also |then |and )?(?:"
    r"how|what|whats|which|who|whos|when|where|why|is|are|was|were|do|does|did|can|could|"
    r"would|should|will|send|remind|refund|escalate|resend|email|draft|book|schedule|post|"
    r"create|launch|set|update|move|mark|cancel|transfer|research|find|tell|give|show|check|"
    r"list|leave|skip|exclude|include|add|remove|pull|get|compare|but|except|not|no|dont|"
    r"pero|excepto|sin contar|mais|sauf|aber|ausser|ohne|"
    r"que|cuanto|cuantos|quien|cuando|donde|cual|como|envia|manda|dime|dame|"
    r"combien|quel|quelle|qui|quand|comment|envoie|donne|"
    r"wie|was|wer|wann|welche|wo|schick|sende|sag|zeig|"
    r"if|unless|otherwise|in case|si|sino|sinon|wenn|falls|sonst)\b"
)


_PROSE = re.compile(
    r"\b(?:hi|hello|hey|hola|buenos dias|bonjour|salut|hallo|guten tag|thanks|thank you|gracias|"
    r"merci|danke|i|im|ive|id|we|me|my|our team|yo|mi|quiero|necesito|je|j|moi|mon|ma|"
    r"ich|mir|mein\w*|wir|nous|nosotros)\b"
)
"""Words of a sentence about the writer ("Hola, quiero que me devuelvan...", "Hi, I can't
come, ...") or a greeting: such commas join clauses of prose, not listed things."""
_SENTENCE_END = re.compile(r"[.?!]\s")
"""A sentence ending inside the text: two sentences are prose, not one list."""


def noun_list_items(text: str, minimum: int = MIN_ITEMS) -> list[str]:
    """The items of a bare list of things ``text`` asks for, or [] when it is none.

    Items keep the request's own words; a lead-in before a colon is left out. A list
    of fewer than ``minimum`` items is none.
    """
    if len(text) > MAX_TEXT or "\n" in text.strip():
        return []
    body = text.strip()
    colon = body.find(":", 0, LEAD_IN_MAX)
    if colon >= 0:
        body = body[colon + 1 :]
    body = body.strip().rstrip(".?!")
    if _SENTENCE_END.search(body):
        return []
    pieces = [p.strip() for p in re.split(r"[,;]", body)]
    if pieces and pieces[-1]:
        last = _LAST_AND.split(pieces[-1], maxsplit=1)
        if len(last) == 2 and len(pieces) >= 2:
            pieces[-1:] = [last[0].strip(), last[1].strip()]
    items = [_without_and(p) for p in pieces if p]
    if not minimum <= len(items) <= MAX_ITEMS:
        return []
    for item in items:
        words = item.split()
        folded = fold(item)
        if not words or len(words) > MAX_ITEM_WORDS or _OPENS_CLAUSE.match(folded):
            return []
        if _PROSE.search(folded):
            return []
    return items


_AND_OPENING = re.compile(r"^(?:and|y|et|und|plus)\s+", re.IGNORECASE)


def _without_and(piece: str) -> str:
    """A last item written after ", and" without the "and"."""
    return _AND_OPENING.sub("", piece).strip()
