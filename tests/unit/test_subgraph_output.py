"""A subgraph with an output schema, sent to twice in one superstep, under astream_events.

``astream_events`` (what the AG-UI endpoint runs) makes langgraph run subgraph nodes
through ``astream``, whose default output is every channel: without
``returning_only_output`` both branches write ``request`` back and the step fails.
The second test pins that langgraph behaviour: when it fails, the workaround can go.
"""

from __future__ import annotations

from typing import Annotated, Any, NotRequired

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.errors import InvalidUpdateError
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Send
from typing_extensions import TypedDict

from graphs.state import merge_keyed
from graphs.subgraph_output import returning_only_output


class Parent(TypedDict):
    request: NotRequired[str]
    results: NotRequired[Annotated[dict[str, Any], merge_keyed]]


class Task(TypedDict):
    request: str
    step: str


class Working(Task):
    notes: NotRequired[list[str]]


class Output(TypedDict):
    results: dict[str, Any]


def _work(state: Working) -> dict[str, Any]:
    return {"notes": ["private"], "results": {state["step"]: len(state["request"])}}


def _parent(narrow: bool) -> CompiledStateGraph[Any, Any, Any, Any]:
    sub = StateGraph(Working, input_schema=Task, output_schema=Output)
    sub.add_node("work", _work)
    sub.add_edge(START, "work")
    sub.add_edge("work", END)
    compiled = sub.compile()
    graph = StateGraph(Parent)
    graph.add_node("start", lambda state: {"request": "launch"})
    graph.add_node("department", returning_only_output(compiled) if narrow else compiled)
    graph.add_edge(START, "start")
    graph.add_conditional_edges(
        "start",
        lambda state: [Send("department", {"request": state["request"], "step": s}) for s in "ab"],
        ["department"],
    )
    graph.add_edge("department", END)
    return graph.compile(checkpointer=InMemorySaver())


async def _stream_events(graph: CompiledStateGraph[Any, Any, Any, Any], thread: str) -> Any:
    config: Any = {"configurable": {"thread_id": thread}}
    async for _ in graph.astream_events({}, config, version="v2", subgraphs=True):
        pass
    return (await graph.aget_state(config)).values


async def test_parallel_subgraphs_return_only_their_output_under_astream_events() -> None:
    values = await _stream_events(_parent(narrow=True), "narrow")

    assert values == {"request": "launch", "results": {"a": 6, "b": 6}}


async def test_without_it_the_parallel_writes_collide() -> None:
    with pytest.raises(InvalidUpdateError, match="request"):
        await _stream_events(_parent(narrow=False), "wide")
