"""Operations: deliverables, reminders, escalations, ticket sales, budget, status reports."""

from domain.operations.budget import track_budget
from domain.operations.deliverables import check_deliverables
from domain.operations.escalations import escalate_issue, organiser_address
from domain.operations.messages import Compose
from domain.operations.reminders import send_reminder
from domain.operations.report_text import render_status_report
from domain.operations.severity import Severity
from domain.operations.status_report import generate_status_report
from domain.operations.ticket_sales import monitor_ticket_sales
from domain.operations.vendors import check_vendors

__all__ = [
    "Compose",
    "Severity",
    "check_deliverables",
    "check_vendors",
    "escalate_issue",
    "generate_status_report",
    "monitor_ticket_sales",
    "organiser_address",
    "render_status_report",
    "send_reminder",
    "track_budget",
]
