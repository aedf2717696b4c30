"""A support question through the supervisor graph and the offline model: a covered one is
answered from its article, an uncovered one says the knowledge base has nothing on it and
offers a person, instead of presenting an unrelated article (issue 9)."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.memory import InMemorySaver

from domain.demo import anchors
from graphs.context import Context
from graphs.supervisor import compile_supervisor

CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="reviewer@northwind.example")


def _answer(make_services: Any, text: str, thread: str) -> str:
    services = make_services(None)  # the offline model
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    config: RunnableConfig = {"configurable": {"thread_id": thread}}
    out = graph.invoke({"messages": [HumanMessage(text)]}, config, context=CONTEXT)
    assert "__interrupt__" not in out
    return str(out["answer"])


def test_an_uncovered_question_says_so_and_offers_a_person(make_services: Any) -> None:
    answer = _answer(make_services, "can I bring my cat to the venue?", "kb-cat")
    assert "could not find a help article" in answer
    assert "cat" in answer  # the topic is named
    assert "escalate" in answer
    assert "Badge pickup" not in answer and "Getting to the venue" not in answer


def test_a_covered_question_is_answered_from_its_article(make_services: Any) -> None:
    answer = _answer(make_services, "how much does it cost to park my car at the venue?", "kb-car")
    assert "could not find" not in answer
    assert "400 spaces" in answer
