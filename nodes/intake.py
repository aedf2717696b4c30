"""The first steps of every run: read the request, route it, plan it."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage
from langgraph.runtime import Runtime

from domain.corrections import corrected
from graphs.context import Context
from graphs.state import SupervisorState
from nodes.planning import build_plan
from nodes.record_names_cache import RecordNamesCache
from nodes.routing import route
from nodes.routing.record_name_index import RecordNameIndex


def latest_request(state: SupervisorState) -> str:
    """The text of the newest human message."""
    for message in reversed(state.get("messages", [])):
        if isinstance(message, HumanMessage):
            return message.text
    return ""


def name_index_for_run(
    runtime: Runtime[Context] | None, names: RecordNamesCache | None, *, kept: bool = False
) -> RecordNameIndex | None:
    """The run's tenant's record names, when the graph was given a names cache; with
    ``kept``, the index the route node read (no query; ``RecordNamesCache.kept``)."""
    if names is None or runtime is None or runtime.context is None:
        return None
    tenant_id = runtime.context.tenant_id
    return names.kept(tenant_id) if kept else names.get(tenant_id)


def route_request(
    state: SupervisorState,
    runtime: Runtime[Context],
    model: BaseChatModel | None,
    names: RecordNamesCache | None = None,
) -> dict[str, Any]:
    """Route with the local classifier; the model is asked only when it is unsure.

    The classifier reads the tenant's record names as what they name ("Any word from
    StreamHouse?": a vendor's, so operations; ``nodes.routing.record_name_index``). A request
    that corrects itself ("refund ORD-10701 - no sorry, ORD-10702") is read in its
    corrected form from here on (``domain.corrections``)."""
    request = corrected(latest_request(state))
    decision = route(request, model=model, names=name_index_for_run(runtime, names))
    return {"request": request, "route": decision}


def plan_request(
    state: SupervisorState, runtime: Runtime[Context], names: RecordNamesCache | None = None
) -> dict[str, Any]:
    """Plan the routed request and clear the previous request's results and actions."""
    return {
        "plan": build_plan(
            state["request"], state["route"], name_index_for_run(runtime, names, kept=True)
        ),
        "results": {},
        "actions": {},
        "answer": "",
    }
