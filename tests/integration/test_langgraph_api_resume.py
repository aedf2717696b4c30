"""LangGraph's server API streams resume through langgraph-sdk, on another API server too.

A run streamed with ``client.runs.stream`` gives each part an id; ``join_stream`` with
``last_event_id`` (the ``Last-Event-ID`` header) gets exactly the parts after it. With
Redis the joining client talks to a second API server that never ran the run.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import aclosing
from pathlib import Path
from typing import Any

import httpx
import pytest
from langgraph_sdk import get_client
from langgraph_sdk.schema import StreamPart

from adapters.run_events.protocol import id_key
from tests.api_helpers import TENANT_A, SlowModels, make_keys
from tests.stream_helpers import log_settings_of, serve_http

pytestmark = pytest.mark.postgres
QUESTION = "Which sponsors have not paid their invoices and what is our pipeline value?"


@pytest.fixture(params=["in-process", pytest.param("redis", marks=pytest.mark.redis)])
def log_settings(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    with log_settings_of(request.param) as settings:
        yield settings


async def test_join_stream_after_an_event_id_gets_the_rest_on_any_server(
    postgres_url: str, tmp_path: Path, log_settings: dict[str, Any]
) -> None:
    servers = 2 if log_settings else 1
    dirs = [tmp_path / f"data-{n}" for n in range(servers)]
    key = make_keys(postgres_url)[TENANT_A]
    with serve_http(postgres_url, dirs, model=SlowModels(delay=0.5), **log_settings) as urls:
        first = get_client(url=f"{urls[0]}/langgraph", api_key=key, timeout=60)
        second = get_client(url=f"{urls[-1]}/langgraph", api_key=key, timeout=60)
        thread = (await first.threads.create())["thread_id"]
        before: list[StreamPart] = []
        question: dict[str, Any] = {"messages": [{"role": "user", "content": QUESTION}]}
        stream: Any = first.runs.stream(  # an async generator: closed when left
            thread, "switchboard", input=question, stream_mode=["updates"]
        )
        async with aclosing(stream):
            async for part in stream:
                before.append(part)
                if len(before) == 2:
                    break  # the client goes away (its connection closes); the run goes on
        run_id = before[0].data["run_id"]
        assert before[0].event == "metadata" and all(p.id for p in before)

        async def join(after: str | None) -> list[StreamPart]:
            return [
                part async for part in second.runs.join_stream(thread, run_id, last_event_id=after)
            ]

        rest, whole, result = await asyncio.gather(
            join(before[-1].id), join(None), second.runs.join(thread, run_id)
        )
        assert before + rest == whole
        final = await second.threads.get_state(thread)
        assert result == final["values"] and result["answer"]  # join waited for the end
        assert [p.event for p in whole][:1] == ["metadata"]
        assert {p.event for p in whole[1:]} == {"updates"}
        ids = [str(p.id) for p in whole]
        assert sorted(ids, key=id_key) == ids and len(set(ids)) == len(ids)
        assert (await second.runs.get(thread, run_id))["status"] == "success"
        assert await join(whole[-1].id) == []

        async with httpx.AsyncClient(base_url=f"{urls[-1]}/langgraph") as raw:
            bad = await raw.get(
                f"/threads/{thread}/runs/{run_id}/stream",
                headers={"x-api-key": key, "Last-Event-ID": "3"},
            )
        assert bad.status_code == 422
        assert "Last-Event-ID: '3' is not an event id" in bad.text


async def test_a_stream_tells_the_sdk_where_to_resume(
    postgres_url: str, tmp_path: Path, log_settings: dict[str, Any]
) -> None:
    key = make_keys(postgres_url)[TENANT_A]
    with serve_http(postgres_url, [tmp_path / "data"], **log_settings) as [url]:
        async with httpx.AsyncClient(base_url=f"{url}/langgraph", timeout=60) as raw:
            headers = {"x-api-key": key}
            thread = (await raw.post("/threads", json={}, headers=headers)).json()["thread_id"]
            body = {
                "assistant_id": "switchboard",
                "input": {"messages": [{"role": "user", "content": "daily insights"}]},
            }
            streamed = await raw.post(f"/threads/{thread}/runs/stream", json=body, headers=headers)
            assert streamed.status_code == 200
            run_id = streamed.headers["content-location"].rsplit("/", 1)[1]
            assert streamed.headers["location"] == f"/threads/{thread}/runs/{run_id}/stream"
