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


_CAPITALISED = re.compile(r"(?<![\w@.])([A-ZÀ-Ý][a-zà-ÿ]+)(?:'s|’s)?(?![\w@])")


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
    words = {m.group(1) for m in _CAPITALISED.finditer(text)}
    words = {w for w in words if fold(w) not in taken}
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
