"""Marketing campaign run and optimisation (seed 000) as an explicit graph.

monitor (last 7 days of every active campaign, or the ones the request names) → analyze
each campaign and apply the seed thresholds → optimise (subject-line A/B test designs
and new CTAs as drafts; budget scaling as a recommendation for a human) → timing (best
email slot; a social post at the best slot as a pending ``schedule_post``) → summary by
the model.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, NotRequired, TypedDict

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from adapters.services import Services
from domain.language import detect_language
from graphs.context import Context
from graphs.state import DepartmentResult, PendingAction, PlanStep
from nodes.playbooks import campaign_optimisation_report as report
from nodes.playbooks import campaign_optimisation_steps as steps
from nodes.playbooks.catalog import Playbook
from nodes.playbooks.playbook_kit import PlaybookInput, PlaybookOutput, run_tool
from nodes.writing import write
from tools.results.marketing import (
    AB_TEST,
    ANALYZE_CAMPAIGN,
    GENERATE_CONTENT,
    MONITOR_METRICS,
    OPTIMIZE_TIMING,
)

NAME = "campaign_optimisation"


class CampaignState(TypedDict):
    """Working state of the campaign optimisation."""

    step: PlanStep
    inputs: dict[str, DepartmentResult]
    request: str
    event: NotRequired[dict[str, Any]]
    campaigns: NotRequired[list[dict[str, Any]]]
    actions_taken: NotRequired[list[dict[str, Any]]]
    recommendations: NotRequired[list[dict[str, Any]]]
    timing: NotRequired[dict[str, Any]]
    actions: NotRequired[list[PendingAction]]
    tools_used: Annotated[list[str], operator.add]
    errors: Annotated[list[dict[str, str]], operator.add]
    result: NotRequired[DepartmentResult]


def build(
    services: Services,
) -> StateGraph[CampaignState, Context, PlaybookInput, PlaybookOutput]:
    """The campaign optimisation graph (uncompiled)."""

    def monitor(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        with services.scope(runtime.context.tenant_id, actor="marketing") as scope:
            found = run_tool(scope, MONITOR_METRICS, {}, errors)
        entries = found["campaigns"] if found else []
        chosen = steps.mentioned_campaigns(entries, state["step"]["task"], state["request"])
        campaigns = [
            {
                "id": e["campaign"]["id"],
                "name": e["campaign"]["name"],
                "channel": e["campaign"]["channel"],
                "budget": e["campaign"]["budget"],
                "rates_7d": steps.rates_view(e["rates"]),
                "delivered_7d": e["totals"]["delivered"],
                "decisions": steps.decide(e),
            }
            for e in chosen
        ]
        return {
            "event": found["event"] if found else {},
            "campaigns": campaigns,
            "tools_used": ["monitor_metrics"],
            "errors": errors,
        }

    def analyze(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        campaigns = []
        with services.scope(runtime.context.tenant_id, actor="marketing") as scope:
            for campaign in state.get("campaigns", []):
                args = {"campaign_id": campaign["id"]}
                found = run_tool(scope, ANALYZE_CAMPAIGN, args, errors)
                if found is None:
                    campaigns.append(campaign)
                    continue
                change = found["trend"]["change"]
                campaigns.append(
                    {
                        **campaign,
                        "rates_overall": steps.rates_view(found["rates"]),
                        "trend": {k: v["direction"] for k, v in change.items() if v},
                        "roas": found["economics"]["roas"],
                    }
                )
        used = ["analyze_campaign"] if campaigns else []
        return {"campaigns": campaigns, "tools_used": used, "errors": errors}

    def optimise(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        taken: list[dict[str, Any]] = []
        recommendations: list[dict[str, Any]] = []
        used: list[str] = []
        with services.scope(runtime.context.tenant_id, actor="marketing") as scope:
            for campaign in state.get("campaigns", []):
                for decision in campaign["decisions"]:
                    call = steps.tool_call_for(decision["action"], campaign["id"])
                    if call is None:
                        recommendations.append(
                            {"campaign_id": campaign["id"], "campaign": campaign["name"]} | decision
                        )
                        continue
                    tool, args = call
                    used.append(tool)
                    if tool == AB_TEST.name:
                        design = run_tool(scope, AB_TEST, args, errors)
                        if design is not None:
                            taken.append(report.ab_test_taken(campaign, decision, design))
                        continue
                    copy_args = args | _copy_language(state["request"])
                    content = run_tool(scope, GENERATE_CONTENT, copy_args, errors)
                    if content is not None:
                        taken.append(report.content_taken(campaign, decision, tool, content))
        return {
            "actions_taken": taken,
            "recommendations": recommendations,
            "tools_used": list(dict.fromkeys(used)),
            "errors": errors,
        }

    def plan_timing(state: CampaignState, runtime: Runtime[Context]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []
        campaigns = state.get("campaigns", [])
        timing: dict[str, Any] = {"email": None, "social": []}
        actions: list[PendingAction] = []
        used: list[str] = []
        with services.scope(runtime.context.tenant_id, actor="marketing") as scope:
            if any(c["channel"] == "email" for c in campaigns):
                used.append("optimize_timing")
                email = run_tool(scope, OPTIMIZE_TIMING, {"channel": "email"}, errors)
                timing["email"] = email["best"] if email else None
            for campaign in (c for c in campaigns if c["channel"] == "social"):
                used += ["optimize_timing", "generate_content"]
                args = {"channel": "social", "campaign_id": campaign["id"]}
                social = run_tool(scope, OPTIMIZE_TIMING, args, errors)
                best = social["best"] if social else None
                copy_args = {"campaign_id": campaign["id"], "kind": "social", "variants": 1}
                copy_args |= _copy_language(state["request"])
                copy = run_tool(scope, GENERATE_CONTENT, copy_args, errors)
                if not best or not copy:
                    continue
                item = copy["items"][0]
                action = steps.post_action(state["step"]["id"], campaign, best, item, scope.now)
                timing["social"].append({"campaign_id": campaign["id"], "best": best})
                if action is not None:
                    actions.append(action)
        return {
            "timing": timing,
            "actions": actions,
            "tools_used": list(dict.fromkeys(used)),
            "errors": errors,
        }

    def summarise(state: CampaignState) -> dict[str, Any]:
        summary = write(
            services.model, "campaign_summary", report.summary_facts(state), answer=True
        )
        return {"result": report.result(state, NAME, summary)}

    graph = StateGraph(
        CampaignState,
        context_schema=Context,
        input_schema=PlaybookInput,
        output_schema=PlaybookOutput,
    )
    graph.add_node("monitor", monitor)
    graph.add_node("analyze", analyze)
    graph.add_node("optimise", optimise)
    graph.add_node("plan_timing", plan_timing)
    graph.add_node("summarise", summarise)
    graph.add_edge(START, "monitor")
    graph.add_edge("monitor", "analyze")
    graph.add_edge("analyze", "optimise")
    graph.add_edge("optimise", "plan_timing")
    graph.add_edge("plan_timing", "summarise")
    graph.add_edge("summarise", END)
    return graph


def _copy_language(request: str) -> dict[str, Any]:
    """``generate_content``'s language argument for copy in the request's language
    (the post proposed for approval carries that copy); none for English."""
    language = detect_language(request)
    return {} if language == "en" else {"language": language}


PLAYBOOK = Playbook(
    name=NAME,
    department="marketing",
    build=build,
    triggers=(
        "optimise campaign",
        "optimize campaign",
        "optimise the campaign",
        "optimize the campaign",
        "optimise our campaigns",
        "optimize our campaigns",
        "campaign performance",
        "marketing campaign run",
        "run the marketing campaign",
        "improve the campaign",
    ),
    description="Marketing campaign run and optimisation: last-7-day rates against the seed "
    "thresholds, subject-line A/B test and new CTA drafts for under-performers, budget "
    "scaling recommended for high converters, a social post at the best time for approval.",
)
