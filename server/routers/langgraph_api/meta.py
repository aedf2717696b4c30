"""``/langgraph/info``: what this server offers, as Studio and the SDKs ask for it."""

from __future__ import annotations

from typing import Any

import langgraph.version
from fastapi import APIRouter

from server.deps import PrincipalDep
from server.schemas.common import error_responses
from switchboard import __version__

router = APIRouter(tags=["langgraph: server"])


@router.get("/info", summary="Server version and features", responses=error_responses())
def info(_: PrincipalDep) -> dict[str, Any]:
    """Versions and feature flags: assistants yes, crons no (schedules are Switchboard's)."""
    return {
        "version": f"switchboard-{__version__}",
        "langgraph_py_version": langgraph.version.__version__,
        "flags": {"assistants": True, "crons": False, "langsmith": False},
        "host": {"kind": "self-hosted"},
    }
