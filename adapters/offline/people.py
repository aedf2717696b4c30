"""A person stands for their company's deal: "Lucia Fischer's company", "Kenji's deal".

Sales people speak of accounts through the people they deal with. Three readings follow
from the tenant's records rather than from phrasings:

- ``company_phrase``: a named person's company is named when the request ties the two
  ("Lucia Fischer's company", "his firm", "la empresa de Samuel Costa", "der Firma von
  Arjun Nakamura", "son entreprise"): the request is about that company.
- ``deal_holder``: of people who share a full name ("Maya Adeyemi" at two companies), the
  one whose company has a deal with us is the one a deal request means.
- ``deal_contact_by_first_name``: a first name alone ("Kenji's deal", "ping Yara") names a
  contact when exactly one person at a company with a current deal has it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from adapters.offline.entities import Catalog, Entity
from adapters.offline.text import fold

COMPANY_NOUNS = (
    "company|companies|firm|employer|organi[sz]ation|business|outfit|account|team|side|shop"
    "|empresa|compania|organizacion|equipo"
    "|entreprise|societe|boite|equipe|organisation"
    "|firma|unternehmen|arbeitgeber|laden"
)
"""Nouns for the organisation a person works for, folded (no accents), en/es/fr/de."""
_POSSESSIVE_PRONOUN = (
    r"his|her|their|su|sus|son|sa|ses|leur|leurs"
    r"|sein|seine|seiner|seinem|seinen|ihr|ihre|ihrer|ihrem|ihren"
)
_OF = r"(?:of|at|de|d|von|bei|du|de la|chez)"


def company_phrase(words: Sequence[str], name: Sequence[str]) -> bool:
    """Whether a request (its folded word ``tokens``) speaks of the company of the person
    it names with ``name`` (the words it wrote for them) rather than of the person.

    "Lucia Fischer's company", "Leo Tanaka's outfit", "the company Kai Haddad works
    for", "la empresa de Samuel Costa", "la société de Kenji Smith", "der Firma von Arjun
    Nakamura", or a possessive pronoun with a company noun ("his company", "su empresa",
    "seiner Firma").
    """
    text, person = " ".join(words), " ".join(name)
    if not person or not re.search(rf"\b{re.escape(person)}\b", text):
        return False
    person = re.escape(person)
    patterns = (
        rf"\b{person} (?:\w+ )?(?:{COMPANY_NOUNS})\b",
        rf"\b(?:{COMPANY_NOUNS}) (?:\w+ ){{0,2}}{_OF} {person}\b",
        rf"\b(?:{COMPANY_NOUNS}) {person} (?:works|working|is)\b",
        rf"\b(?:{_POSSESSIVE_PRONOUN}) (?:\w+ )?(?:{COMPANY_NOUNS})\b",
    )
    return any(re.search(p, text) for p in patterns)


def has_current_deal(catalog: Catalog, company_id: object) -> bool:
    """Whether the company has a deal for the current event."""
    return any(
        o.attrs.get("current") for o in catalog.by_attr("opportunity", "company_id", company_id)
    )


def deal_holder(catalog: Catalog, contact: Entity) -> Entity:
    """``contact``, or the namesake whose company has a current deal when theirs has none.

    The name index keeps the first of several people sharing a full name; a request about
    a deal means the one we have a deal with, when exactly one of them is.
    """
    if has_current_deal(catalog, contact.attrs.get("company_id")):
        return contact
    namesakes = [
        c
        for c in catalog.entities.get("contact", [])
        if fold(c.name) == fold(contact.name)
        and has_current_deal(catalog, c.attrs.get("company_id"))
    ]
    return namesakes[0] if len(namesakes) == 1 else contact


_CAPITALISED = re.compile(r"(?<![\w@.])([A-ZÀ-Ý][a-zà-ÿ]+)('s|’s)?(?![\w@])")
_SENTENCE_ENDS = '.!?;:\n"“«('
_OBJECTS = """
it them him her you us me this that these those the a an up on in out down back
lo la le los las les lui leur ihn sie es ihm ihnen den die das einen eine
"""
_OBJECT_AFTER_VERB = frozenset(_OBJECTS.split())
"""Words that follow an imperative, not a person: "Mark it lost", "Chase them up", "Bill
the client", "Will you check", "Grant her access"."""


def _first_name_words(text: str) -> set[str]:
    """Capitalised words of ``text`` that may be first names.

    A capitalised word opening a sentence and followed by an object ("Mark it lost",
    "Chase them up", "Bill the client") is the sentence's verb, whatever contacts the
    tenant has: many first names are also verbs. With a possessive ("Mark's deal") or
    before a verb ("Mark wants a call") it stays a name.
    """
    words = set()
    for match in _CAPITALISED.finditer(text):
        before = text[max(0, match.start() - 8) : match.start()].rstrip(" \t")
        if not match.group(2) and (match.start() == 0 or before[-1:] in _SENTENCE_ENDS):
            following = text[match.end() : match.end() + 24].split(maxsplit=1)
            if following and following[0].strip(",.!?").lower() in _OBJECT_AFTER_VERB:
                continue
        words.add(match.group(1))
    return words


def deal_contact_by_first_name(
    catalog: Catalog, text: str, taken: Collection[str] = frozenset()
) -> Entity | None:
    """The one contact at a company with a current deal whose first name ``text`` writes
    capitalised ("Kenji's deal", "ping Yara"), or None.

    A word that is part of another record's name (``taken``: a company, a deliverable
    owner...) is not read as a first name. When several deal contacts share the first
    name, the deals' primary contacts settle it; if that still leaves more than one, or
    none, nobody is chosen.
    """
    words = {w for w in _first_name_words(text) if fold(w) not in taken}
    if not words:
        return None
    deals = [o for o in catalog.entities.get("opportunity", []) if o.attrs.get("current")]
    companies = {o.attrs.get("company_id") for o in deals}
    primary = {o.attrs.get("primary_contact_id") for o in deals}
    found = [
        c
        for c in catalog.entities.get("contact", [])
        if c.attrs.get("company_id") in companies and c.attrs.get("first_name") in words
    ]
    if len(found) > 1:
        found = [c for c in found if c.id in primary]
    return found[0] if len(found) == 1 else None
