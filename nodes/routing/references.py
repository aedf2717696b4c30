"""A later step's "them" names the company or person of the step it waits for.

"Research Globex, then draft a sponsorship proposal for them": the sales step's text is
"draft a sponsorship proposal for them", and the department reading it alone asked
which company. A dependent step that names no one of its own and refers back with
"them", "they" or "their" (or "ellos"/"ellas", "eux") gets the last name of the step it
waits for in their place: "draft a sponsorship proposal for Globex". Names are found as
the router's name masking finds them (``names.ProperNames``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from nodes.routing.plan import PlannedClause

_BACK_REFERENCE = re.compile(r"\b(?P<word>them|they|their|ellos|ellas|eux)\b", re.IGNORECASE)


def resolve_back_references(
    clauses: Sequence[PlannedClause], name_phrases: Callable[[str], list[str]]
) -> list[PlannedClause]:
    """``clauses`` with each dependent clause's first back-reference replaced by a name.

    Args:
        clauses: the planned clauses, in order.
        name_phrases: the names written in a text, in order.
    """
    resolved = list(clauses)
    for index, clause in enumerate(clauses):
        match = _BACK_REFERENCE.search(clause.text)
        if not clause.depends_on or match is None or name_phrases(clause.text):
            continue
        names = [n for d in clause.depends_on for n in name_phrases(clauses[d].text)]
        if not names:
            continue
        name = names[-1]
        replacement = f"{name}'s" if match.group("word").lower() == "their" else name
        text = clause.text[: match.start()] + replacement + clause.text[match.end() :]
        resolved[index] = clause._replace(text=text)
    return resolved
