"""Departments save checkpoints only where Studio needs to see them as subgraphs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from adapters.services import build_services
from graphs.context import Context
from graphs.state import DEPARTMENTS
from graphs.supervisor import compile_supervisor
from switchboard.settings import Settings


def _namespaces(department_checkpoints: bool, url: str, folder: Path) -> tuple[set[str], Any]:
    settings = Settings(database_url=url, data_dir=folder, model="offline")
    saver = InMemorySaver()
    graph = compile_supervisor(
        build_services(settings), checkpointer=saver, department_checkpoints=department_checkpoints
    )
    config: Any = {"configurable": {"thread_id": "t"}}
    request = {"messages": [HumanMessage("Which sponsors are in negotiation?")]}
    graph.invoke(request, config, context=Context(), durability="sync")
    saved = {t.config["configurable"]["checkpoint_ns"].split(":")[0] for t in saver.list(config)}
    return saved, graph


def test_the_product_graph_saves_only_the_supervisors_checkpoints(
    fresh_demo_url: str, tmp_path: Path
) -> None:
    saved, graph = _namespaces(False, fresh_demo_url, tmp_path)

    assert saved == {""}
    assert dict(graph.get_subgraphs()) == {}


def test_studios_graph_keeps_departments_as_subgraphs(fresh_demo_url: str, tmp_path: Path) -> None:
    saved, graph = _namespaces(True, fresh_demo_url, tmp_path)

    assert "" in saved and saved - {""}  # a department's own namespace
    assert set(DEPARTMENTS) <= set(dict(graph.get_subgraphs()))
