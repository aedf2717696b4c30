"""Join the splitter's pieces into request units: one instruction with its context.

A unit is what one department step would be given. Its ``text`` is everything that
belongs to it (context, the instruction, its complements); ``focus`` is the part that
says what the unit is about, which the classifier reads: the instruction when it has an
object of its own ("the ticketing startup wants to sponsor the desk, send them an
offer" is about the offer), the whole unit when the instruction only refers back
("an attendee was charged twice, please look into it" is about the double charge).
See ``clause_roles`` for the roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from nodes.routing.clause_roles import (
    Role,
    asks_about_what_came_before,
    continues_statement,
    introduces_new_situation,
    refers_back_only,
    role_of,
)
from nodes.routing.clauses import Stage, reads_as_instruction, split_stages, weak_pieces
from nodes.routing.conditions import is_condition
from nodes.routing.lexicon import keyword_positions
from nodes.routing.text import normalise


@dataclass
class Unit:
    """One request unit.

    Attributes:
        text: the unit's words, context and complements included.
        focus: the words the classifier reads.
        dependent: the unit's stage waits for the stage before it.
        stage: the number of the stage the unit starts in.
        refers_back: the instruction's objects are only pronouns.
        added: a word that adds an errand ("also", "plus") opens the unit.
    """

    text: str
    focus: str
    dependent: bool
    stage: int
    refers_back: bool = False
    added: bool = False

    @property
    def partial_focus(self) -> bool:
        """The classifier reads only part of the unit."""
        return self.focus != self.text

    def restrict(self, condition: str) -> None:
        """Add a restriction ("but don't send it"): the department reads it, the
        classifier does not (it names an action only to rule it out)."""
        self.text = f"{self.text}, {condition}"

    def add_context(self, piece: str) -> None:
        """Add a statement after the unit: an instruction with an object of its own
        keeps its focus (the statement tells the department what happened, the
        instruction which department acts); anything else is read with it."""
        if self.refers_back or not reads_as_instruction(self.focus, verb_needed=True):
            self.attach(piece)
            return
        self.text = f"{self.text}, {piece}"

    def attach(self, piece: str) -> None:
        """Add a complement or trailing context; a focus on the whole unit follows it."""
        whole = not self.partial_focus
        self.text = f"{self.text}, {piece}"
        if whole or self.refers_back:
            self.focus = self.text


@dataclass(frozen=True)
class _Piece:
    text: str
    dependent: bool
    stage: int
    opens_stage: bool
    quoted: bool = False
    added: bool = False

    @property
    def waits(self) -> bool:
        """A sequencing word ("then") starts this piece: never joined to what came before."""
        return self.dependent and self.opens_stage

    @property
    def adds(self) -> bool:
        """A word that adds an errand ("also", "separately") starts this piece."""
        return self.added and self.opens_stage

    @property
    def new_item(self) -> bool:
        """A connective ("then", "also") starts this piece: what comes before it is
        another item of the request, so a statement there is not this piece's context,
        nor a statement here the item before's."""
        return self.waits or self.adds


_ARTICLES = frozenset(
    [
        "the",
        "a",
        "an",
        "our",
        "this",
        "that",
        "these",
        "those",
        "el",
        "la",
        "los",
        "las",
        "le",
        "les",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "ein",
        "eine",
    ]
)


_SUBORDINATE = re.compile(
    r"\s+(?:because\s+|(?:so(?:\s+that)?|before|after|once|since|based\s+on|now\s+that)\s+"
    r"(?=(?:i|we|you|they|he|she|the|our|their|its|everyone|people)\b))",
    re.IGNORECASE,
)
"""A purpose, time or reason clause after an instruction ("project no-shows for the
keynote so we know whether the room is big enough", "research Acme before I send them
the proposal"): why or when, not what; its nouns belong to the situation."""
MAIN_CLAUSE_MIN_WORDS = 2


_ASKING = re.compile(r"^\s*(?:please\s+)?(?:can|could|would|will)\s+(?:you|u)\s+", re.IGNORECASE)


def main_clause(piece: str) -> str:
    """An instruction without a trailing purpose, time or reason clause
    (``_SUBORDINATE``), when what is left still has a verb and an object; else
    ``piece`` (a statement's "after" is part of what it states)."""
    if not reads_as_instruction(_ASKING.sub("", piece), verb_needed=True):
        return piece
    found = _SUBORDINATE.search(piece)
    if found is None or len(piece[: found.start()].split()) < MAIN_CLAUSE_MIN_WORDS:
        return piece
    return piece[: found.start()]


_PRONOUN_OBJECT = re.compile(
    r"^\s*(?:please\s+)?\S+\s+(?:it|this|that)\b(?!\s+(?:is|are|was|were)\b)",
    re.IGNORECASE,
)


def _object_is_pronoun(piece: str) -> bool:
    """Whether the instruction's direct object is a pronoun ("mark it lost", "sort that
    out"): the statement before it names what it acts on, so it is read with it ("the
    Globex deal fell through, mark it lost"). "Them" after the verb is mostly whom to
    ("send them the silver package"), and the instruction has an object of its own."""
    return _PRONOUN_OBJECT.match(piece) is not None


def _other_business(left: str, right: str) -> bool:
    """Whether "left and right" joins two things of different departments' business.

    Only a right side that starts with an article counts ("the daily insights", "den
    Stand der Aufgaben"), and both sides must name exactly one department's keywords and
    differ; "buying signals and sponsorship history" stays one research request.
    """
    words = normalise(right).split()
    if not words or words[0] not in _ARTICLES:
        return False
    ours, theirs = set(keyword_positions(left)), set(keyword_positions(right))
    return len(ours) == 1 and len(theirs) == 1 and ours != theirs


def _pieces(stages: list[Stage]) -> list[_Piece]:
    return [
        _Piece(text, stage.dependent, number, index == 0, stage.quoted, stage.added)
        for number, stage in enumerate(stages)
        for index, text in enumerate(
            weak_pieces(stage.text, _other_business, introduces_new_situation)
        )
    ]


def _role(piece: _Piece, first: bool) -> Role:
    """The piece's role; what a quoted or forwarded message asks is context for the
    user's own words, not their request (its headings stay asides)."""
    role = role_of(piece.text, first=first)
    if piece.quoted and role is not Role.ASIDE:
        return Role.CONTEXT
    return role


def _statements_whole(pieces: list[_Piece]) -> tuple[list[_Piece], list[Role]]:
    """The pieces with their roles, a statement's further verb joined back to it ("they
    came to last year's summit and asked about refunds" is one statement, not a
    statement and a request; no instruction opens with a past tense)."""
    kept: list[_Piece] = []
    roles: list[Role] = []
    for piece in pieces:
        if kept and not piece.opens_stage and continues_statement(piece.text):
            kept[-1] = replace(kept[-1], text=f"{kept[-1].text} and {piece.text}")
            continue
        kept.append(piece)
        roles.append(_role(piece, first=len(kept) == 1))
    return kept, roles


def join_units(stages: list[Stage]) -> list[Unit]:
    """The request units of ``stages``, in order.

    A complement joins the unit before it; context joins the request right after it
    (same sentence or not, unless a sequencing word separates them; more context in
    between joins too), else the unit before it; context alone is the request.
    """
    pieces, roles = _statements_whole(_pieces(stages))
    opens = [
        piece.new_item
        or (
            role is Role.CONTEXT
            and i > 0
            and roles[i - 1] is Role.REQUEST
            and introduces_new_situation(piece.text)
        )
        for i, (piece, role) in enumerate(zip(pieces, roles, strict=True))
    ]
    # A connective starts an item of the request; so does a statement about someone new
    # after a request ("check the vendors and someone was billed twice"). In a run of
    # statements ("the dock is tiny, and someone spilled coffee. Anyway: ...") it is
    # one more piece of the story that the request after it is about.
    units: list[Unit] = []
    context: list[str] = []
    context_adds = False  # a word that adds an errand opened the waiting context
    pressed = False  # an override came after a unit: the next instruction continues it
    for i, piece in enumerate(pieces):
        role = roles[i]
        if role is Role.ASIDE:
            continue  # a pleasantry or a heading: nothing for a department to do
        if (
            units
            and not context
            and not piece.waits
            and is_condition(piece.text, before=units[-1].text)
        ):
            units[-1].restrict(piece.text)
            continue
        if role is Role.OVERRIDE:
            if units and not context:
                units[-1].attach(piece.text)
                pressed = True
            else:
                context_adds = context_adds if context else piece.adds
                context.append(piece.text)
            continue
        if pressed and role is Role.REQUEST and not piece.waits:
            units[-1].attach(piece.text)
            pressed = False
            continue
        pressed = False
        if role is Role.COMPLEMENT and units:
            units[-1].attach(piece.text)
            continue
        if role is Role.CONTEXT:
            following = pieces[i + 1] if i + 1 < len(pieces) else None
            if following is not None and roles[i + 1] is not Role.COMPLEMENT and not opens[i + 1]:
                context_adds = context_adds if context else piece.adds
                context.append(piece.text)
            elif units and not opens[i] and not context:
                units[-1].add_context(piece.text)
            else:
                adds = context_adds if context else piece.adds
                text = ", ".join([*context, piece.text])
                units.append(Unit(text, text, piece.dependent, piece.stage, added=adds))
                context = []
            continue
        refers = refers_back_only(piece.text)
        if refers and units and not context and not piece.waits:
            units[-1].attach(piece.text)  # "..., and the budget overrun - give me both"
            continue
        if context:
            text = ", ".join([*context, piece.text])
            whole = (
                refers or _object_is_pronoun(piece.text) or asks_about_what_came_before(piece.text)
            )
            focus = text if whole else main_clause(piece.text)
            unit = Unit(text, focus, piece.dependent, piece.stage, added=context_adds)
            units.append(unit)
            context = []
        else:
            focus = piece.text if refers else main_clause(piece.text)
            units.append(Unit(piece.text, focus, piece.dependent, piece.stage, refers, piece.adds))
    return units


def without_asides(text: str) -> str:
    """``text`` without its pleasantries and headings (``Role.ASIDE``) and the
    restrictions after its first piece (``conditions``), for reading whole.

    Unchanged when it has none; otherwise its other pieces, joined by commas.
    """
    pieces = _pieces(split_stages(text))
    kept = [
        p.text
        for i, p in enumerate(pieces)
        if _role(p, first=i == 0) is not Role.ASIDE
        and not (i and is_condition(p.text, before=pieces[i - 1].text))
    ]
    if len(kept) == len(pieces) or not kept:
        return text
    return ", ".join(kept)


def without_pleasantries(text: str) -> str:
    """``text`` with its pleasantries and headings (``Role.ASIDE``) cut out, the rest
    verbatim (punctuation, restrictions and line breaks kept), for a department to read.

    "I owe you a coffee for last week's report! How much revenue did August bring in?"
    keeps only the question, so "last week" is not read as its period. Unchanged when
    nothing is an aside, when everything is, or when a piece cannot be found in order.
    """
    pieces = _pieces(split_stages(text))
    asides = [_role(p, first=i == 0) is Role.ASIDE for i, p in enumerate(pieces)]
    if not any(asides) or all(asides):
        return text
    starts: list[int] = []
    cursor = 0
    for piece in pieces:
        at = text.find(piece.text, cursor)
        if at < 0:
            return text  # the splitter rewrote the piece (a quote, a heading): keep all
        starts.append(at)
        cursor = at + len(piece.text)
    ends = [*starts[1:], len(text)]
    kept = [
        text[start:end] if index else text[:end]  # the first piece keeps what precedes it
        for index, (start, end, aside) in enumerate(zip(starts, ends, asides, strict=True))
        if not aside
    ]
    return "".join(kept).strip() or text
