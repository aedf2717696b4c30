"""A thread's checkpoints grow linearly on Postgres, and still give back its whole history.

``messages`` is stored as deltas and departments save no checkpoints (``graphs.state``,
``graphs.department``); the figures against the old graph are in
``bench/checkpoint_growth.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, TypedDict, get_type_hints

import psycopg
import pytest
from langchain_core.messages import AnyMessage, HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph.message import add_messages

from adapters.checkpoint_erasure import conversation
from adapters.checkpoint_retention import prune_threads
from adapters.checkpoints import open_checkpointer
from adapters.services import build_services
from bench import checkpoint_growth as growth
from bench import checkpoint_store as store
from bench.supervisor_variants import build_variant
from domain.privacy.text_match import Matcher
from graphs.context import Context
from graphs.department import build_department_graph
from graphs.state import SupervisorState
from graphs.supervisor import compile_supervisor
from switchboard.settings import Settings
from tests.services import postgres_admin_url

pytestmark = pytest.mark.postgres

TURNS = ("Which sponsors are in negotiation?", "How many tickets have we sold so far?")


@pytest.fixture
def checkpoint_url() -> Iterator[str]:
    with store.scratch_checkpoint_db(postgres_admin_url()) as url:
        yield url


def test_a_late_turn_stores_no_more_than_an_early_one(checkpoint_url: str) -> None:
    # Turns 10→20 against 30→40 (no message snapshot falls in either: one comes every
    # 100 message updates, two per turn). The old graph's late turns cost 1.3x the early
    # ones here, and its 100-turn thread 12.8 MB.
    grown = growth.measure(checkpoint_url, 40, "current")

    early, late = grown.added(10, 20), grown.added(30, 40)
    assert late <= 1.1 * early, (early, late)
    assert grown.subgraph_bytes == 0
    assert grown.messages == 80
    assert grown.at(40) + 6 * late <= growth.LIMIT_BYTES  # 100 turns at this rate


@pytest.fixture
def graph_settings(fresh_demo_url: str, tmp_path: Path, checkpoint_url: str) -> Settings:
    return Settings(
        database_url=fresh_demo_url,
        checkpoint_url=checkpoint_url,
        data_dir=tmp_path,
        model="offline",
        rate_limit_enabled=False,
    )


def _talk(settings: Settings, thread: str, texts: tuple[str, ...]) -> list[Any]:
    """Run ``texts`` on ``thread``; the thread's messages afterwards."""
    config: RunnableConfig = {"configurable": {"thread_id": thread}}
    with open_checkpointer(settings) as saver:
        graph = compile_supervisor(build_services(settings), checkpointer=saver)
        for text in texts:
            graph.invoke({"messages": [HumanMessage(text)]}, config, context=Context())
        return list(graph.get_state(config).values["messages"])


def test_every_checkpoint_in_the_history_has_its_messages(graph_settings: Settings) -> None:
    messages = _talk(graph_settings, "history", TURNS * 2)
    assert [m.type for m in messages] == ["human", "ai"] * 4

    config: RunnableConfig = {"configurable": {"thread_id": "history"}}
    with open_checkpointer(graph_settings) as saver:
        graph = compile_supervisor(build_services(graph_settings), checkpointer=saver)
        counts = [len(s.values.get("messages", [])) for s in graph.get_state_history(config)]
    assert counts[0] == 8 and counts[-1] == 0  # newest first, back to the empty input
    assert counts == sorted(counts, reverse=True)
    assert {2, 4, 6} <= set(counts)


def test_pruning_keeps_the_conversation_and_the_thread_continues(
    graph_settings: Settings, checkpoint_url: str
) -> None:
    before = _talk(graph_settings, "pruned", TURNS)

    assert prune_threads(graph_settings, ["pruned"]) == 1

    with psycopg.connect(checkpoint_url) as conn:
        row = conn.execute("select count(*) from checkpoints where thread_id = 'pruned'")
        assert row.fetchone() == (1,)
    exported = conversation(graph_settings, "pruned", Matcher({"sponsors": "[x]"}))
    assert [m["content"] for m in exported["messages"]] == [m.content for m in before]
    after = _talk(graph_settings, "pruned", TURNS[:1])
    assert [m.id for m in after[:4]] == [m.id for m in before]
    assert [m.type for m in after] == ["human", "ai"] * 3


def _old_state() -> Any:
    """``SupervisorState`` as it was: ``messages`` a plain ``add_messages`` channel."""
    hints = get_type_hints(SupervisorState, include_extras=True)
    hints["messages"] = Annotated[list[AnyMessage], add_messages]
    return TypedDict("OldSupervisorState", hints)  # type: ignore[operator]


def test_a_thread_saved_before_deltas_continues(graph_settings: Settings) -> None:
    config: RunnableConfig = {"configurable": {"thread_id": "upgraded"}}
    services = build_services(graph_settings)

    def department(name: Any, services: Any) -> Any:
        return build_department_graph(name, services).compile(name=name, checkpointer=False)

    with open_checkpointer(graph_settings) as saver:
        old = build_variant(services, department, _old_state()).compile(checkpointer=saver)
        old.invoke({"messages": [HumanMessage(TURNS[0])]}, config, context=Context())
        before = old.get_state(config).values["messages"]

    after = _talk(graph_settings, "upgraded", TURNS[1:])

    assert len(before) == 2
    assert [m.id for m in after[:2]] == [m.id for m in before]
    assert [m.type for m in after] == ["human", "ai"] * 2
