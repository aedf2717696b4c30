"""Results of the operations tools the daily operations check reads."""

from __future__ import annotations

from typing_extensions import TypedDict

from tools.results import TypedTool
from tools.results.common import EventRef, Severity


class DeliverableStatus(TypedDict):
    """One deliverable as ``check_deliverables`` grades it."""

    deliverable_id: int
    title: str
    category: str
    owner_name: str
    owner_email: str
    due_on: str
    status: str
    state: str
    days_overdue: int
    days_until_due: int
    severity: Severity
    needs_reminder: bool
    recommended_action: str
    priority: str
    vendor_id: int | None
    notes: str


class DeliverablesCheck(TypedDict):
    """``check_deliverables``: every deliverable of the event, most severe first."""

    event: EventRef
    today: str
    total: int
    counts: dict[str, int]
    critical_count: int
    deliverables: list[DeliverableStatus]


class PastEdition(TypedDict):
    """The previous edition at the same number of days before its start."""

    id: int
    name: str
    same_point_date: str
    tickets_same_point: int
    final_tickets: int
    ticket_target: int
    sold_vs_past_pct: float


class TicketSalesPace(TypedDict):
    """``monitor_ticket_sales``: tickets sold against the target pace."""

    event: EventRef
    days_to_event: int
    tickets_sold: int
    ticket_target: int
    pct_of_target: float
    expected_by_now: float
    gap_pct: float
    velocity_7d: float
    required_velocity: float
    projected_final: int
    projected_vs_target_pct: float
    past_edition: PastEdition | None
    severity: Severity


class BudgetLine(TypedDict):
    """One budget line with its variance."""

    budget_line_id: int
    category: str
    planned: float
    actual: float
    committed: float
    variance: float
    remaining: float
    """Planned less spent and committed; 0 when nothing is left (an overrun)."""
    variance_pct: float
    committed_variance_pct: float
    severity: Severity
    notes: str


class BudgetTotals(TypedDict):
    """The event budget's totals."""

    budget_total: float
    planned: float
    actual: float
    committed: float
    remaining: float
    spent_pct: float
    spent_with_committed_pct: float


class BudgetReport(TypedDict):
    """``track_budget``: lines with variances, overruns and the spend-rate alert."""

    event: EventRef
    days_to_event: int
    totals: BudgetTotals
    spend_rate_alert: bool
    overruns: list[BudgetLine]
    alerts: list[str]
    severity: Severity
    lines: list[BudgetLine]


class VendorStatus(TypedDict):
    """One vendor and how close its confirm-by date is."""

    vendor_id: int
    name: str
    service: str
    contact_name: str
    contact_email: str
    status: str
    confirm_by: str
    days_to_confirm_by: int
    contract_value: float
    severity: Severity
    needs_follow_up: bool


class VendorsSection(TypedDict):
    """The status report's vendor section."""

    counts: dict[str, int]
    flagged: list[VendorStatus]
    vendors: list[VendorStatus]


class StatusSections(TypedDict):
    """The status report's sections (each the result of the tool named by the key)."""

    deliverables: DeliverablesCheck
    ticket_sales: TicketSalesPace
    budget: BudgetReport
    vendors: VendorsSection


class StatusReport(TypedDict):
    """``generate_status_report``: the weekly status across deliverables, sales, budget."""

    event: EventRef
    week_ending: str
    days_to_event: int
    overall_severity: Severity
    issue_counts: dict[str, int]
    sections: StatusSections
    markdown: str


CHECK_DELIVERABLES = TypedTool("check_deliverables", DeliverablesCheck)
MONITOR_TICKET_SALES = TypedTool("monitor_ticket_sales", TicketSalesPace)
TRACK_BUDGET = TypedTool("track_budget", BudgetReport)
GENERATE_STATUS_REPORT = TypedTool("generate_status_report", StatusReport)
