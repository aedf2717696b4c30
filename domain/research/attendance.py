"""find_event_attendance: where target accounts show up at other organisers' events."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from domain.errors import NotFoundError
from domain.models import Company, Contact, ExternalEvent, ExternalEventAttendance
from domain.scope import Scope

ROLE_ORDER = {"speaker": 0, "sponsor": 1, "attendee": 2}


def find_event_attendance(
    scope: Scope, company_ids: list[int] | None = None, within_days: int | None = None
) -> dict[str, Any]:
    """Group external events by how many of the accounts attend, sponsor or speak there.

    Args:
        scope: tenant scope.
        company_ids: the accounts to track; default every target account.
        within_days: only events starting between today and today + N days.

    Returns:
        ``{accounts_tracked, window, events: [{external_event_id, name, starts_on, city,
        topic, account_count, accounts: [{company_id, name, roles, contacts}]}]}`` sorted by
        account count (desc), then date.
    """
    accounts = _accounts(scope, company_ids)
    query = (
        select(ExternalEvent, ExternalEventAttendance.role, Contact)
        .join(
            ExternalEventAttendance, ExternalEventAttendance.external_event_id == ExternalEvent.id
        )
        .join(Contact, Contact.id == ExternalEventAttendance.contact_id)
        .where(
            ExternalEventAttendance.tenant_id == scope.tenant_id,
            ExternalEventAttendance.company_id.in_(list(accounts)),
        )
    )
    if within_days is not None:
        query = query.where(
            ExternalEvent.starts_on >= scope.today,
            ExternalEvent.starts_on <= scope.today + timedelta(days=within_days),
        )
    events: dict[int, ExternalEvent] = {}
    seen: dict[int, dict[int, list[tuple[str, Contact]]]] = defaultdict(lambda: defaultdict(list))
    for event, role, contact in scope.session.execute(query).all():
        events[event.id] = event
        seen[event.id][contact.company_id].append((role, contact))
    grouped = [
        _event_entry(events[eid], per_company, accounts) for eid, per_company in seen.items()
    ]
    grouped.sort(key=lambda g: (-g["account_count"], g["starts_on"], g["name"]))
    return {
        "accounts_tracked": len(accounts),
        "window": {"from": scope.today, "days": within_days} if within_days else "all dates",
        "events": grouped,
    }


def _accounts(scope: Scope, company_ids: list[int] | None) -> dict[int, Company]:
    query = select(Company).where(Company.tenant_id == scope.tenant_id)
    if company_ids:
        query = query.where(Company.id.in_(company_ids))
    else:
        query = query.where(Company.is_target_account.is_(True))
    found = {c.id: c for c in scope.session.scalars(query).all()}
    missing = [cid for cid in company_ids or [] if cid not in found]
    if missing:
        raise NotFoundError("company", missing[0], argument="company_ids")
    return found


def _event_entry(
    event: ExternalEvent,
    per_company: dict[int, list[tuple[str, Contact]]],
    accounts: dict[int, Company],
) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for company_id, people in per_company.items():
        roles = sorted({role for role, _ in people}, key=lambda r: ROLE_ORDER.get(r, 9))
        contacts = [
            {"contact_id": c.id, "name": c.full_name, "title": c.title, "role": role}
            for role, c in sorted(people, key=lambda p: (ROLE_ORDER.get(p[0], 9), p[1].id))
        ]
        rows.append(
            {
                "company_id": company_id,
                "name": accounts[company_id].name,
                "roles": roles,
                "contacts": contacts,
            }
        )
    rows.sort(key=lambda r: (ROLE_ORDER.get(r["roles"][0], 9), r["name"]))
    return {
        "external_event_id": event.id,
        "name": event.name,
        "starts_on": event.starts_on,
        "city": event.city,
        "topic": event.topic,
        "account_count": len(rows),
        "accounts": rows,
    }
