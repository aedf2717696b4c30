"""A Spanish marketing request through the supervisor graph and the offline model: the
draft, the answer, the post waiting for approval and the post once approved are Spanish."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command
from sqlalchemy import select

from domain.demo import anchors
from domain.language import detect_language
from domain.models import ContentItem, ScheduledPost
from graphs.context import Context
from graphs.supervisor import compile_supervisor

CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="reviewer@northwind.example")
SPANISH_POST = (
    "Escribe una publicación para LinkedIn sobre el evento y prográmala para el mejor momento"
)
SPANISH_EMAIL = "Escribe un email para la campaña Early-bird email push, pero no lo envíes"


def _rows(services: Any, model: Any) -> list[Any]:
    with services.scope(anchors.TENANT_ID) as scope:
        return list(scope.session.scalars(select(model).order_by(model.id)))


def test_a_spanish_post_request_drafts_and_schedules_spanish_copy(make_services: Any) -> None:
    services = make_services(None)  # the offline model
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    config: RunnableConfig = {"configurable": {"thread_id": "mkt-es"}}
    drafts_before = {c.id for c in _rows(services, ContentItem)}

    out = graph.invoke({"messages": [HumanMessage(SPANISH_POST)]}, config, context=CONTEXT)

    [draft] = [c for c in _rows(services, ContentItem) if c.id not in drafts_before]
    assert (draft.kind, draft.status) == ("social", "draft")
    assert "13–14 de octubre de 2026" in draft.body and "entradas desde 99\u00a0$" in draft.body
    assert detect_language(draft.body) == "es"
    [interrupt] = out["__interrupt__"]
    [request] = interrupt.value["action_requests"]
    assert request["name"] == "schedule_post"
    assert request["args"]["text"] == draft.body  # the approver reviews the Spanish post
    assert request["args"]["content_id"] == draft.id
    state = graph.get_state(config).values
    assert draft.title in state["answer"] and draft.body in state["answer"]
    assert detect_language(state["answer"]) == "es"

    done = graph.invoke(
        Command(resume={"decisions": [{"type": "approve"}]}), config, context=CONTEXT
    )

    [action] = done["actions"].values()
    assert action["status"] == "executed"
    [post] = _rows(services, ScheduledPost)[-1:]
    assert (post.content_id, post.platform, post.text) == (draft.id, "linkedin", draft.body)


def test_a_spanish_email_draft_is_shown_in_spanish_and_not_sent(make_services: Any) -> None:
    services = make_services(None)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    config: RunnableConfig = {"configurable": {"thread_id": "mkt-es-email"}}

    out = graph.invoke({"messages": [HumanMessage(SPANISH_EMAIL)]}, config, context=CONTEXT)

    assert "__interrupt__" not in out
    answer = out["answer"]
    assert "Hola, {first_name}:" in answer
    assert "13–14 de octubre de 2026" in answer
    assert "Hi {first_name}" not in answer and "October" not in answer
    [email] = [c for c in _rows(services, ContentItem) if c.kind == "email"][-1:]
    assert email.body.startswith("Hola, {first_name}:") and email.body in answer


def test_the_same_request_in_english_keeps_english_copy(make_services: Any) -> None:
    services = make_services(None)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    config: RunnableConfig = {"configurable": {"thread_id": "mkt-en-email"}}
    text = "Write an email for the Early-bird email push campaign, but don't send it"

    out = graph.invoke({"messages": [HumanMessage(text)]}, config, context=CONTEXT)

    assert "Hi {first_name}," in out["answer"] and "13–14 October 2026" in out["answer"]
