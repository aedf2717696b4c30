"""``server.batched_sse``: FastAPI's SSE bytes, a batch of events per send, pings, ends."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.sse import KEEPALIVE_COMMENT, EventSourceResponse, ServerSentEvent

from adapters.run_events.in_process import InProcessRunEventLog
from server.batched_sse import BatchedEventSourceResponse, chunks, encode

EVENTS = [
    ServerSentEvent(event="metadata", data={"run_id": "r1", "thread_id": "t1"}, id="1-0"),
    ServerSentEvent(event="updates", raw_data='{"node":"route"}', id="1-1"),
    ServerSentEvent(event="updates", data={"text": "two\nlines", "n": math.nan}, id="1-2"),
    ServerSentEvent(comment="a note", retry=3000),
    ServerSentEvent(event="end", data={"status": "done", "answer": "ünïcode"}, id="1-3"),
]
BATCHES = [EVENTS[:1], EVENTS[1:4], EVENTS[4:]]


async def _batches(batches: list[list[ServerSentEvent]]) -> AsyncIterator[list[ServerSentEvent]]:
    for batch in batches:
        yield batch


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/per-event", response_class=EventSourceResponse)
    async def per_event() -> AsyncIterator[ServerSentEvent]:
        for event in EVENTS:
            yield event

    @app.get("/batched")
    async def batched() -> BatchedEventSourceResponse:
        return BatchedEventSourceResponse(_batches(BATCHES))

    return app


async def test_the_body_and_headers_are_fastapis_byte_for_byte() -> None:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        theirs = await client.get("/per-event")
        ours = await client.get("/batched")
    assert ours.content == theirs.content
    assert b'"n": null' in ours.content  # NaN written as null, as FastAPI writes it
    for header in ("content-type", "cache-control", "x-accel-buffering"):
        assert ours.headers[header] == theirs.headers[header], header
    assert [encode(e) for e in EVENTS] == [c + b"\n\n" for c in ours.content.split(b"\n\n")[:-1]]


class Sends:
    """An ASGI ``send`` that keeps every message."""

    def __init__(self) -> None:
        self.messages: list[dict[str, Any]] = []

    async def __call__(self, message: dict[str, Any]) -> None:
        self.messages.append(message)

    def bodies(self) -> list[tuple[bytes, bool]]:
        """Each body send's bytes and ``more_body``."""
        body = [m for m in self.messages if m["type"] == "http.response.body"]
        return [(m["body"], m.get("more_body", False)) for m in body]


async def _respond(response: BatchedEventSourceResponse) -> Sends:
    sends = Sends()

    async def receive() -> dict[str, Any]:
        await asyncio.Event().wait()  # the client never leaves
        return {}

    scope = {"type": "http", "asgi": {"spec_version": "2.4"}}
    await response(scope, receive, sends)
    return sends


async def test_each_batch_is_one_send_in_order() -> None:
    async def apart() -> AsyncIterator[list[ServerSentEvent]]:
        for batch in BATCHES:
            await asyncio.sleep(0.01)  # the log waits for the next burst
            yield batch

    sends = await _respond(BatchedEventSourceResponse(apart()))
    assert sends.bodies() == [  # the body's end goes with the last events
        (b"".join(encode(e) for e in batch), batch is not BATCHES[-1]) for batch in BATCHES
    ]


async def test_batches_ready_together_are_one_send() -> None:
    sends = await _respond(BatchedEventSourceResponse(_batches(BATCHES)))
    assert sends.bodies() == [(b"".join(encode(e) for e in EVENTS), False)]


async def test_batches_ready_while_a_write_waits_share_the_next_send() -> None:
    gate = asyncio.Event()

    async def source() -> AsyncIterator[list[ServerSentEvent]]:
        yield BATCHES[0]
        await gate.wait()
        for batch in BATCHES[1:]:  # both ready before the reader wakes
            yield batch

    stream = chunks(source())
    assert await anext(stream) == (b"".join(encode(e) for e in BATCHES[0]), True)
    gate.set()
    assert await anext(stream) == (b"".join(encode(e) for e in EVENTS[1:]), False)
    with pytest.raises(StopAsyncIteration):
        await anext(stream)


async def test_a_silent_stream_is_pinged_and_its_generator_is_not_cancelled() -> None:
    gate, cancelled = asyncio.Event(), []

    async def source() -> AsyncIterator[list[ServerSentEvent]]:
        try:
            await gate.wait()
        except asyncio.CancelledError:
            cancelled.append(True)
            raise
        yield BATCHES[0]

    stream = chunks(source(), ping_seconds=0.02)
    assert await anext(stream) == (KEEPALIVE_COMMENT, True)
    assert await anext(stream) == (KEEPALIVE_COMMENT, True)
    gate.set()
    assert await anext(stream) == (encode(EVENTS[0]), False)
    assert not cancelled


async def test_a_failure_is_raised_after_the_events_before_it() -> None:
    async def source() -> AsyncIterator[list[ServerSentEvent]]:
        yield BATCHES[0]
        raise RuntimeError("log gone")

    stream = chunks(source())
    assert await anext(stream) == (encode(EVENTS[0]), True)  # not the end: it failed
    with pytest.raises(RuntimeError, match="log gone"):
        await anext(stream)


async def test_a_stream_that_ends_with_nothing_more_to_write_ends_the_body() -> None:
    gate = asyncio.Event()

    async def source() -> AsyncIterator[list[ServerSentEvent]]:
        yield BATCHES[0]
        await gate.wait()

    stream = chunks(source())
    assert await anext(stream) == (encode(EVENTS[0]), True)
    gate.set()
    assert await anext(stream) == (b"", False)


async def test_closing_the_stream_closes_the_events_generator() -> None:
    closed = asyncio.Event()

    async def source() -> AsyncIterator[list[ServerSentEvent]]:
        try:
            yield BATCHES[0]
            await asyncio.Event().wait()  # a run that never ends
            yield BATCHES[1]
        finally:
            closed.set()

    stream = chunks(source())
    await anext(stream)
    await stream.aclose()  # the client went away
    assert closed.is_set()


async def test_a_slow_reader_holds_the_generator_back_yet_gets_the_end() -> None:
    many = [[ServerSentEvent(event="e", data=n, id=f"0-{n}")] for n in range(100)]
    stream = chunks(_batches(many))
    await asyncio.sleep(0.01)  # the generator fills the queue and waits
    got = [chunk async for chunk in stream]
    assert b"".join(body for body, _ in got) == b"".join(encode(batch[0]) for batch in many)
    assert [more for _, more in got] == [True] * (len(got) - 1) + [False]


async def test_a_log_hands_over_every_event_it_holds_as_one_batch() -> None:
    log = InProcessRunEventLog()
    ids = await log.extend("run-1", [{"event": "e", "data": {"n": n}} for n in range(3)])
    batches = log.read_batches("run-1")
    assert await anext(batches) == [
        (i, {"event": "e", "data": {"n": n}}) for n, i in enumerate(ids)
    ]
    more = [await log.append("run-1", {"event": "e", "data": {"n": n}}) for n in (3, 4)]
    await log.close("run-1")
    assert [i for i, _ in await anext(batches)] == more
    with pytest.raises(StopAsyncIteration):
        await anext(batches)
    after = [item async for item in log.read("run-1", ids[1])]  # one at a time, resumed
    assert [i for i, _ in after] == [ids[2], *more]
