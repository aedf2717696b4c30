"""The "Reply in Spanish." line a department's task carries when its clause hides the language.

The planner hands each department only its clause of the request, and a short clause cut
from a longer one ("Investiga la empresa Globex" from "Investiga la empresa Globex, por
favor") may have too few words to show its language, so its agent would answer in
English. The department's task then ends with one line naming the request's language;
an LLM reads it as an instruction, the offline model through ``requested_language``.
"""

from __future__ import annotations

import re

from domain.language import NAMES, Language, detect_language, language_named

_NAMED = "|".join(name for code, name in NAMES.items() if code != "en")
_LINE = re.compile(rf"\s*\bReply in ({_NAMED})\.[ \t]*", re.IGNORECASE)


def reply_line(request: str, task: str) -> str:
    """The line to add to ``task`` so it is answered in ``request``'s language, or ''."""
    language = detect_language(request)
    if language == "en" or detect_language(task) == language:
        return ""
    return f"Reply in {NAMES[language]}."


def requested_language(text: str) -> Language | None:
    """The language a reply line in ``text`` asks for, or None."""
    match = _LINE.search(text)
    if match is None:
        return None
    return language_named(match.group(1))


def without_reply_line(text: str) -> str:
    """``text`` without its reply line."""
    return _LINE.sub("", text)
