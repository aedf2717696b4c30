"""Entry point for LangGraph Studio / ``langgraph dev`` (see ``langgraph.json``).

Importing this module builds nothing. The first call builds the services from settings
(database engine, chat model) and compiles the graph once per process, in a worker
thread: the server calls the factory on its event loop, where ``langgraph dev`` rejects
blocking I/O (creating the SQLite folder, reading prompt files). LangGraph's server
supplies the checkpointer and store itself (it copies the graph with them), so none is
compiled in here. Departments save checkpoints here, unlike in Switchboard's own server
and CLI: LangGraph treats only subgraphs that may save as subgraphs, and Studio draws,
streams and inspects departments as such; the dev server's store size does not matter.
"""

from __future__ import annotations

import asyncio
from functools import lru_cache
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph

from adapters.services import build_services
from graphs.supervisor import compile_supervisor
from switchboard.settings import get_settings


@lru_cache(maxsize=1)
def _graph() -> CompiledStateGraph[Any, Any, Any, Any]:
    return compile_supervisor(build_services(get_settings()), department_checkpoints=True)


async def make_graph(
    config: RunnableConfig | None = None,
) -> CompiledStateGraph[Any, Any, Any, Any]:
    """The supervisor graph, compiled without a checkpointer (the server brings one)."""
    return await asyncio.to_thread(_graph)
