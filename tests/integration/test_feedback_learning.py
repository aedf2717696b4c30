"""A rejection's reason becomes tenant feedback, and the next outreach drafts follow it.

Seed 001: agents learn from approvals and rejections. The organiser rejects the sponsor
outreach emails with a reason; the reason is stored as feedback for the sales agent;
the next campaign (a new thread) passes it to the writer, and the drafts change.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph.state import CompiledStateGraph
from sqlalchemy import select

from adapters.services import Services
from domain.approvals import Decision, recent_feedback
from domain.demo import anchors
from domain.models import Feedback, OutreachDraft
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from nodes.writing import writing_messages
from switchboard.approval_flow import answer_thread
from switchboard.runs import RunOutcome, execute

CAMPAIGN = "Run a sponsor outreach campaign, top 3"
FEEDBACK = "Too formal — keep it short and mention the early-bird deadline"
CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="organiser@northwind.example")

Graph = CompiledStateGraph[Any, Any, Any, Any]


def campaign(graph: Graph, thread: str) -> list[dict[str, Any]]:
    """Run the outreach campaign to its interrupt; the proposed emails' arguments."""
    outcome: RunOutcome = execute(
        graph, {"messages": [HumanMessage(CAMPAIGN)]}, thread_id=thread, context=CONTEXT
    )
    assert outcome.status == "interrupted"
    [interrupt] = outcome.interrupts
    assert [r["name"] for r in interrupt["action_requests"]] == ["send_email"] * 3
    return [dict(r["args"]) for r in interrupt["action_requests"]]


def drafts(services: Services) -> list[OutreachDraft]:
    with services.scope(anchors.TENANT_ID) as scope:
        return list(scope.session.scalars(select(OutreachDraft).order_by(OutreachDraft.id)))


def test_rejection_feedback_changes_the_next_drafts(
    make_services: Callable[[BaseChatModel | None], Services],
) -> None:
    services = make_services(None)  # the offline model writes from the prompt templates
    graph = compile_supervisor(services, checkpointer=InMemorySaver())

    first = campaign(graph, "outreach-1")
    rejected = answer_thread(
        services,
        graph,
        context=CONTEXT,
        thread_id="outreach-1",
        decision=Decision(type="reject", message=FEEDBACK),
    )
    assert rejected.status == "done"
    assert rejected.answer.count(f"- send_email (sales): rejected: {FEEDBACK}") == 3

    with services.scope(anchors.TENANT_ID) as scope:
        stored = list(scope.session.scalars(select(Feedback).order_by(Feedback.id)))
        assert [(f.agent, f.tool, f.kind, f.message) for f in stored] == [
            ("sales", "send_email", "rejected", FEEDBACK)
        ] * 3
        assert recent_feedback(scope, "sales") == [FEEDBACK] * 3

    second = campaign(graph, "outreach-2")

    # The same three people, written to differently: shorter, without the opening line.
    assert [a["to"] for a in second] == [a["to"] for a in first]
    oldest, newest = drafts(services)[:3], drafts(services)[3:]
    for before, after, draft in zip(first, second, oldest, strict=True):
        hook = draft.personalization["hook"]
        assert before["body"].split("\n\n")[1] == hook  # "Hi <name>," then the hook
        assert hook not in after["body"]
        assert len(after["body"]) < len(before["body"])
        # Greeting, event and offer, ask and signature stay; only the hook paragraph went.
        paragraphs = before["body"].split("\n\n")
        assert after["body"].split("\n\n") == [paragraphs[0], *paragraphs[2:]]

    # The writer was given the feedback (the real model's system prompt says to apply it).
    assert [d.personalization["feedback"] for d in newest] == [[FEEDBACK]] * 3
    assert all("feedback" not in d.personalization for d in oldest)
    system, human = writing_messages("outreach_email", newest[0].personalization)
    assert "`feedback`" in system.text
    assert json.loads(human.text)["feedback"] == [FEEDBACK]
