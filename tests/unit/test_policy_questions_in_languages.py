"""A question about a policy is a knowledge-base search in every language the offline
model understands, not the action the policy is about (a refund). Requests of my own."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from adapters.offline.planner import make_plan

sys.path.insert(0, str(Path(__file__).parent))
from test_offline_picker import picker, request


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("¿Me explicas la política de reembolso?", "search_knowledge_base"),
        ("Je voudrais lire votre politique de remboursement", "search_knowledge_base"),
        ("Wo finde ich die Erstattungsrichtlinie?", "search_knowledge_base"),
        ("Quiero que me reembolséis el pedido ORD-10502", "process_refund"),
        ("Bitte erstatte ORD-10502", "process_refund"),
    ],
)
def test_a_policy_question_searches_and_a_refund_request_refunds(text: str, tool: str) -> None:
    assert make_plan(picker("support"), request(text)).primary == tool
