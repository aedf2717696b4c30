"""``POST /agui`` in process: what goes on the wire, and every way a request is refused.

The app runs with its real lifespan (offline model, SQLite checkpoints) on a private copy
of the demo database; httpx talks to it through the ASGI transport.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import Engine, func, select

import graphs.supervisor
from adapters.thread_locks import thread_lock
from domain.api_keys import create_key
from domain.db import make_engine, session_factory, transaction
from domain.demo import anchors
from domain.models import Order, OutboxMessage, Refund
from domain.roles import Role
from server.agui_state import UI_KEYS
from server.app import create_app
from server.runtime import AppRuntime
from switchboard.settings import Settings

ORDER = anchors.ORDER_BELOW_REFUND_THRESHOLD
REFUND = f"Hi, I want a refund for order {ORDER}, I cannot come"


@dataclass
class Api:
    """A running app: an HTTP client, keys of two tenants, the database and the runtime."""

    client: httpx.AsyncClient
    key: str
    other_key: str
    engine: Engine
    runtime: AppRuntime

    def headers(self, key: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {key or self.key}"}


def _key(engine: Engine, tenant: str) -> str:
    with transaction(session_factory(engine)) as session:
        _, plaintext = create_key(session, tenant, "protocol-test", role=Role.ADMIN)
    return plaintext


@asynccontextmanager
async def running(database_url: str, data_dir: Path) -> AsyncIterator[Api]:
    settings = Settings(database_url=database_url, data_dir=data_dir, max_request_bytes=64_000)
    engine = make_engine(database_url)
    key, other = _key(engine, anchors.TENANT_ID), _key(engine, "protocol-other")
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://test") as client,
    ):
        yield Api(client, key, other, engine, app.state.runtime)
    engine.dispose()


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with running(fresh_demo_url, tmp_path) as started:
        yield started


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_api(
    demo_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Api]:
    """One app for the refusals that start no run (401, 413, 422): none of them writes."""
    folder = tmp_path_factory.mktemp("agui")
    shutil.copyfile(demo_sqlite_template, folder / "demo.db")
    async with running(f"sqlite:///{folder / 'demo.db'}", folder) as started:
        yield started


SHARED = pytest.mark.asyncio(loop_scope="module")
"""The mark of a case on ``shared_api`` (the module's app runs in the module's loop)."""


def body(thread: str, text: str | None = None, **extra: Any) -> dict[str, Any]:
    """A RunAgentInput as CopilotKit sends it."""
    messages = [{"id": str(uuid.uuid4()), "role": "user", "content": text}] if text else []
    return {
        "threadId": thread,
        "runId": str(uuid.uuid4()),
        "messages": messages,
        "state": {},
        "tools": [],
        "context": [],
        "forwardedProps": {},
        **extra,
    }


def events(response: httpx.Response) -> list[dict[str, Any]]:
    """The SSE ``data:`` payloads of a response, parsed."""
    return [
        json.loads(block.removeprefix("data: "))
        for block in response.text.split("\n\n")
        if block.startswith("data: ")
    ]


def new_thread() -> str:
    return f"proto-{uuid.uuid4().hex[:12]}"


async def test_a_run_streams_sse_without_raw_events(api: Api) -> None:
    response = await api.client.post(
        "/agui", json=body(new_thread(), REFUND), headers=api.headers()
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    sent = events(response)
    types = [e["type"] for e in sent]
    assert types[0] == "RUN_STARTED"
    assert types[-1] == "RUN_FINISHED"
    assert "RAW" not in types
    assert all("rawEvent" not in e for e in sent)
    # The bytes of one refund run: the streamed answer, snapshots and the interrupt.
    assert 5_000 < len(response.content) < 60_000
    assert types.count("TEXT_MESSAGE_CONTENT") >= 10


async def test_state_snapshots_carry_what_the_client_renders(api: Api) -> None:
    thread = new_thread()
    first = await api.client.post("/agui", json=body(thread, REFUND), headers=api.headers())

    snapshots = [e["snapshot"] for e in events(first) if e["type"] == "STATE_SNAPSHOT"]
    assert snapshots and all(sorted(s) == sorted(UI_KEYS) for s in snapshots)
    assert all(a != b for a, b in pairwise(snapshots))  # no repeats
    last = snapshots[-1]
    assert last["agents"] == ["support"]
    assert last["progress"] == [
        {
            "step": "s1",
            "department": "support",
            "playbook": "support_request",
            "task": REFUND,
            "status": "done",
        }
    ]
    [waiting] = last["approvals"]
    assert (waiting["tool"], waiting["department"]) == ("process_refund", "support")
    assert waiting["reasons"] and all(isinstance(r, str) for r in waiting["reasons"])
    assert last["outcomes"] == [
        {
            "action_id": waiting["action_id"],
            "tool": "process_refund",
            "department": "support",
            "status": "awaiting_approval",
        }
    ]
    assert last["reply"].startswith("Thank you for getting in touch about your refund")

    # A client sends its state back with the next request: nothing of it enters the graph.
    state = await api.runtime.graph.aget_state({"configurable": {"thread_id": thread}})
    (interrupt,) = state.interrupts
    decisions = {"decisions": [{"type": "approve"}]}
    resume = [{"interruptId": interrupt.id, "status": "resolved", "payload": decisions}]
    done = await api.client.post(
        "/agui", json=body(thread, resume=resume, state=last), headers=api.headers()
    )
    final = [e["snapshot"] for e in events(done) if e["type"] == "STATE_SNAPSHOT"][-1]
    assert final["approvals"] == []
    assert [o["status"] for o in final["outcomes"]] == ["executed"]
    values = (await api.runtime.graph.aget_state({"configurable": {"thread_id": thread}})).values
    assert not set(UI_KEYS) & set(values)


async def test_a_run_reads_its_threads_state_once_before_and_once_after(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = api.runtime.graph
    read = graph.aget_state
    reads: list[str] = []

    async def counted(config: Any, *, subgraphs: bool = False) -> Any:
        reads.append(config["configurable"]["thread_id"])
        return await read(config, subgraphs=subgraphs)

    monkeypatch.setattr(graph, "aget_state", counted)
    thread = new_thread()
    first = events(await api.client.post("/agui", json=body(thread, REFUND), headers=api.headers()))

    # Under the thread's lock (run, resume or reopen?) and when the stream has ended;
    # the library's own start, department-entry and final-snapshot reads reuse them.
    assert reads == [thread, thread]
    types = [e["type"] for e in first]
    assert types.count("MESSAGES_SNAPSHOT") == 1  # the final one; none while the graph ran
    final = [e for e in first if e["type"] == "MESSAGES_SNAPSHOT"][-1]
    assert [m["role"] for m in final["messages"]] == ["user", "assistant"]
    assert final["messages"][-1]["content"].startswith("Thank you for getting in touch")
    (interrupt,) = (await read({"configurable": {"thread_id": thread}})).interrupts
    assert [e.get("name") for e in first if e["type"] == "CUSTOM"] == ["on_interrupt"]

    reads.clear()
    reopened = events(await api.client.post("/agui", json=body(thread), headers=api.headers()))
    assert reads == [thread]
    assert [e["type"] for e in reopened][-2:] == ["CUSTOM", "RUN_FINISHED"]
    (history,) = [e for e in reopened if e["type"] == "MESSAGES_SNAPSHOT"]
    assert history["messages"] == final["messages"]

    reads.clear()
    payload = {"decisions": [{"type": "approve"}]}
    resume = [{"interruptId": interrupt.id, "status": "resolved", "payload": payload}]
    done = events(
        await api.client.post("/agui", json=body(thread, resume=resume), headers=api.headers())
    )
    assert reads == [thread, thread]
    assert [e["type"] for e in done][-1] == "RUN_FINISHED"
    snapshot = [e for e in done if e["type"] == "STATE_SNAPSHOT"][-1]["snapshot"]
    assert [o["status"] for o in snapshot["outcomes"]] == ["executed"]


async def test_the_resume_array_form_completes_the_action_once(api: Api) -> None:
    thread = new_thread()
    await api.client.post("/agui", json=body(thread, REFUND), headers=api.headers())
    state = await api.runtime.graph.aget_state({"configurable": {"thread_id": thread}})
    (interrupt,) = state.interrupts
    resume = [
        {
            "interruptId": interrupt.id,
            "status": "resolved",
            "payload": {"decisions": [{"type": "approve"}]},
        }
    ]

    done = await api.client.post("/agui", json=body(thread, resume=resume), headers=api.headers())
    again = await api.client.post("/agui", json=body(thread, resume=resume), headers=api.headers())

    assert [e["type"] for e in events(done)][-1] == "RUN_FINISHED"
    assert "CUSTOM" not in [e["type"] for e in events(again)]
    with api.engine.connect() as conn:
        sent = conn.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.idempotency_key.like(f"{thread}:%"))
        )
        refunds = conn.scalar(
            select(func.count())
            .select_from(Refund)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == ORDER)
        )
    assert (sent, refunds) == (1, 1)


async def test_reopening_a_finished_thread_runs_nothing_again(api: Api) -> None:
    thread = new_thread()
    first = await api.client.post(
        "/agui", json=body(thread, "What is the refund policy?"), headers=api.headers()
    )
    snapshot = [e for e in events(first) if e["type"] == "MESSAGES_SNAPSHOT"][-1]

    reopened = await api.client.post("/agui", json=body(thread), headers=api.headers())

    sent = events(reopened)
    assert [e["type"] for e in sent] == [
        "RUN_STARTED",
        "STATE_SNAPSHOT",
        "MESSAGES_SNAPSHOT",
        "RUN_FINISHED",
    ]
    assert sent[2]["messages"] == snapshot["messages"]


async def test_reopening_an_unknown_thread_sends_an_empty_run(api: Api) -> None:
    reopened = await api.client.post("/agui", json=body(new_thread()), headers=api.headers())

    assert [e["type"] for e in events(reopened)] == ["RUN_STARTED", "RUN_FINISHED"]


@SHARED
async def test_no_key_or_a_bad_key_is_401(shared_api: Api) -> None:
    api = shared_api
    missing = await api.client.post("/agui", json=body(new_thread(), "Hi"))
    wrong = await api.client.post(
        "/agui", json=body(new_thread(), "Hi"), headers=api.headers("sb_not-a-key")
    )

    assert missing.status_code == 401
    assert "Authorization: Bearer" in missing.json()["error"]
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "unknown API key"


async def test_another_tenants_thread_is_404(api: Api) -> None:
    thread = new_thread()
    await api.client.post("/agui", json=body(thread, REFUND), headers=api.headers())

    for request in (body(thread, "Show me your data"), body(thread)):
        answer = await api.client.post("/agui", json=request, headers=api.headers(api.other_key))
        assert answer.status_code == 404
        assert thread in answer.json()["error"]


async def test_a_second_run_on_a_busy_thread_is_409(api: Api) -> None:
    thread = new_thread()
    with thread_lock(api.runtime.services.engine, thread):
        busy = await api.client.post("/agui", json=body(thread, "Hi"), headers=api.headers())

    assert busy.status_code == 409
    assert busy.json()["error"] == f"thread {thread} is busy with another run"
    free = await api.client.post("/agui", json=body(thread, "Hi"), headers=api.headers())
    assert free.status_code == 200


@SHARED
async def test_a_huge_body_is_413_declared_or_chunked(shared_api: Api) -> None:
    api = shared_api
    huge = json.dumps(body(new_thread(), "x" * 70_000)).encode()

    async def chunked() -> AsyncIterator[bytes]:  # no Content-Length: the size shows late
        for start in range(0, len(huge), 8192):
            yield huge[start : start + 8192]

    headers = {**api.headers(), "content-type": "application/json"}
    declared = await api.client.post("/agui", content=huge, headers=headers)
    streamed = await api.client.post("/agui", content=chunked(), headers=headers)

    for answer in (declared, streamed):
        assert answer.status_code == 413
        assert answer.json() == {
            "error": "the request body is larger than 64000 bytes; send less "
            "(the limit is SWITCHBOARD_MAX_REQUEST_BYTES)"
        }


@pytest.mark.parametrize(
    ("payload", "sentence"),
    [
        ({"runId": "r1", "messages": []}, "threadId: Field required"),
        ({"threadId": "t", "runId": "r1", "messages": [{"role": "user"}]}, "messages."),
        ({"threadId": "t" * 65, "runId": "r1", "messages": []}, "threadId: must be 1 to 64"),
        ({"threadId": "t", "runId": "", "messages": []}, "runId: must be 1 to 64 letters"),
        ({"threadId": "..", "runId": "r1", "messages": []}, "threadId: must be 1 to 64"),
        ({"threadId": "t", "runId": "../x", "messages": []}, "runId: must be 1 to 64"),
        (
            {"threadId": "t", "runId": "r1", "messages": [], "forwardedProps": "x"},
            "forwardedProps: Input should be a valid dictionary",
        ),
        (
            {
                "threadId": "t",
                "runId": "r1",
                "messages": [{"id": "m", "role": "user", "content": "a\x00b"}],
            },
            "NUL",
        ),
        ("not json", "JSON decode error"),
    ],
)
@SHARED
async def test_a_malformed_body_is_422_with_a_sentence(
    shared_api: Api, payload: Any, sentence: str
) -> None:
    api = shared_api
    if isinstance(payload, str):
        answer = await api.client.post(
            "/agui",
            content=payload,
            headers={**api.headers(), "content-type": "application/json"},
        )
    else:
        answer = await api.client.post("/agui", json=payload, headers=api.headers())

    assert answer.status_code == 422
    assert sentence in answer.json()["error"]


@pytest.fixture
def synthesis_fails_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The supervisor's synthesis step raises on its first call (before the app starts)."""
    real = graphs.supervisor.synthesize
    calls = []

    def flaky(state: Any, model: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("synthesis broke")
        return real(state, model)

    monkeypatch.setattr(graphs.supervisor, "synthesize", flaky)


async def _finished_run(api: Api, run_id: str) -> dict[str, Any]:
    for _ in range(200):
        run = (await api.client.get(f"/runs/{run_id}", headers=api.headers())).json()
        if run["status"] != "running":
            return dict(run)
        await asyncio.sleep(0.05)
    raise AssertionError(f"run {run_id} did not finish")


async def test_a_run_ending_in_run_error_is_listed_in_errors_and_retries(
    synthesis_fails_once: None, api: Api
) -> None:
    thread = new_thread()
    request = body(thread, REFUND)

    failed = await api.client.post("/agui", json=request, headers=api.headers())

    assert [e["type"] for e in events(failed)][-1] == "RUN_ERROR"
    listed = (await api.client.get("/errors", headers=api.headers())).json()["items"]
    (record,) = [r for r in listed if r["id"] == request["runId"]]
    assert record["status"] == "error"
    assert "synthesis broke" in record["error"]
    assert record["input"] == {"text": REFUND, "via": "ag-ui"}

    retry = await api.client.post(f"/errors/{request['runId']}/retry", headers=api.headers())

    assert retry.status_code == 202
    retried = await _finished_run(api, retry.json()["run_id"])
    assert retried["status"] == "interrupted"  # the refund now waits for its approval


async def test_a_failed_resume_is_an_error_with_its_decisions(api: Api) -> None:
    thread = new_thread()
    both = f"Hi, I want a refund for order {anchors.ORDER_ABOVE_REFUND_THRESHOLD}, I cannot come"
    first = body(thread, both)
    await api.client.post("/agui", json=first, headers=api.headers())
    one_decision = {"command": {"resume": {"decisions": [{"type": "approve"}]}}}
    resume = body(thread, forwardedProps=one_decision, runId=first["runId"])

    failed = await api.client.post("/agui", json=resume, headers=api.headers())

    assert [e["type"] for e in events(failed)][-1] == "RUN_ERROR"
    listed = (await api.client.get("/errors", headers=api.headers())).json()["items"]
    (record,) = [r for r in listed if r["thread_id"] == thread]
    assert record["kind"] == "resume"
    assert "2 expected" in record["error"]
    assert record["input"]["decisions"] == [{"type": "approve"}]
    assert record["input"]["client_run_id"] == first["runId"]
