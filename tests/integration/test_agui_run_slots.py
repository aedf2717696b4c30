"""In-process AG-UI runs take the run slots REST runs take, and always give them back.

Before, ``POST /agui`` ran graphs in process without a slot, so a burst of chats could
take every pooled database connection while REST runs were refused for want of a slot.
Now a full house is answered as REST's is (503 with Retry-After after the wait, a busy
thread 409 at once), an AG-UI run holds its slot until its stream ends, and a client
gone before its stream began leaves nothing held and its run recorded as cancelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, MutableMapping
from pathlib import Path
from typing import Any

import pytest

from adapters.thread_locks import held_threads
from domain.models import RunRecord
from server.runtime import AppRuntime
from server.services.agui_in_process import GONE_BEFORE_STREAM
from server.services.run_slots import RunSlots
from tests.api_helpers import Api, SlowModels, serve

pytestmark = pytest.mark.postgres

QUESTION = "Which sponsors have not paid their invoices and what is our pipeline value?"


@pytest.fixture
async def api(postgres_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(
        postgres_url,
        tmp_path / "data",
        checkpoint_url=postgres_url,
        model=SlowModels(0.5),
        max_live_runs=1,
        run_slot_wait_seconds=0.1,
    ) as running:
        yield running


def agui_body(thread: str, text: str) -> dict[str, Any]:
    return {
        "threadId": thread,
        "runId": str(uuid.uuid4()),
        "messages": [{"id": str(uuid.uuid4()), "role": "user", "content": text}],
        "state": {},
        "tools": [],
        "context": [],
        "forwardedProps": {},
    }


def agui_events(text: str) -> list[dict[str, Any]]:
    return [
        json.loads(block.removeprefix("data: "))
        for block in text.split("\n\n")
        if block.startswith("data: ")
    ]


def slots_of(api: Api) -> RunSlots:
    runtime: AppRuntime = api.app.state.runtime
    assert runtime.run_slots is not None
    return runtime.run_slots


async def until(condition: Any, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def test_a_full_house_refuses_agui_with_503_and_an_agui_run_holds_its_slot(api: Api) -> None:
    busy, other, third = [await api.new_thread() for _ in range(3)]
    rest = await api.a.post(f"/threads/{busy}/runs", json={"text": QUESTION})
    assert rest.status_code == 202, rest.text  # the only slot

    refused = await api.a.post("/agui", json=agui_body(other, QUESTION))
    assert refused.status_code == 503, refused.text[:300]
    assert refused.headers["Retry-After"] == "1"
    assert refused.json()["error"].endswith("(1); retry in a few seconds.")
    on_busy = await api.a.post("/agui", json=agui_body(busy, QUESTION))
    assert on_busy.status_code == 409
    assert on_busy.json()["error"] == f"thread {busy} is busy with another run"

    await api.a.post(f"/runs/{rest.json()['run_id']}/cancel")
    await until(lambda: not slots_of(api).full())
    chat = asyncio.create_task(api.a.post("/agui", json=agui_body(other, QUESTION), timeout=120))
    await until(lambda: slots_of(api).full() or chat.done())  # the chat took the slot
    assert not chat.done()
    starved = await api.a.post(f"/threads/{third}/runs", json={"text": QUESTION})
    assert starved.status_code == 503, starved.text  # REST waits for the chat's slot

    answered = await chat
    assert answered.status_code == 200
    assert agui_events(answered.text)[-1]["type"] == "RUN_FINISHED"
    assert not slots_of(api).full()  # given back with the stream's end
    served = await api.a.post(f"/threads/{third}/runs", json={"text": QUESTION})
    assert served.status_code == 202, served.text


@pytest.mark.parametrize(
    ("spec_version", "error"),
    [
        # ASGI 2.4 (uvicorn): the response's start fails, the body is never started.
        ("2.4", GONE_BEFORE_STREAM),
        # Earlier: Starlette listens for the disconnect and cancels the started body.
        ("2.3", "the client disconnected"),
    ],
)
async def test_a_client_gone_at_once_leaves_nothing_held_and_a_cancelled_run(
    api: Api, spec_version: str, error: str
) -> None:
    thread = await api.new_thread()
    request = agui_body(thread, QUESTION)
    payload = json.dumps(request).encode()
    key = api.a.headers["Authorization"].encode()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": spec_version},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/agui",
        "raw_path": b"/agui",
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", b"switchboard.test"),
            (b"authorization", key),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("switchboard.test", 80),
    }
    body_sent = False

    async def receive() -> MutableMapping[str, Any]:
        nonlocal body_sent
        if not body_sent:
            body_sent = True
            return {"type": "http.request", "body": payload, "more_body": False}
        return {"type": "http.disconnect"}  # gone as soon as the body was read

    sent: list[MutableMapping[str, Any]] = []

    async def send(message: MutableMapping[str, Any]) -> None:
        if spec_version >= "2.4":
            raise OSError("the client closed the connection")  # as a server reports it
        sent.append(message)

    with contextlib.suppress(Exception):  # the disconnect may surface as an exception
        await asyncio.wait_for(api.app(scope, receive, send), 60)

    assert not any(m.get("body") for m in sent)  # nothing of the stream went out
    with api.sessions() as session:
        record = session.get(RunRecord, request["runId"])
        assert record is not None
        assert (record.status, record.error) == ("cancelled", error)
    runtime: AppRuntime = api.app.state.runtime
    assert held_threads(runtime.services.engine, [thread]) == set()
    assert not slots_of(api).full()
    again = await api.a.post("/agui", json=agui_body(thread, "Hi"), timeout=120)
    assert again.status_code == 200
    assert agui_events(again.text)[-1]["type"] == "RUN_FINISHED"
