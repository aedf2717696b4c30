"""The names of a tenant's records, each with the kind of record it names.

The router reads a request's words only; "Any word from StreamHouse?" says nothing about
operations unless something knows StreamHouse is one of the tenant's vendors. This module
lists every name a request may use for a record, typed by the record's kind, for the
router's names index (``nodes.routing.record_name_index``). Which department a kind belongs to
is the router's business, not this module's.

A name may belong to several records of several kinds: the demo tenant's person names are
drawn from one pool, so most contacts share their name with some ticket buyer. Every
(name, kind) pair is listed once; the index decides what an ambiguous name means.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from domain.models import (
    Attendee,
    Campaign,
    Company,
    Contact,
    Deliverable,
    Event,
    ExternalEvent,
    KnowledgeArticle,
    Opportunity,
    Order,
    Sponsor,
    SupportCase,
    TicketType,
    Vendor,
)


class RecordKind(StrEnum):
    """What a name names."""

    VENDOR = "vendor"
    DELIVERABLE = "deliverable"
    DELIVERABLE_OWNER = "deliverable_owner"
    CAMPAIGN = "campaign"
    COMPANY = "company"
    DEAL_COMPANY = "deal_company"
    """A company with an opportunity (any stage) or a sponsorship not in the past."""
    CONTACT = "contact"
    ATTENDEE = "attendee"
    TICKET_BUYER = "ticket_buyer"
    SUPPORT_REQUESTER = "support_requester"
    KB_ARTICLE = "kb_article"
    EVENT = "event"
    EXTERNAL_EVENT = "external_event"
    TICKET_TYPE = "ticket_type"


def _names(model: Any, column: Any) -> Callable[[str], Select[Any]]:
    return lambda tenant_id: select(column).where(model.tenant_id == tenant_id)


def _companies_with(model: Any, *conditions: Any) -> Callable[[str], Select[Any]]:
    """The names of the companies that have a row of ``model`` meeting ``conditions``."""
    return lambda tenant_id: (
        select(Company.name)
        .join(model, model.company_id == Company.id)
        .where(model.tenant_id == tenant_id, Company.tenant_id == tenant_id, *conditions)
    )


_SOURCES: tuple[tuple[RecordKind, Callable[[str], Select[Any]]], ...] = (
    (RecordKind.VENDOR, _names(Vendor, Vendor.name)),
    (RecordKind.DELIVERABLE, _names(Deliverable, Deliverable.title)),
    (RecordKind.DELIVERABLE_OWNER, _names(Deliverable, Deliverable.owner_name)),
    (RecordKind.CAMPAIGN, _names(Campaign, Campaign.name)),
    (RecordKind.COMPANY, _names(Company, Company.name)),
    (RecordKind.DEAL_COMPANY, _companies_with(Opportunity)),
    (RecordKind.DEAL_COMPANY, _companies_with(Sponsor, Sponsor.status != "past")),
    (RecordKind.CONTACT, _names(Contact, Contact.first_name + " " + Contact.last_name)),
    (RecordKind.ATTENDEE, _names(Attendee, Attendee.name)),
    (RecordKind.TICKET_BUYER, _names(Order, Order.buyer_name)),
    (RecordKind.SUPPORT_REQUESTER, _names(SupportCase, SupportCase.requester_name)),
    (RecordKind.KB_ARTICLE, _names(KnowledgeArticle, KnowledgeArticle.title)),
    (RecordKind.EVENT, _names(Event, Event.name)),
    (RecordKind.EXTERNAL_EVENT, _names(ExternalEvent, ExternalEvent.name)),
    (RecordKind.TICKET_TYPE, _names(TicketType, TicketType.name)),
)
"""Each kind and the query of its names for one tenant."""

_TABLES = (
    Vendor,
    Deliverable,
    Campaign,
    Company,
    Opportunity,
    Sponsor,
    Contact,
    Attendee,
    Order,
    SupportCase,
    KnowledgeArticle,
    Event,
    ExternalEvent,
    TicketType,
)


def record_names(session: Session, tenant_id: str) -> list[tuple[str, RecordKind]]:
    """Every distinct (name, kind) of ``tenant_id``'s records, one query per kind.

    On the demo tenant about 6,300 pairs (most of them attendees and ticket buyers).
    """
    pairs: dict[tuple[str, RecordKind], None] = {}
    for kind, query in _SOURCES:
        for name in session.scalars(query(tenant_id).distinct()):
            if name and name.strip():
                pairs[(name, kind)] = None
    return list(pairs)


def record_names_version(session: Session, tenant_id: str) -> tuple[tuple[int, int], ...]:
    """A cheap fingerprint of the tables the names come from: each one's row count and
    highest id for ``tenant_id``. A record added or deleted changes it; a renamed one
    does not (callers also let a cached index grow old, see ``nodes.record_names_cache``)."""
    version = []
    for model in _TABLES:
        query = select(func.count(), func.coalesce(func.max(model.id), 0)).where(
            model.tenant_id == tenant_id
        )
        count, highest = session.execute(query).one()
        version.append((int(count), int(highest)))
    return tuple(version)
