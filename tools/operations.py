"""Operations tools: deliverables, reminders, escalations, ticket sales, budget, status report."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from domain import operations as ops
from domain.lookups import resolve_event
from domain.models import Department
from domain.operations import Severity
from domain.scope import Scope
from prompts.loader import compose, template_sections
from tools.common import EventArgs, ToolArgs, WhenUnstated, exactly_one_of
from tools.registry import Effect, action_key, register

DEPT = Department.OPERATIONS


class CheckDeliverablesArgs(EventArgs):
    """Which event's deliverables, and optionally only one person's."""

    owner: str | None = Field(
        default=None,
        min_length=2,
        max_length=200,
        description="Only the deliverables this person owns (full name or first name).",
    )


@register(
    "check_deliverables",
    departments=DEPT,
    effect=Effect.READ,
    args=CheckDeliverablesArgs,
    description="""
Check every deliverable (task with an owner and due date) of an event. Use it for the
daily operations check or when asked what is late, due or blocked. Returns each
deliverable with state (overdue, blocked, due_soon = next 7 days, upcoming, done),
severity (overdue 3+ days = critical, 1-2 days = high), recommended action (remind or
escalate), most severe first, plus counts and a per-owner summary. Give owner for one
person's deliverables ("what is Priya working on?").
""",
)
def check_deliverables(scope: Scope, args: CheckDeliverablesArgs) -> dict[str, Any]:
    """Deliverables by severity for the event (one owner's when ``owner`` is given)."""
    return ops.check_deliverables(scope, resolve_event(scope, args.event_id), owner=args.owner)


REMINDED = exactly_one_of("deliverable_id", "vendor_id")


class SendReminderArgs(ToolArgs):
    """Who to remind: one deliverable's owner or one pending vendor."""

    deliverable_id: Annotated[int | None, REMINDED] = Field(
        default=None, gt=0, description="Deliverable whose owner to remind."
    )
    vendor_id: Annotated[int | None, REMINDED] = Field(
        default=None, gt=0, description="Vendor pending confirmation to remind."
    )
    note: str | None = Field(
        default=None, max_length=500, description="Optional extra sentence for the recipient."
    )


@register(
    "send_reminder",
    departments=DEPT,
    effect=Effect.EXTERNAL,
    args=SendReminderArgs,
    description="""
Email a reminder to the owner of a deliverable (deliverable_id) or to a vendor that has
not confirmed its booking (vendor_id); give exactly one. Refuses for a deliverable that
is already done or a vendor that is not pending. Repeating the same call does not send
twice (returns duplicate=true). Returns the recipient, subject and outbox id.
""",
)
def send_reminder(scope: Scope, args: SendReminderArgs) -> dict[str, Any]:
    """Reminder email through the outbox."""
    return ops.send_reminder(
        scope,
        key=action_key(scope, "send_reminder", args),
        deliverable_id=args.deliverable_id,
        vendor_id=args.vendor_id,
        note=args.note,
        compose=compose,
    )


class EscalateIssueArgs(ToolArgs):
    """An operations issue for the organiser."""

    subject: str = Field(min_length=3, max_length=200, description="One line naming the issue.")
    details: str = Field(
        min_length=1, max_length=4000, description="What is wrong and what decision is needed."
    )
    severity: Annotated[Severity, WhenUnstated("high")] = Field(
        description="low, medium, high or critical."
    )
    deliverable_ids: list[int] = Field(default_factory=list, description="Related deliverables.")
    vendor_ids: list[int] = Field(default_factory=list, description="Related vendors.")
    budget_line_ids: list[int] = Field(default_factory=list, description="Related budget lines.")


@register(
    "escalate_issue",
    departments=DEPT,
    effect=Effect.EXTERNAL,
    args=EscalateIssueArgs,
    description="""
Escalate an urgent operations issue to the event organiser by email: a deliverable
overdue 3+ days, ticket sales far below target, a budget overrun above 10%, a vendor
cancellation. Give a subject, details, severity and the related record ids. Repeating
the same call does not send twice (duplicate=true). Returns the recipient and outbox id.
""",
)
def escalate_issue(scope: Scope, args: EscalateIssueArgs) -> dict[str, Any]:
    """Escalation email to the organiser through the outbox."""
    related = {
        "deliverable_ids": args.deliverable_ids,
        "vendor_ids": args.vendor_ids,
        "budget_line_ids": args.budget_line_ids,
    }
    return ops.escalate_issue(
        scope,
        key=action_key(scope, "escalate_issue", args),
        subject=args.subject,
        details=args.details,
        severity=args.severity,
        related={k: v for k, v in related.items() if v},
        compose=compose,
    )


@register(
    "monitor_ticket_sales",
    departments=DEPT,
    effect=Effect.READ,
    args=EventArgs,
    description="""
Check ticket sales for an event: tickets sold (paid and partially refunded orders) vs
the target and vs the past edition at the same days before the event, expected sales
by now, gap %, 7-day velocity, velocity needed to reach target, a simple projection
(current + velocity × days left; the analytics department owns the full forecast) and
a severity (40%+ behind pace with under 30 days to go = critical).
""",
)
def monitor_ticket_sales(scope: Scope, args: EventArgs) -> dict[str, Any]:
    """Ticket sales pace for the event."""
    return ops.monitor_ticket_sales(scope, resolve_event(scope, args.event_id))


@register(
    "track_budget",
    departments=DEPT,
    effect=Effect.READ,
    args=EventArgs,
    description="""
Track an event's budget: for each budget line the planned, actual and committed spend,
variance %, and severity (more than 10% over plan = critical); totals with % of the
budget spent; alerts, including over 90% spent with more than 30 days to go.
""",
)
def track_budget(scope: Scope, args: EventArgs) -> dict[str, Any]:
    """Budget versus actual for the event."""
    return ops.track_budget(scope, resolve_event(scope, args.event_id))


@register(
    "generate_status_report",
    departments=DEPT,
    effect=Effect.READ,
    args=EventArgs,
    description="""
Build the weekly operations status report for an event: deliverables, ticket sales,
budget and vendor confirmations, with every issue graded low/medium/high/critical and
the action it needs. Returns structured sections, the issue list (most severe first)
and a ready-to-share Markdown report in `markdown`.
""",
)
def generate_status_report(scope: Scope, args: EventArgs) -> dict[str, Any]:
    """Status report sections plus their Markdown rendering."""
    report = ops.generate_status_report(scope, resolve_event(scope, args.event_id))
    template = template_sections("operations_status_report")["body"]
    return {**report, "markdown": ops.render_status_report(report, template)}
