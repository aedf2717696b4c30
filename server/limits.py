"""Request size limit: a body over the limit is refused with 413 before any route runs.

The body is read here, up to the limit, before the app is called, then handed on. The
earlier design raised from inside ``receive`` once the limit was passed, but FastAPI
reads the body inside a ``try`` that turns any exception into "400 There was an error
parsing the body", so a chunked body over the limit got 400; and a route that never
reads its body (``POST /runs/{id}/cancel``) never saw the limit at all. FastAPI's own
``max_body_size`` has the second gap too, answering those with a plain-text 413.

Reading first costs nothing extra: every route with a body reads all of it anyway, and
never more than ``max_bytes`` (plus one network chunk) is held.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    """ASGI middleware: answer 413 with a JSON sentence to bodies over ``max_bytes``.

    Declared (``Content-Length``) and streamed (chunked) bodies alike, on every route.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away mid-body
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(
            {
                "error": f"the request body is larger than {self.max_bytes} bytes; "
                "send less (the limit is SWITCHBOARD_MAX_REQUEST_BYTES)"
            }
        ).encode()
        headers: list[Any] = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that returns the body once, then what the client sends next
    (``http.disconnect``: a streaming response watches for it)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
