"""``/metrics``: per-agent numbers, ticket forecast and campaign funnels for the console."""

from __future__ import annotations

from fastapi import APIRouter

from server.deps import ScopeDep
from server.schemas.common import error_responses
from server.schemas.metrics import FunnelReport, MetricsReport, TicketForecast
from server.services.agent_metrics import agent_metrics
from server.services.sales_metrics import campaign_funnels, ticket_forecast

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


@router.get(
    "/tickets",
    response_model=TicketForecast,
    summary="Ticket sales against the forecast",
    responses=error_responses(404),
)
def get_ticket_forecast(scope: ScopeDep) -> TicketForecast:
    """The next event's tickets sold, the forecast final count with its 80% interval, and
    the cumulative curve beside last edition's; 404 when the tenant has no event."""
    return ticket_forecast(scope)


@router.get(
    "/funnel",
    response_model=FunnelReport,
    summary="Campaign funnels",
    responses=error_responses(),
)
def get_campaign_funnels(scope: ScopeDep) -> FunnelReport:
    """Reach, opens, clicks and conversions of each campaign of the next event."""
    return campaign_funnels(scope)
