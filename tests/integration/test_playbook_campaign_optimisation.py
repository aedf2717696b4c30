"""The campaign optimisation playbook on a fresh demo database, with a scripted writer."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import pytest
from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import select

from adapters.services import Services
from domain.demo import anchors
from domain.models import Campaign, ContentItem, OutboxMessage, ScheduledPost
from graphs.context import Context
from graphs.state import DepartmentResult, PlanStep
from nodes.playbooks.campaign_optimisation import build
from nodes.playbooks.campaign_optimisation_steps import platform_of
from tests.fakes import ScriptedChatModel
from tools import call_tool

WRITTEN = "Scripted campaign summary."


def writer() -> ScriptedChatModel:
    return ScriptedChatModel(messages=itertools.cycle([AIMessage(WRITTEN)]), prompts=[])


def run(services: Services, request: str) -> DepartmentResult:
    graph = build(services).compile(checkpointer=InMemorySaver())
    step = PlanStep(
        id="s1",
        department="marketing",
        task=request,
        playbook="campaign_optimisation",
        depends_on=[],
    )
    output = graph.invoke(
        {"step": step, "inputs": {}, "request": request},
        {"configurable": {"thread_id": "t"}},
        context=Context(),
    )
    assert set(output) == {"result"}
    result: DepartmentResult = output["result"]
    return result


def _offline_model_available() -> bool:
    try:
        from adapters.models import build_chat_model  # noqa: F401
    except ImportError:
        return False
    return True


def test_flags_the_under_performer_and_recommends_scaling_the_high_converter(
    make_services: Callable,
) -> None:
    model = writer()
    services = make_services(model)
    with services.scope("demo", actor="test") as scope:
        monitored = call_tool("monitor_metrics", {}, scope)["campaigns"]
        social_best = call_tool("optimize_timing", {"channel": "social", "campaign_id": 4}, scope)
        budgets = {c.name: c.budget for c in scope.session.scalars(select(Campaign))}
        now = scope.now

    result = run(services, "Optimise campaign performance for the summit")

    data = result["data"]
    assert result["summary"] == WRITTEN and data["errors"] == []
    assert [c["name"] for c in data["campaigns"]] == [m["campaign"]["name"] for m in monitored]
    for campaign, watched in zip(data["campaigns"], monitored, strict=True):
        assert campaign["rates_7d"]["open_rate"] == watched["rates"]["open_rate"]
        assert campaign["rates_7d"]["click_rate"] == watched["rates"]["click_rate"]
    flags = {c["name"]: c["flags"] for c in data["campaigns"]}
    assert flags == {
        anchors.UNDERPERFORMING_CAMPAIGN: ["subject_line_ab_test", "new_call_to_action"],
        anchors.HIGH_CONVERTING_CAMPAIGN: ["scale_budget"],
        "Agenda launch newsletter": [],
        "LinkedIn community buzz": [],
    }
    assert result["tools_used"] == [
        "monitor_metrics",
        "analyze_campaign",
        "ab_test",
        "generate_content",
        "optimize_timing",
    ]

    ab_test, cta = data["actions_taken"]
    assert (ab_test["campaign"], ab_test["tool"], cta["tool"]) == (
        anchors.UNDERPERFORMING_CAMPAIGN,
        "ab_test",
        "generate_content",
    )
    assert ab_test["sample_size_per_arm"] > 0 and len(ab_test["content_ids"]) == 3
    with services.sessions() as session:
        drafted = {
            i.id: (i.kind, i.campaign_id, i.status)
            for i in session.scalars(
                select(ContentItem).where(
                    ContentItem.id.in_(ab_test["content_ids"] + cta["content_ids"])
                )
            )
        }
        assert sorted(drafted.values()) == [("cta", 1, "draft")] * 3 + [("subject", 1, "draft")] * 3
        assert session.scalars(select(OutboxMessage)).all() == []
        assert session.scalars(select(ScheduledPost)).all() == []

    [scale] = data["recommendations"]
    budget = budgets[anchors.HIGH_CONVERTING_CAMPAIGN]
    assert scale["campaign"] == anchors.HIGH_CONVERTING_CAMPAIGN
    assert scale["action"] == "scale_budget" and scale["requires_approval"] is True
    assert scale["current_budget"] == float(budget)
    assert scale["proposed_budget"] == float(budget * Decimal("1.5"))

    [post] = result["pending_actions"]  # no budget tool: scaling is never an action
    assert post["tool"] == "schedule_post" and post["department"] == "marketing"
    at = datetime.fromisoformat(post["args"]["at"])
    best = social_best["best"]
    assert (at.weekday(), at.hour) == (best["weekday_index"], best["hour_utc"])
    assert at > now
    assert post["args"]["platform"] == "linkedin" and post["args"]["campaign_id"] == 4
    assert len(post["args"]["text"]) <= 3000 and post["args"]["content_id"] > 0
    assert len(json.dumps(data)) < 5000

    [summary_prompt] = [p for p in model.prompts if p[0].content.endswith("campaign_summary")]
    facts = json.loads(summary_prompt[1].content)
    assert facts["flagged_line"].startswith(
        f"{anchors.UNDERPERFORMING_CAMPAIGN} (open rate 18.4% is below 25%; click rate 1.5%"
    )
    assert "to $22,500" in facts["recommendation_line"]


def test_a_named_campaign_is_the_only_one_optimised(make_services: Callable) -> None:
    services = make_services(writer())

    result = run(services, f"How is the {anchors.HIGH_CONVERTING_CAMPAIGN} campaign performance?")

    data = result["data"]
    assert [c["name"] for c in data["campaigns"]] == [anchors.HIGH_CONVERTING_CAMPAIGN]
    assert data["actions_taken"] == [] and result["pending_actions"] == []
    assert [r["action"] for r in data["recommendations"]] == ["scale_budget"]
    assert result["tools_used"] == ["monitor_metrics", "analyze_campaign", "optimize_timing"]


def test_platform_from_the_campaign_name() -> None:
    assert platform_of("LinkedIn community buzz") == "linkedin"
    assert platform_of("Launch thread on X") == "x"
    assert platform_of("Instagram reels") == "instagram"
    assert platform_of("Community buzz") == "linkedin"


@pytest.mark.skipif(
    not _offline_model_available(),
    reason="adapters.models.build_chat_model (the offline model) is not in the tree yet",
)
def test_campaign_optimisation_with_the_offline_model(make_services: Callable) -> None:
    from adapters.models import build_chat_model

    services = make_services(writer())
    services.model = build_chat_model(services.settings, services)

    result = run(services, "Optimise campaign performance")

    summary = result["summary"]
    assert summary.startswith("Checked 4 campaign(s) for Northwind AI Summit 2026")
    assert "open rate 18.4% is below 25%" in summary
    assert "from $15,000 to $22,500" in summary
    assert "$" not in summary.replace("$15,000", "").replace("$22,500", "")


def test_a_spanish_request_gets_spanish_calls_to_action_and_post(
    make_services: Callable,
) -> None:
    """The copy the playbook drafts, and the post it proposes, follow the request's language."""
    services = make_services(writer())

    result = run(services, "Optimiza el rendimiento de las campañas de marketing del evento")

    _, cta = result["data"]["actions_taken"]
    [post] = result["pending_actions"]
    with services.sessions() as session:
        ctas = list(
            session.scalars(
                select(ContentItem)
                .where(ContentItem.id.in_(cta["content_ids"]))
                .order_by(ContentItem.id)
            )
        )
        social = session.get(ContentItem, post["args"]["content_id"])
    assert len(ctas) == 3 and all(c.kind == "cta" for c in ctas)
    assert ctas[0].body.startswith(f"Quedan {anchors.EVENT_STARTS_IN_DAYS} días")
    assert social is not None and social.kind == "social"
    assert post["args"]["text"] == social.body
    assert "13–14 de octubre de 2026" in social.body and "entradas desde 99\u00a0$" in social.body
