"""Support: knowledge-base search, ticket lookups, resends, transfers, refunds, escalation."""

from domain.support.escalation import escalate_to_human, support_lead_address
from domain.support.kb_search import INDEX_CACHE, KnowledgeIndex, search_knowledge_base, tokenize
from domain.support.orders import Compose
from domain.support.refund_policy import (
    REFUND_ESCALATION_THRESHOLD,
    RefundEntitlement,
    RefundPolicy,
    RefundRule,
    above_escalation_threshold,
    refund_entitlement,
    refund_rule,
)
from domain.support.refunds import process_refund
from domain.support.signals import EscalationReason, detect_escalation_signals
from domain.support.tickets import lookup_ticket, resend_ticket
from domain.support.transfers import transfer_ticket

__all__ = [
    "INDEX_CACHE",
    "REFUND_ESCALATION_THRESHOLD",
    "Compose",
    "EscalationReason",
    "KnowledgeIndex",
    "RefundEntitlement",
    "RefundPolicy",
    "RefundRule",
    "above_escalation_threshold",
    "detect_escalation_signals",
    "escalate_to_human",
    "lookup_ticket",
    "process_refund",
    "refund_entitlement",
    "refund_rule",
    "resend_ticket",
    "search_knowledge_base",
    "support_lead_address",
    "tokenize",
    "transfer_ticket",
]
