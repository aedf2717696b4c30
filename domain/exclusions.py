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
    r"\b(?:apart from|except(?: for)?|besides|other than|aside from|excluding|not counting|"
    r"excepto|salvo|aparte de|sauf|(?:à|a) part|hormis|au(?:ß|ss)er|abgesehen von)\s+"
    r"[A-ZÀ-Ý][\w'-]*(?:\s+[A-ZÀ-Ý][\w'-]*)*"
)
"""An exclusion and the capitalised name after it ("except Amara Chen", "sauf Leila
Brennan", "außer Mateo Haddad")."""


def without_excluded(text: str) -> str:
    """``text`` without the names it sets aside (each exclusion phrase becomes a space)."""
    return _EXCLUDED.sub(" ", text)
