"""Open the configured services, checkpointer and compiled supervisor for one command."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from langgraph.graph.state import CompiledStateGraph

from adapters.checkpoints import open_checkpointer
from adapters.services import Services, build_services
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from switchboard.cli.context import CLI_ACTOR, tenant_transaction
from switchboard.settings import get_settings


@contextmanager
def supervisor_session() -> Iterator[
    tuple[Services, CompiledStateGraph[Any, Any, Any, Any], Context]
]:
    """Services, the compiled graph on the configured checkpointer, and the CLI context.

    A database that is absent, not migrated or without the tenant ends the command with
    one line saying to seed it, before anything is built (a run would otherwise fail on
    its first query with a traceback).
    """
    settings = get_settings()
    with tenant_transaction(settings):
        pass
    services = build_services(settings)
    try:
        with open_checkpointer(settings) as saver:
            graph = compile_supervisor(services, checkpointer=saver)
            yield services, graph, Context(tenant_id=settings.tenant, actor=CLI_ACTOR)
    finally:
        services.engine.dispose()
