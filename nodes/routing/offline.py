"""The offline model's answer to the routing fallback call (a ``RouteChoice``).

The offline chat model (``adapters.offline``) answers structured-output calls through
responders registered by schema name. Offline there is no better judge than the local
classifier, so the responder returns the classifier's reading of the request (the
text after the prompt's ``Request:`` line) and says so in ``reason``. The router
registers it the first time it asks an offline model.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage

from nodes.routing.plan import analyse_request

REQUEST_MARKER = "Request: "
SCHEMA_NAME = "RouteChoice"


def request_from_messages(messages: Sequence[BaseMessage]) -> str:
    """The request inside the fallback prompt's human message."""
    humans = [m for m in messages if isinstance(m, HumanMessage)]
    content = humans[-1].text if humans else ""
    marker = content.find(REQUEST_MARKER)
    return content[marker + len(REQUEST_MARKER) :].strip() if marker >= 0 else content.strip()


def route_choice_responder(
    messages: Sequence[BaseMessage], schema: dict[str, Any]
) -> dict[str, Any]:
    """``RouteChoice`` arguments for the fallback prompt in ``messages``."""
    request = request_from_messages(messages)
    if not request:
        return {"agents": [], "reason": "offline router: the request is empty"}
    analysis = analyse_request(request)
    return {
        "agents": list(analysis.agents),
        "reason": "offline router: the local classifier's reading of the request "
        f"(confidence {analysis.confidence:.2f})",
    }


def is_offline_model(model: object) -> bool:
    """Whether ``model`` is the offline chat model (or wraps it, as a fallback chain)."""
    return type(model).__module__.startswith("adapters.offline")


@cache
def register_offline_responder() -> None:
    """Register ``route_choice_responder`` with the offline model (once per process)."""
    from adapters.offline.structured import register_structured_responder

    register_structured_responder(SCHEMA_NAME, route_choice_responder)
