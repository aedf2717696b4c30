"""Recognise the tenant's records named in a request: companies, contacts, campaigns...

The resolver loads each tenant's names once (cached for a few minutes) and finds them in
text case- and accent-insensitively, longest match first. A name that is nearly right
("Acme Clud") still matches when nothing matches exactly.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from adapters.offline.catalog_loader import load_entities
from adapters.offline.text import similar, tokens
from adapters.offline.translated_names import TRANSLATED_KINDS, translated_spans
from domain.db import tenant_session
from domain.name_shortenings import in_order_shortenings

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "for",
        "to",
        "and",
        "or",
        "in",
        "on",
        "at",
        "by",
        "with",
        "from",
        "our",
        "my",
        "your",
        "their",
        "its",
        "is",
        "are",
        "be",
        "this",
        "that",
        "email",
        "push",
        "co",
        "inc",
        "ltd",
    ]
)
FUZZY_KINDS = frozenset({"company", "contact", "campaign", "vendor", "deliverable"})
RIVAL_KINDS = {"vendor": ("company",), "company": ("vendor",)}
"""Kinds of party whose names share words: a record is named by its whole name, so a
company's name is not read as a vendor's shortened one, nor the reverse."""
SINGLE_WORD_FUZZY_MIN = 6
"""A vendor's one-word name ("StreamHouse") or a record's distinctive first word ("Harbor" for
Harbor Catering Co., indexed only when no other record of the kind starts with it) is
matched misspelt ("harbour", "streamhose") when it has at least this many letters;
shorter words are too easily another word nearly spelt alike."""


@dataclass(frozen=True)
class Entity:
    """One named record: its kind ("company"...), id, display name and a few attributes."""

    kind: str
    id: int
    name: str
    attrs: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Match:
    """Where an entity was found in the request (token positions) and how."""

    entity: Entity
    start: int
    end: int
    exact: bool

    @property
    def length(self) -> int:
        """How many tokens matched."""
        return self.end - self.start


FOUND_MEMO_SIZE = 512
"""How many (text, kind) searches a catalog remembers before it starts over."""


@dataclass
class Catalog:
    """One tenant's names, indexed by kind and token sequence."""

    tenant_id: str
    tenant_name: str
    today: date
    current_event_id: int | None
    entities: dict[str, list[Entity]]
    aliases: dict[str, dict[tuple[str, ...], list[Entity]]] = field(default_factory=dict)

    spaced: dict[str, dict[str, list[tuple[int, Entity]]]] = field(default_factory=dict)
    """Each kind's names with their spaces taken out, with their word counts: a name may be
    written with its words run together ("bluebio") or a one-word name split ("Stream
    House")."""

    _found: dict[tuple[str, str], tuple[Match, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """``find``'s answers by (text, kind)."""

    def __post_init__(self) -> None:
        for kind, items in self.entities.items():
            self.aliases[kind] = _alias_index(kind, items)
            self.spaced[kind] = _spacing_index(self.aliases[kind])

    @cached_property
    def record_words(self) -> frozenset[str]:
        """Every word of the names of records other than contacts (companies, vendors,
        deliverable owners...): such a word is not read as a contact's first name."""
        return frozenset(
            w
            for kind, index in self.aliases.items()
            if kind != "contact"
            for key in index
            for w in key
        )

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of every name (kept out of spelling correction)."""
        return frozenset(w for index in self.aliases.values() for key in index for w in key)

    def by_id(self, kind: str, record_id: int) -> Entity | None:
        """The entity of ``kind`` with ``record_id``, if the tenant has it."""
        return next((e for e in self.entities.get(kind, []) if e.id == record_id), None)

    def by_attr(self, kind: str, key: str, value: Any) -> list[Entity]:
        """Entities of ``kind`` whose attribute ``key`` equals ``value``."""
        return [e for e in self.entities.get(kind, []) if e.attrs.get(key) == value]

    def find(self, text: str, kind: str) -> list[Match]:
        """Entities of ``kind`` named in ``text``: non-overlapping, longest first, by position.

        Memoised on this catalog: a request's text is searched for each kind by the tool
        picker and by each model call's request (25 searches of 9 kinds a question run,
        the fuzzy ones comparing every long name), and the answer depends only on the
        text and this tenant's names, which a catalog never changes (a refresh builds a
        new one, so nothing outlives the names it was found among).
        """
        key = (text, kind)
        found = self._found.get(key)
        if found is None:
            found = tuple(self._find(text, kind))
            if len(self._found) >= FOUND_MEMO_SIZE:  # texts are many; keep the recent ones
                self._found.clear()
            self._found[key] = found
        return list(found)

    def _find(self, text: str, kind: str) -> list[Match]:
        words = tokens(text)
        found = self._exact(words, kind)
        if not found and kind in TRANSLATED_KINDS:
            found = self._translated(words, kind)
        if not found and kind in FUZZY_KINDS:
            found = self._fuzzy(words, kind)
        rivals = [m for other in RIVAL_KINDS.get(kind, ()) for m in self._exact(words, other)]
        found = [m for m in found if not any(_outnamed(m, rival) for rival in rivals)]
        chosen: list[Match] = []
        for match in sorted(found, key=lambda m: (-m.length, m.start, m.entity.id)):
            if all(match.end <= c.start or match.start >= c.end for c in chosen):
                chosen.append(match)
        return sorted(chosen, key=lambda m: m.start)

    def best(self, text: str, kind: str) -> Entity | None:
        """The first (longest at its position) entity of ``kind`` named in ``text``."""
        matches = self.find(text, kind)
        return matches[0].entity if matches else None

    def _exact(self, words: list[str], kind: str) -> list[Match]:
        index = self.aliases.get(kind, {})
        lengths = sorted({len(alias) for alias in index}, reverse=True)
        found: list[Match] = []
        for start in range(len(words)):
            for size in lengths:
                key = tuple(words[start : start + size])
                if len(key) == size and key in index:
                    found.extend(Match(e, start, start + size, True) for e in index[key][:1])
        return found + self._respaced(words, kind)

    def _translated(self, words: list[str], kind: str) -> list[Match]:
        """Names written in Spanish, French or German words (``translated_names``)."""
        index = self.aliases.get(kind, {})
        if not index:
            return []
        longest = max(len(alias) for alias in index)
        spans = translated_spans(words, index.__contains__, longest)
        return [Match(index[key][0], start, end, True) for key, start, end in spans]

    def _respaced(self, words: list[str], kind: str) -> list[Match]:
        """Names written with other spacing: words run together or a word split in two."""
        spaced = self.spaced.get(kind, {})
        found: list[Match] = []
        for start in range(len(words)):
            for size in range(1, SPACING_MAX_WORDS + 1):
                window = words[start : start + size]
                if len(window) < size or any(w in STOPWORDS for w in window):
                    continue
                joined = "".join(window)
                for count, entity in spaced.get(joined, [])[:1]:
                    if count != size:
                        found.append(Match(entity, start, start + size, True))
        return found

    @cached_property
    def fuzzy_targets(self) -> dict[str, dict[tuple[str, int], list[tuple[str, Entity]]]]:
        """Per kind, the names a misspelling may stand for, by first letter and word count
        (a misspelt name keeps both): one name of one word only for vendors, and only a
        long one; names of several words of at least 8 letters."""
        targets: dict[str, dict[tuple[str, int], list[tuple[str, Entity]]]] = {}
        for kind in FUZZY_KINDS:
            by_opening: defaultdict[tuple[str, int], list[tuple[str, Entity]]]
            by_opening = defaultdict(list)
            for alias, items in self.aliases.get(kind, {}).items():
                target = " ".join(alias)
                if len(alias) == 1:
                    if kind != "vendor" or len(target) < SINGLE_WORD_FUZZY_MIN:
                        continue
                elif len(target) < 8:
                    continue
                by_opening[(alias[0][:1], len(alias))].append((target, items[0]))
            targets[kind] = dict(by_opening)
        return targets

    def _fuzzy(self, words: list[str], kind: str) -> list[Match]:
        """Names nearly written: each run of words against the names that open with its
        first letter and have as many words. A run written several times is compared
        once (comparing every name with every run was quadratic on a long paste)."""
        targets = self.fuzzy_targets.get(kind, {})
        sizes = sorted({size for _, size in targets})
        compared: dict[str, list[Entity]] = {}
        found: list[Match] = []
        for start in range(len(words)):
            for size in sizes:
                window = words[start : start + size]
                if len(window) < size or any(w in STOPWORDS for w in window):
                    continue
                named = targets.get((window[0][:1], size))
                if not named:
                    continue
                candidate = " ".join(window)
                close = compared.get(candidate)
                if close is None:
                    close = [
                        entity
                        for target, entity in named
                        if abs(len(candidate) - len(target)) <= 2
                        and similar(candidate, target) >= 0.86
                    ]
                    compared[candidate] = close
                found.extend(Match(entity, start, start + size, False) for entity in close)
        return found


def _outnamed(match: Match, rival: Match) -> bool:
    """Whether ``rival`` names more of the text where ``match`` was found: "Harbor
    Robotics" (a company, two words) outnames the vendor Harbor Catering Co. that the
    one word "Harbor" would otherwise name."""
    return rival.start <= match.start and match.end <= rival.end and rival.length > match.length


class EntityResolver:
    """Finds the tenant's records in text; one cached catalog per tenant.

    Args:
        sessions: the business database's session factory.
        default_tenant: the tenant used outside a graph run.
        pinned_today: the settings' pinned business date, if any.
        max_age_seconds: how long a tenant's catalog is reused before reloading.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        default_tenant: str = "demo",
        pinned_today: date | None = None,
        max_age_seconds: float = 300.0,
    ) -> None:
        self.sessions = sessions
        self.default_tenant = default_tenant
        self.pinned_today = pinned_today
        self.max_age_seconds = max_age_seconds
        self._cache: dict[str, tuple[float, Catalog]] = {}
        self._lock = threading.Lock()

    def catalog(self, tenant_id: str) -> Catalog:
        """The tenant's catalog, loaded on first use and after ``max_age_seconds``."""
        with self._lock:
            cached = self._cache.get(tenant_id)
            if cached and time.monotonic() - cached[0] < self.max_age_seconds:
                return cached[1]
            with tenant_session(self.sessions, tenant_id) as session:
                catalog = build_catalog(session, tenant_id, self.pinned_today)
            self._cache[tenant_id] = (time.monotonic(), catalog)
            return catalog

    def refresh(self, tenant_id: str | None = None) -> None:
        """Forget cached names (one tenant, or all)."""
        with self._lock:
            if tenant_id is None:
                self._cache.clear()
            else:
                self._cache.pop(tenant_id, None)


def build_catalog(session: Session, tenant_id: str, pinned: date | None) -> Catalog:
    """Load one tenant's names and business date (one query per kind of record)."""
    from domain.clock import business_today
    from domain.models import Event, Tenant

    tenant = session.get(Tenant, tenant_id)
    today = business_today(pinned, tenant.snapshot_date if tenant else None)
    events = session.scalars(
        select(Event).where(Event.tenant_id == tenant_id).order_by(Event.starts_on)
    ).all()
    upcoming = [e for e in events if e.starts_on >= today]
    current = upcoming[0] if upcoming else (events[-1] if events else None)
    return Catalog(
        tenant_id=tenant_id,
        tenant_name=tenant.name if tenant else tenant_id,
        today=today,
        current_event_id=current.id if current else None,
        entities=load_entities(session, tenant_id, current.id if current else None),
    )


SPACING_MAX_WORDS = 3
SPACING_MIN_LETTERS = 7
"""A name is matched with other spacing when it has at least this many letters: short
ones run together ("blue"+"bio" is fine, "ai"+"co" is not) too easily make another word."""


def _spacing_index(
    index: dict[tuple[str, ...], list[Entity]],
) -> dict[str, list[tuple[int, Entity]]]:
    spaced: dict[str, list[tuple[int, Entity]]] = {}
    for key, owners in index.items():
        joined = "".join(key)
        if len(joined) >= SPACING_MIN_LETTERS and len(key) <= SPACING_MAX_WORDS:
            spaced.setdefault(joined, []).extend((len(key), e) for e in owners[:1])
    return {
        joined: items
        for joined, items in spaced.items()
        if len({e.id for _, e in items}) == 1  # two records sharing it name neither
    }


def _alias_index(kind: str, items: Iterable[Entity]) -> dict[tuple[str, ...], list[Entity]]:
    index: dict[tuple[str, ...], list[Entity]] = {}
    partial: dict[tuple[str, ...], list[Entity]] = {}
    for entity in items:
        names = [entity.name, *entity.attrs.get("aliases", ())]
        for name in names:
            key = tuple(tokens(name))
            if key:
                index.setdefault(key, []).append(entity)
        for key in _partial_aliases(kind, tuple(tokens(entity.name))):
            partial.setdefault(key, []).append(entity)
    for key, owners in partial.items():
        if key not in index and len({e.id for e in owners}) == 1:
            index[key] = owners[:1]
    return index


CAMPAIGN_NOUNS = ("campaign", "campana", "campagne", "kampagne")
"""The word for a campaign in each reply language, as ``tokens`` folds it."""
ROMANCE_CAMPAIGN_NOUNS = ("campana", "campagne")
"""The campaign nouns whose language names the campaign after the noun."""

CAMPAIGN_HEAD_MIN = 6
"""A campaign's last word names it alone when it has this many letters ("newsletter",
"retargeting"); a short one ("buzz") is too easily another word's."""
GENERIC_CAMPAIGN_HEADS = frozenset(
    {
        *CAMPAIGN_NOUNS,
        *(f"{noun}s" for noun in CAMPAIGN_NOUNS),
        "campanas",
        "email",
        "emails",
        "mail",
        "mails",
        "mailer",
        "mailers",
        "mailing",
        "mailings",
        "post",
        "posts",
        "ad",
        "ads",
        "advert",
        "adverts",
        "promo",
        "promos",
        "promotion",
        "promotions",
        "push",
        "pushes",
        "blast",
        "blasts",
        "message",
        "messages",
        "series",
        "sequence",
        "sequences",
        "outreach",
        "update",
        "updates",
    }
)
"""Nouns every campaign may end in ("... campaign", "... emails", "... ads"): they say
what kind of thing it is, not which one, so none names a campaign alone ("what's the open
rate on our emails?" asks about every campaign, "a new campaign" about none)."""
SHORTENED_MAX = 6
"""Names up to this many words get every in-order shortening (longer ones none: a
seven-word name has 120 of them, and is rarely cut in conversation)."""


def _partial_aliases(kind: str, words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Shorter ways to name a record: its words in order with some left out ("agenda
    newsletter" for "Agenda launch newsletter"), a distinctive first word.

    A shortening names the record only when no other record of the kind shares it
    (``_alias_index``), so "email push" stays ambiguous if two campaigns have it.
    """
    out: list[tuple[str, ...]] = []
    if kind in {"campaign", "deliverable", "budget_line"}:
        out.extend(in_order_shortenings(words, STOPWORDS, SHORTENED_MAX))
    if kind in {"company", "vendor"} and len(words) >= 2 and len(words[0]) >= 4:
        out.append(words[:1])
    head = words[-1] if words else ""
    if kind == "campaign" and len(words) >= 2 and len(head) >= CAMPAIGN_HEAD_MIN:
        # "the newsletter", "the retargeting": the name's last word says what kind of
        # campaign it is; when no other campaign shares it, it names this one
        out.extend([(head,)] if head not in STOPWORDS | GENERIC_CAMPAIGN_HEADS else [])
    if kind == "campaign" and len(words) >= 2 and len(words[0]) >= 4 and words[0] not in STOPWORDS:
        # "the LinkedIn campaign", "la LinkedIn-Kampagne": its first word and the kind noun
        out.extend((words[0], noun) for noun in CAMPAIGN_NOUNS if noun not in words)
        # "la campaña de LinkedIn", "la campagne LinkedIn": Spanish and French put the
        # name after the noun, with or without "de"/"du"
        for noun in ROMANCE_CAMPAIGN_NOUNS:
            out.extend([(noun, words[0]), (noun, "de", words[0]), (noun, "du", words[0])])
    if kind == "vendor" and words and words[-1] in STOPWORDS:
        out.append(words[:-1])
    if kind == "budget_line":
        out.extend((w,) for w in words if len(w) >= 5 and w not in STOPWORDS)
    return out
