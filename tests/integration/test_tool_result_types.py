"""Every typed tool result (``tools.results``) matches what the tool really returns.

The playbooks read tool results through these types, so a type that drifts from the
tool would let the type checker pass code that fails at run time. Each typed tool is
called on the demo database and its result validated strictly against its type.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

import tools.results
from domain.demo import anchors
from domain.scope import Scope
from tools import call_tool
from tools.registry import REGISTRY
from tools.results import TypedTool

ARGS: dict[str, list[dict[str, Any]]] = {
    "analyze_campaign": [{"campaign_id": 1}, {"campaign_id": 4}],
    "optimize_timing": [{"channel": "email"}, {"channel": "social", "campaign_id": 4}],
    "generate_content": [{"campaign_id": 4, "kind": "social", "variants": 1}],
    "lookup_ticket": [{"order_number": "ORD-10501"}, {"email": anchors.ORDER_BUYER_EMAIL}],
    "search_knowledge_base": [{"query": "refund policy", "top_k": 3}],
    "qualify_lead": [{"company_id": 1}],
    "find_contacts": [{"company_id": 1, "include_opted_out": True}],
    "generate_proposal": [{"opportunity_id": 1}],
    "research_company": [{"company_id": 1}, {"company_id": 2}],
    "research_contact": [{"contact_id": 1}, {"contact_id": 2}],
    "verify_email": [{"email": anchors.ORDER_BUYER_EMAIL}, {"email": anchors.BOUNCED_EMAIL}],
    "create_campaign": [{}, {"name": "VIP dinner invitations", "channel": "social"}],
    "ab_test": [{"mode": "design", "campaign_id": 1, "test_type": "subject_line", "variants": 3}],
}
"""Arguments (each set one call) for typed tools on the demo data; the rest take none."""


def typed_tools() -> list[TypedTool[Any]]:
    """Every ``TypedTool`` declared in a module of ``tools.results``."""
    found: dict[str, TypedTool[Any]] = {}
    for info in pkgutil.iter_modules(tools.results.__path__, "tools.results."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, TypedTool):
                found[value.name] = value
    return sorted(found.values(), key=lambda t: t.name)


TYPED = typed_tools()


def test_the_typed_tools_are_found_and_registered() -> None:
    names = {t.name for t in TYPED}
    assert {"check_deliverables", "track_budget", "generate_status_report"} <= names
    assert names <= set(REGISTRY)


CALLS = [(tool, args) for tool in TYPED for args in ARGS.get(tool.name, [{}])]


@pytest.mark.parametrize(
    ("tool", "args"), CALLS, ids=[f"{t.name}-{i}" for i, (t, _) in enumerate(CALLS)]
)
def test_the_result_matches_its_type(
    scope: Scope, tool: TypedTool[Any], args: dict[str, Any]
) -> None:
    out = call_tool(tool.name, args, scope)
    TypeAdapter(tool.result).validate_python(out, strict=True)


def test_a_drifted_result_fails_validation(scope: Scope) -> None:
    from tools.results.operations import TRACK_BUDGET

    out = call_tool(TRACK_BUDGET.name, {}, scope)
    renamed = {k if k != "spend_rate_alert" else "spend_alert": v for k, v in out.items()}
    with pytest.raises(ValidationError, match="spend_rate_alert"):
        TypeAdapter(TRACK_BUDGET.result).validate_python(renamed, strict=True)
