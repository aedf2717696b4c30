"""Liveness and readiness (no auth: load balancers call these)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from langgraph.checkpoint.base import BaseCheckpointSaver
from sqlalchemy import text

from server.deps import RuntimeDep
from server.runtime import AppRuntime

READY_TIMEOUT = 5.0
"""Seconds a store may take to answer before the process is reported not ready."""

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
def live() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready", response_model=None)
async def ready(runtime: RuntimeDep) -> dict[str, str] | JSONResponse:
    """Every store a run needs answers: the business database, the checkpoints and (with
    queue workers) Redis; 503 if not."""
    checks = {
        "database": await asyncio.to_thread(_database, runtime),
        "checkpoints": await _checkpoints(runtime),
    }
    if runtime.run_queue is not None:  # runs go through Redis to the workers
        checks["queue"] = await _queue(runtime)
    failed = {name: why for name, (ok, why) in checks.items() if not ok}
    if failed:
        return JSONResponse({"status": "unavailable", **failed}, status_code=503)
    return {"status": "ok", **{name: what for name, (_, what) in checks.items()}}


def _database(runtime: AppRuntime) -> tuple[bool, str]:
    try:
        with runtime.services.engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # readiness reports any database failure, never raises
        return False, _first_line(exc)
    return True, runtime.services.engine.dialect.name


async def _checkpoints(runtime: AppRuntime) -> tuple[bool, str]:
    saver = runtime.graph.checkpointer
    if not isinstance(saver, BaseCheckpointSaver):
        return True, "none"
    try:  # a read of a thread that cannot exist touches the store and its connection
        await asyncio.wait_for(
            saver.aget_tuple({"configurable": {"thread_id": "__readiness__"}}), READY_TIMEOUT
        )
    except Exception as exc:  # readiness reports any store failure, never raises
        return False, _first_line(exc) or type(exc).__name__
    return True, type(saver).__name__


async def _queue(runtime: AppRuntime) -> tuple[bool, str]:
    assert runtime.run_queue is not None
    try:
        return True, await asyncio.wait_for(runtime.run_queue.ready(), READY_TIMEOUT)
    except Exception as exc:  # readiness reports any store failure, never raises
        return False, _first_line(exc) or type(exc).__name__


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0]
