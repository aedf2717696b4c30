"""Creating and listing tenants (admin work across tenants: run in a system transaction)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.errors import ConflictError, InvalidArgumentError
from domain.models import AgentConfig, ApiKey, Department, Tenant

TENANT_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""Lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64."""


@dataclass(frozen=True)
class TenantSummary:
    """One tenant as ``switchboard tenants list`` shows it."""

    id: str
    name: str
    agents: int
    api_keys: int
    demo_snapshot: str | None


def create_tenant(session: Session, tenant_id: str, name: str) -> Tenant:
    """A new, empty tenant with every department agent configured by default.

    Raises:
        InvalidArgumentError: the id or name is not acceptable.
        ConflictError: a tenant with that id exists.
    """
    if not TENANT_ID_PATTERN.fullmatch(tenant_id):
        raise InvalidArgumentError(
            "tenant_id",
            f"{tenant_id!r} is not a tenant id: use 1 to 64 lower-case letters, digits, "
            "'-' or '_', starting with a letter or digit",
        )
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise InvalidArgumentError("name", "the name must be 1 to 200 characters")
    if session.get(Tenant, tenant_id) is not None:
        raise ConflictError(f"tenant '{tenant_id}' already exists")
    tenant = Tenant(id=tenant_id, name=name)
    session.add(tenant)
    session.flush()  # no ORM relationships: the tenant must exist before its rows
    session.add_all(AgentConfig(tenant_id=tenant_id, agent=dept.value) for dept in Department)
    session.flush()
    return tenant


def list_tenants(session: Session) -> list[TenantSummary]:
    """Every tenant with its agent and live API key counts, by id."""
    agents = (
        select(func.count())
        .where(AgentConfig.tenant_id == Tenant.id)
        .correlate(Tenant)
        .scalar_subquery()
    )
    keys = (
        select(func.count())
        .where(ApiKey.tenant_id == Tenant.id, ApiKey.revoked_at.is_(None))
        .correlate(Tenant)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Tenant.id, Tenant.name, agents, keys, Tenant.snapshot_date).order_by(Tenant.id)
    )
    return [
        TenantSummary(
            id=row[0],
            name=row[1],
            agents=int(row[2]),
            api_keys=int(row[3]),
            demo_snapshot=row[4].isoformat() if row[4] else None,
        )
        for row in rows
    ]
