"""A request that corrects itself mid-sentence means its corrected form.

People type the way they talk: "refund ORD-10701 - no sorry, ORD-10702", "email the CMO
at Acme Cloud - no wait, I mean the CTO at Kestrel Systems", "send the agenda newsletter
- sorry, I mean the speaker spotlight email - to our VIP list", "pasa Nova Works a
qualified... no, perdón, a negotiation". The words after the correction replace the
words they correct, and everything else of the request stays: the request is then read,
routed and acted on as if it had been typed right the first time.

What is replaced is found by shape, not by the request's topic: an order number
replaces the last order number before it, an email address the last address, a phrase
that opens with a function word ("the CTO at Kestrel Systems", "a negotiation") the
phrase before it with the most function words in the same places, and a capitalised
name ("Kestrel") the last capitalised name. When nothing before the correction has the
same shape ("refund it, no rush"), the request is left as it was.
"""

from __future__ import annotations

import re

from domain.email_pattern import EMAIL

_SEPARATOR = r"(?:\s+[-–—]+\s+|\s*(?:,|;|\.\.\.|…)\s*|\.\s+)"
_MARKER = (
    r"(?:no+|nope|sorry|wait|oops|actually|correction|scratch that|make that|"
    r"perd[oó]n|mejor dicho|digo|pardon|non|plut[oô]t|nein|sorry|quatsch|äh|ähm)"
)
_MEAN = r"(?:i mean|i meant|quiero decir|je veux dire|ich meine|meine ich)"
_CORRECTION = re.compile(
    rf"{_SEPARATOR}(?:{_MARKER}[,!.]*\s+)+(?:{_MEAN}[,:]?\s+)?"
    r"(?P<new>(?:(?!\s+[-–—]+\s)[^,;…!?])+?)"
    r"(?=\s+[-–—]+\s|\s*[,;…]|\.\.\.|[.!?](?:\s|$)|$)",
    re.IGNORECASE,
)
_ORDER = re.compile(r"\bORD-?\d{3,}\b", re.IGNORECASE)
_EMAIL = EMAIL
_FUNCTION_WORDS = (
    "the a an to at of for about with from on in "
    "el la los las un una a al de del con para en "
    "le les une au aux du des chez pour avec sur "
    "der die das den dem ein eine einen an bei von mit für zu im am"
)
_FUNCTION = frozenset(_FUNCTION_WORDS.split())
_NAME_RUN = re.compile(r"[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*)*")


def corrected(text: str) -> str:
    """``text`` with each mid-sentence correction applied (see the module docstring)."""
    for _ in range(3):  # a request rarely corrects itself more than once or twice
        match = _CORRECTION.search(text)
        if match is None:
            return text
        before, new, after = text[: match.start()], match.group("new").strip(), text[match.end() :]
        replaced = _replace_last(before, new)
        if replaced is None:
            return text
        text = replaced + after
    return text


def _replace_last(before: str, new: str) -> str | None:
    """``before`` with its last part of ``new``'s shape replaced by ``new``, or None."""
    for pattern in (_ORDER, _EMAIL):
        if pattern.fullmatch(new):
            found = list(pattern.finditer(before))
            if not found:
                return None
            last = found[-1]
            return before[: last.start()] + new + before[last.end() :]
    words = new.split()
    if words and words[0].lower() in _FUNCTION:
        return _replace_phrase(before, words)
    if words and words[0][:1].isupper():
        spans = [(r.start(), r.end()) for r in _NAME_RUN.finditer(before)]
        if spans and spans[0][0] == 0:  # the request's first word is capitalised anyway
            first_word = re.match(r"\S+\s*", before)
            cut = first_word.end() if first_word else 0
            spans[0] = (cut, spans[0][1]) if cut < spans[0][1] else (0, 0)
        spans = [span for span in spans if span[1] > span[0]]
        if not spans:
            return None
        start, end = spans[-1]
        return before[:start] + new + before[end:]
    return None


def _replace_phrase(before: str, words: list[str]) -> str | None:
    """Replace the phrase of ``before`` that lines up best with ``words``: it opens with
    the same function word and has the most function words at the same offsets."""
    spans = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", before)]
    tokens = [t.lower() for _s, _e, t in spans]
    skeleton = [(i, w.lower()) for i, w in enumerate(words) if w.lower() in _FUNCTION]
    best: tuple[int, int] | None = None
    for start, token in enumerate(tokens):
        if start == 0 or token != words[0].lower():
            continue
        score = sum(
            1
            for offset, word in skeleton
            if start + offset < len(tokens) and tokens[start + offset] == word
        )
        if best is None or score >= best[1]:
            best = (start, score)
    if best is None:
        return None
    start = best[0]
    end = min(start + len(words), len(tokens)) - 1
    return before[: spans[start][0]] + " ".join(words) + before[spans[end][1] :]
