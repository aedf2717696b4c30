"""``/metrics``: per-agent numbers for the console's dashboard."""

from __future__ import annotations

from fastapi import APIRouter

from server.deps import ScopeDep
from server.schemas.common import error_responses
from server.schemas.metrics import MetricsReport
from server.services.agent_metrics import agent_metrics

router = APIRouter(prefix="/metrics", tags=["metrics"])


@router.get(
    "/agents",
    response_model=MetricsReport,
    summary="Per-agent metrics",
    responses=error_responses(),
)
def get_agent_metrics(scope: ScopeDep) -> MetricsReport:
    """Tasks completed and failed, messages sent, responses, response rate and tokens used.

    The answer carries the definition of each number (``definitions``).
    """
    return agent_metrics(scope)
