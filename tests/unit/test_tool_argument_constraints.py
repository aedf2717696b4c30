"""Argument constraints live in the tools' argument models, not in the offline model.

Groups ("give contact_id or email"), patterns and bounds are declared on the arguments;
the offline model reads them from each tool's JSON schema, the same schema a provider's
model sees, and keeps no table of its own keyed by tool name.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from langchain_core.tools import StructuredTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, Field

import tools  # noqa: F401  (registers every tool)
from adapters.offline.argument_fill import ToolInfo, fill_arguments
from adapters.offline.request import Request
from nodes.agent_tools import _with_runtime
from tools.common import ToolArgs, WhenUnstated, exactly_one_of, one_of
from tools.registry import get_tool

TODAY = date(2026, 9, 1)
TARGET = exactly_one_of("order_number", "email")
ANY_CONTACT = one_of("order_number", "email")


class ExactlyOneArgs(ToolArgs):
    email: Annotated[str | None, TARGET] = Field(None, description="Buyer's email.")
    order_number: Annotated[str | None, TARGET] = Field(None, description="Order number.")


class AtLeastOneArgs(ToolArgs):
    email: Annotated[str | None, ANY_CONTACT] = Field(None, description="Buyer's email.")
    order_number: Annotated[str | None, ANY_CONTACT] = Field(None, description="Order number.")


class UngroupedArgs(ToolArgs):
    order_number: str | None = Field(None, description="Order number.")
    email: str | None = Field(None, description="Buyer's email.")


def info(name: str, args: type[BaseModel]) -> ToolInfo:
    """The tool as a department agent binds it (LangChain rebuilds the argument model)."""
    tool = StructuredTool.from_function(
        func=lambda runtime, **_: {}, name=name, description="", args_schema=_with_runtime(args)
    )
    return ToolInfo.from_openai(convert_to_openai_tool(tool))


def request(text: str) -> Request:
    return Request(text, None, TODAY)


def test_the_tools_schema_declares_its_group_in_preference_order() -> None:
    properties = get_tool("enrich_lead").schema()["properties"]
    assert properties["company_id"]["x-exactly-one-of"] == ["contact_id", "company_id"]
    assert properties["contact_id"]["x-exactly-one-of"] == ["contact_id", "company_id"]
    crm = get_tool("update_crm").schema()["properties"]
    assert crm["notes"]["x-one-of"] == ["stage", "next_step", "notes", "value", "probability"]
    assert "x-one-of" not in crm["opportunity_id"]


def test_the_group_survives_the_agents_copy_of_the_argument_model() -> None:
    lookup = info("lookup_ticket", get_tool("lookup_ticket").args_model)
    assert lookup.one_of_groups == [(("order_number", "email"), True)]


def test_an_exactly_one_group_keeps_the_preferred_argument() -> None:
    text = "order ORD-10501 bought by ana@example.com"
    exactly = fill_arguments(info("lookup", ExactlyOneArgs), request(text))
    assert exactly.args == {"order_number": "ORD-10501"}
    at_least = fill_arguments(info("lookup", AtLeastOneArgs), request(text))
    assert at_least.args == {"email": "ana@example.com", "order_number": "ORD-10501"}


def test_a_group_is_missing_only_when_the_schema_declares_it() -> None:
    vague = request("find my order")
    grouped = fill_arguments(info("lookup_ticket", ExactlyOneArgs), vague)
    assert grouped.missing == ["order_number or email"]
    # Same tool name, no group in its schema: nothing is required, whatever it is called.
    assert fill_arguments(info("lookup_ticket", UngroupedArgs), vague).complete


class ResendArgs(ToolArgs):
    order_number: str = Field(description="Order number.")
    ticket_code: str | None = Field(None, pattern=r"^TK-\d{4}$", description="One ticket.")


class TopArgs(ToolArgs):
    limit: int = Field(10, gt=5, le=50, description="How many, more than five.")


def test_a_value_the_pattern_refuses_is_not_proposed() -> None:
    resend = info("resend_ticket", ResendArgs)
    kept = fill_arguments(resend, request("resend ticket TK-1234 of order ORD-10501"))
    assert kept.args == {"order_number": "ORD-10501", "ticket_code": "TK-1234"}
    refused = fill_arguments(resend, request("resend ticket TK-ABCD of order ORD-10501"))
    assert refused.args == {"order_number": "ORD-10501"}


def test_a_value_outside_an_exclusive_bound_is_not_proposed() -> None:
    top = info("search_sponsors", TopArgs)
    assert fill_arguments(top, request("top 8 sponsors")).args == {"limit": 8}
    assert "limit" not in fill_arguments(top, request("top 3 sponsors")).args


Level = Literal["low", "medium", "high", "critical"]


class FlaggedArgs(ToolArgs):
    summary: str = Field(description="What happened.")
    severity: Annotated[Level, WhenUnstated("medium")] = Field(description="How bad.")


class UnflaggedArgs(ToolArgs):
    summary: str = Field(description="What happened.")
    severity: Level = Field(description="How bad.")


def test_the_escalation_tools_declare_their_usual_choice() -> None:
    issue = info("escalate_issue", get_tool("escalate_issue").args_model)
    assert issue.properties["severity"]["x-when-unstated"] == "high"
    human = get_tool("escalate_to_human").schema()["properties"]["reason"]
    assert human["x-when-unstated"] == "unresolved"


def test_an_unstated_choice_takes_the_schemas_value_and_is_not_evidence() -> None:
    flagged = fill_arguments(info("escalate_issue", FlaggedArgs), request("escalate this"))
    assert flagged.args["severity"] == "medium"
    assert "severity" not in flagged.grounded
    said = fill_arguments(info("escalate_issue", FlaggedArgs), request("escalate, it is critical"))
    assert said.args["severity"] == "critical"
    assert "severity" in said.grounded
    # Same tool and argument names, no value in the schema: the choice stays missing.
    unflagged = fill_arguments(info("escalate_issue", UnflaggedArgs), request("escalate this"))
    assert "severity" in unflagged.missing
