"""Per-key request rate limits (OWASP LLM10): 429 with ``Retry-After`` over the limit.

An ASGI middleware in front of every route but ``/health``. Requests are counted per
API key (its SHA-256, never the key; the client address when no key is sent) in two
buckets with their own limits: run-starting requests (``POST /threads/{id}/runs``,
``.../runs/stream``, ``/agui``, ``/errors/{id}/retry``) and everything else.

Counting is the ``limits`` library's (moving window or sliding-window counter). Its
storage is this process's memory by default; with ``SWITCHBOARD_REDIS_URL`` it is Redis,
so every API process shares the same counters. When Redis cannot be reached the request
is let through and a warning logged: a limiter outage must not take the API down.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse_many
from limits.aio.strategies import (
    MovingWindowRateLimiter,
    RateLimiter,
    SlidingWindowCounterRateLimiter,
)
from limits.storage import storage_from_string
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from server.console_session import COOKIE, HEADER
from switchboard.settings import Settings

log = logging.getLogger("switchboard.server.rate_limits")

RUN_STARTING = re.compile(r"^/(agui|threads/[^/]+/runs(/stream)?|errors/[^/]+/retry)/?$")
UNLIMITED_PREFIX = "/health"


@dataclass(frozen=True)
class RateLimits:
    """The limiter and the two buckets' limits."""

    limiter: RateLimiter
    runs: list[RateLimitItem]
    requests: list[RateLimitItem]


def rate_limits_from_settings(settings: Settings) -> RateLimits:
    """Build the limiter on memory, or on Redis when ``redis_url`` is set."""
    if settings.redis_url:
        storage = storage_from_string(f"async+{settings.redis_url}", implementation="redispy")
    else:
        storage = storage_from_string("async+memory://")
    strategy = (
        MovingWindowRateLimiter
        if settings.rate_limit_strategy == "moving-window"
        else SlidingWindowCounterRateLimiter
    )
    return RateLimits(
        limiter=strategy(storage),
        runs=parse_many(settings.rate_limit_runs),
        requests=parse_many(settings.rate_limit_requests),
    )


def caller_key(scope: Scope) -> str:
    """Who is counted: the API key's digest, else the client's address."""
    headers = dict(scope.get("headers") or [])
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return "key:" + hashlib.sha256(token.strip().encode()).hexdigest()[:32]
    cookies = cookie_parser(headers.get(b"cookie", b"").decode("latin-1"))
    session = cookies.get(COOKIE) or headers.get(HEADER.encode(), b"").decode("latin-1")
    if session:
        return "session:" + hashlib.sha256(session.encode()).hexdigest()[:32]
    client = scope.get("client")
    return f"ip:{client[0] if client else 'unknown'}"


class RateLimit:
    """ASGI middleware: count each request in its bucket; 429 when a limit is reached."""

    def __init__(self, app: ASGIApp, limits: RateLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(UNLIMITED_PREFIX):
            await self.app(scope, receive, send)
            return
        starts_run = scope.get("method") == "POST" and RUN_STARTING.match(path) is not None
        bucket, items = (
            ("runs", self.limits.runs) if starts_run else ("requests", self.limits.requests)
        )
        refused = await self._refused(items, caller_key(scope), bucket)
        if refused is None:
            await self.app(scope, receive, send)
            return
        item, retry_after = refused
        what = "run-starting requests" if starts_run else "requests"
        message = f"too many {what} for this API key (limit {item}); retry in {retry_after} s"
        await _refuse(send, message, retry_after)

    async def _refused(
        self, items: list[RateLimitItem], key: str, bucket: str
    ) -> tuple[RateLimitItem, int] | None:
        limiter = self.limits.limiter
        try:
            for item in items:
                if not await limiter.hit(item, bucket, key):
                    stats = await limiter.get_window_stats(item, bucket, key)
                    return item, max(1, math.ceil(stats.reset_time - time.time()))
        except Exception as exc:  # the limiter's storage is down: serve rather than fail
            log.warning("rate limiter unavailable, request let through: %s", exc)
        return None


async def _refuse(send: Send, message: str, retry_after: int) -> None:
    body = json.dumps({"error": message}).encode()
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"retry-after", str(retry_after).encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 429, "headers": headers})
    await send({"type": "http.response.body", "body": body})
