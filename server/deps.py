"""Route dependencies as ``Annotated`` aliases (one import per route module)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from domain.scope import Scope
from graphs.context import Context
from server.auth import Principal, principal_from_request
from server.runtime import AppRuntime


def get_runtime(request: Request) -> AppRuntime:
    """The app's runtime, built in the lifespan."""
    runtime: AppRuntime = request.app.state.runtime
    return runtime


def tenant_scope(runtime: RuntimeDep, principal: PrincipalDep) -> Iterator[Scope]:
    """A scope of the caller's tenant in one transaction, committed if the route succeeds."""
    with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
        yield scope


def run_context(principal: PrincipalDep) -> Context:
    """The graph context for the caller: tenant and actor come from the key, never the body."""
    return Context(tenant_id=principal.tenant_id, actor=principal.actor)


RuntimeDep = Annotated[AppRuntime, Depends(get_runtime)]
PrincipalDep = Annotated[Principal, Depends(principal_from_request)]
ScopeDep = Annotated[Scope, Depends(tenant_scope, scope="function")]
ContextDep = Annotated[Context, Depends(run_context)]
