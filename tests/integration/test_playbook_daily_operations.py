"""The daily operations playbook on a fresh demo database (today 2026-09-01)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.services import Services
from domain.demo import anchors
from domain.models import AgentMessage, BudgetLine, Deliverable, OutboxMessage, Tenant, Vendor
from graphs.context import Context
from graphs.state import DepartmentResult
from nodes.playbooks.daily_operations import NAME, build
from tests.playbook_helpers import (
    WRITTEN,
    data_size,
    render_offline,
    run_playbook,
    writer,
    writing_prompt,
)
from tools import call_tool
from tools.registry import Effect, get_tool, parse_args

REQUEST = "Run the daily operations check"
EXPECTED_ISSUES = [
    ("deliverable", anchors.OVERDUE_DELIVERABLE, "critical"),
    ("budget", anchors.OVERRUN_BUDGET_LINE, "critical"),
    ("deliverable", "Configure badge printing", "high"),
    ("deliverable", "Approve sponsor banners", "high"),
    ("vendor", anchors.UNCONFIRMED_VENDOR, "high"),
    ("deliverable", "Staff the check-in desks", "medium"),
    ("ticket_sales", "Ticket sales -12.6% vs target pace", "medium"),
    ("deliverable", "Order wayfinding signs", "low"),
]
REMINDED_DELIVERABLES = [
    "Configure badge printing",  # 2 days overdue
    "Approve sponsor banners",  # blocked, due in 6 days
    "Staff the check-in desks",  # due today
    "Order wayfinding signs",  # due in 4 days
]


def run(services: Services, **kwargs: Any) -> DepartmentResult:
    return run_playbook(build(services), "operations", NAME, REQUEST, **kwargs)


def id_of(services: Services, model: Any, column: Any, value: str) -> int:
    with services.sessions() as session:
        found = session.scalar(
            select(model.id).where(model.tenant_id == anchors.TENANT_ID, column == value)
        )
    assert found is not None, value
    return int(found)


def test_demo_issues_carry_the_seed_severities(make_services: Callable[..., Services]) -> None:
    result = run(make_services(writer()))

    data = result["data"]
    assert [(i["kind"], i["title"], i["severity"]) for i in data["issues"]] == EXPECTED_ISSUES
    assert data["counts"] == {"critical": 2, "high": 3, "medium": 2, "low": 1}
    overdue, overrun = data["issues"][0]["facts"], data["issues"][1]["facts"]
    assert overdue["days_overdue"] == anchors.OVERDUE_DELIVERABLE_DAYS
    assert overrun["variance_pct"] == float(anchors.OVERRUN_PCT)
    assert data["issues"][4]["facts"]["days_to_confirm_by"] == 5
    assert result["status"] == "done"
    assert result["tools_used"] == [
        "check_deliverables",
        "monitor_ticket_sales",
        "track_budget",
        "generate_status_report",
    ]
    assert data["errors"] == []
    assert data_size(result) < 5000


def test_reminders_and_escalations_are_computed_and_pending(
    make_services: Callable[..., Services],
) -> None:
    services = make_services(writer())
    with services.sessions() as session:
        outbox_before = session.scalar(select(func.count()).select_from(OutboxMessage))

    result = run(services)

    actions = result["pending_actions"]
    escalations = [a for a in actions if a["tool"] == "escalate_issue"]
    reminders = [a for a in actions if a["tool"] == "send_reminder"]
    assert len(actions) == len(escalations) + len(reminders) == 7
    overdue_id = id_of(services, Deliverable, Deliverable.title, anchors.OVERDUE_DELIVERABLE)
    line_id = id_of(services, BudgetLine, BudgetLine.category, anchors.OVERRUN_BUDGET_LINE)
    assert [a["args"].get("deliverable_ids") for a in escalations] == [[overdue_id], None]
    assert [a["args"].get("budget_line_ids") for a in escalations] == [None, [line_id]]
    assert {a["args"]["severity"] for a in escalations} == {"critical"}
    assert "5 day(s) overdue" in escalations[0]["args"]["subject"]
    assert "15.0% over plan" in escalations[1]["args"]["subject"]
    expected_reminders = [
        {"deliverable_id": id_of(services, Deliverable, Deliverable.title, title)}
        for title in REMINDED_DELIVERABLES
    ] + [{"vendor_id": id_of(services, Vendor, Vendor.name, anchors.UNCONFIRMED_VENDOR)}]
    assert [a["args"] for a in reminders] == expected_reminders
    for action in actions:  # every proposal is a valid call of an external tool
        spec = get_tool(action["tool"])
        assert spec.effect is Effect.EXTERNAL
        parse_args(spec, action["args"])
        assert action["department"] == "operations"
    with services.sessions() as session:  # nothing was sent
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == outbox_before
    # A replay on another thread proposes the same actions under the same ids.
    again = run(services, thread_id="t2")
    assert [a["action_id"] for a in again["pending_actions"]] == [a["action_id"] for a in actions]
    # Once approved, each proposal runs as it stands (the gate's job; checked here).
    with services.scope(anchors.TENANT_ID, actor="test") as scope:
        sent = [call_tool(a["tool"], a["args"], scope) for a in actions]
    assert [s["duplicate"] for s in sent] == [False] * 7
    assert sent[0]["recipient"] == f"organiser@{anchors.TENANT_ID}.example"


def test_each_critical_issue_escalates_to_the_user(make_services: Callable[..., Services]) -> None:
    services = make_services(writer())

    result = run(services)

    with services.sessions() as session:
        messages = session.scalars(
            select(AgentMessage).where(AgentMessage.from_agent == "operations")
        ).all()
    assert [m.id for m in messages] == result["data"]["message_ids"]
    assert [m.payload["context"]["title"] for m in messages] == [
        anchors.OVERDUE_DELIVERABLE,
        anchors.OVERRUN_BUDGET_LINE,
    ]
    escalation_ids = [a["action_id"] for a in result["pending_actions"][:2]]
    assert [m.payload["pending_action_id"] for m in messages] == escalation_ids
    for message in messages:
        assert (message.to_agent, message.message_type, message.priority) == (
            "user",
            "escalation",
            "urgent",
        )
        assert message.requires_response is True
        assert message.thread_id == "t"


def test_the_model_only_writes_the_summary(make_services: Callable[..., Services]) -> None:
    model = writer()

    result = run(make_services(model))

    assert result["summary"] == WRITTEN
    facts = writing_prompt(model, "ops_summary")
    assert facts["counts_text"] == "2 critical, 3 high, 2 medium, 1 low"
    assert facts["critical_text"] == (
        "'Final AV run sheet' 5 day(s) overdue; Venue & AV budget 15.0% over plan"
    )
    assert (facts["reminder_count"], facts["escalation_count"]) == (5, 2)
    assert render_offline("ops_summary", facts).startswith(
        "Daily operations check for Northwind AI Summit 2026 (42 days to go): 8 issue(s) found"
    )


def test_tool_errors_are_recorded_not_raised(make_services: Callable[..., Services]) -> None:
    services = make_services(writer())
    with services.sessions.begin() as session:
        session.add(Tenant(id="empty", name="No events yet"))

    result = run(services, context=Context(tenant_id="empty"))

    assert result["status"] == "done"
    assert result["data"]["issues"] == []
    assert result["pending_actions"] == []
    assert [e["tool"] for e in result["data"]["errors"]] == result["tools_used"]
    assert all("event_id" in e["error"] for e in result["data"]["errors"])


def test_offline_model_writes_the_summary_from_the_template(
    make_services: Callable[..., Services],
) -> None:
    pytest.importorskip("adapters.models", reason="the offline model (helper A) is not built yet")

    result = run(make_services(None))

    assert result["summary"].startswith("Daily operations check for Northwind AI Summit 2026")
    assert "2 critical, 3 high, 2 medium, 1 low" in result["summary"]
    assert "Final AV run sheet" in result["summary"]
