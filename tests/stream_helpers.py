"""Resumable stream tests: the app under uvicorn (one or two instances), SSE read in parts.

``serve_http`` runs ``create_app`` under uvicorn in a thread with its own lifespan, so
two instances in one test are two API servers sharing a database and (when given)
Redis, streamed over real HTTP: a client can stop reading mid-stream and reconnect.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import httpx
from langchain_core.language_models import BaseChatModel

from adapters.services import Services, build_services
from server.app import create_app
from switchboard.settings import Settings
from tests.api_helpers import Frame, http_server


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
