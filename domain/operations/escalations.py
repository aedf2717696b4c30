"""Escalations of operations issues to the event organiser, via the outbox."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain import outbox
from domain.base import Base
from domain.errors import InvalidArgumentError
from domain.lookups import get_owned
from domain.models import BudgetLine, Deliverable, Vendor
from domain.operations.messages import Compose
from domain.operations.severity import Severity
from domain.outbox import replayed
from domain.scope import Scope

RELATED_MODELS: dict[str, type[Base]] = {
    "deliverable_ids": Deliverable,
    "vendor_ids": Vendor,
    "budget_line_ids": BudgetLine,
}


def organiser_address(tenant_id: str) -> str:
    """Where operations escalations go: the tenant's event organiser."""
    return f"organiser@{tenant_id}.example"


def escalate_issue(
    scope: Scope,
    *,
    key: str,
    subject: str,
    details: str,
    severity: Severity,
    related: Mapping[str, list[int]],
    compose: Compose,
) -> dict[str, Any]:
    """Escalate an operations issue to the event organiser through the outbox.

    Args:
        scope: tenant and session.
        key: idempotency key; a repeat returns the first escalation marked duplicate.
        subject: one line naming the issue.
        details: what is wrong, what was tried, what decision is needed.
        severity: how urgent.
        related: ids of related records by kind (deliverable_ids, vendor_ids,
            budget_line_ids); each is checked to belong to the tenant.
        compose: renders ``operations_escalation``.

    Raises:
        NotFoundError: a related id does not exist for this tenant.
    """
    previous = replayed(scope, key)
    if previous is not None:
        return previous
    for argument, ids in related.items():
        model = RELATED_MODELS.get(argument)
        if model is None:
            raise InvalidArgumentError(argument, "is not a kind of related record")
        for related_id in ids:
            get_owned(scope, model, related_id, argument=argument)
    recipient = organiser_address(scope.tenant_id)
    references = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in related.items() if v)
    rendered_subject, body = compose(
        "operations_escalation",
        {
            "subject": subject,
            "details": details,
            "severity": severity.value.upper(),
            "related": references or "none",
            "actor": scope.actor,
        },
    )
    result = {
        "recipient": recipient,
        "subject": rendered_subject,
        "severity": severity.value,
        "related": {k: list(v) for k, v in related.items()},
    }
    recorded = outbox.record(
        scope,
        key=key,
        kind="escalation",
        recipient=recipient,
        subject=rendered_subject,
        body=body,
        payload={"result": result},
    )
    return {**result, "duplicate": not recorded.created, "outbox_id": recorded.message.id}
