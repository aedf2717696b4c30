"""Pick tools for a request: meaning, trigger phrases, BM25, fillable arguments.

The score of a bound tool is the sum of its matched trigger weights
(``vocabulary.TRIGGERS``), its BM25 similarity to the request (over its name and
description, scaled to 0-1), its similarity in meaning to the request (the embedded
sentence model's cosine between the request and the tool's description and example
requests, ``prompts/offline_tool_examples.md``, scaled so the closest tool scores 1 and
the mean tool 0) and how well its required arguments can be filled (+1 all of them, -1
a required one is missing and no other tool can supply it), plus a bonus for the tool
that gives the kind of answer the question's grammar asks for (a forecast for "what
will final sales be", ``question_kind``) or takes the past period the request states
("in July": the period's dates). Misspelt words are corrected against the tools' own
vocabulary first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import cached_property

import numpy as np
from rank_bm25 import BM25Okapi

from adapters.embeddings import sentence_embedder
from adapters.offline import extract
from adapters.offline.argument_fill import ToolInfo, fill_arguments
from adapters.offline.dates import date_range
from adapters.offline.providers import providers_for
from adapters.offline.question_kind import KIND_WEIGHT, kind_bonus, question_kinds
from adapters.offline.request import Request
from adapters.offline.respelling import inflected_from, is_word, respelled
from adapters.offline.text import tokens
from adapters.offline.topics import PERSON, inside, mark_companies, mark_people, topic_spans
from adapters.offline.vocabulary import TOOL_EXAMPLES, TRIGGERS
from domain.language import detect_language
from domain.negation import fold, without_ruled_out

COMPOUND_HEAD_MIN = 5
COMPOUND_PREFIX_MIN = 3
"""A German compound is split before a tool word of at least ``COMPOUND_HEAD_MIN``
letters ("budget", "kampagne") that follows at least ``COMPOUND_PREFIX_MIN`` letters."""
BM25_WEIGHT = 0.8
MEANING_WEIGHT = 0.5
"""Weight of the meaning similarity (0-1 scaled): the largest of 0.25/0.5/0.75/1.0 that
keeps the tuned tool-choice set (``evals/data/tool_choice.jsonl``) at its score."""
PERIOD_ARGS = frozenset({"date_from", "date_to", "lookback_days", "days", "window_days"})
PERIOD_WEIGHT = 2 * KIND_WEIGHT
"""A request that states a past period ("in July", "last week", "since 1 August") asks
for the figure of that period: a tool that takes a period as arguments gains enough to
outweigh a topic trigger ("revenue" for the revenue analysis), since a tool without one
reports everything up to today and cannot answer for the period, whatever its topic."""
COMMON_WORDS = frozenset(
    [
        "about",
        "after",
        "again",
        "before",
        "being",
        "could",
        "would",
        "should",
        "there",
        "their",
        "these",
        "those",
        "which",
        "where",
        "while",
        "please",
        "thanks",
        "thank",
        "hello",
        "today",
        "tomorrow",
        "yesterday",
        "really",
        "maybe",
        "right",
        "other",
        "every",
        "first",
        "second",
        "third",
        "still",
        "since",
        "until",
        "order",
        "orders",
        "ticket",
        "tickets",
        "event",
        "events",
        "contract",
        "contracts",
        "company",
        "companies",
        "people",
        "person",
        "number",
        "numbers",
        "quick",
        "short",
        "small",
        "large",
        "great",
        "latest",
        "recent",
        "month",
        "months",
        "weeks",
        "years",
        "hours",
        "could",
        "might",
        "needs",
        "wants",
        "send",
        "sending",
        "sent",
        "check",
        "checking",
        "tell",
        "show",
        "give",
        "given",
        "make",
        "making",
        "summit",
        "conference",
        "north",
        "northwind",
        "january",
        "february",
        "march",
        "april",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


@dataclass(frozen=True)
class ToolScore:
    """How well one tool fits a request, and where its triggers matched."""

    name: str
    total: float
    trigger: float
    bm25: float
    fit: float
    meaning: float = 0.0
    cosine: float = 0.0
    spans: tuple[tuple[int, int], ...] = field(default=())


class ToolPicker:
    """Scores the tools bound to a model call against a request."""

    def __init__(self, tools: Sequence[ToolInfo]) -> None:
        self.tools = {tool.name: tool for tool in tools}
        self._docs = [tokens(t.name.replace("_", " ") + " " + t.description) for t in tools]
        self._bm25 = BM25Okapi(self._docs) if tools else None
        self._patterns = {
            name: [
                (re.compile(rf"(?<![a-z0-9])(?:{p})(?![a-z0-9])"), w)
                for p, w in TRIGGERS.get(name, ())
            ]
            for name in self.tools
        }

    @cached_property
    def _meaning_index(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit vectors of each tool's description and example requests, and their owners."""
        texts, owners = [], []
        for number, (name, tool) in enumerate(self.tools.items()):
            first = tool.description.strip().split("\n\n")[0]
            for text in (f"{name.replace('_', ' ')}: {first}", *TOOL_EXAMPLES.get(name, ())):
                texts.append(text)
                owners.append(number)
        return sentence_embedder().embed(texts), np.array(owners)

    def meaning(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Per bound tool: how close the request is in meaning, scaled 0-1 and raw.

        A tool's cosine is its best-matching description or example; the scaled value
        puts the mean tool at 0 and the best one at 1, so only tools that stand out from
        the rest gain.
        """
        if not self.tools or not text.strip():
            return np.zeros(len(self.tools)), np.zeros(len(self.tools))
        vectors, owners = self._meaning_index
        cosine = vectors @ sentence_embedder().embed_one(text)
        best = np.full(len(self.tools), -1.0)
        np.maximum.at(best, owners, cosine)
        spread = best.max() - best.mean()
        if spread <= 0:
            return np.zeros(len(self.tools)), best
        return np.clip((best - best.mean()) / spread, 0.0, 1.0), best

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Words misspellings are corrected to: trigger words and the tools' descriptions."""
        words = {w for doc in self._docs for w in doc}
        for triggers in TRIGGERS.values():
            for pattern, _ in triggers:
                words.update(re.findall(r"[a-z]{4,}", pattern))
        return frozenset(words)

    @cached_property
    def stems(self) -> frozenset[str]:
        """Trigger stems that take any ending (``renvoy\\w*``): a word they start is known."""
        found: set[str] = set()
        for triggers in TRIGGERS.values():
            for pattern, _ in triggers:
                found.update(re.findall(r"([a-z]{4,})\\w\*", pattern))
        return frozenset(found)

    def correct(
        self,
        text: str,
        known: frozenset[str] = frozenset(),
        *,
        english: bool = True,
        german: bool = False,
    ) -> str:
        """``text`` normalised; unknown words of 5+ letters become the closest tool word.

        Not when the closest word is the typed one with a prefix (``_prefixed``), and not
        in a request written in Spanish, French or German (``english`` False): the tool
        words are mostly English, and a correctly spelt word of another language close to
        one ("gerade" to "grade", which scores the lead qualification) is not a typo.

        A word a trigger stem starts ("renvoyer" for ``renvoy\\w*``) is already known:
        correcting it to a closer-spelt word ("envoyer") would lose the trigger.

        In German (``german``) a compound noun ends in the noun it names: an unknown word
        that ends in a tool word is read as two ("eventbudget": "event budget").
        """
        out = []
        for word in tokens(text):
            unknown = word not in self.vocabulary and word not in COMMON_WORDS and word not in known
            if german and unknown:
                word = self._compound(word)
            unknown = unknown and not any(word[:n] in self.stems for n in range(4, len(word)))
            stem = inflected_from(word, self.vocabulary) if unknown else None
            if english and stem is not None:
                word = stem  # "urgently" reads as the tool word "urgent"
            # a dictionary word or its inflection ("sponsored") is no typo of a tool word
            unknown = unknown and stem is None and not is_word(word, self.vocabulary)
            if english and len(word) >= 5 and not word.isdigit() and unknown:
                close = get_close_matches(word, self.vocabulary, n=1, cutoff=0.8)
                word = close[0] if close and not _prefixed(word, close[0]) else word
            out.append(word)
        return " ".join(out)

    @cached_property
    def _compound_heads(self) -> list[str]:
        """Tool words a German compound may end in, longest first."""
        words = {w for w in self.vocabulary if len(w) >= COMPOUND_HEAD_MIN and w.isalpha()}
        return sorted(words, key=lambda w: (-len(w), w))

    def _compound(self, word: str) -> str:
        """``word`` split before the tool word it ends in, or as it is."""
        for head in self._compound_heads:
            if word.endswith(head) and len(word) - len(head) >= COMPOUND_PREFIX_MIN:
                return f"{word[: -len(head)]} {head}"
        return word

    def respell(self, text: str, known: frozenset[str] = frozenset()) -> str:
        """``text`` as typed with its misspelt words put right (``respelling``): the
        fillers and readers then read the words the scores were computed on."""
        return respelled(text, self.vocabulary | COMMON_WORDS, known, stems=self.stems)

    def score(self, req: Request) -> list[ToolScore]:
        """Every bound tool's score for ``req``, best first (ties by name)."""
        return self.rank(req)[1]

    def rank(self, req: Request) -> tuple[str, list[ToolScore]]:
        """The corrected, normalised request (which spans index into) and the scores."""
        known = req.catalog.words if req.catalog else frozenset()
        # What the request rules out ("don't start a new campaign - just tell me ...")
        # names no tool to choose: the words, BM25 and meaning read the rest.
        wanted = without_ruled_out(req.text)
        asked = req if wanted == req.text else Request(wanted, req.catalog, req.today)
        language = detect_language(req.text)
        text = self.correct(wanted, known, english=language == "en", german=language == "de")
        if not self.tools:
            return text, []
        # A company's name says who, not what: "Halo Bio news?" asks for the company's
        # news, not a contact's bio, and "Nova Metrics" asks for no metrics.
        text = mark_companies(text, _company_words(req, text))
        raw = list(self._bm25.get_scores(text.split())) if self._bm25 else []
        top = max([*raw, 0.0])
        meaning, cosines = self.meaning(meaning_text(asked))
        # Each named person reads as the one word "person" to the triggers ("chase person
        # on the proposal"), so a phrase written for a person works for any name.
        text = mark_people(text, _people_words(req, text))
        kinds = question_kinds(text)
        period = not kinds and _past_period(req)  # advice "this week" is not a period asked
        topics = topic_spans(text, [[PERSON]])
        scores = []
        for (name, tool), bm25, close, cosine in zip(
            self.tools.items(), raw, meaning, cosines, strict=True
        ):
            spans, trigger = [], 0.0
            addresses = bool(ADDRESSING_ARGS & set(tool.properties))
            for pattern, weight in self._patterns[name]:
                match = pattern.search(text)
                if match and (addresses or not inside(match.span(), topics)):
                    trigger += weight
                    spans.append(match.span())
            fit = self._fit(tool, req)
            trigger += kind_bonus(name, kinds)
            if period and PERIOD_ARGS & set(tool.properties):
                trigger += PERIOD_WEIGHT
            similarity = bm25 / top if top > 0 else 0.0
            total = trigger + BM25_WEIGHT * similarity + MEANING_WEIGHT * close + fit
            scores.append(
                ToolScore(
                    name,
                    round(total, 4),
                    trigger,
                    round(similarity, 4),
                    fit,
                    spans=tuple(spans),
                    meaning=round(float(close), 4),
                    cosine=round(float(cosine), 4),
                )
            )
        return text, sorted(scores, key=lambda s: (-s.total, s.name))

    def _fit(self, tool: ToolInfo, req: Request) -> float:
        filled = fill_arguments(tool, req)
        needs = bool(tool.required) or any(
            g for g in _groups(tool) if all(n in tool.properties for n in g)
        )
        if filled.complete:
            wanted = set(tool.required) | {n for g in _groups(tool) for n in g}
            return 1.0 if needs and filled.grounded & wanted else 0.0
        supplied = all(self._suppliable(tool.name, missing, req) for missing in filled.missing)
        return 0.0 if supplied else -1.0

    def _suppliable(self, tool: str, missing: str, req: Request) -> bool:
        """Whether a bound tool that can be called now would supply ``missing``."""
        return any(
            p.tool in self.tools
            and p.tool != tool
            and p.when(req.text)
            and fill_arguments(self.tools[p.tool], req).complete
            for name in missing.split(" or ")
            for p in providers_for(tool, name)
        )


ADDRESSING_ARGS = frozenset({"to", "attendee_email"})
"""Arguments of a tool that addresses a person (an email, an invite): such a tool keeps
the triggers found in the topic of what is said to them (``topics``)."""


def _people_words(req: Request, text: str) -> list[list[str]]:
    """The words ``text`` (the normalised request) names each person by: a full name as
    found (misspelt ones too), or a first name alone ("ping Yara about ...").

    None when the request writes an email address: its words ("sam okafor initech
    example") hold the name too, and the address already says who is meant."""
    if extract.emails(req.text):
        return []
    words = text.split()
    found = (
        [words[m.start : m.end] for m in req.catalog.find(text, "contact")] if req.catalog else []
    )
    for contact in req.entities("contact"):
        first = tokens(str(contact.attrs.get("first_name") or ""))
        if first and first[0] in words and not any(first[0] in f for f in found):
            found.append(first)
    return found


def _company_words(req: Request, text: str) -> list[list[str]]:
    """The words ``text`` (the normalised request) names each company by."""
    if req.catalog is None:
        return []
    words = text.split()
    return [words[m.start : m.end] for m in req.catalog.find(text, "company")]


NAMED_KINDS = ("campaign", "deliverable", "vendor", "package", "event", "company", "contact")
"""Record names replaced by their kind before the request is compared in meaning."""


def meaning_text(req: Request) -> str:
    """The request's words with the tenant's record names replaced by their kind.

    "How is the Early-bird email push campaign doing" reads as "how is the campaign
    campaign doing": a name's words ("email") say nothing about what is asked.
    """
    words = tokens(req.text)
    if req.catalog is None:
        return " ".join(words)
    spans: list[tuple[int, int, str]] = []
    for kind in NAMED_KINDS:
        for match in req.catalog.find(req.text, kind):
            if kind == "campaign" and match.length == 1:
                continue  # "the newsletter": the campaign's kind noun, which says what it is
            if all(match.end <= a or match.start >= b for a, b, _ in spans):
                spans.append((match.start, match.end, kind))
    for start, end, kind in sorted(spans, reverse=True):
        words[start:end] = [kind]
    return " ".join(words)


def _past_period(req: Request) -> bool:
    """Whether the request states a period of the past: begun and not ending ahead.

    "In July", "last week", "since 1 August" are; "this week" (running on, often a to-do
    horizon: "what should we fix this week") and "in October" are not.
    """
    start, end = date_range(req.text, req.today)
    if start is None or start >= req.today:
        return False
    return end is None or end < req.today or _SINCE.search(fold(req.text)) is not None


_SINCE = re.compile(
    r"\b(?:since|from|desde|depuis|seit)\b"
    r"|\b(?:so far|to date|until now|up to now|hasta (?:ahora|hoy|la fecha)|en lo que va"
    r"|jusqu (?:ici|a present|a maintenant)|bis jetzt|bislang)\b"
)
"""A period running up to today that is asked about as done: "since June", and "so far",
"to date" after a period still running ("Q3 revenue so far" is July 1 to today)."""


def _prefixed(word: str, candidate: str) -> bool:
    """Whether ``candidate`` is ``word`` with letters put in front ("usual", "unusual").

    A typo swaps, drops or doubles a letter inside a word; a word that only lacks a
    prefix is a real word of its own, often the opposite ("usual", "able", "known"), so
    it is not "corrected" into the prefixed one.
    """
    return len(candidate) > len(word) and candidate.endswith(word)


def _groups(tool: ToolInfo) -> list[tuple[str, ...]]:
    return [group for group, _ in tool.one_of_groups]
