"""A clause that only rules an action out is a condition of the step before it.

"look into Globex for me, but don't reach out to anyone there": the second clause asks
for nothing; it limits what the first step may do. Read as part of the request it
pulls the routing toward whatever department owns the ruled-out action (reaching out is
sales or support business), so the splitter cuts it off ("but"/"aber"/"mais"/"pero",
a comma or a spaced dash before a negated action) and the units keep it in the step's
text, where the department still sees the restriction, but not in what the classifier
reads. Which actions it withholds is ``domain.negation``'s reading; this module only
says where such a clause starts.
"""

from __future__ import annotations

import re

from domain.negation import VERBS, fold, withheld_actions

CONTRAST = r"but|aber|mais|pero|though"
"""Words that open a restriction after an instruction ("..., but don't send it")."""

_OPENING = re.compile(rf"^\s*(?:(?:{CONTRAST}|just|only|and|y|et|und)\s+)*", re.IGNORECASE)
_NEGATED_START = re.compile(
    r"^(?:don'?t|do not|dont|no need|never|not|without|hold off|please don'?t|no|sin|"
    r"nunca|ne|n'|sans|pas|nicht|ohne|kein|keine|niemals)\b"
)
CONDITION_MAX_WORDS = 9
"""A restriction is short ("but don't email them about it"); a longer clause that
happens to hold a negation is read as a request of its own."""


def is_condition(piece: str, *, before: str = "", after_contrast: bool = False) -> bool:
    """Whether ``piece`` only rules out an action (a condition on the step before it).

    Args:
        piece: the words after a boundary.
        before: the instruction it follows. When that instruction names the very
            action ruled out ("email Lee, but don't send it yet", "has anyone emailed
            Lee? no need to send him anything"), the restriction belongs to what is
            asked (a draft, a question about that action), not a condition beside it.
        after_contrast: a contrast word ("but", "aber"...) came right before ``piece``,
            so a negation anywhere in it ("aber eskaliere nichts") makes it a condition.
    """
    withheld = withheld_actions(piece)
    if not withheld or len(piece.split()) > CONDITION_MAX_WORDS:
        return False
    folded_before = fold(before)
    # any form of the verb ("emailed", "refunded"), not only those a negation takes
    if any(re.search(rf"\b(?:{VERBS[a]})", folded_before) for a in withheld if a in VERBS):
        return False
    opening = _OPENING.match(piece)
    opened_by_contrast = after_contrast or bool(
        opening and re.search(rf"\b(?:{CONTRAST})\b", opening.group(0), re.IGNORECASE)
    )
    rest = fold(piece[opening.end() if opening else 0 :]).strip()
    return opened_by_contrast or _NEGATED_START.match(rest) is not None
