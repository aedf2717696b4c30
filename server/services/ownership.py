"""Ownership checks for async routes: a short transaction in a worker thread."""

from __future__ import annotations

import asyncio

from domain import runs
from domain.models import RunRecord, ThreadRecord
from server.auth import Principal
from server.runtime import AppRuntime
from server.services.run_queries import owned_run


async def thread_of_tenant(
    runtime: AppRuntime, principal: Principal, thread_id: str
) -> ThreadRecord:
    """The caller's thread, or NotFoundError (another tenant's thread is not found)."""

    def check() -> ThreadRecord:
        with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
            return runs.owned_thread(scope, thread_id)

    return await asyncio.to_thread(check)


async def run_of_tenant(runtime: AppRuntime, principal: Principal, run_id: str) -> RunRecord:
    """The caller's run, or NotFoundError."""

    def check() -> RunRecord:
        with runtime.services.scope(principal.tenant_id, actor=principal.actor) as scope:
            return owned_run(scope, run_id)

    return await asyncio.to_thread(check)
