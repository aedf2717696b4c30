"""The contact a request means when it names a company and one person there by first
name or by role: "Elena at Acme Cloud", "Grace de Zenith Health", "the CTO at Kestrel
Systems", "the VP of marketing at Zenith Health".

A full name or an email address already names a contact; this reads the shorter ways
people refer to someone. The company's contacts come from the tenant's catalog, opted-out
ones included, so an email to an opted-out person is still proposed to that person and
the policy refuses it, instead of going to a colleague nobody asked for. When the words
fit no contact, or more than one, nothing is chosen (the caller falls back as before).
"""

from __future__ import annotations

import re

from adapters.offline.entities import Entity
from adapters.offline.request import Request
from adapters.offline.text import tokens

ROLE_ABBREVIATIONS = {
    "cto": "chief technology officer",
    "cmo": "chief marketing officer",
    "ceo": "chief executive officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cio": "chief information officer",
    "vice president": "vp",
    "devrel": "developer relations",
}
_TITLE_FILLER = frozenset({"of", "the", "and", "for"})


def _role_words(text: str) -> set[str]:
    """The request's words with role abbreviations spelled out ("CTO" adds chief...)."""
    folded = " ".join(tokens(text))
    for short, long in ROLE_ABBREVIATIONS.items():
        folded = re.sub(rf"\b{short}\b", f"{short} {long}", folded)
    return set(folded.split())


def _title_named(title: str, words: set[str]) -> bool:
    wanted = {w for w in tokens(title) if w not in _TITLE_FILLER}
    return bool(wanted) and wanted <= words


def contact_named_at_company(req: Request) -> Entity | None:
    """The one contact of the named company whose first name or whole title the request
    uses, or None."""
    company = req.entity("company")
    if company is None or req.catalog is None:
        return None
    staff = req.catalog.by_attr("contact", "company_id", company.id)
    by_name = [
        c
        for c in staff
        if c.attrs.get("first_name")
        and re.search(rf"(?<!\w){re.escape(str(c.attrs['first_name']))}(?!\w)", req.entity_text)
    ]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        return None
    words = _role_words(req.text)
    by_role = [c for c in staff if _title_named(str(c.attrs.get("title") or ""), words)]
    return by_role[0] if len(by_role) == 1 else None
