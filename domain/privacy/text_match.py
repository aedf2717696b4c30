"""Finding and replacing a person's identifiers inside strings and JSON values.

Matching is case-insensitive and bounded, so ``ann.lee@x.org`` is not found inside
``joann.lee@x.org`` and a name is not found inside a longer word. Phone numbers match
whatever separators the text uses (``+46 70-123 45 67`` finds ``+46701234567``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

PHONE_SEPARATORS = r"[\s().\-]*"


def is_phone(needle: str) -> bool:
    """Whether a needle is a phone number (six or more digits and separators only)."""
    digits = re.sub(r"\D", "", needle)
    return len(digits) >= 6 and re.fullmatch(r"\+?[\d\s().\-]+", needle) is not None


def needle_pattern(needle: str) -> re.Pattern[str]:
    """A regex finding ``needle`` as a whole word, address or phone number."""
    if is_phone(needle):
        digits = re.sub(r"\D", "", needle)
        body = PHONE_SEPARATORS.join(digits)
        return re.compile(rf"(?<!\d)\+?{body}(?!\d)")
    return re.compile(rf"(?<![\w.+\-]){re.escape(needle)}(?![\w\-])", re.IGNORECASE)


def sql_fragments(needle: str) -> tuple[str, ...]:
    """Lower-case substrings a SQL ``LIKE`` prefilter may use (a superset of the matches).

    JSON columns store non-ASCII characters escaped (``\\u00eb``), so the escaped
    spelling is searched too; a phone number is prefiltered by its last four digits.
    """
    if is_phone(needle):
        return (re.sub(r"\D", "", needle)[-4:],)
    plain = needle.lower()
    escaped = plain.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00")
    return tuple(dict.fromkeys((plain, escaped)))


class Matcher:
    """The identifiers of one person, with their replacements."""

    def __init__(self, replacements: Mapping[str, str]) -> None:
        ordered = sorted(replacements, key=lambda n: (-len(n), n))
        self._patterns = [(needle_pattern(n), replacements[n]) for n in ordered]

    def found_in(self, value: Any) -> bool:
        """Whether any identifier occurs in ``value`` (a string or a JSON value)."""
        return any(_walk(value, lambda s: _search(s, self._patterns)))

    def scrub(self, value: Any) -> Any:
        """``value`` with every identifier replaced (keys of JSON objects too)."""
        if isinstance(value, str):
            for pattern, replacement in self._patterns:
                value = pattern.sub(replacement, value)
            return value
        if isinstance(value, Mapping):
            return {self.scrub(k): self.scrub(v) for k, v in value.items()}
        if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
            return [self.scrub(v) for v in value]
        return value


def _search(text: str, patterns: Sequence[tuple[re.Pattern[str], str]]) -> bool:
    return any(p.search(text) for p, _ in patterns)


def _walk(value: Any, test: Callable[[str], bool]) -> list[bool]:
    if isinstance(value, str):
        return [test(value)]
    if isinstance(value, Mapping):
        return [hit for k, v in value.items() for hit in (*_walk(k, test), *_walk(v, test))]
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [hit for v in value for hit in _walk(v, test)]
    return []
