"""The classifier's own answer to the routing fallback call (a ``RouteChoice``).

The router registers it with ``adapters.local_answers`` before its one structured call,
whatever model runs. A model with judgement answers the call itself; a model without
(the seam decides which, in ``adapters/``) answers with this: the local classifier's
reading of the request (the text after the prompt's ``Request:`` line), saying so in
``reason``. The router never needs to know which model it asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage

from adapters.local_answers import register_local_answer
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
        return {"agents": [], "reason": "local router: the request is empty"}
    analysis = analyse_request(request)
    return {
        "agents": list(analysis.agents),
        "reason": "local router: the local classifier's reading of the request "
        f"(confidence {analysis.confidence:.2f})",
    }


def register_route_answer() -> None:
    """Register ``route_choice_responder`` as the local ``RouteChoice`` answer.

    Done on every fallback call (a dict write), not cached: a registration that was
    taken back (tests unregister it) must come back.
    """
    register_local_answer(SCHEMA_NAME, route_choice_responder)
