"""Sponsor outreach campaign (seed 000 ``run_outreach_campaign``) as an explicit graph.

find prospects (search 20, qualify each, rank, top N) → proposals for deals → outreach
drafts (primary contact, email written by the model, stored pending approval, a pending
``send_email`` each within the daily cap) → follow-up plan (a notification to the
follow-up agent, which schedules the rows) → CRM next steps → summary by the model.
"""

from __future__ import annotations

import operator
from functools import partial
from typing import Annotated, Any, NotRequired, TypedDict

from langgraph.config import get_config
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from adapters.services import Services
from domain.agent_config import agent_settings
from domain.agent_messages import handle_followup_notification, send_message
from domain.sales.outreach_context import event_context
from graphs.context import Context
from graphs.state import DepartmentResult, PendingAction, PlanStep
from nodes.playbooks import sponsor_outreach_report as report
from nodes.playbooks import sponsor_outreach_steps as steps
from nodes.playbooks.catalog import Playbook
from nodes.playbooks.playbook_kit import PlaybookInput, PlaybookOutput, run_tool, thread_of
from nodes.playbooks.sponsor_outreach_drafts import write_drafts
from nodes.writing import write
from tools.results.sales import GENERATE_PROPOSAL, QUALIFY_LEAD, SEARCH_SPONSORS, LeadScore

NAME = "sponsor_outreach"
NEXT_STEP = "Awaiting reply to outreach"


class OutreachState(TypedDict):
    """Working state of the outreach campaign."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str
    event: NotRequired[dict[str, Any]]
    considered: NotRequired[int]
    top_n: NotRequired[int]
    top: NotRequired[list[dict[str, Any]]]
    proposals: NotRequired[list[dict[str, Any]]]
    drafts: NotRequired[list[dict[str, Any]]]
    skipped_contacts: NotRequired[list[dict[str, Any]]]
    cap: NotRequired[dict[str, int]]
    actions: NotRequired[list[PendingAction]]
    followups: NotRequired[dict[str, Any]]
    message_ids: NotRequired[list[int]]
    crm_updated: NotRequired[list[int]]
    tools_used: Annotated[list[str], operator.add]
    errors: Annotated[list[dict[str, str]], operator.add]
    result: NotRequired[DepartmentResult]


def build(services: Services) -> StateGraph[OutreachState, Context, PlaybookInput, PlaybookOutput]:
    """The sponsor outreach graph (uncompiled)."""

    def find_prospects(state: OutreachState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        with services.scope(runtime.context.tenant_id, actor="sales") as scope:
            found = run_tool(scope, SEARCH_SPONSORS, {"limit": steps.SEARCH_LIMIT}, errors)
            if found is None:
                return {"top": [], "tools_used": ["search_sponsors"], "errors": errors}
            event_id = found["event"]["id"]
            qualified: dict[int, LeadScore] = {}
            for prospect in found["prospects"]:
                deal = prospect["open_opportunity"]
                target = (
                    {"opportunity_id": deal["opportunity_id"]}
                    if deal
                    else {"company_id": prospect["company_id"]}
                )
                lead = run_tool(scope, QUALIFY_LEAD, {**target, "event_id": event_id}, errors)
                if lead is not None:
                    qualified[prospect["company_id"]] = lead
            event = event_context(scope, event_id)
        top_n = steps.requested_top_n(state["step"]["task"], state["request"])
        ranked = steps.rank_prospects(found["prospects"], qualified)
        return {
            "event": event,
            "considered": len(found["prospects"]),
            "top_n": top_n,
            "top": ranked[:top_n],
            "tools_used": ["search_sponsors", "qualify_lead"],
            "errors": errors,
        }

    def write_proposals(state: OutreachState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        proposals = []
        with services.scope(runtime.context.tenant_id, actor="sales") as scope:
            for prospect in state.get("top", []):
                if prospect["opportunity_id"] is None:
                    continue
                args = {"opportunity_id": prospect["opportunity_id"]}
                made = run_tool(scope, GENERATE_PROPOSAL, args, errors)
                if made is not None:
                    proposals.append(
                        {
                            "id": made["proposal_id"],
                            "company_id": prospect["company_id"],
                            "opportunity_id": made["opportunity_id"],
                            "package": made["package"]["name"],
                            "amount": made["amount"],
                            "customised": made["customised"],
                            "reused": bool(made.get("reused")),
                        }
                    )
        used = ["generate_proposal"] if proposals or errors else []
        return {"proposals": proposals, "tools_used": used, "errors": errors}

    def draft_emails(state: OutreachState, runtime: Runtime[Context]) -> dict[str, Any]:
        made = write_drafts(
            partial(services.scope, runtime.context.tenant_id, actor="sales"),
            services.model,
            state.get("top", []),
            state.get("proposals", []),
            state.get("event", {}),
        )
        step_id = state["step"]["id"]
        return {
            "drafts": made.drafts,
            "skipped_contacts": made.skipped,
            "cap": made.cap,
            "actions": [steps.send_action(step_id, d) for d in made.drafts if d["queued"]],
            "tools_used": ["find_contacts"] if state.get("top") else [],
            "errors": made.errors,
        }

    def plan_followups(state: OutreachState, runtime: Runtime[Context]) -> dict[str, Any]:
        queued = [d for d in state.get("drafts", []) if d["queued"]]
        if not queued:
            return {"followups": {"scheduled": [], "skipped": []}, "message_ids": []}
        with services.scope(runtime.context.tenant_id, actor="sales") as scope:
            days = agent_settings(scope, "sales").followup_delay_days
            message = send_message(
                scope,
                "sales",
                "followup",
                "notification",
                {
                    "summary": f"contacted {len(queued)}, follow up in {days} days",
                    "contact_ids": [d["contact_id"] for d in queued],
                    "draft_ids": [d["id"] for d in queued],
                    "follow_up_in_days": days,
                    "event_id": state["event"]["event_id"],
                },
                thread_id=thread_of(get_config()),
            )
            outcome = handle_followup_notification(scope, message)
        ids = [message.id]
        if outcome["escalation_message_id"] is not None:
            ids.append(outcome["escalation_message_id"])
        return {"followups": outcome, "message_ids": ids}

    def update_crm(state: OutreachState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        updated = []
        queued = [d for d in state.get("drafts", []) if d["queued"] and d["opportunity_id"]]
        with services.scope(runtime.context.tenant_id, actor="sales") as scope:
            for draft in queued:
                args = {
                    "opportunity_id": draft["opportunity_id"],
                    "next_step": NEXT_STEP,
                    "notes": steps.crm_note(draft, scope.today.isoformat()),
                }
                if run_tool(scope, "update_crm", args, errors) is not None:
                    updated.append(draft["opportunity_id"])
        return {
            "crm_updated": updated,
            "tools_used": ["update_crm"] if queued else [],
            "errors": errors,
        }

    def summarise(state: OutreachState) -> dict[str, Any]:
        summary = write(
            services.model, "outreach_summary", report.summary_facts(state), answer=True
        )
        return {"result": report.result(state, NAME, summary)}

    graph = StateGraph(
        OutreachState,
        context_schema=Context,
        input_schema=PlaybookInput,
        output_schema=PlaybookOutput,
    )
    graph.add_node("find_prospects", find_prospects)
    graph.add_node("write_proposals", write_proposals)
    graph.add_node("draft_emails", draft_emails)
    graph.add_node("plan_followups", plan_followups)
    graph.add_node("update_crm", update_crm)
    graph.add_node("summarise", summarise)
    graph.add_edge(START, "find_prospects")
    graph.add_edge("find_prospects", "write_proposals")
    graph.add_edge("write_proposals", "draft_emails")
    graph.add_edge("draft_emails", "plan_followups")
    graph.add_edge("plan_followups", "update_crm")
    graph.add_edge("update_crm", "summarise")
    graph.add_edge("summarise", END)
    return graph


PLAYBOOK = Playbook(
    name=NAME,
    department="sales",
    build=build,
    triggers=(
        "outreach campaign",
        "sponsor outreach",
        "find sponsors",
        "prospect sponsors",
        "sponsorship outreach",
        "reach out to sponsors",
    ),
    description="Sponsor outreach campaign: search and qualify 20 prospects, take the top N, "
    "draft proposals and personalised emails (sends wait for approval, within the daily "
    "cap), schedule follow-ups and update the CRM.",
)
