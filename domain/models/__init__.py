"""All tables, importable from one place (Alembic reads ``Base.metadata`` from here)."""

from domain.base import Base
from domain.models.approvals import Approval, AuditEvent, Feedback
from domain.models.budgets import Budget, BudgetAlert, BudgetUsage
from domain.models.crm import (
    Activity,
    Company,
    Contact,
    ExternalEvent,
    ExternalEventAttendance,
    Opportunity,
    Proposal,
    Sponsor,
    SponsorshipPackage,
    Stage,
)
from domain.models.events import Attendee, Event, Order, Refund, TicketType, TrafficDaily
from domain.models.marketing import (
    Campaign,
    CampaignDailyMetric,
    CampaignSend,
    ContentItem,
    ScheduledPost,
)
from domain.models.messaging import AgentMessage, MessageType
from domain.models.operations import BudgetLine, Deliverable, Vendor
from domain.models.outreach import FollowUp, OutboxMessage, OutreachDraft
from domain.models.pipeline import LeadPipelineStep
from domain.models.privacy import ErasureReceipt, Suppression
from domain.models.schedules import Cron, CronFire, CronKind
from domain.models.serving import ApiKey, RunRecord, ThreadRecord
from domain.models.support import KnowledgeArticle, SupportCase
from domain.models.tenancy import AgentConfig, AutonomyMode, Department, Tenant

__all__ = [
    "Activity",
    "AgentConfig",
    "AgentMessage",
    "ApiKey",
    "Approval",
    "Attendee",
    "AuditEvent",
    "AutonomyMode",
    "Base",
    "Budget",
    "BudgetAlert",
    "BudgetLine",
    "BudgetUsage",
    "Campaign",
    "CampaignDailyMetric",
    "CampaignSend",
    "Company",
    "Contact",
    "ContentItem",
    "Cron",
    "CronFire",
    "CronKind",
    "Deliverable",
    "Department",
    "ErasureReceipt",
    "Event",
    "ExternalEvent",
    "ExternalEventAttendance",
    "Feedback",
    "FollowUp",
    "KnowledgeArticle",
    "LeadPipelineStep",
    "MessageType",
    "Opportunity",
    "Order",
    "OutboxMessage",
    "OutreachDraft",
    "Proposal",
    "Refund",
    "RunRecord",
    "ScheduledPost",
    "Sponsor",
    "SponsorshipPackage",
    "Stage",
    "SupportCase",
    "Suppression",
    "Tenant",
    "ThreadRecord",
    "TicketType",
    "TrafficDaily",
    "Vendor",
]
