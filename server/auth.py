"""Bearer API keys: every request acts for exactly one tenant."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException, Request, status

from domain.api_keys import authenticate
from domain.db import system_transaction
from server.runtime import AppRuntime


@dataclass(frozen=True)
class Principal:
    """Who is calling: the tenant and the key's name (the actor in audit rows)."""

    tenant_id: str
    actor: str


def principal_from_request(request: Request) -> Principal:
    """The caller's tenant from ``Authorization: Bearer <key>``, or 401."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "send an API key as 'Authorization: Bearer <key>' (create one with "
            "`switchboard keys create --tenant NAME`)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    runtime: AppRuntime = request.app.state.runtime
    # The key's digest decides the tenant, so this lookup cannot be tenant-scoped.
    with system_transaction(runtime.services.sessions) as session:
        key = authenticate(session, token.strip())
        if key is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                "unknown or revoked API key",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return Principal(tenant_id=key.tenant_id, actor=f"key:{key.name}")
