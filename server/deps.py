"""Route dependencies as ``Annotated`` aliases (one import per route module).

Each alias names the least role its route needs (``domain.roles``); a key below it gets
403 with a sentence naming the role. The unqualified aliases (``PrincipalDep``,
``ScopeDep``, ``ContextDep``) let any valid key in: they are for reading.

    read                    ScopeDep, PrincipalDep, ContextDep        (viewer)
    start/cancel/retry      OperatorDep, OperatorScopeDep, OperatorCtxDep
    decide approvals        ApproverCtxDep
    configure, keys         AdminScopeDep, AdminDep
    POST /agui              AgUiCtxDep (operator; approver when it resumes)
    LangGraph API runs      GraphRunCtxDep (operator; approver when it resumes)
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import contextmanager_in_threadpool

from domain.roles import Role
from domain.scope import Scope
from graphs.context import Context
from server.auth import Principal, carries_decisions, forbidden, principal_from_request, require
from server.runtime import AppRuntime
from server.services.request_admission import request_admission


async def get_runtime(request: Request) -> AppRuntime:
    """The app's runtime, built in the lifespan."""
    runtime: AppRuntime = request.app.state.runtime
    return runtime


@asynccontextmanager
async def _scope(runtime: AppRuntime, principal: Principal) -> AsyncIterator[Scope]:
    # Opened, used by the route and committed across several worker-thread hops: the
    # whole stretch holds an admission permit (``server.services.request_admission``).
    async with request_admission(runtime).permit():
        scope = runtime.services.scope(
            principal.tenant_id, actor=principal.actor, caller=principal.caller
        )
        async with contextmanager_in_threadpool(scope) as opened:
            yield opened


def _context(principal: Principal) -> Context:
    return Context(
        tenant_id=principal.tenant_id,
        actor=principal.actor,
        key_id=principal.key_id,
        key_name=principal.key_name,
        person=principal.person,
    )


def context_for(principal: Principal) -> Context:
    """The graph context of ``principal`` (for work done on its behalf after the request)."""
    return _context(principal)


async def tenant_scope(runtime: RuntimeDep, principal: PrincipalDep) -> AsyncIterator[Scope]:
    """A scope of the caller's tenant in one transaction, committed if the route succeeds."""
    async with _scope(runtime, principal) as scope:
        yield scope


async def operator_scope(runtime: RuntimeDep, principal: OperatorDep) -> AsyncIterator[Scope]:
    """``tenant_scope`` for a key of at least the operator role."""
    async with _scope(runtime, principal) as scope:
        yield scope


async def admin_scope(runtime: RuntimeDep, principal: AdminDep) -> AsyncIterator[Scope]:
    """``tenant_scope`` for an admin key."""
    async with _scope(runtime, principal) as scope:
        yield scope


async def run_context(principal: PrincipalDep) -> Context:
    """The graph context for the caller: tenant, actor and key come from the key, never the body."""
    return _context(principal)


async def operator_context(principal: OperatorDep) -> Context:
    """``run_context`` for a key that may start runs."""
    return _context(principal)


async def approver_context(principal: ApproverDep) -> Context:
    """``run_context`` for a key that may decide approvals."""
    return _context(principal)


async def agui_context(request: Request, principal: OperatorDep) -> Context:
    """``run_context`` for ``POST /agui``: an operator runs; a resume carries decisions,
    so it needs an approver (a CopilotKit client must not approve with a lesser key)."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        body = None  # the body's own validation answers 400/422
    if carries_decisions(body) and not principal.role.allows(Role.APPROVER):
        raise forbidden(principal, Role.APPROVER, "a resume carries approval decisions")
    return _context(principal)


agui_context.role_note = "a resume carrying decisions needs `approver`"  # type: ignore[attr-defined]


async def graph_run_context(request: Request, principal: OperatorDep) -> Context:
    """``run_context`` for a run of LangGraph's server API: an operator runs; a run whose
    ``command.resume`` carries decisions needs an approver."""
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        body = None  # the body's own validation answers 400/422
    command = body.get("command") if isinstance(body, dict) else None
    resumes = isinstance(command, dict) and command.get("resume") is not None
    if resumes and not principal.role.allows(Role.APPROVER):
        raise forbidden(principal, Role.APPROVER, "a resume carries approval decisions")
    return _context(principal)


graph_run_context.role_note = "a `command.resume` carrying decisions needs `approver`"  # type: ignore[attr-defined]

RuntimeDep = Annotated[AppRuntime, Depends(get_runtime)]
PrincipalDep = Annotated[Principal, Depends(principal_from_request)]
OperatorDep = Annotated[Principal, Depends(require(Role.OPERATOR))]
ApproverDep = Annotated[Principal, Depends(require(Role.APPROVER))]
AdminDep = Annotated[Principal, Depends(require(Role.ADMIN))]
ScopeDep = Annotated[Scope, Depends(tenant_scope, scope="function")]
OperatorScopeDep = Annotated[Scope, Depends(operator_scope, scope="function")]
AdminScopeDep = Annotated[Scope, Depends(admin_scope, scope="function")]
ContextDep = Annotated[Context, Depends(run_context)]
OperatorCtxDep = Annotated[Context, Depends(operator_context)]
ApproverCtxDep = Annotated[Context, Depends(approver_context)]
AgUiCtxDep = Annotated[Context, Depends(agui_context)]
GraphRunCtxDep = Annotated[Context, Depends(graph_run_context)]
