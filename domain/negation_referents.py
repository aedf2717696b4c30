"""Negations whose action is not named by its verb: a pronoun, the speaker, or a time.

``domain.negation`` reads "don't refund", "no envíes", "nicht eskalieren": the verb says
which action is ruled out. Three common ways of ruling an action out name it otherwise:

- a generic verb with a pronoun for its object: "check the refund but don't process
  it", "no lo tramites", "ne le traite pas", "bearbeite es nicht". The pronoun points at
  the action the request named before it (the refund), so that action is withheld; when
  nothing was named before, every action is ("don't do it").
- the speaker will do it: "I'll ping them myself on Monday", "lo envío yo mismo",
  "je les relance moi-même", "ich erinnere sie selbst". The named action is withheld.
- a time that rules out now: "not this week", "not today", "pas cette semaine",
  "nicht diese Woche", "esta semana no", standing as a clause of its own: every action
  is withheld (nothing can be put off by the assistant, so nothing is proposed).
- a thing or a person to be left alone: "leave StreamHouse alone", "deja a X en paz",
  "laisse X tranquille", "lass X in Ruhe": every action is withheld.

The functions take folded text (``domain.negation.fold``) whose clause breaks are " | "
and the action-verb table, so this module needs nothing from ``domain.negation``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

ALL = "act"
"""What a pronoun with nothing named before it, or a time ruling out now, withholds:
every action (``domain.negation.ANY_ACTION``)."""

_GENERIC = re.compile(
    # English: "don't process it", "do not action that yet", "no need to do it", "don't go
    # ahead with it".
    r"\b(?:don'?t|do not|dont|never|no need to|not|hold off on|without) "
    r"(?:(?:yet|actually|really|just|please|need to|have to|want to) ){0,2}"
    r"(?:process|processing|action|actioning|execute|executing|issue|issuing|do|doing|"
    r"carry out|go ahead with|proceed with|submit|approve|run|trigger|complete|finish) "
    r"(?:it|that|this|them|those)\b|"
    # Spanish: "no lo proceses", "no la tramites todavía", "no lo hagas".
    r"\bno (?:lo|la|los|las) (?:proceses|procese|tramites|tramite|hagas|haga|ejecutes|"
    r"ejecute|apruebes|apruebe|completes|complete)\b|"
    # French: "ne le traite pas", "ne la faites pas", "ne pas le traiter".
    r"\bne (?:le |la |les |l')?(?:traite|traitez|fais|faites|lance|lancez|valide|validez|"
    r"execute|executez) (?:pas|jamais)\b|"
    r"\bne pas (?:le |la |les |l')?(?:traiter|faire|lancer|valider|executer)\b|"
    # German: "bearbeite es nicht", "mach das noch nicht", "es nicht bearbeiten".
    r"\b(?:bearbeite|bearbeitet|mach|macht|mache|fuhre|fuhrt|veranlasse|veranlasst) "
    r"(?:es|sie|das|ihn) (?:noch |bitte |jetzt )*nicht\b|"
    r"\b(?:es|das|sie) (?:noch |bitte |jetzt )*nicht (?:bearbeiten|machen|ausfuhren|"
    r"veranlassen|erledigen)\b"
)

_SELF = (
    r"(?:myself|ourselves|yo mismo|yo misma|nosotros mismos|moi-meme|moi meme|nous-memes|"
    r"selbst|selber)"
)
_FIRST_PERSON = (
    r"(?:i'?ll|i will|i'?m going to|i am going to|i can|we'?ll|we will|i'?d rather|"
    r"lo|la|los|las|les|yo|je|j'|nous|ich|wir)"
)

_NOT_NOW = re.compile(
    r"(?:^|\| )(?:(?:but|and|just|pero|y|mais|et|aber|und) )?"
    r"(?:not (?:this week|today|tonight|now|right now|for now|this month)|"
    r"(?:esta semana|hoy|ahora) no|no (?:esta semana|hoy|por ahora)|"
    r"pas (?:cette semaine|aujourd'hui|maintenant|tout de suite)|"
    r"nicht (?:diese woche|heute|jetzt|sofort)|(?:diese woche|heute|jetzt) nicht)"
    r"(?: (?:though|please|thanks|por favor|merci|bitte))? ?(?:\||$)"
)
"""A clause that is only a time ruling out now ("Not this week - I'll do it Monday")."""


_LEFT_ALONE = re.compile(
    # English: "leave StreamHouse alone", "leave the caterer be", "let it rest".
    r"\bleave (?:(?!to\b)[\w'@.&-]+ ){1,4}?(?:alone\b|be(?: (?:for now|yet|please))? ?(?:\||$))|"
    r"\blet (?:it|them|that|this) (?:rest|lie|be(?: (?:alone|for now))? ?(?:\||$))|"
    # Spanish: "deja a TranslateNow en paz", "no molestes a Priya".
    r"\b(?:deja|dejad|dejemos|dejar|deje) (?:[\w'@.&-]+ ){1,4}?en paz\b|"
    r"\bno (?:molestes|molesten|molestemos) a\b|"
    # French: "laisse StreamHouse tranquille", "ne dérange pas Ines".
    r"\b(?:laisse|laissez|laissons|laisser) (?:[\w'@.&-]+ ){1,4}?tranquilles?\b|"
    r"\bne (?:derange|derangez|derangeons) pas\b|"
    # German: "lass ORD-10118 in Ruhe", "bitte in Ruhe lassen".
    r"\b(?:lass|lasst|lassen|lasse) (?:[\w'@.&-]+ ){0,4}?in ruhe\b|\bin ruhe lassen\b"
)
"""A record or a person to be left alone ("leave StreamHouse alone for now", "lass
ORD-10118 in Ruhe"): nothing is to be done to them, so every action is withheld."""


def pronoun_actions(folded: str, verbs: Mapping[str, str]) -> set[str]:
    """Actions a generic verb with a pronoun rules out ("check the refund but don't
    process it" -> {"refund"}); every action (``ALL``) when none is named before it."""
    found: set[str] = set()
    for match in _GENERIC.finditer(folded):
        before = folded[: match.start()]
        named = {a for a, verb in verbs.items() if re.search(rf"\b(?:{verb})\b", before)}
        found |= named or {ALL}
    return found


def self_done_actions(folded: str, verbs: Mapping[str, str]) -> set[str]:
    """Actions the speaker says they will take themselves ("I'll ping them myself")."""
    return {
        action
        for action, verb in verbs.items()
        if re.search(
            rf"\b{_FIRST_PERSON} (?:[\w'@.-]+ ){{0,2}}?(?:{verb})\b"
            rf"(?: [\w'@.-]+){{0,5}}? {_SELF}\b",
            folded,
        )
    }


def not_now(folded: str) -> bool:
    """Whether a clause of ``folded`` only says "not now" ("not this week", "noch nicht")."""
    return _NOT_NOW.search(folded) is not None


def left_alone(folded: str, verbs: Mapping[str, str], withheld: set[str]) -> bool:
    """Whether ``folded`` asks for something to be left alone ("leave X alone") and asks
    for no action besides: "leave the VIP booking alone but refund ORD-10402" rules out
    nothing for the refund, whose clause is its own."""
    match = _LEFT_ALONE.search(folded)
    if match is None:
        return False
    rest = folded[: match.start()] + " | " + folded[match.end() :]
    return not any(
        action not in withheld and re.search(rf"\b(?:{verb})\b", rest)
        for action, verb in verbs.items()
    )
