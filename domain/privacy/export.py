"""A data-subject access request: everything held about a person, as JSON."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.privacy.locate import locate
from domain.privacy.subject import DataSubject
from domain.scope import Scope


def export_subject(scope: Scope, subject: DataSubject, *, suppressed: bool) -> dict[str, Any]:
    """The person's rows per table, JSON-ready, newest schema names, no other person's rows.

    ``suppressed`` says whether the address is on the do-not-contact list (the caller
    computes the keyed hash). Checkpointed conversations are added by the caller.
    """
    rows = locate(scope, subject)
    tables = {
        name: [plain(row) for _, row in sorted(found.items(), key=lambda item: str(item[0]))]
        for name, found in sorted(rows.items())
    }
    return {
        "tenant": scope.tenant_id,
        "identifiers": {
            "emails": list(subject.emails),
            "names": list(subject.names),
            "phones": list(subject.phones),
        },
        "generated_at": scope.now.isoformat(),
        "tables": tables,
        "row_count": sum(len(v) for v in tables.values()),
        "suppressed": suppressed,
    }


def plain(value: Any) -> Any:
    """A JSON-ready copy: money as an exact string, dates as ISO strings."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
