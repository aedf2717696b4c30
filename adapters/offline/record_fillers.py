"""Fillers for arguments that name records: ids, companies, contacts, orders, emails.

Order of sources: a literal in the text (an id, an email, an order number), a record
of the tenant named in the text, then a result of an earlier tool call in the same
request (``providers.py``). A filler returns None when it has nothing.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.offline import extract, providers
from adapters.offline.argspec import ArgSpec, Filler
from adapters.offline.contact_pick import contact_named_at_company
from adapters.offline.request import Request
from adapters.offline.text import fold, tokens


def _record(kind: str) -> Filler:
    """An id given literally ("campaign 3") or a named record of ``kind``."""

    def fill(req: Request, arg: ArgSpec) -> Any:
        explicit = extract.record_id(req.text, kind)
        if explicit is not None:
            return explicit
        entity = req.entity(kind)
        if entity is not None and kind == "campaign" and _still_to_come(req, entity.id):
            entity = None
        return entity.id if entity else providers.provided(req, arg.tool, arg.name)

    return fill


_TO_COME = frozenset(
    [
        "next",
        "upcoming",
        "coming",
        "future",
        "new",
        "siguiente",
        "proximo",
        "proxima",
        "nuevo",
        "nueva",
        "prochain",
        "prochaine",
        "nouveau",
        "nouvelle",
        "nachste",
        "nachsten",
        "nachstes",
        "neue",
        "neuen",
        "neues",
        "kommende",
        "kommenden",
    ]
)
"""Words that put a campaign in the future: "the next newsletter" is one not sent yet."""


def _still_to_come(req: Request, campaign_id: int) -> bool:
    """Whether the request names the campaign by one generic word after "next"/"upcoming".

    "the best hour to send the next newsletter" asks about a newsletter still to be
    written: the past campaign whose short name is "newsletter" is not it, so the
    event's sends as a whole answer. A campaign named in full ("the Agenda launch
    newsletter") is that campaign.
    """
    if req.catalog is None:
        return False
    words = tokens(req.entity_text)
    for match in req.catalog.find(req.entity_text, "campaign"):
        if match.entity.id == campaign_id:
            return (
                match.end - match.start == 1
                and match.start > 0
                and (words[match.start - 1] in _TO_COME)
            )
    return False


CONTACT_OR_COMPANY_TOOLS = frozenset({"analyze_engagement", "enrich_lead"})
"""Tools that take a contact or a company: a named person is meant unless the request
speaks of their company."""


def _company_id(req: Request, arg: ArgSpec) -> Any:
    explicit = extract.record_id(req.text, "company")
    if explicit is not None:
        return explicit
    company = req.entity("company")
    if company is not None:
        return company.id
    if arg.tool in CONTACT_OR_COMPANY_TOOLS and _contact(req) is not None:
        return None
    return providers.provided(req, arg.tool, arg.name)


def _contact(req: Request) -> Any:
    explicit = extract.record_id(req.text, "contact")
    if explicit is not None:
        return explicit
    contact = req.entity("contact")
    if contact is not None:
        return contact.id
    for email in extract.emails(req.text):
        known = req.catalog.by_attr("contact", "email", email) if req.catalog else []
        if known:
            return known[0].id
    at_company = contact_named_at_company(req)
    return at_company.id if at_company is not None else None


def _contact_id(req: Request, arg: ArgSpec) -> Any:
    if arg.tool in CONTACT_OR_COMPANY_TOOLS and req.company_through_person:
        return None  # "how engaged has his company been": the company, by its person
    found = _contact(req)
    return found if found is not None else providers.provided(req, arg.tool, arg.name)


def _opportunity_id(req: Request, arg: ArgSpec) -> Any:
    explicit = extract.record_id(req.text, "opportunity")
    if explicit is not None:
        return explicit
    named = req.entity("opportunity")
    if named is not None:
        return named.id
    company = req.entity("company")
    if company is not None and req.catalog is not None:
        deal = _deal_of(req, company.id)
        if deal is not None:
            return deal
    person = req.entity("contact")
    if company is None and person is not None and req.catalog is not None:
        # a person's deal is their company's: "qualify the lead for Helena Hughes"
        deal = _deal_of(req, person.attrs.get("company_id"))
        if deal is not None:
            return deal
    return providers.provided(req, arg.tool, arg.name)


def _deal_of(req: Request, company_id: Any) -> int | None:
    """The company's deal: the current event's first, open ones before closed ones."""
    deals = req.catalog.by_attr("opportunity", "company_id", company_id) if req.catalog else []
    ranked = sorted(deals, key=lambda e: (not e.attrs["current"], not e.attrs["open"], e.id))
    return ranked[0].id if ranked else None


def _event_id(req: Request, arg: ArgSpec) -> Any:
    explicit = extract.record_id(req.text, "event")
    if explicit is not None:
        return explicit
    named = req.entity("event")
    if named is not None:
        return named.id
    year = re.search(
        r"\b(20\d\d)\b(?=\s*(edition|summit|event|conference))|\b(?:edition|summit) (20\d\d)\b",
        fold(req.text),
    )
    if year and req.catalog is not None:
        wanted = int(year.group(1) or year.group(3))
        matches = req.catalog.by_attr("event", "year", wanted)
        return matches[0].id if matches else None
    return None


def _ids(kind: str) -> Filler:
    def fill(req: Request, arg: ArgSpec) -> Any:
        found = [e.id for e in req.entities(kind)]
        return found or providers.provided(req, arg.tool, arg.name)

    return fill


def _industry(req: Request, arg: ArgSpec) -> Any:
    entity = req.entity("industry")
    return entity.name if entity else None


def _order_number(req: Request, arg: ArgSpec) -> Any:
    found = extract.order_numbers(req.text)
    return found[0] if found else providers.provided(req, arg.tool, arg.name)


def _first_email(req: Request, arg: ArgSpec) -> Any:
    if arg.tool == "research_contact" and _contact(req) is not None:
        return None
    found = extract.emails(req.text)
    if found:
        return found[0]
    if arg.tool == "verify_email":  # "is Helena Johansson's address valid?": hers, on record
        contact = req.entity("contact") or contact_named_at_company(req)
        return contact.attrs.get("email") if contact is not None else None
    return None


def _recipient(req: Request, arg: ArgSpec) -> Any:
    found = extract.emails(req.text)
    if found:
        return found[0]
    contact = req.entity("contact") or contact_named_at_company(req)
    if contact is not None:
        return contact.attrs.get("email")
    return providers.provided(req, arg.tool, arg.name)


def _attendee_email(req: Request, arg: ArgSpec) -> Any:
    if _contact(req) is not None:
        return None
    found = extract.emails(req.text)
    return found[0] if found else providers.provided(req, arg.tool, arg.name)


def _new_email(req: Request, arg: ArgSpec) -> Any:
    found = extract.emails(req.text)
    return found[-1] if found else None


def _new_name(req: Request, arg: ArgSpec) -> Any:
    labelled = extract.labelled(req.text, ("name", "new name"))
    if labelled:
        return labelled
    named = re.search(
        r"\b(?:name is|named|called|se llama|s'appelle|heisst)\s+"
        r"([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+)",
        req.text,
    )
    if named:
        return named.group(1)
    before_email = re.search(r"([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)+)[\s,(<]+[\w.+-]+@", req.text)
    return before_email.group(1) if before_email else extract.person_after_preposition(req.text)


def _company_name(req: Request, arg: ArgSpec) -> Any:
    if req.entity("company") is not None or extract.record_id(req.text, "company") is not None:
        return None
    if req.entity("contact") is not None:
        return None
    match = re.search(
        r"\b(?:research|about|on|at|for|investigate|profile)\s+((?:[A-Z][\w&.-]*)(?:\s+[A-Z][\w&.-]*){0,3})",
        req.text,
    )
    return match.group(1).rstrip(".") if match else None


def _owner(req: Request, arg: ArgSpec) -> Any:
    """The deliverable owner the request names ("Priya", "Marcus Weber"), by full name."""
    owner = req.entity("owner")
    return owner.name if owner is not None else None


RECORD_FILLERS: dict[str, Filler] = {
    "order_number": _order_number,
    "email": _first_email,
    "requester_email": _first_email,
    "to": _recipient,
    "attendee_email": _attendee_email,
    "new_email": _new_email,
    "new_name": _new_name,
    "company_id": _company_id,
    "company_ids": _ids("company"),
    "company": _company_name,
    "industry": _industry,
    "name": _company_name,
    "contact_id": _contact_id,
    "opportunity_id": _opportunity_id,
    "campaign_id": _record("campaign"),
    "deliverable_id": _record("deliverable"),
    "vendor_id": _record("vendor"),
    "case_id": _record("case"),
    "package_id": _record("package"),
    "deliverable_ids": _ids("deliverable"),
    "vendor_ids": _ids("vendor"),
    "budget_line_ids": _ids("budget_line"),
    "event_id": _event_id,
    "owner": _owner,
}
