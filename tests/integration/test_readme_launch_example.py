"""Issue 9, pattern 8: the README's example works in every department it names.

"Launch the event: analyse the audience, then find sponsors and start the campaign"
with the offline model on the demo data: analytics breaks the audience down (it used
to answer "I could not match that request"), sales runs the sponsor outreach, and
marketing drafts the campaign's email (it used to show campaign metrics instead).
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver

from adapters.models import build_chat_model
from graphs.context import Context
from graphs.supervisor import compile_supervisor

LAUNCH = "Launch the event: analyse the audience, then find sponsors and start the campaign"


def test_the_readme_launch_example_is_answered_by_all_three_departments(
    make_services: Any,
) -> None:
    services = make_services(None)
    services.model = build_chat_model(services.settings, services)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    config: RunnableConfig = {"configurable": {"thread_id": "launch"}}
    graph.invoke({"messages": [HumanMessage(LAUNCH)]}, config, context=Context())
    state = graph.get_state(config).values

    steps = {step["department"]: step for step in state["plan"]}
    assert list(steps) == ["analytics", "sales", "marketing"]
    results = {r["department"]: r for r in state["results"].values()}

    analytics = results["analytics"]
    assert analytics["tools_used"] == ["query_database"]
    assert "I could not match" not in analytics["summary"]
    assert "attendees" in analytics["summary"]
    assert "Largest groups" in analytics["summary"]

    assert results["sales"]["playbook"] == "sponsor_outreach"
    assert {a["tool"] for a in results["sales"]["pending_actions"]} == {"send_email"}

    marketing = results["marketing"]  # "start the campaign": started, drafted, send proposed
    assert marketing["tools_used"] == ["create_campaign", "generate_content", "send_email_campaign"]
    assert marketing["summary"].startswith("Campaign ")
    assert "Drafted" in marketing["summary"]
    assert {a["tool"] for a in marketing["pending_actions"]} == {"send_email_campaign"}
    for department in ("Analytics:", "Sales:", "Marketing:"):
        assert department in state["answer"]
