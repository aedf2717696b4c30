"""OfflineChatModel's chat interface: tools, structured output, streaming and usage."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, Literal

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.tools import tool
from pydantic import BaseModel, Field

from adapters.offline import OfflineChatModel, register_structured_responder
from adapters.offline.model import PHRASE_WORDS
from adapters.offline.structured import unregister_structured_responder
from tools.common import exactly_one_of

ORDER_OR_EMAIL = exactly_one_of("order_number", "email")


class LookupArgs(BaseModel):
    """The group is in the schema: the model needs one of the two before it calls."""

    order_number: Annotated[str | None, ORDER_OR_EMAIL] = None
    email: Annotated[str | None, ORDER_OR_EMAIL] = None


@tool(args_schema=LookupArgs)
def lookup_ticket(order_number: str | None = None, email: str | None = None) -> str:
    """Look up ticket orders by order number or by the buyer's email."""
    return "{}"


@tool
def process_refund(order_number: str, amount: float | None = None) -> str:
    """Refund an order under the event's refund policy."""
    return "{}"


class RouteChoice(BaseModel):
    """Which departments a request needs."""

    agents: list[Literal["sales", "support"]]
    confidence: float = Field(ge=0, le=1)


@pytest.fixture
def model() -> OfflineChatModel:
    return OfflineChatModel(today=date(2026, 9, 1))


@pytest.fixture
def route_responder() -> Iterator[None]:
    register_structured_responder(
        "RouteChoice", lambda messages, schema: {"agents": ["support"], "confidence": 0.75}
    )
    yield
    unregister_structured_responder("RouteChoice")


def test_identity(model: OfflineChatModel) -> None:
    assert model._llm_type == "switchboard-offline"


def test_tool_call_then_final_answer(model: OfflineChatModel) -> None:
    bound = model.bind_tools([lookup_ticket, process_refund])
    first = bound.invoke([HumanMessage("refund order ORD-10501")])
    assert first.tool_calls == [
        {
            "name": "lookup_ticket",
            "args": {"order_number": "ORD-10501"},
            "id": "call_1_lookup_ticket",
            "type": "tool_call",
        }
    ]
    looked_up = ToolMessage('{"count": 0, "orders": []}', tool_call_id="call_1_lookup_ticket")
    second = bound.invoke([HumanMessage("refund order ORD-10501"), first, looked_up])
    assert [(c["name"], c["args"], c["id"]) for c in second.tool_calls] == [
        ("process_refund", {"order_number": "ORD-10501"}, "call_2_process_refund")
    ]
    result = {
        "order_number": "ORD-10501",
        "amount": 349.0,
        "rule": "full",
        "order_status": "refunded",
    }
    refunded = ToolMessage(json.dumps(result), tool_call_id="call_2_process_refund")
    final = bound.invoke(
        [HumanMessage("refund order ORD-10501"), first, looked_up, second, refunded]
    )
    assert final.tool_calls == []
    assert (
        final.text
        == "Found 0 order(s).\nRefunded $349 on order ORD-10501 (full rule); order status refunded."
    )


def test_a_failed_call_ends_the_plan_with_the_error(model: OfflineChatModel) -> None:
    bound = model.bind_tools([lookup_ticket, process_refund])
    first = bound.invoke([HumanMessage("refund order ORD-99999")])
    error = ToolMessage(
        "error: lookup_ticket: argument 'order_number': no order ORD-99999",
        tool_call_id=first.tool_calls[0]["id"],
    )
    final = bound.invoke([HumanMessage("refund order ORD-99999"), first, error])
    assert final.tool_calls == []
    assert final.text == f"The lookup ticket step failed: {error.text}"


def test_missing_argument_becomes_a_question(model: OfflineChatModel) -> None:
    reply = model.bind_tools([lookup_ticket, process_refund]).invoke(
        [HumanMessage("I want a refund")]
    )
    assert reply.tool_calls == []
    assert reply.text == (
        "To process refund I need the order number (like ORD-10501). "
        "Could you tell me the order number (like ORD-10501)?"
    )


def test_forced_tool_choice_calls_that_tool(model: OfflineChatModel) -> None:
    reply = model.bind_tools([lookup_ticket, process_refund], tool_choice="lookup_ticket").invoke(
        "refund ORD-10500 please"
    )
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [
        ("lookup_ticket", {"order_number": "ORD-10500"})
    ]


def test_structured_output_uses_the_registered_responder(
    model: OfflineChatModel, route_responder: None
) -> None:
    decision = model.with_structured_output(RouteChoice).invoke("my refund please")
    assert decision == RouteChoice(agents=["support"], confidence=0.75)


def test_instance_responder_wins_over_the_registered_one(route_responder: None) -> None:
    own = OfflineChatModel(
        responders={"RouteChoice": lambda m, s: {"agents": ["sales"], "confidence": 1.0}}
    )
    assert own.with_structured_output(RouteChoice).invoke("x") == RouteChoice(
        agents=["sales"], confidence=1.0
    )


def test_structured_output_without_responder_fills_from_the_request(
    model: OfflineChatModel,
) -> None:
    class Pick(BaseModel):
        """A metric and a limit."""

        metric: Literal["revenue", "orders"]
        limit: int = 10

    assert model.with_structured_output(Pick).invoke("top 3 orders please") == Pick(
        metric="orders", limit=3
    )


def test_plain_chat_says_what_it_can_do(model: OfflineChatModel) -> None:
    reply = model.invoke("hello")
    assert reply.text.startswith("I am Switchboard's offline assistant.")


def test_every_message_reports_usage_and_model_name(model: OfflineChatModel) -> None:
    reply = model.invoke([HumanMessage("hello")])
    assert isinstance(reply, AIMessage)
    assert reply.response_metadata["model_name"] == "offline"
    assert reply.usage_metadata == {
        "input_tokens": math.ceil(len("hello") / 4),
        "output_tokens": math.ceil(len(reply.text) / 4),
        "total_tokens": math.ceil(len("hello") / 4) + math.ceil(len(reply.text) / 4),
    }


def test_streaming_text_comes_in_short_phrases_with_usage_last(model: OfflineChatModel) -> None:
    chunks = list(model.stream("hello"))
    assert len(chunks) > 10
    text = [c.text for c in chunks if c.text]
    assert all(len(t.split()) <= PHRASE_WORDS for t in text)
    assert all(len(t.split()) == PHRASE_WORDS or "\n" in t for t in text[:-1])
    assert all(isinstance(c, AIMessageChunk) for c in chunks)
    assert "".join(c.text for c in chunks) == model.invoke("hello").text
    whole = model.invoke("hello").usage_metadata
    assert whole is not None
    assert chunks[-1].usage_metadata == whole
    assert [c.usage_metadata is not None for c in chunks].count(True) == 1


def test_streaming_a_tool_call_aggregates_to_the_same_call(model: OfflineChatModel) -> None:
    bound = model.bind_tools([lookup_ticket, process_refund])
    chunks = list(bound.stream("look up order ORD-10500"))
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged = merged + chunk  # type: ignore[assignment]
    assert isinstance(merged, AIMessageChunk)
    assert merged.tool_calls == bound.invoke("look up order ORD-10500").tool_calls
    assert merged.response_metadata["model_name"] == "offline"


async def test_async_streaming_yields_the_sync_chunks_with_tokens_on_the_loop(
    model: OfflineChatModel,
) -> None:
    import threading

    from langchain_core.callbacks import AsyncCallbackHandler

    class Tokens(AsyncCallbackHandler):
        def __init__(self) -> None:
            self.tokens: list[str] = []
            self.threads: set[int] = set()

        async def on_llm_new_token(self, token: Any, **kwargs: Any) -> None:
            self.tokens.append(str(token))
            self.threads.add(threading.get_ident())

    handler = Tokens()
    bound = model.bind_tools([lookup_ticket, process_refund])
    chunks = [c async for c in bound.astream("look up order ORD-10500")]
    text_chunks = [c async for c in model.astream("hello", config={"callbacks": [handler]})]

    assert [c.content for c in chunks] == [
        c.content for c in bound.stream("look up order ORD-10500")
    ]
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged = merged + chunk  # type: ignore[assignment]
    assert isinstance(merged, AIMessageChunk)
    assert merged.tool_calls == bound.invoke("look up order ORD-10500").tool_calls
    assert "".join(c.text for c in text_chunks) == model.invoke("hello").text
    assert "".join(handler.tokens) == model.invoke("hello").text
    assert handler.threads == {threading.get_ident()}  # awaited here, not in a worker thread
