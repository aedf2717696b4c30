"""Operations tools on the demo tenant, through call_tool, on SQLite and Postgres."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from domain.demo import anchors
from domain.models import (
    BudgetLine,
    Deliverable,
    Department,
    Event,
    Order,
    OutboxMessage,
    Vendor,
)
from domain.scope import Scope
from tools.registry import Effect, ToolArgumentError, call_tool, tools_for

SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}


def _event(scope: Scope) -> Event:
    return scope.session.scalars(
        select(Event).where(Event.tenant_id == scope.tenant_id, Event.slug == anchors.EVENT_SLUG)
    ).one()


def _named(scope: Scope, model: type, column: str, value: str) -> int:
    return scope.session.scalars(
        select(model.id).where(model.tenant_id == scope.tenant_id, getattr(model, column) == value)
    ).one()


def _outbox(scope: Scope, kind: str) -> list[OutboxMessage]:
    return list(
        scope.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.tenant_id == scope.tenant_id, OutboxMessage.kind == kind
            )
        )
    )


def test_operations_tools_and_their_effects() -> None:
    effects = {spec.name: spec.effect for spec in tools_for(Department.OPERATIONS)}
    expected = {
        "check_deliverables": Effect.READ,
        "send_reminder": Effect.EXTERNAL,
        "escalate_issue": Effect.EXTERNAL,
        "monitor_ticket_sales": Effect.READ,
        "track_budget": Effect.READ,
        "generate_status_report": Effect.READ,
    }
    assert expected.items() <= effects.items()  # other departments may share tools


# --- check_deliverables -------------------------------------------------------------


def test_overdue_anchor_is_critical_and_listed_first(scope: Scope) -> None:
    result = call_tool("check_deliverables", {}, scope)
    first = result["deliverables"][0]
    assert first["title"] == anchors.OVERDUE_DELIVERABLE
    assert (first["days_overdue"], first["severity"]) == (
        anchors.OVERDUE_DELIVERABLE_DAYS,
        "critical",
    )
    assert first["recommended_action"] == "escalate"
    total = scope.session.scalar(
        select(func.count())
        .select_from(Deliverable)
        .where(Deliverable.tenant_id == scope.tenant_id, Deliverable.event_id == _event(scope).id)
    )
    assert result["total"] == total == sum(result["counts"].values())
    assert result["critical_count"] == 1


def test_deliverables_sorted_by_severity_then_due_date(scope: Scope) -> None:
    items = call_tool("check_deliverables", {}, scope)["deliverables"]
    keys = [(-SEVERITY_RANK[d["severity"]], d["state"] == "done", d["due_on"]) for d in items]
    assert keys == sorted(keys)
    overdue = [d for d in items if d["state"] == "overdue"]
    assert all(d["severity"] in {"high", "critical"} for d in overdue)
    assert all(d["needs_reminder"] for d in items if d["state"] == "due_soon")


def test_owner_summary_counts_the_owners_deliverables(scope: Scope) -> None:
    result = call_tool("check_deliverables", {}, scope)
    owner = next(o for o in result["owners"] if o["owner_name"] == "Marcus Weber")
    mine = [d for d in result["deliverables"] if d["owner_name"] == "Marcus Weber"]
    assert owner["total"] == len(mine)
    assert owner["overdue"] == sum(d["state"] == "overdue" for d in mine)
    assert owner["worst_severity"] == "critical"
    assert result["owners"][0]["owner_name"] == "Marcus Weber"


def test_check_deliverables_unknown_event_names_event_id(scope: Scope) -> None:
    with pytest.raises(ToolArgumentError, match="argument 'event_id'"):
        call_tool("check_deliverables", {"event_id": 99999}, scope)


# --- send_reminder ------------------------------------------------------------------


def test_reminder_to_owner_is_recorded_once(scope: Scope) -> None:
    deliverable_id = _named(scope, Deliverable, "title", anchors.OVERDUE_DELIVERABLE)
    first = call_tool("send_reminder", {"deliverable_id": deliverable_id}, scope)
    again = call_tool("send_reminder", {"deliverable_id": deliverable_id}, scope)
    assert first["recipient"] == "marcus.weber@northwind.example"
    assert "overdue by 5 day(s)" in first["subject"]
    assert (first["duplicate"], again["duplicate"]) == (False, True)
    assert again["outbox_id"] == first["outbox_id"]
    rows = _outbox(scope, "reminder")
    assert len(rows) == 1
    assert anchors.OVERDUE_DELIVERABLE in rows[0].body


def test_reminder_to_pending_vendor(scope: Scope) -> None:
    vendor_id = _named(scope, Vendor, "name", anchors.UNCONFIRMED_VENDOR)
    result = call_tool("send_reminder", {"vendor_id": vendor_id, "note": "Tasting Friday."}, scope)
    vendor = scope.session.get(Vendor, vendor_id)
    assert result["recipient"] == vendor.contact_email
    assert result["when"] == "is due in 5 day(s)"
    assert "Tasting Friday." in _outbox(scope, "reminder")[0].body


def test_reminder_refused_for_done_deliverable(scope: Scope) -> None:
    done = scope.session.scalars(
        select(Deliverable).where(
            Deliverable.tenant_id == scope.tenant_id, Deliverable.status == "done"
        )
    ).first()
    with pytest.raises(ToolArgumentError, match="is already done"):
        call_tool("send_reminder", {"deliverable_id": done.id}, scope)
    assert _outbox(scope, "reminder") == []


def test_reminder_refused_for_confirmed_vendor(scope: Scope) -> None:
    confirmed = scope.session.scalars(
        select(Vendor).where(Vendor.tenant_id == scope.tenant_id, Vendor.status == "confirmed")
    ).first()
    with pytest.raises(ToolArgumentError, match="is confirmed, not pending"):
        call_tool("send_reminder", {"vendor_id": confirmed.id}, scope)


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        ({"deliverable_id": 99999}, "deliverable_id"),
        ({"vendor_id": 99999}, "vendor_id"),
        ({}, "deliverable_id"),
        ({"deliverable_id": 1, "vendor_id": 1}, "deliverable_id"),
        ({"deliverable_id": -3}, "deliverable_id"),
    ],
)
def test_reminder_bad_ids_name_the_argument(scope: Scope, args: dict, argument: str) -> None:
    with pytest.raises(ToolArgumentError, match=f"argument '{argument}'"):
        call_tool("send_reminder", args, scope)


# --- escalate_issue -----------------------------------------------------------------


def test_escalation_goes_to_the_organiser_once(scope: Scope) -> None:
    deliverable_id = _named(scope, Deliverable, "title", anchors.OVERDUE_DELIVERABLE)
    args = {
        "subject": "AV run sheet 5 days late",
        "details": "Blocks the rehearsal.",
        "severity": "critical",
        "deliverable_ids": [deliverable_id],
    }
    first = call_tool("escalate_issue", args, scope)
    again = call_tool("escalate_issue", args, scope)
    assert first["recipient"] == f"organiser@{anchors.TENANT_ID}.example"
    assert first["subject"] == "[CRITICAL] AV run sheet 5 days late"
    assert (first["duplicate"], again["duplicate"]) == (False, True)
    rows = _outbox(scope, "escalation")
    assert len(rows) == 1
    assert f"deliverable_ids: {deliverable_id}" in rows[0].body


@pytest.mark.parametrize(
    ("extra", "argument"),
    [
        ({"severity": "urgent"}, "severity"),
        ({"vendor_ids": [99999]}, "vendor_ids"),
        ({"budget_line_ids": [99999]}, "budget_line_ids"),
        ({"subject": ""}, "subject"),
    ],
)
def test_escalation_bad_arguments(scope: Scope, extra: dict, argument: str) -> None:
    args = {"subject": "Vendor issue", "details": "Details.", "severity": "high", **extra}
    with pytest.raises(ToolArgumentError, match=f"argument '{argument}'"):
        call_tool("escalate_issue", args, scope)


# --- monitor_ticket_sales -----------------------------------------------------------


def _tickets(scope: Scope, event_id: int, until: datetime | None = None) -> int:
    query = select(func.coalesce(func.sum(Order.quantity), 0)).where(
        Order.tenant_id == scope.tenant_id,
        Order.event_id == event_id,
        Order.status.in_(("paid", "partially_refunded")),
    )
    if until is not None:
        query = query.where(Order.placed_at < until)
    return int(scope.session.scalar(query))


def test_ticket_sales_counts_valid_orders_and_compares_with_past(scope: Scope) -> None:
    event = _event(scope)
    result = call_tool("monitor_ticket_sales", {}, scope)
    sold = _tickets(scope, event.id)
    assert result["tickets_sold"] == sold
    assert result["days_to_event"] == anchors.EVENT_STARTS_IN_DAYS
    past = result["past_edition"]
    past_event = scope.session.get(Event, event.previous_edition_id)
    assert past["name"] == past_event.name == anchors.PAST_EVENT_NAME
    # Same point = the end of the day 42 days before last year's event.
    cutoff = datetime.combine(
        past_event.starts_on - timedelta(days=anchors.EVENT_STARTS_IN_DAYS - 1),
        datetime.min.time(),
        tzinfo=UTC,
    )
    assert past["tickets_same_point"] == _tickets(scope, past_event.id, cutoff)
    assert past["final_tickets"] == _tickets(scope, past_event.id)
    expected = event.ticket_target * past["tickets_same_point"] / past["final_tickets"]
    assert result["expected_by_now"] == pytest.approx(expected, abs=0.1)
    assert result["gap_pct"] == pytest.approx((sold - expected) / expected * 100, abs=0.01)
    assert result["projected_final"] == round(sold + result["velocity_7d"] * 42)
    remaining = event.ticket_target - sold
    assert result["required_velocity"] == pytest.approx(remaining / 42, abs=0.01)


def test_cancelled_orders_do_not_count(scope: Scope) -> None:
    before = call_tool("monitor_ticket_sales", {}, scope)["tickets_sold"]
    order = scope.session.scalars(
        select(Order).where(
            Order.tenant_id == scope.tenant_id, Order.number == anchors.ORDER_ABOVE_REFUND_THRESHOLD
        )
    ).one()
    order.status = "cancelled"
    scope.session.flush()
    after = call_tool("monitor_ticket_sales", {}, scope)["tickets_sold"]
    assert before - after == order.quantity


def test_ticket_sales_velocity_is_the_last_seven_days(scope: Scope) -> None:
    event = _event(scope)
    start = datetime.combine(scope.today - timedelta(days=7), datetime.min.time(), tzinfo=UTC)
    end = datetime.combine(scope.today, datetime.min.time(), tzinfo=UTC)
    week = _tickets(scope, event.id, end) - _tickets(scope, event.id, start)
    result = call_tool("monitor_ticket_sales", {}, scope)
    assert result["velocity_7d"] == pytest.approx(week / 7, abs=0.01)


def test_far_behind_pace_close_to_the_event_is_critical(scope: Scope) -> None:
    # Ten days out with no new sales since the snapshot: far behind last year's curve.
    late = replace(scope, today=_event(scope).starts_on - timedelta(days=10))
    result = call_tool("monitor_ticket_sales", {}, late)
    assert result["days_to_event"] == 10
    assert result["velocity_7d"] == 0
    assert result["gap_pct"] <= -40
    assert result["severity"] == "critical"


# --- track_budget -------------------------------------------------------------------


def test_overrun_line_is_critical_and_the_only_overrun(scope: Scope) -> None:
    result = call_tool("track_budget", {}, scope)
    assert [line["category"] for line in result["overruns"]] == [anchors.OVERRUN_BUDGET_LINE]
    line = result["lines"][0]
    assert line["category"] == anchors.OVERRUN_BUDGET_LINE
    assert line["variance_pct"] == float(anchors.OVERRUN_PCT)
    assert line["severity"] == "critical"
    assert result["severity"] == "critical"
    assert result["alerts"] == [f"{anchors.OVERRUN_BUDGET_LINE} is 15.0% over plan"]


def test_each_line_states_what_is_left_and_an_overrun_has_nothing_left(scope: Scope) -> None:
    result = call_tool("track_budget", {}, scope)
    for line in result["lines"]:
        left = line["planned"] - line["actual"] - line["committed"]
        assert line["remaining"] == max(left, 0)
    assert result["lines"][0]["remaining"] == 0  # the overrun line
    assert any(line["remaining"] > 0 for line in result["lines"])


def test_budget_totals_and_spent_percentage(scope: Scope) -> None:
    event = _event(scope)
    actual = scope.session.scalar(
        select(func.sum(BudgetLine.actual)).where(
            BudgetLine.tenant_id == scope.tenant_id, BudgetLine.event_id == event.id
        )
    )
    result = call_tool("track_budget", {}, scope)
    assert result["totals"]["actual"] == float(actual)
    assert result["totals"]["spent_pct"] == round(float(actual / event.budget_total * 100), 2)
    assert result["spend_rate_alert"] is False


def test_over_90_percent_spent_with_over_30_days_left_alerts(scope: Scope) -> None:
    event = _event(scope)
    line = scope.session.scalars(
        select(BudgetLine).where(
            BudgetLine.tenant_id == scope.tenant_id, BudgetLine.category == "Contingency"
        )
    ).one()
    line.actual += event.budget_total * Decimal("0.25")  # pushes total spend past 90%
    scope.session.flush()
    result = call_tool("track_budget", {}, scope)
    assert result["totals"]["spent_pct"] > 90
    assert result["spend_rate_alert"] is True
    assert result["alerts"][-1].endswith("of the budget spent with 42 days to go")


# --- generate_status_report ---------------------------------------------------------


def test_status_report_combines_all_checks(scope: Scope) -> None:
    result = call_tool("generate_status_report", {}, scope)
    assert result["overall_severity"] == "critical"
    assert set(result["sections"]) == {"deliverables", "ticket_sales", "budget", "vendors"}
    issues = result["issues"]
    assert [SEVERITY_RANK[i["severity"]] for i in issues] == sorted(
        (SEVERITY_RANK[i["severity"]] for i in issues), reverse=True
    )
    vendor = next(i for i in issues if i["area"] == "vendors")
    assert anchors.UNCONFIRMED_VENDOR in vendor["summary"]
    assert vendor["severity"] == "high"
    critical = {i["area"] for i in issues if i["severity"] == "critical"}
    assert critical == {"deliverables", "budget"}
    assert sum(result["issue_counts"].values()) == len(issues)


def test_status_report_markdown_is_rendered_from_the_template(scope: Scope) -> None:
    markdown = call_tool("generate_status_report", {}, scope)["markdown"]
    assert markdown.startswith(f"# Weekly status: {anchors.EVENT_NAME}")
    for heading in (
        "## Needs attention",
        "## Deliverables",
        "## Ticket sales",
        "## Budget",
        "## Vendors",
    ):
        assert heading in markdown
    assert f"'{anchors.OVERDUE_DELIVERABLE}' (Marcus Weber) is 5 day(s) overdue" in markdown
    assert f"{anchors.UNCONFIRMED_VENDOR}: pending, confirm by" in markdown
    assert "$" not in markdown  # every placeholder filled


def test_cancelled_vendor_is_critical_in_the_report(scope: Scope) -> None:
    vendor = scope.session.get(Vendor, _named(scope, Vendor, "name", "StreamHouse"))
    vendor.status = "cancelled"
    scope.session.flush()
    issues = call_tool("generate_status_report", {}, scope)["issues"]
    cancelled = next(i for i in issues if i.get("vendor_id") == vendor.id)
    assert (cancelled["severity"], cancelled["action"]) == ("critical", "escalate")
    assert cancelled["summary"] == "StreamHouse (livestream) cancelled"
