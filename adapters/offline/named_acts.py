"""A report that asks for no act gets a read, not an action.

"Samuel reckons he was charged the wrong amount on ORD-12222" reads close in meaning to
the refund tool's description, and close enough in words (order, amount) to win over the
order's lookup; yet nobody asked for a refund, or for anything to be done. Such a request
names no act (none of the acting tools' trigger phrases, ``prompts/offline_triggers.md``:
"refund", "money back", "can't come", "resend", "remind"...) and gives no command (no
imperative verb opening a clause, no "can you" or "please"). When a read the request can
run is among the candidates, the read answers and the action waits until it is asked
for: when unsure, read rather than act.

A command keeps its action whatever its wording ("mark Beacon Health lost", "we lost
the deal, record it"), and so does a request that names some act: which one is then the
picker's choice, as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from domain.imperative_verbs import IMPERATIVE_VERBS
from domain.negation import fold

if TYPE_CHECKING:
    from adapters.offline.tool_picker import ToolScore

_CLAUSE_BREAK = re.compile(
    r"[.!?;:,()\n\"]|\s[-\u2013\u2014]\s|"
    r"\b(?:and|then|also|but|so|y|luego|pero|et|puis|mais|und|dann|aber)\b"
)
"""Where a clause may start with its own verb."""
_POLITE_REQUEST = re.compile(
    r"\b(?:can|could|would|will) (?:you|u|ya)\b|\b(?:can|could|shall) we\b|\bplease\b|\bpls\b|"
    r"\bplz\b|\blet's\b|"
    r"\bpor favor\b|\bpuedes\b|\bpodrias\b|\bs'il (?:te|vous) plait\b|\bpeux-tu\b|"
    r"\bpourriez-vous\b|\bpouvez-vous\b|\bkannst du\b|\bkonntest du\b|\bbitte\b|"
    # a wish is a request too ("I would like my money returned", "je voudrais...")
    r"\bi(?:'d| would) (?:like|love)\b|\bi (?:want|need)\b|\bwe (?:want|need)\b|"
    r"\bme gustaria\b|\bquiero\b|\bquisiera\b|\bnecesito\b|\bje (?:voudrais|veux)\b|"
    r"\bj'aimerais\b|\bich (?:mochte|will|brauche|hatte gern)\b"
)
_OPENERS = frozenset(
    ("ok", "okay", "so", "hey", "hi", "hello", "now", "just", "pls", "please", "also", "then")
)
_MORE_IMPERATIVES = frozenset(
    (
        *("pasa", "pon", "mueve", "marca", "cambia", "escribele", "enriquece", "reenvia"),
        *("passe", "mets", "deplace", "marque", "change", "modifie", "ecris", "enrichis"),
        *("setze", "verschiebe", "markiere", "andere", "aktualisiere", "maile", "schreib"),
        *("ruf", "buche", "reichere", "see", "mark", "log", "record", "flag", "add", "put"),
    )
)
"""Imperatives of moving, marking and writing that ``IMPERATIVE_VERBS`` lacks."""
SCANNED_CHARS = 2000
"""Only the opening of a very long request is scanned for a command (bounded work)."""


def gives_a_command(text: str) -> bool:
    """Whether ``text`` asks for something to be done: a polite request ("can you...",
    "please", "bitte") or a clause opening with a verb in the imperative."""
    folded = fold(text[:SCANNED_CHARS])
    if _POLITE_REQUEST.search(folded):
        return True
    for piece in _CLAUSE_BREAK.split(folded):
        words = [w.strip("¿¡'") for w in piece.split()]
        while words and words[0] in _OPENERS:
            words = words[1:]
        if words and (words[0] in IMPERATIVE_VERBS or words[0] in _MORE_IMPERATIVES):
            return True
    return False


def unnamed_actions(
    text: str, scores: Sequence[ToolScore], acting: Iterable[str]
) -> frozenset[str]:
    """The acting tools among ``scores`` to leave out for ``text``: all of them when the
    request names no act (no acting tool's trigger matched), gives no command, and some
    tool that does not act can run instead (its arguments fill: ``fit >= 0``); else none."""
    acting = frozenset(acting)
    candidates = [s for s in scores if s.name in acting]
    if not candidates or any(s.trigger > 0 for s in candidates):
        return frozenset()
    if not any(s.name not in acting and s.fit >= 0 for s in scores):
        return frozenset()
    if gives_a_command(text):
        return frozenset()
    return frozenset(s.name for s in candidates)
