"""A general question no tool fits goes to the knowledge base, not to "I can't" or a form.

Two ways the offline model failed attendees' questions: a question in another language
matched no tool at all ("Gibt es Rabatte für Gruppen?" got "I found no tool for that"),
and a question about the event was matched to a tool that needs an order number, so the
user was asked for one ("do VIP tickets include the dinner?" -> "I need the order
number"). When the department has a knowledge-base search bound, both are answered
from it instead. A question about the user's own order or ticket ("where is my
ticket?") still gets the clarifying question: only the order can answer it.
"""

from __future__ import annotations

import re

from domain.negation import fold

KNOWLEDGE_TOOL = "search_knowledge_base"

_QUESTION = re.compile(
    r"\?|^\s*(?:what|how|when|where|which|who|why|is there|are there|is it|can i|can we|"
    r"do|does|will|que|como|cuando|donde|cual|cuanto|hay|puedo|se puede|est-ce|comment|"
    r"quand|ou|quel|quelle|combien|y a-t-il|peut-on|wie|wann|wo|was|welche|gibt es|kann ich|"
    r"darf ich)\b"
)
_OWN_ORDER = re.compile(
    r"\b(?:ord-\d+|order|orders|booking|purchase|my|mine|"
    r"pedido|compra|mi|mis|commande|achat|mon|ma|mes|bestellung|buchung|kauf|mein\w*)\b|@"
)
"""Words that make a question about one order or the user's own tickets (possessives):
only the order lookup can answer it."""


_REPORTED_QUESTION = re.compile(
    r"\b(?:wants? to know|would like to know|(?:is |are |was |were )?(?:asking|wondering)|"
    r"asks?|asked|has asked|have asked|keeps? asking|"
    r"(?:quiere|quieren|queria) saber|pregunta|preguntan|pregunto|"
    r"(?:veut|veulent|voudrait) savoir|demande|demandent|se demande|"
    r"(?:mochte|will|wollen|mochten) wissen|fragt|fragen|fragte)"
    r"(?:,)? (?:\w+ )?(?:if|whether|what|when|where|how|which|who|why|about|"
    r"si|que|cuando|donde|como|cual|cuanto|cuantos|cuantas|quand|ou|comment|quel|quelle|"
    r"combien|ob|wann|wo|wie|was|welche|welcher|nach|por)\b"
)
"""A question reported for someone ("an attendee wants to know if...", "someone on the
phone is asking what happens...", "ein Teilnehmer möchte wissen, wie viele..."): the
request passes on their question."""


def is_question(text: str) -> bool:
    """Whether ``text`` asks something: a question mark, an opening question word, or a
    question reported for someone else (``_REPORTED_QUESTION``)."""
    folded = fold(text)
    return bool(_QUESTION.search(folded) or _REPORTED_QUESTION.search(folded))


def about_an_order(text: str) -> bool:
    """Whether ``text`` is about a particular order or the user's own tickets."""
    return bool(_OWN_ORDER.search(fold(text)))


def knowledge_fallback(bound: set[str] | frozenset[str], text: str, *, matched: bool) -> bool:
    """Whether to search the knowledge base instead of answering "no tool" or asking.

    ``matched`` is whether a tool was matched (and now lacks an argument): then only a
    question that is not about an order falls back; with no tool matched, any question.
    """
    if KNOWLEDGE_TOOL not in bound or not is_question(text):
        return False
    return not matched or not about_an_order(text)
