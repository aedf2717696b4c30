"""Resumable stream tests: the app under uvicorn (one or two instances), SSE read in parts.

``serve_http`` runs ``create_app`` under uvicorn in a thread with its own lifespan, so
two instances in one test are two API servers sharing a database and (when given)
Redis, streamed over real HTTP: a client can stop reading mid-stream and reconnect.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import httpx
import redis
from langchain_core.language_models import BaseChatModel

from adapters.services import Services, build_services
from server.app import create_app
from switchboard.settings import Settings
from tests.api_helpers import Frame, http_server
from tests.integration.test_rate_limits import redis_url


@contextmanager
def serve_http(
    database_url: str,
    data_dirs: list[Path],
    *,
    model: Callable[[Services], BaseChatModel] | None = None,
    **settings_overrides: Any,
) -> Iterator[list[str]]:
    """One uvicorn server per data folder, all on ``database_url`` (and its checkpoints)."""

    def services_with_model(settings: Settings) -> Services:
        services = build_services(settings)
        if model is not None:
            services.model = model(services)
        return services

    with ExitStack() as stack:
        stack.enter_context(patch("server.app.build_services", services_with_model))
        urls = []
        for data_dir in data_dirs:
            settings = Settings(
                database_url=database_url,
                checkpoint_url=database_url,
                data_dir=data_dir,
                model_retry_initial_delay=0,
                cors_origins=[],
                **{"rate_limit_enabled": False, **settings_overrides},
            )
            urls.append(stack.enter_context(http_server(create_app(settings))))
        yield urls


async def frames(response: httpx.Response, limit: int | None = None) -> AsyncIterator[Frame]:
    """The response's server-sent events as they arrive; stops after ``limit`` of them."""
    event_id, name, data, count = None, "message", [], 0
    async for line in response.aiter_lines():
        if line.startswith("id:"):
            event_id = line[3:].strip()
        elif line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif line == "" and data:
            yield Frame(event_id, name, json.loads("\n".join(data)))
            count += 1
            if limit is not None and count >= limit:
                return
            event_id, name, data = None, "message", []
        elif line == "":
            event_id, name, data = None, "message", []


@contextmanager
def log_settings_of(kind: str) -> Iterator[dict[str, Any]]:
    """App settings for a run event log of ``kind`` ("in-process" or "redis").

    On Redis, runs still execute in the app (the log is what these tests put on Redis,
    not the queue); the runs' logs expire two minutes after their end (their keys are
    named by run id, unique), and the lead pipeline's streams get a prefix of their own,
    deleted afterwards.
    """
    if kind == "in-process":
        yield {}
        return
    url, prefix = redis_url(), f"test-{uuid.uuid4().hex[:8]}:"
    yield {
        "redis_url": url,
        "lead_stream_prefix": prefix,
        "run_events_retention_seconds": 120,
        "run_queue": "in_process",
    }
    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
    finally:
        client.close()
