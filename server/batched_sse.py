"""Server-sent events written a batch per ASGI send, not one send per event.

FastAPI's ``EventSourceResponse`` on a generator endpoint writes every yielded event in
a send of its own, after two memory-stream hops and a timer each. Under 50 streaming
clients uvicorn's ``send`` alone was 12% of a queue-mode API process's samples (issue
12), while a run's events mostly come in bursts: the worker's writer flushes 20 ms of
them at once and the reader fetches them together. Here an endpoint hands over lists of
events (every event its run's log had ready, ``RunEventLog.read_batches``) and each list,
with any other list ready by the time the socket took the last write, goes out as one
chunk. The bytes and their order are FastAPI's (``fastapi.sse.format_sse_event``, data
encoded as it encodes it), so each event keeps its ``id:`` and ``Last-Event-ID`` resumes
as before; only the number of writes changes.

Kept from FastAPI's response as well: a ``: ping`` comment after ``PING_SECONDS`` with
nothing to write, ``Cache-Control: no-cache`` and ``X-Accel-Buffering: no``, and the
events' generator closed when the response ends, however it ends (a client gone
mid-write included). The generator runs in a task of its own, as FastAPI's did, so the
ping timer never cancels it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
from collections.abc import AsyncGenerator, AsyncIterator, Iterable
from typing import Any, TypeVar

import anyio
from fastapi.encoders import jsonable_encoder
from fastapi.sse import KEEPALIVE_COMMENT, ServerSentEvent, format_sse_event
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

T = TypeVar("T")

PING_SECONDS = 15.0
"""Seconds without an event before a keep-alive comment (FastAPI's interval)."""
QUEUED_BATCHES = 16
"""Batches the events' generator may run ahead of a client that reads slowly."""

SSE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Successful Response",
        "content": {
            "text/event-stream": {
                "itemSchema": {
                    "type": "object",
                    "properties": {
                        "data": {"type": "string"},
                        "event": {"type": "string"},
                        "id": {"type": "string"},
                        "retry": {"type": "integer", "minimum": 0},
                    },
                }
            }
        },
    }
}
"""The 200 response of an endpoint answering with ``BatchedEventSourceResponse`` in the
OpenAPI document (what FastAPI writes for an SSE generator endpoint)."""


def encode(event: ServerSentEvent) -> bytes:
    """``event`` in the SSE wire format, byte for byte as FastAPI writes it."""
    if event.raw_data is not None:
        data: str | None = event.raw_data
    elif event.data is None:
        data = None
    elif hasattr(event.data, "model_dump_json"):
        data = event.data.model_dump_json()
    else:
        data = json.dumps(_finite(jsonable_encoder(event.data)))
    return format_sse_event(
        data_str=data, event=event.event, id=event.id, retry=event.retry, comment=event.comment
    )


def encode_all(batches: Iterable[Iterable[ServerSentEvent]]) -> bytes:
    """Every event of ``batches``, in order, as one chunk."""
    return b"".join(encode(event) for batch in batches for event in batch)


def _finite(data: Any) -> Any:
    """JSON-able ``data`` with NaN and the infinities as None (FastAPI writes null)."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: _finite(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_finite(value) for value in data]
    return data


def queued_now(queue: asyncio.Queue[T]) -> list[T]:
    """Every item ``queue`` holds now, in order, without waiting."""
    items: list[T] = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items


Chunk = tuple[bytes, bool]
"""A body write: its bytes, and whether more follow (``more_body``)."""


async def chunks(
    batches: AsyncIterator[list[ServerSentEvent]], *, ping_seconds: float = PING_SECONDS
) -> AsyncGenerator[Chunk]:
    """One chunk per write: every batch ready by then, or a ping after ``ping_seconds``.

    The last chunk, with the last events, says no more follow, so the body's end goes
    with them rather than in a send of its own. ``batches`` is pulled by a task of its
    own; its failure is raised here after the batches it yielded before it were written.
    Closing this generator cancels the task and closes ``batches``.
    """
    queue: asyncio.Queue[list[ServerSentEvent] | None] = asyncio.Queue(maxsize=QUEUED_BATCHES)

    async def pull() -> None:
        try:
            async for batch in batches:
                await queue.put(batch)
        except Exception:
            await queue.put(None)  # the end; this task has failed once the reader sees it
            raise
        finally:  # ended, failed or cancelled: the generator's own ``finally`` runs now
            aclose = getattr(batches, "aclose", None)
            if aclose is not None:
                await aclose()
        await queue.put(None)  # the end; the task returns in the same step

    puller = asyncio.create_task(pull(), name="sse-batches")
    try:
        while True:
            try:
                async with asyncio.timeout(ping_seconds):
                    first = await queue.get()
            except TimeoutError:
                yield KEEPALIVE_COMMENT, True
                continue
            ready = [first, *queued_now(queue)]
            events = [batch for batch in ready if batch is not None]
            if ready[-1] is not None:
                yield encode_all(events), True
                continue
            failed = not puller.done() or puller.cancelled() or puller.exception() is not None
            if events or not failed:
                yield encode_all(events), failed
            await puller  # raises the generator's failure, if it failed
            return
    finally:
        if not puller.done():
            puller.cancel()
        with anyio.CancelScope(shield=True):
            await asyncio.gather(puller, return_exceptions=True)


class BatchedEventSourceResponse(StreamingResponse):
    """A ``text/event-stream`` response writing each batch of events in one send.

    ``content`` yields lists of events (see ``chunks``); the last events go out with the
    body's end. After the response the chunk generator is closed, so the events'
    generator stops even when the client left while a write was under way (Starlette
    cancels the write, not the generator).
    """

    media_type = "text/event-stream"

    def __init__(
        self,
        content: AsyncIterator[list[ServerSentEvent]],
        status_code: int = 200,
        *,
        ping_seconds: float = PING_SECONDS,
    ) -> None:
        self._chunks = chunks(content, ping_seconds=ping_seconds)
        super().__init__(
            (),  # written by ``stream_response``, from ``self._chunks``
            status_code,
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    async def stream_response(self, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )
        async for body, more in self._chunks:
            await send({"type": "http.response.body", "body": body, "more_body": more})
            if not more:
                return
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True), contextlib.suppress(Exception):
                await self._chunks.aclose()
