"""Which company or contact a free-text request is about.

A contact's email address in the text names that contact, whoever else shares the
name. Otherwise a full name in the text wins (companies by name, contacts by "first
last"), the longest one when several occur; a contact named twice in the CRM is settled
by its company's name in the text. Without a full name, a distinctive word shared with exactly one
record is accepted; otherwise the request is ambiguous and the near matches are the
candidates to ask about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select

from domain.email_pattern import EMAIL
from domain.exclusions import without_excluded
from domain.models import Company, Contact
from domain.scope import Scope

STOPWORDS = frozenset(
    {
        "research",
        "brief",
        "background",
        "company",
        "contact",
        "account",
        "profile",
        "about",
        "please",
        "prepare",
        "write",
        "give",
        "need",
        "who",
        "what",
        "which",
        "tell",
        "know",
        "more",
        "info",
        "information",
        "with",
        "from",
        "that",
        "this",
        "their",
        "them",
        "they",
        "have",
        "some",
        "find",
        "look",
        "into",
        "on",
        "the",
        "for",
        "and",
    }
)
MIN_WORD = 4
MAX_CANDIDATES = 8


@dataclass(frozen=True)
class Mention:
    """A record named in the text."""

    kind: str  # "company" | "contact"
    id: int
    name: str
    company_id: int
    match: str  # "exact" | "partial"


@dataclass(frozen=True)
class Resolution:
    """The record the text is about, or the candidates to ask about."""

    target: Mention | None
    candidates: list[Mention] = field(default_factory=list)


def _occurs(name: str, text: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(name.lower())}(?![a-z0-9])", text) is not None


_EMAIL = EMAIL


def _contact_by_email(scope: Scope, lowered: str) -> Mention | None:
    """The contact whose email address the text gives, if exactly one address matches."""
    emails = {e.rstrip(".") for e in _EMAIL.findall(lowered)}
    if not emails:
        return None
    rows = scope.session.execute(
        select(Contact.id, Contact.first_name, Contact.last_name, Contact.company_id).where(
            Contact.tenant_id == scope.tenant_id, func.lower(Contact.email).in_(emails)
        )
    ).all()
    if len(rows) != 1:
        return None
    i, first, last, company = rows[0]
    return Mention("contact", i, f"{first} {last}", company, "exact")


def _records(scope: Scope) -> list[Mention]:
    companies = scope.session.execute(
        select(Company.id, Company.name).where(Company.tenant_id == scope.tenant_id)
    ).all()
    contacts = scope.session.execute(
        select(Contact.id, Contact.first_name, Contact.last_name, Contact.company_id).where(
            Contact.tenant_id == scope.tenant_id
        )
    ).all()
    return [Mention("company", i, n, i, "exact") for i, n in companies] + [
        Mention("contact", i, f"{f} {last}", c, "exact") for i, f, last, c in contacts
    ]


def resolve_mention(scope: Scope, text: str) -> Resolution:
    """The company or contact ``text`` names, by the rules in the module docstring; a name
    the text sets aside ("apart from Amara Chen", ``domain.exclusions``) is not one."""
    lowered = without_excluded(text).lower()
    by_email = _contact_by_email(scope, lowered)
    if by_email is not None:
        return Resolution(by_email)
    records = _records(scope)
    exact = [r for r in records if _occurs(r.name, lowered)]
    if exact:
        longest = max(len(r.name) for r in exact)
        best = [r for r in exact if len(r.name) == longest]
        if len(best) > 1:
            named_companies = {r.id for r in exact if r.kind == "company"}
            best = [r for r in best if r.company_id in named_companies] or best
        if len({(r.kind, r.id) for r in best}) == 1:
            return Resolution(best[0])
        return Resolution(None, best[:MAX_CANDIDATES])
    words = {w for w in re.findall(r"[a-z0-9]+", lowered) if len(w) >= MIN_WORD} - STOPWORDS
    near = [r for r in records if words & set(re.findall(r"[a-z0-9]+", r.name.lower()))]
    near.sort(key=lambda r: (r.kind != "company", r.name))
    if len(near) == 1:
        only = near[0]
        return Resolution(Mention(only.kind, only.id, only.name, only.company_id, "partial"), near)
    return Resolution(None, near[:MAX_CANDIDATES])


def labels(scope: Scope, candidates: list[Mention]) -> list[str]:
    """How to name each candidate in a question asking which one is meant.

    Namesakes ("Hannah Ortega" at two companies) are told apart by their company:
    "Hannah Ortega (Harbor Cloud)" or "Hannah Ortega (Radiant Security)"; a name that
    only one candidate has is written alone.
    """
    shared = {m.name for m in candidates if sum(o.name == m.name for o in candidates) > 1}
    ids = {m.company_id for m in candidates if m.kind == "contact" and m.name in shared}
    companies = dict(
        scope.session.execute(
            select(Company.id, Company.name).where(
                Company.tenant_id == scope.tenant_id, Company.id.in_(ids)
            )
        ).all()
    )
    return [
        f"{m.name} ({companies[m.company_id]})"
        if m.kind == "contact" and m.name in shared and m.company_id in companies
        else m.name
        for m in candidates
    ]
