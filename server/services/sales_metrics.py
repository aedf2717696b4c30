"""The console's ticket forecast and campaign funnels, from the analytics domain."""

from __future__ import annotations

from domain.analytics.attendance import predict_attendance
from domain.analytics.campaigns import campaign_performance
from domain.errors import NotFoundError
from domain.lookups import resolve_event
from domain.scope import Scope
from server.schemas.metrics import CampaignFunnel, CumulativePoint, FunnelReport, TicketForecast


def ticket_forecast(scope: Scope) -> TicketForecast:
    """The next event's sales against its forecast (404 when the tenant has no event)."""
    summary = predict_attendance(scope)
    forecast = summary["forecast"]
    return TicketForecast(
        event_id=summary["event_id"],
        event=summary["event"],
        as_of=summary["as_of"],
        days_to_event=summary["days_to_event"],
        sold_so_far=summary["sold_so_far"],
        target=summary["target"],
        capacity=summary["capacity"],
        point=forecast["point"],
        low=forecast["low"],
        high=forecast["high"],
        method=summary["method"],
        method_note=summary["method_note"],
        probability_reach_target=summary["probability_reach_target"],
        cumulative=[CumulativePoint(**row) for row in summary["cumulative"]],
    )


def campaign_funnels(scope: Scope) -> FunnelReport:
    """Each campaign of the next event, reach to conversions."""
    try:
        event = resolve_event(scope)
    except NotFoundError:
        return FunnelReport(event_id=None, event=None, campaigns=[])
    return FunnelReport(
        event_id=event.id,
        event=event.name,
        campaigns=[
            CampaignFunnel(
                campaign_id=p.campaign_id,
                name=p.name,
                channel=p.channel,
                status=p.status,
                delivered=p.delivered,
                impressions=p.impressions,
                opens=p.opens,
                clicks=p.clicks,
                conversions=p.conversions,
                revenue=float(p.revenue),
                open_rate=p.open_rate,
                click_rate=p.click_rate,
                conversion_rate=p.conversion_rate,
            )
            for p in campaign_performance(scope, event)
        ],
    )
