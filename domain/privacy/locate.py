"""Every row of a tenant that holds a person: by foreign key, and by a text sweep.

The sweep reads every string and JSON column of every tenant table (a SQL ``LIKE``
prefilter, then an exact match in Python), so a column added later is covered without
anyone remembering to list it here. The foreign-key part adds the rows that are about
the person without spelling their name: their activities, drafts, follow-ups, sends,
event attendance, deals and refunds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import JSON, Column, String, Table, Text, cast, func, or_, select

from domain.base import Base
from domain.privacy.subject import DataSubject
from domain.privacy.text_match import Matcher, sql_fragments
from domain.scope import Scope

PRIVACY_TABLES = frozenset({"suppressions", "erasure_receipts", "api_keys"})
"""Tables that hold no personal data by design (hashes and counts only)."""

BY_CONTACT = {
    "activities": "contact_id",
    "outreach_drafts": "contact_id",
    "followups": "contact_id",
    "campaign_sends": "contact_id",
    "external_event_attendance": "contact_id",
    "opportunities": "primary_contact_id",
}
BY_ORDER = {"refunds": "order_id"}

Rows = dict[str, dict[Any, dict[str, Any]]]
"""Table name -> primary key -> the row's columns."""


def tenant_tables() -> list[Table]:
    """Every table with a ``tenant_id`` column that may hold personal data."""
    return [
        table
        for table in Base.metadata.sorted_tables
        if "tenant_id" in table.c and table.name not in PRIVACY_TABLES
    ]


def text_columns(table: Table) -> list[Column[Any]]:
    """The string and JSON columns of ``table``, except the tenant and string keys."""
    return [
        column
        for column in table.c
        if isinstance(column.type, String | JSON)
        and column.name != "tenant_id"
        and not column.primary_key
    ]


def primary_key(table: Table) -> Column[Any]:
    """The single-column primary key every business table has."""
    (column,) = table.primary_key.columns
    return column


def sweep(scope: Scope, subject: DataSubject) -> Rows:
    """Rows whose text mentions one of the person's identifiers."""
    matcher = Matcher(dict.fromkeys(subject.needles, ""))
    found: Rows = {}
    for table, row in _candidates(scope, subject):
        columns = text_columns(table)
        if any(matcher.found_in(row[c.name]) for c in columns):
            found.setdefault(table.name, {})[row[primary_key(table).name]] = dict(row)
    return found


def by_reference(scope: Scope, subject: DataSubject) -> Rows:
    """The person's contact and order rows and the rows that point at them."""
    found: Rows = {}
    tables = Base.metadata.tables
    wanted = [("contacts", "id", subject.contact_ids), ("orders", "id", subject.order_ids)]
    wanted += [(t, c, subject.contact_ids) for t, c in BY_CONTACT.items()]
    wanted += [(t, c, subject.order_ids) for t, c in BY_ORDER.items()]
    for name, column, ids in wanted:
        if not ids:
            continue
        table = tables[name]
        query = select(table).where(table.c.tenant_id == scope.tenant_id, table.c[column].in_(ids))
        for row in scope.session.execute(query).mappings():
            found.setdefault(name, {})[row[primary_key(table).name]] = dict(row)
    return found


def locate(scope: Scope, subject: DataSubject) -> Rows:
    """Everything the tenant's business tables hold about the person."""
    found = by_reference(scope, subject)
    for name, rows in sweep(scope, subject).items():
        found.setdefault(name, {}).update(rows)
    return found


def _candidates(scope: Scope, subject: DataSubject) -> Iterator[tuple[Table, Any]]:
    fragments = [f for needle in subject.needles for f in sql_fragments(needle)]
    if not fragments:
        return
    for table in tenant_tables():
        columns = text_columns(table)
        if not columns:
            continue
        likes = [
            func.lower(cast(column, Text)).like(f"%{fragment}%", escape="\\")
            for column in columns
            for fragment in (_like_escape(f) for f in fragments)
        ]
        query = select(table).where(table.c.tenant_id == scope.tenant_id, or_(*likes))
        for row in scope.session.execute(query).mappings():
            yield table, row


def _like_escape(fragment: str) -> str:
    return fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
