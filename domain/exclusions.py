"""Names a request sets aside: "anyone at Drift Data except Amara Chen".

A name after "apart from", "except", "besides", "other than" (and their Spanish, French,
German forms) is not what the request is about: "who else do we know at Drift Data
apart from Amara Chen?" asks for Drift Data's other people, not for Amara Chen's
profile. Name matching reads the request without these phrases, so the set-aside
person or company is never taken for its subject.
"""

from __future__ import annotations

import re

_EXCLUDED = re.compile(
    r"\b(?i:apart from|except(?: for)?|besides|other than|aside from|excluding|not counting|"
    r"excepto|salvo|aparte de|sauf|(?:à|a) part|hormis|au(?:ß|ss)er|abgesehen von)\s+"
    r"(?!I\b)[A-ZÀ-Ý][\w'-]*(?:\s+(?!I\b)[A-ZÀ-Ý][\w'-]*){0,2}"
)
"""An exclusion (at a sentence's start too: "Except Amara Chen, ...") and the capitalised
name after it ("except Amara Chen", "sauf Leila Brennan", "außer Mateo Haddad"): at most
three words, and never the pronoun "I", so "besides Amara Chen I should email ..." keeps
the rest of the sentence. Two capitalised names running together ("except Amara Chen
Drift Data knows") may still lose the second's first word; a person's name is rarely
longer than three."""


def without_excluded(text: str) -> str:
    """``text`` without the names it sets aside (each exclusion phrase becomes a space)."""
    return _EXCLUDED.sub(" ", text)
