"""A subgraph that saves no checkpoints runs inside a ``durability="sync"`` run.

The first test runs a fresh interpreter without the fix, so it notices when langgraph
stops needing it (then the fix, and this test, can go).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, TypedDict

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import START, StateGraph

from graphs.sync_durability_fix import allow_sync_durability_without_checkpointer


class Count(TypedDict):
    n: int


def _graph() -> Any:
    inner = StateGraph(Count)
    inner.add_node("add", lambda s: {"n": s["n"] + 1})
    inner.add_edge(START, "add")
    outer = StateGraph(Count)
    outer.add_node("inner", inner.compile(checkpointer=False))
    outer.add_edge(START, "inner")
    return outer.compile(checkpointer=InMemorySaver())


def test_without_the_fix_langgraph_fails_the_subgraph() -> None:
    script = textwrap.dedent(
        """
        from tests.unit.test_sync_durability_fix import _graph
        _graph().invoke({"n": 1}, {"configurable": {"thread_id": "t"}}, durability="sync")
        """
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=root, check=False
    )
    assert done.returncode != 0, "langgraph runs it now: drop graphs/sync_durability_fix.py"
    assert "_put_checkpoint_fut" in done.stderr


def test_with_the_fix_sync_runs_finish_and_the_parent_still_saves() -> None:
    allow_sync_durability_without_checkpointer()
    graph = _graph()
    config: Any = {"configurable": {"thread_id": "sync"}}

    assert graph.invoke({"n": 1}, config, durability="sync") == {"n": 2}
    assert graph.invoke({"n": 5}, config, durability="sync") == {"n": 6}
    saver = graph.checkpointer
    namespaces = {t.config["configurable"]["checkpoint_ns"] for t in saver.list(config)}
    assert namespaces == {""}  # the parent's checkpoints only
    assert len(list(graph.get_state_history(config))) == 6


async def test_with_the_fix_async_sync_runs_finish() -> None:
    allow_sync_durability_without_checkpointer()
    config: Any = {"configurable": {"thread_id": "async"}}

    assert await _graph().ainvoke({"n": 1}, config, durability="sync") == {"n": 2}
