"""Bearer API keys: every request acts for exactly one tenant, with the key's role.

``principal_from_request`` answers 401 (with a sentence) for a missing, unknown,
revoked, rotated or expired key; ``require(role)`` answers 403 naming the role a
route needs (``domain.roles``). ``server.deps`` wraps both as ``Annotated`` aliases.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool

from domain.api_keys import Refusal, authenticate, authenticate_session
from domain.caller import Caller
from domain.db import system_transaction
from domain.models import ApiKey
from domain.roles import CAN, Role
from server import console_session
from server.runtime import AppRuntime
from server.services.request_admission import request_admission


@dataclass(frozen=True)
class Principal:
    """Who is calling: the tenant, the key (id, name, role) and the person holding it.

    ``actor`` (``key:<name>``) is what runs and decisions record as their author.
    """

    tenant_id: str
    actor: str
    key_id: int | None = None
    key_name: str | None = None
    person: str | None = None
    role: Role = Role.VIEWER

    @property
    def caller(self) -> Caller:
        """The identity audit rows name."""
        return Caller(
            actor=self.actor, key_id=self.key_id, key_name=self.key_name, person=self.person
        )


def _unauthorized(message: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, message, headers={"WWW-Authenticate": "Bearer"}
    )


async def principal_from_request(request: Request) -> Principal:
    """The caller's tenant and role from ``Authorization: Bearer <key>``, or 401.

    Without that header, a console session (``server.console_session``) stands for the
    key it was made from.
    ``x-api-key: <key>`` is accepted too: it is the header LangGraph's SDKs, Studio and
    agent-chat-ui send.
    The key's lookup is a stretch of database work under the request's admission
    permit (``server.services.request_admission``).
    """
    header = request.headers.get("authorization", "")
    runtime: AppRuntime = request.app.state.runtime
    if not header:
        token = console_session.token_from(request)
        if token:
            async with request_admission(runtime).permit():
                return await run_in_threadpool(_session_principal, runtime, token)
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        scheme, token = "bearer", request.headers.get("x-api-key", "")
    if not token.strip():
        raise _unauthorized(
            "send an API key as 'Authorization: Bearer <key>' or 'x-api-key: <key>' "
            "(create one with `switchboard keys create --tenant NAME --role ROLE`)"
        )
    async with request_admission(runtime).permit():
        return await run_in_threadpool(_key_principal, runtime, token.strip())


def _key_principal(runtime: AppRuntime, token: str) -> Principal:
    # The key's digest decides the tenant, so this lookup cannot be tenant-scoped.
    with system_transaction(runtime.services.sessions) as session:
        return _principal(authenticate(session, token))


def _session_principal(runtime: AppRuntime, token: str) -> Principal:
    claim = console_session.read(runtime.services.settings, token)
    if claim is None:
        raise _unauthorized("your console session has expired or is not valid; sign in again")
    with system_transaction(runtime.services.sessions) as session:
        return _principal(authenticate_session(session, claim.key_id, claim.key_hash))


def _principal(key: ApiKey | Refusal) -> Principal:
    if isinstance(key, Refusal):
        raise _unauthorized(key.reason)
    return Principal(
        tenant_id=key.tenant_id,
        actor=f"key:{key.name}",
        key_id=key.id,
        key_name=key.name,
        person=key.person,
        role=Role(key.role),
    )


def forbidden(principal: Principal, needed: Role, doing: str | None = None) -> HTTPException:
    """403 with a sentence naming the role needed and the key's own."""
    return HTTPException(
        status.HTTP_403_FORBIDDEN,
        f"this needs the '{needed}' role ({doing or CAN[needed]}); API key "
        f"'{principal.key_name}' has the '{principal.role}' role",
    )


def require(needed: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency letting through keys whose role includes ``needed`` (else 403)."""

    async def dependency(
        principal: Annotated[Principal, Depends(principal_from_request)],
    ) -> Principal:
        if not principal.role.allows(needed):
            raise forbidden(principal, needed)
        return principal

    dependency.required_role = needed  # type: ignore[attr-defined]  # read by server.openapi
    dependency.__name__ = f"require_{needed}"
    return dependency


def carries_decisions(body: Any) -> bool:
    """An AG-UI body answers an interrupt (``resume[]`` or ``forwardedProps.command.resume``).

    Read from the raw JSON so the check happens before (and whatever) the body's
    validation says; the same test as ``server.agui_agent.has_resume``.
    """
    if not isinstance(body, Mapping):
        return False
    if body.get("resume"):
        return True
    props = body.get("forwardedProps", body.get("forwarded_props"))
    command = props.get("command") if isinstance(props, Mapping) else None
    return isinstance(command, Mapping) and command.get("resume") is not None
