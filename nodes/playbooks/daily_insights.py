"""Daily analytics insights (seed 000 ``generate_daily_insights``) as an explicit graph.

forecast attendance → revenue → anomalies → recommended actions → synthesise (key
insights, opportunities, risks and priority actions, all ranked by severity then
dollars at stake) → request (one "request" message per department that owns actions,
with the actions and their evidence) → summarise (the model writes the summary).
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, NotRequired, TypedDict, TypeVar

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph
from langgraph.runtime import Runtime

from adapters.services import Services
from graphs.context import Context
from graphs.state import DepartmentResult, PlanStep
from nodes.playbooks import daily_insights_steps as steps
from nodes.playbooks.catalog import Playbook
from nodes.playbooks.playbook_kit import (
    MESSAGE_PRIORITY,
    SEVERITY_RANK,
    PlaybookInput,
    PlaybookOutput,
    department_result,
    run_tool,
    send_agent_message,
    sequential_graph,
    thread_of,
)
from nodes.writing import write
from tools.results import TypedTool
from tools.results.analytics import (
    ANALYZE_REVENUE,
    IDENTIFY_ANOMALIES,
    PREDICT_ATTENDANCE,
    RECOMMEND_ACTIONS,
    Anomaly,
    RecommendedAction,
)

NAME = "daily_insights"
RECOMMEND_LIMIT = 10
ResultT = TypeVar("ResultT")


class InsightsState(TypedDict):
    """Working state of the daily insights."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str
    forecast: NotRequired[steps.ForecastView | None]
    revenue: NotRequired[steps.RevenueView | None]
    anomalies: NotRequired[list[Anomaly]]
    actions: NotRequired[list[RecommendedAction]]
    event: NotRequired[dict[str, Any]]
    synthesis: NotRequired[dict[str, Any]]
    message_ids: NotRequired[dict[str, int]]
    tools_used: Annotated[list[str], operator.add]
    errors: Annotated[list[dict[str, str]], operator.add]
    result: NotRequired[DepartmentResult]


def forecast_text(forecast: steps.ForecastView | None) -> str:
    """'Forecast 7,070 tickets (80% 6,748-7,400) against a target of 8,000.' or ''."""
    if not forecast:
        return ""
    f = forecast["forecast"]
    return (
        f"Forecast {f['point']:,} tickets ({f['interval']} {f['low']:,}-{f['high']:,}) "
        f"against a target of {forecast['target']:,}."
    )


def build(
    services: Services,
) -> StateGraph[InsightsState, Context, PlaybookInput, PlaybookOutput]:
    """The daily insights graph (uncompiled)."""

    def call(
        runtime: Runtime[Context], tool: TypedTool[ResultT], args: dict[str, Any]
    ) -> tuple[ResultT | None, dict[str, Any]]:
        errors: list[dict[str, str]] = []
        with services.scope(runtime.context.tenant_id, actor="analytics") as scope:
            out = run_tool(scope, tool, args, errors)
        return out, {"tools_used": [tool.name], "errors": errors}

    def predict_attendance(state: InsightsState, runtime: Runtime[Context]) -> dict[str, Any]:
        out, update = call(runtime, PREDICT_ATTENDANCE, {})
        if out is None:
            return {**update, "forecast": None}
        event = {"id": out["event_id"], "name": out["event"], "as_of": out["as_of"]}
        return {**update, "forecast": steps.forecast_view(out), "event": event}

    def analyze_revenue(state: InsightsState, runtime: Runtime[Context]) -> dict[str, Any]:
        out, update = call(runtime, ANALYZE_REVENUE, {"trend_days": 7})
        return {**update, "revenue": steps.revenue_view(out) if out else None}

    def identify_anomalies(state: InsightsState, runtime: Runtime[Context]) -> dict[str, Any]:
        out, update = call(runtime, IDENTIFY_ANOMALIES, {})
        return {**update, "anomalies": out["anomalies"] if out else []}

    def recommend_actions(state: InsightsState, runtime: Runtime[Context]) -> dict[str, Any]:
        out, update = call(runtime, RECOMMEND_ACTIONS, {"limit": RECOMMEND_LIMIT})
        return {**update, "actions": out["actions"] if out else []}

    def synthesise(state: InsightsState) -> dict[str, Any]:
        forecast, revenue = state.get("forecast"), state.get("revenue")
        actions = state.get("actions", [])
        per_ticket = steps.value_per_ticket(forecast, revenue) if forecast and revenue else 0.0
        per_order = float(revenue["average_order_value"]) if revenue else 0.0
        anomalies = steps.top_anomalies(state.get("anomalies", []), per_order, per_ticket)
        candidates = [steps.anomaly_insight(anomalies), *steps.area_insights(actions)]
        if forecast:
            candidates.append(steps.tickets_insight(forecast, per_ticket))
        if revenue:
            days = forecast["days_to_event"] if forecast else 365
            candidates.append(steps.revenue_insight(revenue, days))
        opportunities, risks = steps.split_lists(candidates, actions)
        return {
            "synthesis": {
                "key_insights": [
                    {k: v for k, v in i.items() if k != "title"}
                    for i in steps.key_insights(candidates)
                ],
                "opportunities": opportunities,
                "risks": risks,
                "anomalies": anomalies,
                "priority_actions": [
                    {k: a[k] for k in ("rank", "title", "owner", "severity", "impact_usd")}
                    for a in actions[: steps.TOP_N]
                ],
            }
        }

    def request_departments(
        state: InsightsState, runtime: Runtime[Context], config: RunnableConfig
    ) -> dict[str, Any]:
        grouped = steps.requests_by_department(state.get("actions", []))
        event = state.get("event", {})
        ids: dict[str, int] = {}
        with services.scope(runtime.context.tenant_id, actor="analytics") as scope:
            for department, items in grouped.items():
                worst = max((a["severity"] for a in items), key=SEVERITY_RANK.__getitem__)
                payload = {
                    "action": items[0]["title"],
                    "actions": items,
                    "context": {"event": event, "source": NAME},
                    "priority": MESSAGE_PRIORITY[worst],
                }
                ids[department] = send_agent_message(
                    scope,
                    from_agent="analytics",
                    to_agent=department,
                    message_type="request",
                    payload=payload,
                    priority=MESSAGE_PRIORITY[worst],
                    requires_response=True,
                    thread_id=thread_of(config),
                )
        return {"message_ids": ids}

    def summarise(state: InsightsState) -> dict[str, Any]:
        synthesis = state["synthesis"]
        forecast, revenue = state.get("forecast"), state.get("revenue")
        event = state.get("event", {})
        insights = synthesis["key_insights"]
        ids = state.get("message_ids", {})
        facts = {
            "event_name": event.get("name", "the upcoming event"),
            "days_to_event": forecast["days_to_event"] if forecast else "?",
            "key_insights": [i["text"] for i in insights],
            "forecast_text": forecast_text(forecast),
            "headline": next((i["text"] for i in insights if i["area"] != "tickets"), ""),
            "priorities_text": "; ".join(a["title"] for a in synthesis["priority_actions"][:3])
            or "none",
            "departments_text": ", ".join(ids) or "no department",
            "opportunities": [o["title"] for o in synthesis["opportunities"]],
            "risks": [r["title"] for r in synthesis["risks"]],
            "errors": [e["error"] for e in state.get("errors", [])],
        }
        summary = write(services.model, "insights_summary", facts, answer=True)
        data = {
            "event": event,
            "forecast": {**forecast["forecast"], "target": forecast["target"]}
            if forecast
            else None,
            "forecast_context": steps.forecast_context(forecast) if forecast else None,
            "revenue": {**revenue} if revenue else None,
            **synthesis,
            "message_ids": ids,
            "errors": state.get("errors", []),
        }
        result = department_result(
            state["step"],
            department="analytics",
            playbook=NAME,
            summary=summary,
            data=data,
            tools_used=state.get("tools_used", []),
            pending_actions=[],
        )
        return {"result": result}

    return sequential_graph(
        InsightsState,
        [
            ("predict_attendance", predict_attendance),
            ("analyze_revenue", analyze_revenue),
            ("identify_anomalies", identify_anomalies),
            ("recommend_actions", recommend_actions),
            ("synthesise", synthesise),
            ("request_departments", request_departments),
            ("summarise", summarise),
        ],
    )


# "analytics report" is not a trigger: it names what the ``generate_report`` tool writes
# ("put together the analytics report"), which the tool picker chooses on its own.
PLAYBOOK = Playbook(
    name=NAME,
    department="analytics",
    build=build,
    triggers=(
        "daily insights",
        "insights",
        "how are we doing",
        "executive summary",
        "kpi",
    ),
    description="Daily analytics insights: attendance forecast with interval, revenue "
    "projection, anomalies, 3-5 key insights and priority actions ranked by impact; "
    "requests to the departments that own the actions.",
)
