"""Daily operations check (seed 000 ``run_daily_operations``) as an explicit graph.

check deliverables → ticket sales → budget → vendor confirmations → assess (issues with
the tools' severities; reminders and escalations computed, all pending approval) →
notify (an escalation message to the user per critical issue) → summarise (the model
writes 1-4 sentences from the issue list).
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, NotRequired, TypedDict

from langchain_core.runnables import RunnableConfig
from langgraph.graph import StateGraph
from langgraph.runtime import Runtime

from adapters.services import Services
from domain.negation import withheld_tools
from graphs.context import Context
from graphs.state import DepartmentResult, PendingAction, PlanStep
from nodes.playbooks import daily_operations_steps as steps
from nodes.playbooks.catalog import Playbook
from nodes.playbooks.playbook_kit import (
    MESSAGE_PRIORITY,
    PlaybookInput,
    PlaybookOutput,
    by_severity,
    counts_text,
    department_result,
    kept_actions,
    run_tool,
    send_agent_message,
    sequential_graph,
    thread_of,
)
from nodes.writing import write
from tools.results.operations import (
    CHECK_DELIVERABLES,
    GENERATE_STATUS_REPORT,
    MONITOR_TICKET_SALES,
    TRACK_BUDGET,
    BudgetReport,
    DeliverableStatus,
    TicketSalesPace,
)

NAME = "daily_operations"
MAX_ISSUES_IN_DATA = 12


class OperationsState(TypedDict):
    """Working state of the daily operations check."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str
    event: NotRequired[dict[str, Any]]
    deliverables: NotRequired[list[DeliverableStatus]]
    ticket_sales: NotRequired[TicketSalesPace | None]
    budget: NotRequired[BudgetReport | None]
    vendors: NotRequired[steps.VendorsView | None]
    issues: NotRequired[list[dict[str, Any]]]
    actions: NotRequired[list[PendingAction]]
    message_ids: NotRequired[list[int]]
    tools_used: Annotated[list[str], operator.add]
    errors: Annotated[list[dict[str, str]], operator.add]
    result: NotRequired[DepartmentResult]


def build(
    services: Services,
) -> StateGraph[OperationsState, Context, PlaybookInput, PlaybookOutput]:
    """The daily operations graph (uncompiled)."""

    def check_deliverables(state: OperationsState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        with services.scope(runtime.context.tenant_id, actor="operations") as scope:
            out = run_tool(scope, CHECK_DELIVERABLES, {}, errors)
        # Only what can raise an issue or a reminder stays in the working state.
        near = [
            d
            for d in (out["deliverables"] if out else [])
            if d["status"] != "done" and d["days_until_due"] <= steps.REMIND_DUE_WITHIN_DAYS
        ]
        update: dict[str, Any] = {
            "deliverables": near,
            "tools_used": ["check_deliverables"],
            "errors": errors,
        }
        if out:
            update["event"] = out["event"]
        return update

    def monitor_ticket_sales(state: OperationsState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        with services.scope(runtime.context.tenant_id, actor="operations") as scope:
            out = run_tool(scope, MONITOR_TICKET_SALES, {}, errors)
        return {"ticket_sales": out, "tools_used": ["monitor_ticket_sales"], "errors": errors}

    def track_budget(state: OperationsState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        with services.scope(runtime.context.tenant_id, actor="operations") as scope:
            out = run_tool(scope, TRACK_BUDGET, {}, errors)
        if out is not None:
            out = {**out, "lines": [x for x in out["lines"] if x["severity"] != "low"]}
        return {"budget": out, "tools_used": ["track_budget"], "errors": errors}

    def check_vendors(state: OperationsState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        with services.scope(runtime.context.tenant_id, actor="operations") as scope:
            out = run_tool(scope, GENERATE_STATUS_REPORT, {}, errors)
        update: dict[str, Any] = {"tools_used": ["generate_status_report"], "errors": errors}
        if out is None:
            return {**update, "vendors": None}
        vendors = out["sections"]["vendors"]
        update["vendors"] = steps.VendorsView(
            counts=vendors["counts"],
            flagged=vendors["flagged"],
            pending=[v for v in vendors["vendors"] if v["status"] == "pending"],
        )
        update["event"] = {**out["event"], "days_to_event": out["days_to_event"]}
        return update

    def assess(state: OperationsState) -> dict[str, Any]:
        deliverables = state.get("deliverables") or []
        issues = steps.deliverable_issues(deliverables)
        sales, budget = state.get("ticket_sales"), state.get("budget")
        if sales:
            issues += steps.ticket_sales_issues(sales)
        if budget:
            issues += steps.budget_issues(budget)
        vendors = state.get("vendors") or steps.VendorsView(counts={}, flagged=[], pending=[])
        issues += steps.vendor_issues(vendors["flagged"])
        issues = steps.sort_issues(issues)
        step_id = state["step"]["id"]
        actions = steps.escalations(step_id, issues)
        actions += steps.reminders(step_id, deliverables, vendors["pending"])
        return {"issues": issues, "actions": kept_actions(actions, state.get("request", ""))}

    def notify(
        state: OperationsState, runtime: Runtime[Context], config: RunnableConfig
    ) -> dict[str, Any]:
        escalations = {
            a["facts"]["title"]: a["action_id"]
            for a in state.get("actions", [])
            if a["tool"] == "escalate_issue"
        }
        critical = [i for i in state.get("issues", []) if i["severity"] == "critical"]
        if not critical or "escalate_issue" in withheld_tools(state.get("request", "")):
            return {"message_ids": []}
        ids = []
        with services.scope(runtime.context.tenant_id, actor="operations") as scope:
            for issue in critical:
                payload = {
                    "action": "escalate_issue",
                    "pending_action_id": escalations.get(issue["title"]),
                    "context": issue,
                    "priority": MESSAGE_PRIORITY["critical"],
                }
                ids.append(
                    send_agent_message(
                        scope,
                        from_agent="operations",
                        to_agent="user",
                        message_type="escalation",
                        payload=payload,
                        priority=MESSAGE_PRIORITY["critical"],
                        requires_response=True,
                        thread_id=thread_of(config),
                    )
                )
        return {"message_ids": ids}

    def summarise(state: OperationsState) -> dict[str, Any]:
        issues = state.get("issues", [])
        actions = state.get("actions", [])
        counts = by_severity(issues)
        event = state.get("event") or {}
        critical = [steps.critical_line(i) for i in issues if i["severity"] == "critical"]
        reminders = sum(1 for a in actions if a["tool"] == "send_reminder")
        escalations = sum(1 for a in actions if a["tool"] == "escalate_issue")
        facts = {
            "event_name": event.get("name", "the upcoming event"),
            "days_to_event": event.get("days_to_event", "?"),
            "issue_count": len(issues),
            "counts_text": counts_text(counts),
            "critical_text": "; ".join(critical) or "none",
            "reminder_count": reminders,
            "escalation_count": escalations,
            "issues": [
                {"kind": i["kind"], "title": i["title"], "severity": i["severity"]}
                for i in issues[:MAX_ISSUES_IN_DATA]
            ],
            "errors": [e["error"] for e in state.get("errors", [])],
        }
        summary = write(services.model, "ops_summary", facts, answer=True)
        data = {
            "event": event,
            "issues": issues[:MAX_ISSUES_IN_DATA],
            "issue_total": len(issues),
            "counts": counts,
            "actions_proposed": [
                {"action_id": a["action_id"], "tool": a["tool"], "summary": a["summary"]}
                for a in actions
            ],
            "message_ids": state.get("message_ids", []),
            "errors": state.get("errors", []),
        }
        result = department_result(
            state["step"],
            department="operations",
            playbook=NAME,
            summary=summary,
            data=data,
            tools_used=state.get("tools_used", []),
            pending_actions=actions,
        )
        return {"result": result}

    return sequential_graph(
        OperationsState,
        [
            ("check_deliverables", check_deliverables),
            ("monitor_ticket_sales", monitor_ticket_sales),
            ("track_budget", track_budget),
            ("check_vendors", check_vendors),
            ("assess", assess),
            ("notify", notify),
            ("summarise", summarise),
        ],
    )


PLAYBOOK = Playbook(
    name=NAME,
    department="operations",
    build=build,
    triggers=(
        "daily operations check",
        "operations check",
        "daily ops",
        "ops check",
        "status of deliverables",
        "operations status",
    ),
    description="Daily operations check: deliverables, ticket sales, budget and vendors; "
    "issues graded low to critical, reminders and escalations proposed for approval.",
)
