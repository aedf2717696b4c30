"""A later step's "them" names the company or person of the step before it.

"Research Globex, then draft a sponsorship proposal for them": the sales step's text is
"draft a sponsorship proposal for them", and the department reading it alone asked
which company. A step that names no one of its own and refers back gets the last name
of the step it waits for (or, when it waits for none, of the step right before it) in
place of its first back-reference: "them", "they" or "their" (or "ellos"/"ellas",
"eux"), a definite "the company" ("pull up the Globex deal, then research the
company's background") and a place-like "there" ("research Globex, then find the
people there": "the people at Globex"; not the "there" of "there is"). Names are found
as the router's name masking finds them (``names.ProperNames``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nodes.routing.plan import PlannedClause

_BACK_REFERENCE = re.compile(
    r"\b(?:(?P<word>them|they|their|ellos|ellas|eux)"
    r"|(?P<company>(?:the|that|this) (?:company|firm|account|business))(?P<possessive>'s)?"
    r"|(?P<there>there)"
    r"(?! (?:is|are|was|were|will|would|has|have|had|be|seems?|must|may|might)\b))\b",
    re.IGNORECASE,
)


def resolve_back_references(
    clauses: Sequence[PlannedClause], name_phrases: Callable[[str], list[str]]
) -> list[PlannedClause]:
    """``clauses`` with each later clause's first back-reference replaced by a name.

    Args:
        clauses: the planned clauses, in order.
        name_phrases: the names written in a text, in order.
    """
    resolved = list(clauses)
    for index, clause in enumerate(clauses):
        match = _BACK_REFERENCE.search(clause.text)
        if index == 0 or match is None or name_phrases(clause.text):
            continue
        earlier = clause.depends_on or [index - 1]
        names = [n for d in earlier for n in name_phrases(clauses[d].text)]
        if not names:
            continue
        text = (
            clause.text[: match.start()]
            + _replacement(match, names[-1])
            + clause.text[match.end() :]
        )
        resolved[index] = clause._replace(text=text)
    return resolved


def _replacement(match: re.Match[str], name: str) -> str:
    """What the back-reference becomes: the name, its possessive, or "at" the name."""
    if match.group("there"):
        return f"at {name}"
    if match.group("possessive") or (match.group("word") or "").lower() == "their":
        return f"{name}'s"
    return name
