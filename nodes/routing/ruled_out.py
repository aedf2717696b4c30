"""What a request asks once the parts it rules out or sets aside are taken away.

"forget the newsletter for now - what's our revenue so far this month?" names a
marketing object only to set it aside; "don't research them again - just tell me what
stage the Beacon Logic deal is at" names research only as what not to do. Read whole,
such a request leans toward the department it rules out. ``asked_part`` is the text the
classifier should read: the request without its clauses that

- rule an action out ("don't ...", "no need to ...", "not asking you to ...", "no
  toques ...", "ne touchez pas ...", "nicht ...": ``domain.negation.rules_out``);
- set a subject aside ("forget the ...", "leave the ads alone", "never mind ...",
  "olvida ...", "laisse tomber ...", "vergiss ...");
- say what the request is not about ("this isn't about your marketing emails", "not a
  marketing question", "no es sobre ...", "ce n'est pas pour ...", "es geht nicht um ...").

A clause is cut at a comma, semicolon, colon, sentence end or spaced dash, or before
"just"/"only"/"solo"/"juste"/"nur". A dropped clause's names stay ("don't email Mateo
Eriksson yet, just tell me what his company's deal is worth": whose deal). Nothing is
dropped when what is left would be under two words, when the clause is a question ("no
parking at the venue?" asks), when it states what did not happen ("not one sponsor
replied this week": ``domain.negation.states_fact``), or when what came before names
the action it rules out ("has anyone emailed Lucas? no need to send him anything" asks
about that action). The text a department is given is not changed; only what the router
reads.
"""

from __future__ import annotations

import re
from functools import cache

from domain.negation import VERBS, fold, rules_out, states_fact, withheld_actions
from nodes.routing.text import normalise

_BREAK = re.compile(
    r"(\s*(?:[,;:!?¿¡()\n]|\.(?:\s|$)|\s[-–—]+\s)\s*|\s+(?=(?:but|just|only|instead|pero|solo|"
    r"sino|mais|juste|plutot|aber|nur|sondern)\s))",
    re.IGNORECASE,
)

_SETS_ASIDE = re.compile(
    r"^(?:(?:and|so|but|ok|okay|y|pero|et|mais|und|aber)\s+)*(?:"
    r"forget(?: about)?|never ?mind|ignore|disregard|skip|"
    r"olvida(?:te de)?|olvidemos|oublie[sz]?|oublions|laisse tomber|vergiss|vergessen sie|"
    r"(?:leave|let|deja|dejad|dejemos|laisse[sz]?|lass|lasst)\s+(?:\S+\s+){1,5}?"
    r"(?:alone|aside|be|out of (?:it|this)|for now|de lado|en paz|tranquil[oa]s?|"
    r"de cote|tranquilles?|in ruhe|beiseite|weg|aussen vor)"
    r")\b"
)
"""Openings that set a subject aside; "leave"/"deja"/"laisse"/"lass" only with the
word that makes them a dismissal ("leave the ads alone", not "leave a note")."""

_NOT_ABOUT = re.compile(
    r"^(?:(?:and|so|but|y|pero|et|mais|und|aber)\s+)*(?:"
    r"(?:this|it|that|my question|the question)\s*(?:'s|is|was)?\s*(?:n't|not)\s+"
    r"(?:about|a|an|for|regarding|related to)|"
    r"(?:this|it|that)\s+isn't\s+(?:about|a|an|for|regarding)|"
    r"not (?:about|a|an|regarding|related to)\s|nothing to do with|"
    r"no es (?:sobre|por|de|una?)|no se trata de|no tiene que ver con|"
    r"ce n'est pas (?:pour|a propos|sur|une?|le|la|les)|il ne s'agit pas|"
    r"c'est pas (?:pour|a propos|sur|une?)|"
    r"es geht nicht um|nicht wegen|das ist keine|es ist keine"
    r")"
)
"""Openings that say what the request is not about."""


_NAMED = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[A-Z]{2,}-\d+\b|\b[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*)+"
)
"""An address, an id ("ORD-10463") or a run of capitalised words ("Mateo Eriksson")."""


def _names_in(clause: str) -> str:
    """The names a dropped clause holds ("don't email Mateo Eriksson yet" -> "Mateo
    Eriksson"): who or what the rest asks about may be named only there. The clause's
    first word is left out (a sentence opens with a capital)."""
    words = clause.split()
    rest = clause[clause.find(words[0]) + len(words[0]) :] if words else ""
    return " ".join(found.group(0) for found in _NAMED.finditer(rest))


def drops(clause: str) -> bool:
    """Whether ``clause`` only rules something out, sets it aside or says what the
    request is not about (and is not itself a question)."""
    if "?" in clause:
        return False
    bare = normalise(clause)
    if not bare or states_fact(clause):  # "not one sponsor replied": what happened
        return False
    return bool(rules_out(clause) or _SETS_ASIDE.match(bare) or _NOT_ABOUT.match(bare))


@cache
def _verb(action: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{VERBS[action]})")


def _actions_named(kept_clause: str) -> set[str]:
    """The actions (keys of ``VERBS``) a kept clause names ("has anyone emailed Lucas?"
    -> send). Read one clause at a time, so a long request is read once, not again for
    every clause it drops."""
    folded = fold(kept_clause)
    return {action for action in VERBS if _verb(action).search(folded)}


def _asked_about(clause: str, named_before: set[str]) -> bool:
    """Whether what came before names the very action ``clause`` rules out ("has anyone
    emailed Lucas? no need to send him anything"): the clause then belongs to what is
    asked (as ``conditions.is_condition`` reads it) and is kept. ``named_before`` holds
    the actions the kept clauses before it name (``_actions_named``)."""
    return bool(withheld_actions(clause) & named_before)


def only_rules_out(text: str) -> bool:
    """Whether every clause of ``text`` is one ``drops`` finds: a piece with nothing
    else to ask ("no toques la campaña"), unlike "no emails pls - just qualify Nova AI"."""
    clauses = [part for part in _BREAK.split(text)[::2] if part.strip()]
    return bool(clauses) and all(drops(part) for part in clauses)


def asked_part(text: str) -> str:
    """``text`` without the clauses ``drops`` finds, for the classifier to read.

    Unchanged when there are none or under two words would be left.
    """
    parts = _BREAK.split(text)
    kept: list[str] = []
    named_before: set[str] = set()  # the actions the kept clauses name, for _asked_about
    dropped = False
    for index, part in enumerate(parts):
        if index % 2 == 0:
            after = parts[index + 1] if index + 1 < len(parts) else ""
            before = parts[index - 1] if index else ""
            asks = "?" in after or "¿" in before
            if part.strip() and not asks and drops(part) and not _asked_about(part, named_before):
                dropped = True
                named = _names_in(part)
                if named:  # what it names stays in its place
                    kept.append(named)
                    named_before |= _actions_named(named)
                    continue
                if kept:
                    kept.pop()  # the break before it goes too
                continue
            named_before |= _actions_named(part)
        kept.append(part)
    result = "".join(kept).strip(" ,;:-–—").lstrip(". ")
    if not dropped or len(result.split()) < 2:
        return text
    return result
