"""Resumable run streams through the real routes, on the in-process log and on Redis.

Every event of a run's stream has an id; a client that reconnects with ``Last-Event-ID``
(``GET /runs/{id}/stream``) gets exactly the events after it, whether the run still runs
or has ended. Over real HTTP a client stops reading mid-stream and resumes; with Redis
the resuming client talks to a second API server, which never ran the run.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.run_events.protocol import id_key
from adapters.run_events.redis_streams import RedisRunEventLog
from adapters.thread_locks import thread_lock
from domain.models import RunRecord
from server.runtime import AppRuntime
from tests.api_helpers import (
    REFUND_REQUEST,
    TENANT_A,
    Api,
    Frame,
    SlowModels,
    make_keys,
    serve,
    sse_frames,
)
from tests.stream_helpers import frames, log_settings_of, serve_http

KINDS = ["in-process", pytest.param("redis", marks=pytest.mark.redis)]
PIPELINE_REQUEST = "Which sponsors have not paid their invoices and what is our pipeline value?"
"""Routed to the sales agent, whose model is called (so a slow model holds the run there)."""


@pytest.fixture(params=KINDS)
def log_settings(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    with log_settings_of(request.param) as settings:
        yield settings


@pytest.fixture
def slow() -> SlowModels:
    return SlowModels(delay=1.0)


@pytest.fixture
async def api(
    fresh_demo_url: str, tmp_path: Path, log_settings: dict[str, Any], slow: SlowModels
) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data", model=slow, **log_settings) as running:
        yield running


def runtime_of(api: Api) -> AppRuntime:
    runtime: AppRuntime = api.app.state.runtime
    return runtime


async def joined(
    api: Api, run_id: str, after: str | None = None, client: httpx.AsyncClient | None = None
) -> list[Frame]:
    headers = {"Last-Event-ID": after} if after else {}
    response = await (client or api.a).get(f"/runs/{run_id}/stream", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return sse_frames(response.text)


async def test_a_client_that_resumes_after_any_event_gets_exactly_the_rest(api: Api) -> None:
    thread_id = await api.new_thread()
    streamed = await api.a.post(f"/threads/{thread_id}/runs/stream", json={"text": REFUND_REQUEST})
    assert streamed.status_code == 200
    full = sse_frames(streamed.text)
    names = [f.event for f in full]
    assert names[0] == "metadata" and names[-2:] == ["interrupt", "end"]
    ids = [f.id for f in full]
    assert all(ids) and sorted(ids, key=lambda i: id_key(str(i))) == ids
    assert len(set(ids)) == len(ids)
    run_id = full[0].data["run_id"]

    assert await joined(api, run_id) == full  # a join after the end: the whole run again
    for k in (0, 1, len(full) // 2, len(full) - 2):
        assert await joined(api, run_id, after=full[k].id) == full[k + 1 :], k
    assert await joined(api, run_id, after=full[-1].id) == []  # had it all: ends at once


async def test_a_join_while_the_run_runs_waits_for_the_rest(api: Api) -> None:
    thread_id = await api.new_thread()
    accepted = await api.a.post(f"/threads/{thread_id}/runs", json={"text": PIPELINE_REQUEST})
    run_id = accepted.json()["run_id"]
    log = runtime_of(api).run_events
    first_id, first = await anext(aiter(log.read(run_id)))
    assert first == {"event": "metadata", "data": {"run_id": run_id, "thread_id": thread_id}}
    assert (await api.a.get(f"/runs/{run_id}")).json()["status"] == "running"

    from_start, rest = await asyncio.gather(
        joined(api, run_id), joined(api, run_id, after=first_id)
    )
    assert from_start[-1].event == "end"
    assert from_start[0] == Frame(first_id, "metadata", first["data"])
    assert rest == from_start[1:]
    assert from_start[-1].data["status"] == (await api.wait_run(run_id))["status"] == "done"


async def test_a_join_names_its_mistakes_and_sees_only_the_tenants_runs(api: Api) -> None:
    run = await api.run("daily insights")
    bad = await api.a.get(f"/runs/{run['id']}/stream", headers={"Last-Event-ID": "seven"})
    assert bad.status_code == 422
    assert "Last-Event-ID: 'seven' is not an event id" in bad.text
    assert (await api.b.get(f"/runs/{run['id']}/stream")).status_code == 404
    assert (await api.a.get("/runs/no-such-run/stream")).status_code == 404


async def test_a_run_whose_log_is_gone_ends_with_its_record(api: Api) -> None:
    run = await api.run("daily insights")
    runtime = runtime_of(api)
    log: Any = runtime.run_events
    if hasattr(log, "delete"):
        await log.delete(run["id"])  # Redis: expired
    else:
        log._logs.pop(run["id"])  # in-process: expired
    assert not await log.exists(run["id"])
    [end] = await joined(api, run["id"])
    assert (end.id, end.event) == (None, "end")
    assert end.data == {
        "run_id": run["id"],
        "status": "done",
        "agents": ["analytics"],
        "answer": run["output"]["answer"],
    }


@pytest.mark.postgres
async def test_a_client_cut_off_mid_stream_resumes_on_another_server(
    postgres_url: str, tmp_path: Path, log_settings: dict[str, Any], slow: SlowModels
) -> None:
    """With Redis the second server never ran the run; in-process it is the same server."""
    servers = 2 if log_settings else 1
    dirs = [tmp_path / f"data-{n}" for n in range(servers)]
    key = make_keys(postgres_url)[TENANT_A]
    headers = {"Authorization": f"Bearer {key}"}
    with serve_http(postgres_url, dirs, model=slow, **log_settings) as urls:
        first = httpx.AsyncClient(base_url=urls[0], headers=headers, timeout=60)
        second = httpx.AsyncClient(base_url=urls[-1], headers=headers, timeout=60)
        async with first, second:
            thread_id = (await first.post("/threads", json={})).json()["id"]
            async with first.stream(
                "POST", f"/threads/{thread_id}/runs/stream", json={"text": PIPELINE_REQUEST}
            ) as response:
                assert response.status_code == 200
                before = [f async for f in frames(response, limit=2)]  # then the client drops
            run_id = before[0].data["run_id"]
            assert (await second.get(f"/runs/{run_id}")).json()["status"] == "running"

            async def follow(after: str | None) -> list[Frame]:
                resume = {"Last-Event-ID": after} if after else {}
                async with second.stream("GET", f"/runs/{run_id}/stream", headers=resume) as again:
                    assert again.status_code == 200
                    return [f async for f in frames(again)]

            rest, whole = await asyncio.gather(follow(before[-1].id), follow(None))
            assert before + rest == whole
            assert (whole[0].event, whole[-1].event) == ("metadata", "end")
            assert whole[-1].data["status"] == "done"
            assert len({f.id for f in whole}) == len(whole)


@pytest.fixture
async def watchful_api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    """In-process log; a silent stream checks its run every 0.2 s; no recovery sweep (it
    would close the test's run of a "dead process" itself)."""
    async with serve(
        fresh_demo_url,
        tmp_path / "data",
        stream_idle_check_seconds=0.2,
        recover_on_startup=False,
        recovery_sweep_interval_seconds=0,
    ) as running:
        yield running


def record_of_another_process(api: Api, thread_id: str) -> str:
    """A run recorded ``running`` by another process (this one never ran it); its id."""
    run_id = uuid.uuid4().hex
    with api.sessions.begin() as session:
        session.add(
            RunRecord(id=run_id, tenant_id=TENANT_A, thread_id=thread_id, kind="run", actor="x")
        )
    return run_id


async def test_a_run_whose_writer_lives_waits_then_ends_its_stream_with_the_record(
    watchful_api: Api,
) -> None:
    api = watchful_api
    thread_id = await api.new_thread()
    run_id = record_of_another_process(api, thread_id)
    log = runtime_of(api).run_events
    first = await log.append(run_id, {"event": "metadata", "data": {"run_id": run_id}})
    with thread_lock(runtime_of(api).services.engine, thread_id):  # its process lives
        following = asyncio.create_task(joined(api, run_id))
        await asyncio.sleep(0.5)  # several checks: the run still runs, so the stream waits
        assert not following.done()
        with api.sessions.begin() as session:  # it records its end without closing its log
            record = session.get(RunRecord, run_id)
            assert record is not None
            record.status, record.error = "error", "the model provider failed"
        got = await asyncio.wait_for(following, 30)
    assert got == [
        Frame(first, "metadata", {"run_id": run_id}),
        Frame(
            None,
            "end",
            {
                "run_id": run_id,
                "status": "error",
                "agents": [],
                "error": "the model provider failed",
            },
        ),
    ]


async def test_a_run_whose_process_died_ends_its_stream_with_an_error_at_once(
    watchful_api: Api,
) -> None:
    """No sweep runs here: before, the stream waited as long as the record said running."""
    api = watchful_api
    thread_id = await api.new_thread()
    run_id = record_of_another_process(api, thread_id)  # nobody holds its thread: it died
    log = runtime_of(api).run_events
    first = await log.append(run_id, {"event": "metadata", "data": {"run_id": run_id}})

    got = await asyncio.wait_for(joined(api, run_id), 10)  # a check after 0.2 s of silence
    assert got[0] == Frame(first, "metadata", {"run_id": run_id})
    (error,) = got[1:]
    assert (error.id, error.event, error.data["run_id"]) == (None, "error", run_id)
    assert error.data["error"].startswith(f"the process running run {run_id} stopped")
    assert f"GET /runs/{run_id}" in error.data["error"]
    with api.sessions() as session:  # left to recovery, which records it
        record = session.get(RunRecord, run_id)
        assert record is not None and record.status == "running"


async def test_langgraph_join_and_stream_of_a_run_whose_process_died_end_with_its_error(
    watchful_api: Api,
) -> None:
    api = watchful_api
    thread_id = await api.new_thread()
    run_id = record_of_another_process(api, thread_id)  # nobody holds its thread: it died
    base = f"/langgraph/threads/{thread_id}/runs/{run_id}"

    joined_values = await asyncio.wait_for(api.a.get(f"{base}/join"), 10)
    assert joined_values.status_code == 200, joined_values.text
    error = joined_values.json()["__error__"]
    assert error["error"] == "RunOwnerGoneError"
    assert error["message"].startswith(f"the process running run {run_id} stopped")
    streamed = await asyncio.wait_for(api.a.get(f"{base}/stream"), 10)
    assert streamed.status_code == 200
    [frame] = sse_frames(streamed.text)
    assert (frame.event, frame.data) == ("error", error)


async def test_a_broken_log_ends_the_stream_with_an_error_and_the_run_still_finishes(
    watchful_api: Api,
) -> None:
    api = watchful_api
    runtime = runtime_of(api)
    runtime.run_events = RedisRunEventLog("redis://127.0.0.1:1/0")  # nothing listens there
    thread_id = await api.new_thread()
    response = await api.a.post(f"/threads/{thread_id}/runs/stream", json={"text": "hi"})
    assert response.status_code == 200
    [error] = sse_frames(response.text)
    assert (error.id, error.event) == (None, "error")
    assert "the run's events cannot be read (ConnectionError" in error.data["error"]
    run_id = error.data["run_id"]
    assert (await api.wait_run(run_id))["status"] == "done"  # appends failed, not the run
    await runtime.run_events.aclose()
