"""Headings that say nothing of what to do: a note's or a mail's label, and who asks.

"Notes from standup", "Re", "Subject", "---------- Forwarded message ----------" label a
note or a mail. People also head a request with who it is from or for ("Question from
sales:", "Quick q for research:", "Ops question:", "FYI from support -", "From the
CFO:") and end a pasted message with who wrote it ("from Emma Rossi at Acme Cloud",
"forwarded from finance"). None of these asks anything, and a department named in them
is the asker or the addressee, not the business of the request: the words after the
heading decide that. The router gives such pieces to no department (``clause_roles``)
and lets a spaced dash after a heading end it (``clauses``).
"""

from __future__ import annotations

from nodes.routing.text import normalise


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LABEL_WORDS = _words(
    """
    notes note minutes meeting mtg standup stand-up sync huddle call recap summary
    action actions item items todo to-do todos takeaways follow-ups followups
    forwarded fwd fw message original from to subject re cc sent date
    from the of with our today's yesterday's weekly daily
    mon tue wed thu fri sat sun monday tuesday wednesday thursday friday
    """
)
"""The words of a note's or a mail's heading ("notes from standup", "Action item (Tue
sync)", "---------- Forwarded message ----------", "From", "Subject", "Re")."""

ASKING_NOUNS = _words("question questions q qs fyi heads-up headsup ask request quick one")
"""What a heading calls the message ("Question from sales", "FYI", "quick q")."""

ASKERS = _words(
    """
    sales marketing ops operations support analytics research finance legal accounting
    team teams department dept board cfo ceo coo cmo boss organiser organizer organisers
    organizers management leadership me us
    """
)
"""Who a heading says the message is from or for: a team or a role, never the business
itself ("Question from sales" asks no sales question)."""

_ATTRIBUTION_OPENINGS = (
    ("from",),
    ("forwarded", "from"),
    ("forwarding", "from"),
    ("fwd", "from"),
    ("fw", "from"),
    ("sent", "by"),
    ("via",),
)
ATTRIBUTION_MAX_WORDS = 5
"""An attribution names its writer in a few words ("from Emma Rossi at Acme Cloud")."""


def _bare(words: list[str]) -> list[str]:
    bare = [w.strip("()[]-–—*#/:,.") for w in words]
    return [w for w in bare if w and not any(ch.isdigit() for ch in w)]


def is_heading(words: list[str]) -> bool:
    """Whether ``words`` (normalised) only label a note or a mail or say who asks.

    Every word is a heading word, a date or a number; a team or role word is allowed
    only beside a word that makes it a heading (a noun such as "question" or "note",
    or "from" / "for"), so "sales" alone or "sales figures" stay requests.
    """
    bare = _bare(words)
    if not bare or len(words) > 6:
        return False
    if all(w in LABEL_WORDS for w in bare):
        return True
    allowed = LABEL_WORDS | ASKING_NOUNS | ASKERS | {"for", "a", "an"}
    if not all(w in allowed for w in bare):
        return False
    headed = any(w in ASKING_NOUNS or w in LABEL_WORDS - {"the", "our", "of", "with"} for w in bare)
    return headed and any(w in ASKERS or w in ASKING_NOUNS for w in bare)


_NAME_LINKS = frozenset({"at", "of", "from", "in", "and", "&", "de", "von", "chez", "bei"})


def is_attribution(piece: str) -> bool:
    """Whether ``piece`` only says who wrote a pasted message.

    "from Emma Rossi at Acme Cloud", "forwarded from finance", "sent by the venue": an
    opening of attribution, then a few words naming the writer (capitalised names and
    their links, a team or role, or "the" and one noun), with no question mark.
    """
    if "?" in piece:
        return False
    tokens = piece.strip(" ¡!.,;:").split()
    words = [normalise(token) for token in tokens]
    for opening in _ATTRIBUTION_OPENINGS:
        size = len(opening)
        rest = tokens[size:]
        if tuple(words[:size]) != opening or not rest or len(rest) > ATTRIBUTION_MAX_WORDS:
            continue
        lowered = words[size:]
        if lowered[0] == "the" and len(rest) == 2:
            return True  # "from the venue", "sent by the CFO"
        return all(
            token[:1].isupper() or word in _NAME_LINKS or word in ASKERS
            for token, word in zip(rest, lowered, strict=True)
        )
    return False


def reads_as_heading(text: str) -> bool:
    """``is_heading`` or ``is_attribution`` on raw text."""
    words = normalise(text).strip(" ¿¡?!.,;:").split()
    return is_heading(words) or is_attribution(text)
