"""Liveness and readiness (no auth: load balancers call these)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from server.deps import RuntimeDep

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
def live() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/ready", response_model=None)
def ready(runtime: RuntimeDep) -> dict[str, str] | JSONResponse:
    """The business database answers; 503 when it does not."""
    try:
        with runtime.services.engine.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # readiness reports any database failure, never raises
        return JSONResponse(
            {"status": "unavailable", "database": str(exc).splitlines()[0]}, status_code=503
        )
    return {"status": "ok", "database": runtime.services.engine.dialect.name}
