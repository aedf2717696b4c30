"""Seed 000's event launch: a known plan instead of a classification.

``coordinate_event_launch`` in seed 000 runs analytics first (analyse the target
audience); sales (outreach campaign) and marketing (marketing campaign) depend on it;
operations (initialise tracking) and support (index the event knowledge) run on their
own. A request that only names the launch gets this plan; one that spells out its
steps ("launch the event: analyse the audience, then ...") is planned from its clauses,
with the launch header dropped.
"""

from __future__ import annotations

import re

from domain.departments import DepartmentName
from nodes.routing.lexicon import keyword_positions
from nodes.routing.text import normalise, word_count

EVENT_LAUNCH = re.compile(
    r"\b(?:launch(?:ing)? (?:of )?(?:the|our|this) (?:[\w-]+ ){0,3}(?:event|conference|summit)|"
    r"coordinate (?:the |our )?(?:event )?launch|(?:event|summit|conference) launch|"
    r"lanza(?:r)? el (?:evento|congreso)|lanzamiento del evento|"
    r"lance(?:r)? l'evenement|lancement de l'evenement|"
    r"(?:starte|start) (?:die|der) veranstaltung|veranstaltungsstart|"
    r"lance(?:r)? o evento|lancamento do evento)\b"
)
HEADER_MAX_WORDS = 8
"""Words a launch request may add ("for the AI Summit next month") and stay a header."""
EVENT_LAUNCH_PLAN: tuple[tuple[DepartmentName, str, tuple[int, ...]], ...] = (
    ("analytics", "Analyse the target audience for the event launch.", ()),
    ("sales", "Run the sponsor outreach campaign for the event.", (0,)),
    ("marketing", "Run the marketing campaign for the event.", (0,)),
    ("operations", "Set up tracking of deliverables, budget and vendors.", ()),
    ("support", "Prepare the event knowledge for attendee questions.", ()),
)
"""Seed 000's ``coordinate_event_launch`` task graph."""


AUDIENCE = re.compile(
    r"\b(?:audience|attendees|who(?: is|'s| s| are|'re)? (?:coming|attending)|"
    r"publico|asistentes|public|participants|publikum|zielgruppe|teilnehmer\w*)\b"
)
"""What seed 000's first launch step analyses: the audience, who is coming."""


def is_audience_step(text: str) -> bool:
    """Whether a step of a launch asks to analyse the audience (analytics' step)."""
    return AUDIENCE.search(normalise(text)) is not None


def mentions_launch(text: str) -> bool:
    """Whether ``text`` asks for the event launch."""
    return EVENT_LAUNCH.search(normalise(text)) is not None


def is_launch_header(text: str) -> bool:
    """Whether ``text`` only names the launch ("Launch the event"), as a header does."""
    normalised = normalise(text)
    match = EVENT_LAUNCH.search(normalised)
    if match is None:
        return False
    rest = (normalised[: match.start()] + normalised[match.end() :]).strip()
    return word_count(rest) <= HEADER_MAX_WORDS and not keyword_positions(rest)
