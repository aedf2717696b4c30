"""The first steps of every run: read the request, route it, plan it."""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage

from domain.corrections import corrected
from graphs.state import SupervisorState
from nodes.planning import build_plan
from nodes.routing import route


def latest_request(state: SupervisorState) -> str:
    """The text of the newest human message."""
    for message in reversed(state.get("messages", [])):
        if isinstance(message, HumanMessage):
            return message.text
    return ""


def route_request(state: SupervisorState, model: BaseChatModel | None) -> dict[str, Any]:
    """Route with the local classifier; the model is asked only when it is unsure.

    A request that corrects itself ("refund ORD-10701 - no sorry, ORD-10702") is read in
    its corrected form from here on (``domain.corrections``)."""
    request = corrected(latest_request(state))
    return {"request": request, "route": route(request, model=model)}


def plan_request(state: SupervisorState) -> dict[str, Any]:
    """Plan the routed request and clear the previous request's results and actions."""
    return {
        "plan": build_plan(state["request"], state["route"]),
        "results": {},
        "actions": {},
        "answer": "",
    }
