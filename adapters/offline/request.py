"""What the offline model knows while it fills arguments: the request, the tenant, results.

Tool results arrive as ToolMessage text; ``parse_result`` turns them back into data
(JSON, an "error: ..." line, or the note for an action queued for approval).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from adapters.offline import extract, people
from adapters.offline.entities import Catalog, Entity
from adapters.offline.number_words import with_digits
from adapters.offline.text import fold, tokens
from domain.exclusions import without_excluded
from domain.reply_language import without_reply_line

_INITIAL_NAME = re.compile(r"\b([A-Z])\.\s*([A-Z][\w'’-]+)")
_UPSTREAM = re.compile(r"\n\s*From [a-z]+ \([^)]*\):", re.IGNORECASE)


def request_text(content: str) -> str:
    """The request itself, without the upstream departments' notes the planner appends."""
    match = _UPSTREAM.search(content)
    request = content[: match.start()] if match else content
    return without_reply_line(request).strip()


def parse_result(content: Any) -> Any:
    """A tool result as data: parsed JSON, else the text itself."""
    text = content if isinstance(content, str) else json.dumps(content, default=str)
    try:
        return json.loads(text)
    except ValueError:
        return text


def is_error(result: Any, status: str | None = None) -> bool:
    """Whether a tool result reports a failure."""
    if status == "error":
        return True
    return isinstance(result, str) and bool(re.match(r"^\s*(error|exception)\b", result, re.I))


@dataclass
class Request:
    """A request being served: its text, the tenant's catalog and earlier tool results."""

    text: str
    catalog: Catalog | None
    today: date
    results: list[tuple[str, Any]] = field(default_factory=list)
    reply_language: str | None = None
    """The language the task's reply line names ("Reply in Spanish."), if it names one."""
    typed: str | None = None
    """The request as the user typed it, when ``text`` is its respelling (``respelling``)."""
    _found: dict[str, list[Entity]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def as_typed(self) -> str:
        """The request as typed: negations, questions and withheld actions are read here,
        never from the respelling ("shouldnt" is no misspelt "should")."""
        return self.text if self.typed is None else self.typed

    @cached_property
    def typed_request(self) -> Request:
        """This request read as typed, for the free-text fields (an email's subject and
        body, notes, titles): they say what the user wrote, not its respelling."""
        if self.typed is None or self.typed == self.text:
            return self
        return replace(self, text=self.typed, typed=None, _found={})

    @cached_property
    def entity_text(self) -> str:
        """The text with emails and order numbers removed, for name matching, and without
        the names it excludes ("who else do we know there apart from Amara Chen?": the
        request is not about Amara Chen, ``domain.exclusions``)."""
        text = without_excluded(self.text)
        return extract._ORDER.sub(" ", extract._EMAIL.sub(" ", text))

    @cached_property
    def numeric_text(self) -> str:
        """The text folded, with numbers, dates and times written in words in digits
        ("the last sixty days" reads "the last 60 days"), for the numeric fillers."""
        return with_digits(self.text)

    def entities(self, kind: str) -> list[Entity]:
        """Entities of ``kind`` named in the request, in order of mention (memoised)."""
        if self.catalog is None:
            return []
        if kind not in self._found:
            found = self._named(kind)
            if kind == "contact" and _INITIAL_NAME.search(self.entity_text):
                # "M. Schmidt" is not a loose spelling of "Mei Schmidt": the initial decides.
                found = self._contacts_by_initial()
            if kind == "contact":
                found = [self._namesake_at_named_company(c) for c in found]
                found = found or self._contact_by_first_name()
            if kind == "company" and not found:
                found = self._companies_through_people()
            self._found[kind] = found
        return self._found[kind]

    @property
    def company_through_person(self) -> bool:
        """Whether the request names its company only through a person ("his company",
        "Lucia Fischer's firm"): the company is the subject, the person a pointer."""
        return bool(self.entities("company")) and not self._named("company")

    def _named(self, kind: str) -> list[Entity]:
        """Entities of ``kind`` whose own names the request writes."""
        if self.catalog is None:
            return []
        return [m.entity for m in self.catalog.find(self.entity_text, kind)]

    def _contact_by_first_name(self) -> list[Entity]:
        """A deal contact named by first name alone ("Kenji's deal"), when no company
        is named (``people.deal_contact_by_first_name``)."""
        if self.catalog is None or self._named("company"):
            return []
        taken = self.catalog.record_words
        found = people.deal_contact_by_first_name(self.catalog, self.entity_text, taken)
        return [found] if found is not None else []

    def _companies_through_people(self) -> list[Entity]:
        """The companies of the people the request ties to their company ("Lucia
        Fischer's company", "his firm": ``people.company_phrase``)."""
        if self.catalog is None:
            return []
        words = tokens(self.entity_text)
        spans = {
            m.entity.id: words[m.start : m.end]
            for m in self.catalog.find(self.entity_text, "contact")
        }
        found: list[Entity] = []
        for contact in self.entities("contact"):
            name = spans.get(contact.id) or tokens(contact.name)
            if " ".join(name) not in " ".join(words):  # named by first name alone
                name = tokens(str(contact.attrs.get("first_name") or ""))
            if not people.company_phrase(words, name):
                continue
            company = self.catalog.by_id("company", contact.attrs.get("company_id") or -1)
            if company is not None and company not in found:
                found.append(company)
        return found

    def _namesake_at_named_company(self, contact: Entity) -> Entity:
        """The contact's namesake at the company the request names, when it is not there.

        Two people can share a full name ("Grace Osei" at two companies); the name finds
        the first, and "Grace Osei at Echo Labs" means the one at Echo Labs. With no
        company named, the one we have a current deal with (``people.deal_holder``).
        """
        companies = {c.id for c in self._named("company")}
        if not self.catalog:
            return contact
        if not companies:
            return people.deal_holder(self.catalog, contact)
        if contact.attrs.get("company_id") in companies:
            return contact
        namesakes = [
            c
            for c in self.catalog.entities.get("contact", [])
            if fold(c.name) == fold(contact.name) and c.attrs.get("company_id") in companies
        ]
        return namesakes[0] if len(namesakes) == 1 else contact

    def _contacts_by_initial(self) -> list[Entity]:
        """Contacts named by an initial and a surname ("M. Schmidt at Acme Cloud").

        Several people can share the initial and surname; a company the request names
        settles it, else nobody is chosen.
        """
        found: list[Entity] = []
        contacts = self.catalog.entities.get("contact", []) if self.catalog else []
        for match in _INITIAL_NAME.finditer(self.entity_text):
            initial, surname = match.group(1).casefold(), fold(match.group(2))
            same = [
                c
                for c in contacts
                if fold(c.name).startswith(initial) and fold(c.name).split()[-1] == surname
            ]
            companies = {c.id for c in self._named("company")}
            if len(same) > 1 and companies:
                same = [c for c in same if c.attrs.get("company_id") in companies]
            if len(same) == 1 and same[0] not in found:
                found.append(same[0])
        return found

    def entity(self, kind: str) -> Entity | None:
        """The first entity of ``kind`` named in the request."""
        found = self.entities(kind)
        return found[0] if found else None

    def by_id(self, kind: str, record_id: int) -> Entity | None:
        """An entity by explicit id, when the tenant has it."""
        return self.catalog.by_id(kind, record_id) if self.catalog else None

    def result(self, tool: str) -> Any | None:
        """The latest successful result of ``tool`` in this request, if any."""
        for name, value in reversed(self.results):
            if name == tool and isinstance(value, dict):
                return value
        return None
