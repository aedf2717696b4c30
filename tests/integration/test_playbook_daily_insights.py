"""The daily insights playbook on a fresh demo database (today 2026-09-01)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from adapters.services import Services
from domain.demo import anchors
from domain.models import AgentMessage, Tenant
from graphs.context import Context
from graphs.state import DepartmentResult
from nodes.playbooks.daily_insights import NAME, build
from nodes.playbooks.playbook_kit import SEVERITY_RANK
from tests.conftest import SNAPSHOT
from tests.playbook_helpers import (
    WRITTEN,
    data_size,
    render_offline,
    run_playbook,
    writer,
    writing_prompt,
)
from tools import call_tool

REQUEST = "Give me the daily insights"
SPIKE_DATE = (SNAPSHOT - timedelta(days=anchors.CANCELLATION_SPIKE_DAYS_AGO)).isoformat()


def run(services: Services, **kwargs: Any) -> DepartmentResult:
    return run_playbook(build(services), "analytics", NAME, REQUEST, **kwargs)


def tool(services: Services, name: str, args: dict[str, Any]) -> dict[str, Any]:
    with services.scope(anchors.TENANT_ID, actor="test") as scope:
        return call_tool(name, args, scope)


def test_forecast_revenue_and_anomalies_come_from_the_tools(
    make_services: Callable[..., Services],
) -> None:
    services = make_services(writer())

    result = run(services)

    data = result["data"]
    attendance = tool(services, "predict_attendance", {})
    assert data["forecast"] == {**attendance["forecast"], "target": attendance["target"]}
    assert (data["forecast"]["low"], data["forecast"]["high"]) == (6748, 7400)
    assert data["forecast"]["low"] < data["forecast"]["point"] < data["forecast"]["high"]
    revenue = tool(services, "analyze_revenue", {})
    assert data["revenue"]["projection"] == revenue["projection"]
    top = data["anomalies"][0]
    assert (top["date"], top["series"], top["direction"]) == (SPIKE_DATE, "cancellations", "spike")
    assert len(data["anomalies"]) == 5
    assert [a["date"] for a in data["anomalies"][:2]] == [SPIKE_DATE, SPIKE_DATE]
    assert result["tools_used"] == [
        "predict_attendance",
        "analyze_revenue",
        "identify_anomalies",
        "recommend_actions",
    ]
    assert result["pending_actions"] == []
    assert data["errors"] == []
    assert data_size(result) < 5000


def test_key_insights_are_ranked_by_severity_then_impact(
    make_services: Callable[..., Services],
) -> None:
    result = run(make_services(writer()))

    insights = result["data"]["key_insights"]
    assert [i["area"] for i in insights] == [
        "operations",
        "revenue",
        "tickets",
        "marketing",
        "anomalies",
    ]
    keys = [(-SEVERITY_RANK[i["severity"]], -i["impact_usd"]) for i in insights]
    assert keys == sorted(keys)
    assert insights[2]["text"].startswith("Tickets: forecast 7,070 (80% 6,748-7,400)")
    assert SPIKE_DATE in insights[4]["text"]
    opportunities = [o["title"] for o in result["data"]["opportunities"]]
    assert opportunities == [
        f"Scale {anchors.HIGH_CONVERTING_CAMPAIGN}: raise its budget 1.5x",
        "Close the 18 sponsorship deals in proposal or negotiation",
    ]
    risks = result["data"]["risks"]
    assert risks[0]["title"].startswith(f"Contain the overrun on {anchors.OVERRUN_BUDGET_LINE}")
    assert f"Investigate the cancellations spike on {SPIKE_DATE}" in [r["title"] for r in risks]


def test_priority_actions_follow_recommend_actions(make_services: Callable[..., Services]) -> None:
    services = make_services(writer())

    result = run(services)

    expected = tool(services, "recommend_actions", {"limit": 5})["actions"]
    assert [a["title"] for a in result["data"]["priority_actions"]] == [
        a["title"] for a in expected
    ]
    assert [a["rank"] for a in result["data"]["priority_actions"]] == [1, 2, 3, 4, 5]


def test_departments_that_own_actions_get_a_request(
    make_services: Callable[..., Services],
) -> None:
    services = make_services(writer())

    result = run(services)

    with services.sessions() as session:
        messages = session.scalars(
            select(AgentMessage)
            .where(AgentMessage.from_agent == "analytics")
            .order_by(AgentMessage.id)
        ).all()
    ids = result["data"]["message_ids"]
    assert {m.to_agent: m.id for m in messages} == ids
    assert list(ids) == ["operations", "marketing", "support", "sales"]
    for message in messages:
        assert (message.message_type, message.requires_response, message.thread_id) == (
            "request",
            True,
            "t",
        )
        assert {a["owner"] for a in message.payload["actions"]} == {message.to_agent}
    by_department = {m.to_agent: m for m in messages}
    assert by_department["operations"].priority == "urgent"
    assert by_department["support"].payload["action"] == (
        f"Investigate the cancellations spike on {SPIKE_DATE}"
    )
    # Analytics hands sales the list of accounts behind its late-stage deals.
    [deals_action] = by_department["sales"].payload["actions"]
    accounts = [d["name"] for d in deals_action["evidence"]["deals"]]
    assert accounts[0].startswith(anchors.BIG_DEAL_COMPANY)


def test_the_model_only_writes_the_summary(make_services: Callable[..., Services]) -> None:
    model = writer()

    result = run(make_services(model))

    assert result["summary"] == WRITTEN
    facts = writing_prompt(model, "insights_summary")
    assert facts["forecast_text"] == (
        "Forecast 7,070 tickets (80% 6,748-7,400) against a target of 8,000."
    )
    assert facts["departments_text"] == "operations, marketing, support, sales"
    assert len(facts["key_insights"]) == 5
    summary = render_offline("insights_summary", facts)
    assert summary.startswith("Daily insights for Northwind AI Summit 2026, 42 days to go.")


def test_tool_errors_are_recorded_not_raised(make_services: Callable[..., Services]) -> None:
    services = make_services(writer())
    with services.sessions.begin() as session:
        session.add(Tenant(id="empty", name="No events yet"))

    result = run(services, context=Context(tenant_id="empty"))

    assert result["status"] == "done"
    assert result["data"]["forecast"] is None
    assert result["data"]["message_ids"] == {}
    assert [e["tool"] for e in result["data"]["errors"]] == result["tools_used"]


def test_offline_model_writes_the_summary_from_the_template(
    make_services: Callable[..., Services],
) -> None:
    pytest.importorskip("adapters.models", reason="the offline model (helper A) is not built yet")

    result = run(make_services(None))

    assert result["summary"].startswith("Daily insights for Northwind AI Summit 2026")
    assert "Forecast 7,070 tickets (80% 6,748-7,400)" in result["summary"]
