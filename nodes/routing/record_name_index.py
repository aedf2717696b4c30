"""The tenant's record names, found in a request and typed by the kind of record.

"Any word from StreamHouse?" holds no department's word; that StreamHouse is one of the
tenant's vendors says it is operations' business. ``RecordNameIndex`` indexes the names of
a tenant's records (``domain.record_names``: vendors, deliverables and their owners,
campaigns, companies and contacts, attendees, ticket buyers and support requesters,
knowledge-base articles, events, ticket types) and finds them in text:

- case- and accent-insensitively, with a possessive ("StreamHouse's") read as the name;
- whole names and the shorter ways people write them: an organisation's first word
  when the rest is a generic business word ("Acme" for Acme Cloud; not "Lisbon" for
  Lisbon Badge Print, whose first word is a city) and the first word is neither a
  routing-vocabulary word ("Signal" for Signal Bio) nor a word of the tenant's events
  and ticket types ("Summit" for Summit Bio), or its name without "Co."/"Inc."; a
  person's last name;
  a campaign's words in order with some left out ("speaker spotlight"); a deliverable
  without its opening verb ("the shuttle timetable" for "Publish shuttle timetable"); an
  event without its year;
- a one-word key (a first word, a last name, "Globex") only where it reads as a name:
  written with a capital inside a sentence (not in German, which capitalises every
  noun), or a word the routing vocabulary (the training requests' lower-case words and
  the embedding tokenizer's whole words) does not have. "harbor" in "the harbor view"
  is not Harbor Robotics, "Harbor" in "ask Harbor about it" may be;
- a word one letter off a name's word ("Streamhose", "Clearwve", "Lindqvst") read as
  that word when it is no known word itself and only one name's word is that close.

A name names every kind of record it belongs to. ``departments`` maps kinds to the
departments whose business they are (``KIND_DEPARTMENTS``); a name whose kinds belong to
different departments (most person names in the demo tenant are both a contact's and
some ticket buyer's; "Lumen" may be a vendor's name and several companies' first word; "Early
Bird" is a campaign's words and a ticket type) has no department: it must not push
one. Kinds of no department (events, ticket types) make a name ambiguous the same way.

Built once per tenant from its records (``from_records``, tens of milliseconds for the
demo tenant's 6,000 names) and passed to the router; see ``nodes.record_names_cache`` for the
service's per-tenant cache and ``evals.routing_eval`` for the eval's demo tenant.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from domain.departments import DepartmentName
from domain.email_pattern import EMAIL_ADDRESS
from domain.language import detect_language
from domain.name_shortenings import in_order_shortenings
from domain.record_glossary import translated_spans
from nodes.routing.names import ORGANISATION_WORDS
from nodes.routing.spelling import edit_distance
from nodes.routing.text import normalise

TRANSLATED_MIN_WORDS = 2
"""A name read through the glossary counts only with two words or more: one translated
word ("seguridad") is too often just the word, not a record's name."""

KIND_DEPARTMENTS: dict[str, frozenset[DepartmentName]] = {
    "vendor": frozenset({"operations"}),
    "deliverable": frozenset({"operations"}),
    "deliverable_owner": frozenset({"operations"}),
    "campaign": frozenset({"marketing"}),
    "company": frozenset({"sales", "research"}),
    "deal_company": frozenset({"sales"}),
    "contact": frozenset({"sales", "research"}),
    "attendee": frozenset({"support"}),
    "ticket_buyer": frozenset({"support"}),
    "support_requester": frozenset({"support"}),
    "kb_article": frozenset({"support"}),
    "event": frozenset(),
    "external_event": frozenset(),
    "ticket_type": frozenset(),
}
"""The departments whose business each kind of record is (``domain.record_names``).
Empty: the kind is everyone's (the tenant's events, other organisers' events, ticket
types)."""

EVERYONES_KINDS = frozenset({"event", "external_event", "ticket_type"})
"""Kinds whose names' words are the tenant's everyday words ("Summit", "VIP"): no
organisation's first word stands for its name when it is one of them."""
ORGANISATIONS = frozenset({"vendor", "company", "deal_company"})
PEOPLE = frozenset(
    {"contact", "attendee", "ticket_buyer", "support_requester", "deliverable_owner"}
)
LEGAL_SUFFIXES = frozenset({"co", "inc", "ltd", "llc", "gmbh", "corp", "sa", "ag", "plc"})
STOPWORDS = frozenset({"a", "an", "the", "of", "for", "to", "and", "or", "in", "on", "at", "by"})
SHORTENED_MAX = 6
"""Campaign names up to this many words get every in-order shortening of two words or more."""
FUZZY_MIN = 5
"""A misspelt word is read as a name's word only from this many letters."""
MIN_KEY_LETTERS = 3
"""A one-word key needs this many letters ("Li" is no name to find in text)."""
MAX_KEY_WORDS = 12
"""Longer names are not looked for: nobody writes them out, and each position of a text
would try every length up to the longest name's."""
MAX_WORD_LETTERS = 30
"""Longer words are not read through a misspelling: their deletions would be as many
as their letters (a 20,000-letter token, about 370 MB of strings)."""

_WORD = re.compile(r"(?P<word>[^\W_]+)(?:['’]s\b)?", re.UNICODE)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_ADDRESS = re.compile(EMAIL_ADDRESS + r"|\bhttps?://\S+|\bwww\.\S+")
"""Email and web addresses: a name inside one ("sam@lumen-analytics.com") is not named.
The look-behind starts an address's local part only at its first character: unanchored,
a 20,000-character token with no "@" was tried from each of its characters (quadratic)."""
_SENTENCE_OPENERS = frozenset('.!?:;¿¡"(-–—')
"""Characters after which (and whitespace) a word opens a sentence; so does a new line."""


class NameMatch(NamedTuple):
    """A name found in a text: its character span (possessive excluded), the kinds of
    the records it may name and the departments it reads as (``Reading``)."""

    start: int
    end: int
    kinds: frozenset[str]
    departments: frozenset[DepartmentName]


class Reading(NamedTuple):
    """What a key names: the kinds of its records, and its departments.

    A record's departments are those all its kinds share (a name that is a contact's
    and a ticket buyer's has none). A key naming several records ("Lumen": five
    companies, one of them with a deal) reads as the departments of any of them,
    provided they all share one (else none: a vendor's and companies' "Lumen").
    """

    kinds: frozenset[str]
    departments: frozenset[DepartmentName]


def _record_departments(kinds: Iterable[str]) -> frozenset[DepartmentName]:
    readings = [KIND_DEPARTMENTS.get(kind, frozenset()) for kind in kinds]
    return frozenset.intersection(*readings) if readings else frozenset()


def _reading(records: list[frozenset[str]]) -> Reading:
    each = [_record_departments(kinds) for kinds in records]
    shared = frozenset.intersection(*each) if each else frozenset()
    return Reading(
        kinds=frozenset().union(*records),
        departments=frozenset().union(*each) if shared else frozenset(),
    )


@dataclass(frozen=True, eq=False)
class RecordNameIndex:
    """One tenant's names index (see the module docstring). Compared and hashed by
    identity, so a router cache keyed on it forgets readings when the index is rebuilt.

    Attributes:
        keys: token tuple to what it names (``Reading``).
        common: the routing vocabulary; a one-word key in lower case must not be in it.
        fuzzy: deletion index of the names' words (``FUZZY_MIN`` letters or more).
        lengths: a key's first word to the lengths of the keys it opens, longest first.
    """

    keys: dict[tuple[str, ...], Reading]
    common: frozenset[str]
    fuzzy: dict[str, frozenset[str]] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @classmethod
    def from_records(
        cls, records: Iterable[tuple[str, str]], common: Collection[str] | None = None
    ) -> RecordNameIndex:
        """The index of ``(name, kind)`` pairs; ``common`` defaults to the routing
        vocabulary (``routing_vocabulary``). Pairs with the same name are one record."""
        by_name: defaultdict[tuple[str, ...], set[str]] = defaultdict(set)
        for name, kind in records:
            words = _tokens(name)
            if words:
                by_name[words].add(str(kind))
        vocabulary = frozenset(common) if common is not None else routing_vocabulary()
        everyones = {
            word for words, kinds in by_name.items() if kinds & EVERYONES_KINDS for word in words
        }
        plain = vocabulary | everyones  # once: a union per record was most of the build
        named: defaultdict[tuple[str, ...], dict[tuple[str, ...], frozenset[str]]]
        named = defaultdict(dict)
        for words, kinds in by_name.items():
            for kind in kinds:
                for key in _keys_of(kind, words, plain):
                    if len(key) <= MAX_KEY_WORDS:
                        named[key][words] = frozenset(kinds)
        deletions: defaultdict[str, set[str]] = defaultdict(set)
        for word in {w for key in named for w in key}:
            if FUZZY_MIN <= len(word) <= MAX_WORD_LETTERS and word.isalpha():
                for deleted in _deletions(word):
                    deletions[deleted].add(word)
        return cls(
            keys={key: _reading(list(found.values())) for key, found in named.items()},
            common=vocabulary,
            fuzzy={key: frozenset(words) for key, words in deletions.items()},
            lengths=_lengths(named),
        )

    def find(self, text: str) -> list[NameMatch]:
        """The names in ``text``, longest first at each position, without overlaps."""
        words = _words_outside_addresses(text)
        if not words:
            return []
        german = detect_language(text) == "de"
        folded = [normalise(word) for word, _, _ in words]
        read = [self._read(word) for word in folded]
        found: list[NameMatch] = []
        i = 0
        while i < len(words):
            for size in self.lengths.get(read[i], ()):
                if i + size > len(words):
                    continue
                key = tuple(read[i : i + size])
                reading = self.keys.get(key)
                if reading is None or not self._stands(key, words[i], text, german, folded[i]):
                    continue
                start, end = words[i][1], words[i + size - 1][2]
                found.append(NameMatch(start, end, reading.kinds, reading.departments))
                i += size
                break
            else:
                i += 1
        translated = self._translated(words, folded)
        if not translated:
            return found
        # a name of two words read through the glossary outweighs a one-word name it
        # overlaps ("la visite d'accessibilité": the walkthrough, not the "Accessibility"
        # article one letter off)
        kept = [m for m in found if all(m.end <= t.start or m.start >= t.end for t in translated)]
        return sorted(kept + translated, key=lambda m: m.start)

    def _translated(self, words: list[tuple[str, int, int]], folded: list[str]) -> list[NameMatch]:
        """Names of two or more words written in Spanish, French or German ("la visite
        d'accessibilité" for the Accessibility walkthrough, ``domain.record_glossary``)."""
        longest = max((n for sizes in self.lengths.values() for n in sizes), default=0)
        found = []
        for key, start, end in translated_spans(folded, self.keys.__contains__, longest):
            if len(key) >= TRANSLATED_MIN_WORDS:
                reading = self.keys[key]
                found.append(
                    NameMatch(
                        words[start][1], words[end - 1][2], reading.kinds, reading.departments
                    )
                )
        return found

    def _read(self, word: str) -> str:
        """``word`` as a name's word: itself, or the one name word a letter away."""
        if not FUZZY_MIN <= len(word) <= MAX_WORD_LETTERS:
            return word
        if word in self.common or not word.isalpha():
            return word
        if word in self.fuzzy.get(word, ()):
            return word  # a name's own word
        candidates = {c for d in _deletions(word) for c in self.fuzzy.get(d, ())}
        close = [c for c in candidates if edit_distance(word, c) <= 1]
        return close[0] if len(close) == 1 else word

    def _stands(
        self,
        key: tuple[str, ...],
        word: tuple[str, int, int],
        text: str,
        german: bool,
        folded: str,
    ) -> bool:
        """Whether a one-word key reads as a name where it is written (see the module
        docstring); keys of several words always do."""
        if len(key) > 1:
            return True
        written, start, _end = word
        if len(key[0]) < MIN_KEY_LETTERS or key[0].isdigit():
            return False
        if key[0] != folded:  # read through a misspelling: only a word nobody uses
            return key[0] not in self.common and len(key[0]) > FUZZY_MIN
        capitalised = written[:1].isupper() and not written.isupper()
        inside = not _opens_sentence(text, start)
        if capitalised and inside and not german:
            return True
        return key[0] not in self.common

    def departments(self, text: str) -> set[DepartmentName]:
        """The departments the unambiguous names in ``text`` belong to."""
        return {d for match in self.find(text) for d in match.departments}


def _words_outside_addresses(text: str) -> list[tuple[str, int, int]]:
    """Each word of ``text`` not inside an email or web address, with its span."""
    hidden = iter([m.span() for m in _ADDRESS.finditer(text)])
    address = next(hidden, None)
    words = []
    for m in _WORD.finditer(text):
        while address is not None and address[1] <= m.start():
            address = next(hidden, None)
        if address is None or m.start() < address[0]:
            words.append((m.group("word"), m.start("word"), m.end("word")))
    return words


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence: it starts the text or a line, or
    follows a sentence's end, a colon, a quote, a bracket or a dash. Scans back over the
    whitespace before it only (searching ``text[:start]`` for each word was quadratic)."""
    i = start
    while i > 0 and text[i - 1].isspace():
        if text[i - 1] == "\n":
            return True
        i -= 1
    return i == 0 or text[i - 1] in _SENTENCE_OPENERS


def _tokens(name: str) -> tuple[str, ...]:
    return tuple(normalise(m.group("word")) for m in _WORD.finditer(name))


def _keys_of(
    kind: str, words: tuple[str, ...], plain: Collection[str] = frozenset()
) -> list[tuple[str, ...]]:
    """A record's name and the shorter ways a request writes it (module docstring).
    An organisation's first word in ``plain`` (the routing vocabulary, the words of the
    tenant's events and ticket types) does not stand for its name: "the Summit" is the
    tenant's summit, not Summit Bio."""
    if not words:
        return []
    keys = [words]
    if kind in ORGANISATIONS:
        while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
            words = words[:-1]
            keys.append(words)
        if (
            len(words) >= 2
            and len(words[0]) >= 4
            and words[0] not in plain
            and set(words[1:]) <= ORGANISATION_WORDS
        ):
            keys.append(words[:1])  # "Acme" for Acme Cloud; not "Lisbon" for Lisbon Badge Print
    elif kind in PEOPLE and len(words) >= 2:
        keys.append(words[-1:])
    elif kind == "campaign":
        keys.extend(in_order_shortenings(words, STOPWORDS, SHORTENED_MAX))
    elif kind == "deliverable" and len(words) >= 3:
        rest = words[1:]
        while rest and rest[0] in STOPWORDS:
            rest = rest[1:]
        if sum(w not in STOPWORDS for w in rest) >= 2:
            keys.append(rest)
    elif kind in ("event", "external_event") and len(words) >= 2 and _YEAR.match(words[-1]):
        keys.append(words[:-1])
    return keys


def _lengths(keys: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    by_first: defaultdict[str, set[int]] = defaultdict(set)
    for key in keys:
        by_first[key[0]].add(len(key))
    return {first: tuple(sorted(sizes, reverse=True)) for first, sizes in by_first.items()}


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


@cache
def routing_vocabulary() -> frozenset[str]:
    """Words a one-word name written in lower case must not be: the router's training
    requests' lower-case words (``names.ProperNames.common``) and the embedding
    tokenizer's whole words (``spelling.tokenizer_words``)."""
    from nodes.routing.classifier import trained_classifier
    from nodes.routing.spelling import tokenizer_words

    return trained_classifier().names.common | tokenizer_words()
