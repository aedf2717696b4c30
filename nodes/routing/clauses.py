"""Split a request into clauses and find which clauses wait for earlier ones.

Two kinds of boundary:

- strong ones always split: sentence ends, semicolons, a colon after a header, and
  sequencing words. "then", "after that", "based on that", "y luego", "puis", "dann",
  "depois"... start a *dependent* stage (it waits for the stage before); "and also",
  "as well as", "plus", "separately", "while you're at it", "de paso", "au passage",
  "wenn du schon dabei bist", "además", "et aussi", "außerdem"... start an independent
  one (an errand added on the side is a step of its own, not part of the first);
- weak ones ("," and "and"/"y"/"et"/"und"/"e") split only when the words after them
  read as a new instruction (they start with an imperative verb, or run to three words
  or more without starting with an article or preposition) and, in the planner, when
  both sides belong to different departments. "research Acme's signals and sponsorship
  history" stays whole; "check the budget and answer the refund emails" splits.

Everything here is plain text handling; the planner decides what each clause is about.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from domain.imperative_verbs import IMPERATIVE_VERBS
from nodes.routing.conditions import CONTRAST, is_condition
from nodes.routing.headings import reads_as_heading
from nodes.routing.text import normalise, word_count

_DEPENDENT = (
    r"(?:and\s+)?then|after\s+that|afterwards|"
    r"based\s+on\s+(?:that|this|those|these|it|the\s+results?)|"
    r"using\s+(?:that|this|those|these|the\s+results?)|with\s+(?:those|these|the)\s+results|"
    r"once\s+(?:that's|that\s+is|this\s+is|it's|it\s+is)?\s*done|"
    r"y\s+luego|luego|y\s+despu[eé]s|despu[eé]s|a\s+continuaci[oó]n|"
    r"et\s+ensuite|puis|ensuite|apr[eè]s\s+(?:[cç]a|cela)|"
    r"und\s+dann|dann|danach|anschlie(?:ß|ss)end|"
    r"e\s+depois|depois|em\s+seguida|e\s+ent[aã]o"
)
_INDEPENDENT = (
    r"and\s+also|also|as\s+well\s+as|plus|in\s+parallel|meanwhile|at\s+the\s+same\s+time|"
    r"separately|additionally|"
    r"(?:and\s+)?while\s+you(?:'|\u2019|\s+a)re\s+at\s+it|(?:and\s+)?on\s+top\s+of\s+that|"
    r"de\s+paso|au\s+passage|par\s+la\s+m[eê]me\s+occasion|wenn\s+du\s+schon\s+dabei\s+bist|"
    r"y\s+tambi[eé]n|adem[aá]s|et\s+aussi|en\s+parall[eè]le|und\s+auch|au(?:ß|ss)erdem|"
    r"e\s+tamb[eé]m|al[eé]m\s+disso"
)
_PLUS_SIGN = re.compile(r"\s\+\s")
"""A spaced "+" joining two requests ("revenue by channel + the status report")."""
_SENTENCE = re.compile(
    r"(?:[.!?;]+|:(?!\s*[\"'“]))\s+|;|\n+|\s*•\s*|\s*\(\d{1,2}\)\s+|(?<=\s)[A-Ha-h1-9]\)\s+|"
    r"(?:^|(?<=\s))[:;=]-?[)(DPp]+(?:\s+|$)|\s*[\U0001F600-\U0001F64F\U0001F910-\U0001F92F]+\s*"
)
"""Sentence ends, semicolons, a colon after a header, new lines, the marks of a list
written on one line: bullets ("• draft it • tone: fun"), numbers and letters in
brackets ("(1) forecast attendance (2) check the budget", "A) ... B) ..."), and an
emoticon or a smiley, which closes what came before ("hope you're well :) could you...")."""
_HOLDERS = {".": "\u2024", "!": "\u01c3", "?": "\u0294", ";": "\u037e", ":": "\u02d0"}
"""Look-alike characters that stand in for punctuation that must not split."""
_HELD = str.maketrans(_HOLDERS)
_RELEASED = str.maketrans({held: plain for plain, held in _HOLDERS.items()})
_INITIAL = re.compile(r"(?<![\w.])(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|vs|approx|e\.g|i\.e)\.(?=\s+\S)")
"""A dot that ends an initial or an abbreviation ("M. Schmidt", "Dr. Lee", "e.g. the
venue"), not a sentence."""
_QUOTE = re.compile(
    r"\"[^\"\n]{2,}\"|“[^”\n]{2,}”|(?:(?<=^)|(?<=[\s:(]))'[^'\n]{2,}'(?=\s|[.,;:!?)]|$)"
)
"""Quoted words ("post 'Doors open in six weeks!' on Friday"): the user's text, never a
boundary of the request."""


_CONTENT_COLON = re.compile(
    r"\b(?:posts?|tweets?|captions?|headlines?|messages?|announcements?|beitrag|"
    r"publicaci[oó]n|publication|mensaje)\s*:(?=\s)",
    re.IGNORECASE,
)
"""A colon after the thing to write ("a LinkedIn post: early-bird ends Friday", "einen
LinkedIn-Beitrag: der Frühbucherpreis endet am Freitag"): what follows is its text."""


def _hold(text: str) -> str:
    """``text`` with the punctuation of initials, quotations and a post's text set aside."""
    text = _INITIAL.sub(lambda m: m.group(0).translate(_HELD), text)
    text = _CONTENT_COLON.sub(lambda m: m.group(0).translate(_HELD), text)
    return _QUOTE.sub(lambda m: m.group(0).translate(_HELD), text)


_LEADING = re.compile(
    rf"^\s*(?:(?P<dep>{_DEPENDENT})|(?P<ind>{_INDEPENDENT}))\b[\s,:]*", re.IGNORECASE
)
_INNER = re.compile(
    rf"(?:,\s*|\s+)(?:(?P<dep>{_DEPENDENT})|(?P<ind>{_INDEPENDENT}))\b[\s,:]*", re.IGNORECASE
)
_WEAK = re.compile(
    r"\s*,\s*(?P<comma_and>(?:and|y|et|und|e)\s+)?|\s+(?:and|y|et|und|e)\s+|(?P<dash>\s+[-–—]\s+)|"
    rf"\s+(?P<contrast>{CONTRAST})\s+",
    re.IGNORECASE,
)
"""Commas, "and" in five languages, and a spaced dash ("I couldn't call - can you email
her"), which splits only before an imperative verb, as a bare comma does; "but" (and
"aber", "mais", "pero") splits only before a restriction ("... but don't send it")."""
DASH_CONTEXT_MIN = 5
"""Words before a spaced dash that make it end a context ("the venue tour ran long so I
couldn't call - email her"); fewer name the subject of what follows ("the Acme deal -
close date?"), unless the words after it ask ("- can you ...") or they are a heading
("FYI from support - ...", ``headings``)."""
_ASKING = re.compile(r"^\s*(?:can|could|would|will)\s+(?:you|u)\s+", re.IGNORECASE)
_FRONTED = re.compile(
    r"^\s*(?:since|because|as|now\s+that|given\s+that|seeing\s+that|although|though|"
    r"once|whereas|puisque|comme|vu\s+que|ya\s+que|dado\s+que|como|da|nachdem|weil)\s",
    re.IGNORECASE,
)
"""A reason or time clause put in front ("Since the campaign brought a rush of sign-ups,
are ticket sales on track?"): the comma after it ends it, and what follows is the
request, a question as well as an instruction."""


def opens_with_reason(piece: str) -> bool:
    """Whether ``piece`` starts with a fronted reason or time clause (``_FRONTED``)."""
    return _FRONTED.match(piece) is not None


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NOT_A_CLAUSE_START = _words(
    """
    the a an its their our his her my your this that these those of for with to in on at
    by from about la el los las le les der die das den ein eine o os as um uma
    """
)
_PHRASAL_HEADS = _words(
    """
    size round kick wrap tee spin whip sum break pin lock loop circle work map draw sign
    total count hunt nail firm button rough pencil fill zero narrow boil scope sketch
    flesh ramp line set follow dig look reach check sort
    """
)
_PARTICLES = _words("up out together off down in through back over")
"""A verb with its particle ("size up who's coming", "round up the quotes", "kick off
the campaign"): the head alone is often a noun ("the size of the room")."""
_PREPOSITIONS = _words("in on at for from to by with en a por dans pour sur bei mit fur von zu an")
_WHICH = _words(
    """
    which what whose welcher welche welchem welchen welches quelle quel quels quelles
    que cual cuales cuanto cuanta cuantos cuantas wie
    """
)
"""A question that opens with a preposition ("in which stage", "in welcher Phase", "à
quelle date", "en qué fase") is a question of its own, as one opening with "which"."""
_ASKS = _words("how what whats which who whos did does combien cuantos cuantas cuanto")
"""Question words that open a question of its own after a comma when an instruction
comes before it ("forecast attendance, how did the early-bird push do?"); after a
statement the question is about it ("our open rate tanked, what do we do")."""


def _asks_after_instruction(before: str, following: str) -> bool:
    words = normalise(following).split()
    return (
        len(words) >= 3
        and words[0].strip("¿¡?!,") in _ASKS
        and reads_as_instruction(before, verb_needed=True)
    )


@dataclass(frozen=True)
class Stage:
    """A run of text between strong boundaries.

    Attributes:
        text: the stage's text, boundary words removed.
        dependent: True when a sequencing word ("then", "puis"...) introduced it, so it
            waits for the stage before it.
    """

    text: str
    dependent: bool
    quoted: bool = False
    """The stage is part of a message the user quotes or forwards, not their own words."""
    added: bool = False
    """A word that adds an errand ("also", "plus", "separately", "while you're at it",
    "außerdem") introduced it: a new item of the request, so a statement on either side
    of it is not the other side's context."""


_FORWARD_HEADER = re.compile(
    r"^\s*(?:-{2,}\s*)?(?:forwarded message|original message|begin forwarded message|"
    r"message transf[eé]r[eé]|weitergeleitete nachricht|mensaje reenviado)\b",
    re.IGNORECASE,
)


def _quoted_lines(text: str) -> list[tuple[str, bool]]:
    """``text`` in runs of lines, each marked whether it is quoted or forwarded.

    A line starting with ">" is quoted; so is everything from a forwarded-message header
    ("---------- Forwarded message ----------") up to the first blank line after the
    message's own words.
    """
    runs: list[tuple[str, bool]] = []
    forwarded = False
    body_seen = False
    for line in text.split("\n"):
        if _FORWARD_HEADER.match(line):
            forwarded, body_seen = True, False
        elif forwarded and not line.strip():
            if body_seen:
                forwarded = False
        elif forwarded and not re.match(r"^\s*\w[\w -]{0,15}:", line):
            body_seen = True
        quoted = forwarded or line.lstrip().startswith(">")
        if runs and runs[-1][1] == quoted:
            runs[-1] = (f"{runs[-1][0]}\n{line}", quoted)
        else:
            runs.append((line, quoted))
    return runs


def _strip_leading(piece: str) -> tuple[str, bool, bool]:
    """The piece without its leading connective; whether it was a sequencing word and
    whether it was one that adds an errand."""
    match = _LEADING.match(piece)
    if match is None:
        return piece.strip(" ,"), False, False
    rest = piece[match.end() :].strip(" ,")
    return rest, match.group("dep") is not None, match.group("ind") is not None


def split_stages(text: str) -> list[Stage]:
    """Split ``text`` on strong boundaries into stages, marking the dependent ones and
    those inside a quoted or forwarded message."""
    if "\n" in text:
        runs = _quoted_lines(text)
        if any(quoted for _, quoted in runs):
            return [
                Stage(stage.text, stage.dependent, quoted or stage.quoted, stage.added)
                for run, quoted in runs
                for stage in _split_plain(_unquote(run) if quoted else run)
            ]
    stages = _split_plain(text)
    if all(stage.quoted for stage in stages):  # a forward with no words of the user's own
        return [Stage(stage.text, stage.dependent, added=stage.added) for stage in stages]
    return stages


_INLINE_FORWARD = re.compile(
    r"^\s*(?:fwd?|forward(?:ed|ing)?)\b[^:\"'“]{0,60}:\s*[\"'“]", re.IGNORECASE
)
"""A forwarded message quoted on one line ("Fwd from Leila: 'the caterer is late'"):
someone else's words, context for the user's own, as a "> " line is."""


_NEGATED_BEFORE = re.compile(r"\b(?:ne\s+\S+|n'\S+|le|la|les|au|non|pas|bien|beaucoup)\s*$", re.I)
_COMPARED_AFTER = re.compile(r"^(?:de\b|d'|que\b|qu'|tard\b|t[oô]t\b|jamais\b|rien\b)", re.I)


def _adverb_plus(match: re.Match[str], sentence: str) -> bool:
    """Whether a "plus" is French "no longer", "most" or "more" ("l'acheteur ne peut
    plus venir", "le plus grand", "plus de places"), not English "plus" adding an
    errand."""
    if match.group(0).strip(" ,:").lower() != "plus":
        return False
    before, after = sentence[: match.start()], sentence[match.end() :]
    return bool(_NEGATED_BEFORE.search(before) or _COMPARED_AFTER.match(after))


def _split_plain(text: str) -> list[Stage]:
    stages: list[Stage] = []
    text = _hold(_PLUS_SIGN.sub(" plus ", text))
    for sentence in _SENTENCE.split(text):
        quoted = _INLINE_FORWARD.match(sentence) is not None
        start = 0
        dependent_next: bool | None = None
        pieces: list[tuple[str, bool | None]] = []
        for match in _INNER.finditer(sentence):
            if _adverb_plus(match, sentence):
                continue
            pieces.append((sentence[start : match.start()], dependent_next))
            dependent_next = match.group("dep") is not None
            start = match.end()
        pieces.append((sentence[start:], dependent_next))
        for piece, marked in pieces:
            body, leading_dependent, leading_added = _strip_leading(piece)
            body = body.strip(" .!?;:,").translate(_RELEASED)
            if body:
                added = marked is False or leading_added  # marked False: an inner "also"
                stages.append(Stage(body, bool(marked) or leading_dependent, quoted, added))
    return stages


def _unquote(run: str) -> str:
    """A quoted run without its ">" marks, one line per line (never empty of lines)."""
    return "\n".join(re.sub(r"^\s*>+\s?", "", line) for line in run.split("\n")) + " "


_CLITIC = re.compile(
    r"(?<=[a-z]{4})(?:selos|selas|selo|sela|melo|mela|noslo|los|las|lo|la|les|le|me|nos)$"
)
"""A Spanish object pronoun written onto its imperative ("califícalo", "envíales",
"prepárales"): the verb is what is left."""


def _without_clitic(word: str) -> str:
    """``word`` without a Spanish object pronoun at its end (normalised, no accents)."""
    return _CLITIC.sub("", word)


def reads_as_instruction(piece: str, verb_needed: bool = False) -> bool:
    """Whether the words after a weak boundary start a new instruction of their own.

    Args:
        piece: the words up to the next weak boundary.
        verb_needed: only an imperative verb will do (after a bare comma, where lists
            and asides are more common than new instructions).
    """
    words = normalise(piece).split()
    while words and words[0] in ("please", "pls", "also", "then", "por", "favor", "bitte"):
        words = words[1:]
    if not words:
        return False
    head = words[0].strip("¿¡?!,")
    if head in IMPERATIVE_VERBS or _without_clitic(head) in IMPERATIVE_VERBS:
        return len(words) >= 2
    if head in _PHRASAL_HEADS and len(words) >= 3 and words[1].strip(",") in _PARTICLES:
        return True
    if head in _PREPOSITIONS and len(words) >= 3 and words[1].strip("¿¡?!,") in _WHICH:
        return not verb_needed  # "..., und in welcher Phase ist der Deal?": a question
    return not verb_needed and len(words) >= 3 and words[0] not in _NOT_A_CLAUSE_START


_PERSON_AT = re.compile(r"(?:^|(?<=\s))[A-Z][\w'-]+ [A-Z][\w'-]+ (?:at |from |\()")
"""A person named with their company ("Zoe Larsen at Fable Labs", "Leo Haddad (Vertex
Media)"): after another such person, the next one continues a list of recipients."""


_NAME_LAST = re.compile(r"\S\s+[A-Z][\w'-]*$")
_NAME_FIRST = re.compile(r"^(?!I\b|I')[A-Z][\w'-]*\b")


def _names_joined(before: str, following: str) -> bool:
    """Whether "and" joins two names ("Ana, Ben and Carla", "Acme and Globex"): the
    words before end with a capitalised word and those after start with one that is
    not a verb."""
    first = _NAME_FIRST.match(following.lstrip())
    return (
        first is not None
        and normalise(first.group(0)) not in IMPERATIVE_VERBS
        and _NAME_LAST.search(before.rstrip(" ,")) is not None
    )


def weak_pieces(
    stage_text: str,
    other_business: Callable[[str, str], bool] | None = None,
    new_situation: Callable[[str], bool] | None = None,
) -> list[str]:
    """The stage cut at every weak boundary whose right side reads as an instruction.

    Boundaries whose right side does not read as an instruction are not cut (the text
    stays with the piece before it), unless ``other_business(left, right)`` says the two
    sides are about different departments' business ("a forecast and the overdue tasks"),
    or ``new_situation(right)`` says the right side states something new ("..., and
    someone was billed twice": see ``clause_roles.introduces_new_situation``).
    """
    pieces: list[str] = []
    cut_at = 0
    for match in _WEAK.finditer(stage_text):
        rest = stage_text[match.end() :]
        following = _WEAK.split(rest, maxsplit=1)[0]
        before_text = stage_text[cut_at : match.start()]
        if word_count(before_text) and is_condition(
            following, before=before_text, after_contrast=match.group("contrast") is not None
        ):
            # "..., but don't email them": a restriction, cut off as a condition piece
            pieces.append(stage_text[cut_at : match.start()].strip(" ,"))
            cut_at = match.start() if match.group("contrast") else match.end()
            continue
        if match.group("contrast"):
            continue  # "not the refund but the transfer": one request
        bare_comma = "," in match.group(0) and match.group("comma_and") is None
        if match.group("dash"):
            before = stage_text[cut_at : match.start()]
            if reads_as_heading(before):  # "FYI from support - people keep asking ..."
                pieces.append(before.strip(" ,"))
                cut_at = match.end()
                continue
            asked = _ASKING.match(following) is not None
            if not asked and word_count(stage_text[cut_at : match.start()]) < DASH_CONTEXT_MIN:
                continue  # "acme cloud deal - close date + probability?": one request
            bare_comma, following = True, _ASKING.sub("", following)
        before = stage_text[cut_at : match.start()]
        if bare_comma and opens_with_reason(before):
            bare_comma = False  # "Since ..., are ticket sales on track?": a question will do
        joined_noun = (
            other_business is not None
            and match.group(0).strip() != ","
            and other_business(before, following)
        )
        if normalise(before).endswith("go ahead"):
            continue  # "go ahead and mark it won": one instruction
        if _PERSON_AT.match(following) and _PERSON_AT.search(before):
            continue  # "write to Zoe Larsen at Fable Labs and Leo Haddad at ...": one list
        if not bare_comma and _names_joined(before, following):
            continue  # "email Ana, Ben and Carla about the booth": one list of names
        asks = bare_comma and _asks_after_instruction(before, following)
        stated = new_situation is not None and new_situation(following)
        if (
            reads_as_instruction(following, verb_needed=bare_comma) or joined_noun or asks or stated
        ) and word_count(before):
            pieces.append(stage_text[cut_at : match.start()].strip(" ,"))
            cut_at = match.end()
    pieces.append(stage_text[cut_at:].strip(" ,"))
    return [piece for piece in pieces if piece]
