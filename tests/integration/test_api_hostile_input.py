"""Hostile input on every operation, on Postgres: never a 5xx, always a JSON sentence.

Complements the schemathesis fuzz (``test_api_fuzz.py``, random schema-shaped values on
SQLite) with the values attackers actually send, on Postgres, where a NUL character in
a text or jsonb column makes the driver raise: lone UTF-16 surrogates written as raw
JSON ``"\\ud800"`` escapes, NUL, path traversal, CRLF, very long strings, huge and
non-finite numbers, wrong types, deep nesting, invalid UTF-8, and 1 MB bodies both
declared (``Content-Length``) and chunked.

Every operation of the OpenAPI schema and ``POST /agui`` gets each value in each place
a client controls: every path parameter, every query parameter, every top-level field
of its body (and the free-form places inside: edited tool arguments, AG-UI message
content, ``state``, ``forwardedProps``), an unknown field, and the whole body. The rest
of each request is valid and names real records (a thread waiting for approval, an
idle thread, a run, a pending approval), so a value that validation lets through
reaches the database and the graph. The app runs under uvicorn (real HTTP: chunked
uploads, percent-decoding) with business data and checkpoints in Postgres.

Every answer must be below 500; every 4xx must be JSON with an ``error`` sentence; an
AG-UI stream that was accepted must not end in ``RUN_ERROR``. The test fails listing
each violation with the request that caused it.
"""

from __future__ import annotations

import copy
import itertools
import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from domain.demo import anchors
from server.app import create_app
from server.services.langgraph_api.crons import cron_uuid
from switchboard.settings import Settings
from tests.api_helpers import REFUND_REQUEST, TENANT_A, http_server, make_keys, sse_events

pytestmark = pytest.mark.postgres

MEGABYTE_BODY = json.dumps({"text": "x" * 1_000_000}).encode()
SENTINEL = "__hostile__"
LG_CRON = {
    "assistant_id": "switchboard",
    "schedule": "0 9 * * *",
    "input": {"messages": [{"role": "user", "content": "daily insights"}]},
}


@dataclass(frozen=True)
class Hostile:
    """One hostile value: as written inside a JSON body, and in a URL (if it has a form)."""

    label: str
    json_text: str
    url_text: str | None = None


def _string(label: str, value: str, url_text: str | None = None) -> Hostile:
    # ensure_ascii writes a lone surrogate as the raw escape "\ud800" a client would send
    return Hostile(label, json.dumps(value, ensure_ascii=True), url_text or quote(value, safe=""))


STRINGS = [
    _string("lone surrogate", "\ud800", "%ED%A0%80"),
    _string("lone low surrogate in text", "refund \udfff please", "refund%20%ED%B0%80"),
    _string("NUL", "\x00"),
    _string("NUL in text", "refund ORD-10500\x00 now"),
    _string("dot-dot", "..", "%2E%2E"),
    _string("path traversal", "../../etc/passwd", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd"),
    _string("backslash traversal", "..\\..\\boot.ini", "%2E%2E%5C%2E%2E%5Cboot.ini"),
    _string("very long", "x" * 100_000, "x" * 6_000),
    _string("CRLF", "a\r\nSet-Cookie: x=1"),
    _string("SQL", "' OR 1=1 --"),
    _string("markup", "<script>alert(1)</script>"),
    _string("right-to-left override", "\u202egnp.exe"),
    _string("control characters", "\x1b[31m\x07\x7f"),
    _string("empty", "", ""),
]
OTHERS = [
    Hostile("huge integer", "123456789012345678901234567890", "123456789012345678901234567890"),
    Hostile("negative", "-1", "-1"),
    Hostile("fraction", "1.5", "1.5"),
    Hostile("1e308", "1e308", "1e308"),
    Hostile("NaN", "NaN", "NaN"),
    Hostile("-Infinity", "-Infinity", "-Infinity"),
    Hostile("boolean as string", '"yes"', "yes"),
    Hostile("true", "true", "true"),
    Hostile("null", "null"),
    Hostile("empty object", "{}"),
    Hostile("empty array", "[]"),
    Hostile("array of bad strings", '["\\u0000", "\\ud800", ".."]'),
    Hostile("object with bad keys", '{"\\ud800": 1, "a\\u0000": 2, "..": 3}'),
    Hostile("nested 100 deep", "[" * 100 + "]" * 100),
    Hostile("objects 100 deep", '{"a":' * 100 + "1" + "}" * 100),
]
VALUES = STRINGS + OTHERS
IN_URLS = [h for h in VALUES if h.url_text is not None]
IN_HEADERS = [
    "",
    "seven",
    "-1",
    "1-2-3",
    "0-0",
    "9" * 30 + "-1",
    "1" * 99,
    "x" * 4000,
    "' OR 1=1 --",
    "%00",
]
"""Values for a header parameter (``Last-Event-ID``): printable ASCII, as HTTP allows."""


@dataclass
class Target:
    """Where the hostile requests go: the server, the key, and real records to name."""

    client: httpx.Client
    thread_id: str
    idle_thread_id: str
    run_id: str
    approval_id: int
    key_id: int
    """A spare key of the tenant, so revoking or rotating it leaves the test's own key."""
    cron_id: int
    spare_thread_id: str = ""
    """A thread for the deleting operation, so the others keep theirs."""

    def path_values(self) -> dict[str, str]:
        return {
            "thread_id": self.idle_thread_id,
            "run_id": self.run_id,
            "approval_id": str(self.approval_id),
            "agent": "research",
            "key_id": str(self.key_id),
            "contact_id": "1",
            "step_id": "1",
            "cron_id": str(self.cron_id),
            "assistant_id": "switchboard",
            "checkpoint_id": "1f0a",
        }


def agui_body() -> dict[str, Any]:
    """A valid AG-UI request on a new thread: a reopen (no message), so nothing runs
    unless the hostile value itself is a message the graph accepts."""
    return {"threadId": str(uuid.uuid4()), "runId": str(uuid.uuid4()), "messages": []}


LANGGRAPH_RESUME = {
    "assistant_id": "switchboard",
    "command": {"resume": {"decisions": [{"type": "approve"}]}},
    "multitask_strategy": "reject",
    "stream_mode": ["values"],
}


def valid_body(method: str, path: str, target: Target) -> Any:
    """A body the operation accepts (``None`` for one without a body)."""
    bodies: dict[tuple[str, str], Any] = {
        ("post", "/agui"): agui_body(),
        ("patch", "/agents/{agent}"): {"enabled": True, "tone": "friendly"},
        ("post", "/threads"): {"title": "hostile"},
        ("post", "/threads/{thread_id}/runs"): {"text": "What is the refund policy?"},
        ("post", "/threads/{thread_id}/runs/stream"): {"text": "What is the refund policy?"},
        ("post", "/approvals/{approval_id}/approve"): {"message": "ok"},
        ("post", "/approvals/{approval_id}/reject"): {"message": "no"},
        ("post", "/approvals/{approval_id}/edit"): {
            "args": {"order_number": anchors.ORDER_BELOW_REFUND_THRESHOLD, "amount": 100},
            "message": "less",
        },
        ("post", "/approvals/bulk"): {"ids": [target.approval_id], "decision": "reject"},
        ("post", "/keys"): {"name": "hostile", "role": "viewer"},
        ("post", "/keys/{key_id}/rotate"): {"expires_in": "30d"},
        ("patch", "/tenant/settings"): {"require_distinct_approver": False},
        ("patch", "/budgets"): {"max_runs": 100000},
        ("post", "/crons"): {
            "name": "hostile",
            "kind": "request",
            "request_text": "daily insights",
        },
        ("patch", "/crons/{cron_id}"): {"paused": True, "schedule": "0 9 * * *"},
        ("post", "/privacy/erase"): {"email": "nobody@example.com"},
        ("post", "/leads"): {
            "company_id": 1,
            "email": "hostile.lead@initech.example",
            "first_name": "Hostile",
            "last_name": "Lead",
            "title": "VP Marketing",
        },
        # LangGraph's server API. A run body resumes the idle thread (409: nothing waits),
        # so no hostile variant can start one.
        ("post", "/langgraph/assistants/search"): {"graph_id": "switchboard"},
        ("post", "/langgraph/assistants/count"): {"graph_id": "switchboard"},
        ("post", "/langgraph/threads"): {"if_exists": "do_nothing"},
        ("post", "/langgraph/threads/search"): {"limit": 5, "status": "idle"},
        ("post", "/langgraph/runs/crons"): LG_CRON,
        ("post", "/langgraph/threads/{thread_id}/runs/crons"): LG_CRON,
        ("post", "/langgraph/runs/crons/search"): {"limit": 5, "enabled": True},
        ("post", "/langgraph/runs/crons/count"): {"assistant_id": "switchboard"},
        ("patch", "/langgraph/runs/crons/{cron_id}"): {"enabled": False, "schedule": "0 9 * * *"},
        ("post", "/langgraph/threads/{thread_id}/state/checkpoint"): {
            "checkpoint": {"checkpoint_id": "1f0a"}
        },
        ("post", "/langgraph/threads/{thread_id}/state"): {
            "values": {"messages": [{"role": "user", "content": "noted"}]}
        },
        ("post", "/langgraph/threads/{thread_id}/history"): {"limit": 5},
        ("post", "/langgraph/threads/{thread_id}/runs"): LANGGRAPH_RESUME,
        ("post", "/langgraph/threads/{thread_id}/runs/stream"): LANGGRAPH_RESUME,
        ("post", "/langgraph/threads/{thread_id}/runs/wait"): LANGGRAPH_RESUME,
    }
    return copy.deepcopy(bodies.get((method, path)))


EXTRA_PLACES: dict[str, list[tuple[str | int, ...]]] = {
    "/agui": [
        ("messages", 0, "content"),
        ("state", "request"),
        ("forwardedProps", "command", "resume", "decisions", 0, "type"),
    ],
    "/approvals/{approval_id}/edit": [("args", "amount"), ("args", "order_number")],
}


def body_places(
    operation: dict[str, Any], path: str, schema: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """Every top-level field of the operation's body, the free-form places, a new field."""
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if content is None:
        return []
    body_schema = content["schema"]
    refs = [body_schema, *body_schema.get("anyOf", [])]
    fields: list[str] = []
    for ref in refs:
        if "$ref" in ref:
            name = ref["$ref"].rsplit("/", 1)[1]
            fields += list(schema["components"]["schemas"][name].get("properties", {}))
    places: list[tuple[Any, ...]] = [(f,) for f in fields]
    return [*places, *EXTRA_PLACES.get(path, []), ("unexpected",)]


def placed(body: Any, place: tuple[Any, ...]) -> Any:
    """``body`` with the sentinel at ``place`` (missing objects and arrays are created)."""
    body = copy.deepcopy(body) if isinstance(body, dict) else {}
    node: Any = body
    for key, following in itertools.pairwise(place):
        child = node[key] if _has(node, key) else None
        if not isinstance(child, dict | list):
            child = [] if isinstance(following, int) else {}
            if isinstance(node, list):
                node.append(child)
            else:
                node[key] = child
        node = child
    last = place[-1]
    if isinstance(node, list):
        node[last:] = [SENTINEL]
    else:
        node[last] = SENTINEL
    return body


def _has(node: Any, key: Any) -> bool:
    return (isinstance(node, dict) and key in node) or (
        isinstance(node, list) and isinstance(key, int) and key < len(node)
    )


def with_value(body: Any, hostile: Hostile) -> bytes:
    """The JSON text of ``body`` with the hostile value's raw text at the sentinel."""
    return json.dumps(body).replace(json.dumps(SENTINEL), hostile.json_text).encode()


def whole_bodies() -> list[tuple[str, bytes | Iterator[bytes], str]]:
    """(label, body, content type) of hostile bodies that replace the whole body."""

    def chunked() -> Iterator[bytes]:  # no Content-Length: the size shows only while read
        for start in range(0, len(MEGABYTE_BODY), 65_536):
            yield MEGABYTE_BODY[start : start + 65_536]

    return [
        *[(f"body is {h.label}", h.json_text.encode(), "application/json") for h in VALUES],
        ("1 MB declared", MEGABYTE_BODY, "application/json"),
        ("1 MB chunked", chunked(), "application/json"),
        ("nested 100000 deep", b"[" * 100_000 + b"]" * 100_000, "application/json"),
        ("invalid UTF-8", b'{"text": "\xff\xfe\xed\xa0\x80"}', "application/json"),
        ("truncated JSON", b'{"text": "hi', "application/json"),
        ("form-encoded", b"text=hi&enabled=yes", "application/x-www-form-urlencoded"),
    ]


class Findings:
    """Violations and counts per operation and status."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.statuses: Counter[int] = Counter()
        self.requests = 0
        self.slowest: list[tuple[float, str]] = []

    def check(self, label: str, response: httpx.Response) -> None:
        self.requests += 1
        self.slowest.append((response.elapsed.total_seconds(), label))
        self.statuses[response.status_code] += 1
        status, text = response.status_code, response.text
        if status >= 500:
            self.problems.append(f"{label}: {status} {text[:200]}")
            return
        if response.headers.get("content-type", "").startswith("text/event-stream"):
            errors = [data for name, data in sse_events(text) if '"RUN_ERROR"' in data]
            if errors:
                self.problems.append(f"{label}: the stream ended in {errors[0][:200]}")
            return
        if status < 400:
            return
        try:
            error = response.json().get("error")
        except (ValueError, AttributeError):
            self.problems.append(f"{label}: {status} without a JSON body: {text[:200]}")
            return
        if not isinstance(error, str) or len(error) < 12 or " " not in error:
            self.problems.append(f"{label}: {status} without a sentence: {text[:200]}")


@dataclass
class Operation:
    """One operation of the schema and how to address it with valid values."""

    method: str
    path: str
    spec: dict[str, Any]
    target: Target

    @property
    def label(self) -> str:
        return f"{self.method.upper()} {self.path}"

    def url(self, overrides: dict[str, str] | None = None, query: str = "") -> str:
        values = self.target.path_values()
        if (self.method, self.path) == ("delete", "/langgraph/threads/{thread_id}"):
            values["thread_id"] = self.target.spare_thread_id
        if self.path.startswith("/langgraph/runs/crons/{cron_id}"):
            values["cron_id"] = cron_uuid(self.target.cron_id)
        values.update(overrides or {})
        return self.path.format(**values) + (f"?{query}" if query else "")

    def body(self) -> Any:
        return valid_body(self.method, self.path, self.target)

    def params(self, where: str) -> list[str]:
        return [p["name"] for p in self.spec.get("parameters", []) if p["in"] == where]


def send(
    operation: Operation,
    findings: Findings,
    label: str,
    url: str,
    body: bytes | Iterator[bytes] | None,
    content_type: str = "application/json",
    extra_headers: dict[str, str] | None = None,
) -> None:
    """One request; what came back goes to ``findings``."""
    headers = {"content-type": content_type} if body is not None else {}
    headers.update(extra_headers or {})
    label = f"{operation.label} {label}"
    try:
        response = operation.target.client.request(
            operation.method, url, content=body, headers=headers
        )
    except httpx.HTTPError as exc:  # a connection reset or a broken stream is a failure too
        findings.problems.append(f"{label}: no answer ({type(exc).__name__}: {exc})")
        return
    findings.check(label, response)


def attack(operation: Operation, schema: dict[str, Any], findings: Findings) -> None:
    """Every hostile value in every place a client controls of one operation."""
    valid = operation.body()
    valid_bytes = None if valid is None else json.dumps(valid).encode()
    for name in operation.params("path"):
        for hostile in IN_URLS:
            url = operation.url({name: hostile.url_text or ""})
            send(operation, findings, f"path {name}={hostile.label}", url, valid_bytes)
    for name in operation.params("query"):
        for hostile in IN_URLS:
            url = operation.url(query=f"{name}={hostile.url_text}")
            send(operation, findings, f"query {name}={hostile.label}", url, valid_bytes)
    for name in operation.params("header"):
        for text in IN_HEADERS:
            header = {name: text}
            label = f"header {name}={text[:20]!r}"
            send(operation, findings, label, operation.url(), valid_bytes, extra_headers=header)
    for place in body_places(operation.spec, operation.path, schema):
        where = ".".join(str(p) for p in place)
        for hostile in VALUES:
            payload = with_value(placed(operation.body(), place), hostile)
            send(operation, findings, f"body {where}={hostile.label}", operation.url(), payload)
    for label, whole, content_type in whole_bodies():
        send(operation, findings, label, operation.url(), whole, content_type)


def operations(schema: dict[str, Any], target: Target) -> list[Operation]:
    """The schema's operations; those that decide the pending approval go last (after a
    decision, the approval's other places answer 409 and go no deeper)."""
    found = [
        Operation(method, path, spec, target)
        for path, item in schema["paths"].items()
        for method, spec in item.items()
    ]
    return sorted(found, key=lambda o: any(w in o.path for w in ("/approve", "/reject", "bulk")))


@pytest.fixture
def target(postgres_url: str, tmp_path: Path) -> Iterator[Target]:
    """The app on Postgres under uvicorn, and records for the attack to name."""
    key = make_keys(postgres_url)[TENANT_A]
    settings = Settings(
        database_url=postgres_url,
        checkpoint_url=postgres_url,
        data_dir=tmp_path / "data",
        rate_limit_enabled=False,  # thousands of requests from one key: attack routes, not 429
    )
    with (
        http_server(create_app(settings)) as base_url,
        httpx.Client(
            base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=60
        ) as client,
    ):
        waiting = client.post("/threads", json={"title": "waiting"}).json()["id"]
        idle = client.post("/threads", json={"title": "idle"}).json()["id"]
        run_id = client.post(f"/threads/{waiting}/runs", json={"text": REFUND_REQUEST}).json()[
            "run_id"
        ]
        deadline = time.monotonic() + 60
        while client.get(f"/runs/{run_id}").json()["status"] == "running":
            assert time.monotonic() < deadline, "the refund run did not finish"
            time.sleep(0.05)
        approvals = client.get("/approvals", params={"thread_id": waiting}).json()["items"]
        assert approvals, "the refund run should wait for approval"
        spare = client.post("/keys", json={"name": "spare", "role": "viewer"}).json()["key"]["id"]
        cron = client.post("/crons", json={"name": "target", "kind": "daily_insights"}).json()
        spare_thread = client.post("/threads", json={"title": "spare"}).json()["id"]
        yield Target(
            client, waiting, idle, run_id, approvals[0]["id"], spare, cron["id"], spare_thread
        )


def test_hostile_input_never_gets_a_5xx_and_always_a_sentence(target: Target) -> None:
    schema = target.client.get("/openapi.json").json()
    findings = Findings()
    started = time.monotonic()

    attacked = operations(schema, target)
    for operation in attacked:
        attack(operation, schema, findings)

    print(
        f"\n{findings.requests} hostile requests over {len(attacked)} operations in "
        f"{time.monotonic() - started:.1f} s; statuses {sorted(findings.statuses.items())}"
    )
    print(
        "slowest:",
        *[f"{t:.2f} s {label:.100}" for t, label in sorted(findings.slowest)[-5:]],
        sep="\n  ",
    )
    failed = target.client.get("/errors", params={"limit": 200}).json()["items"]
    print(
        f"runs that failed on hostile input: {len(failed)}",
        *[f"{r['input']!r:.80}: {r['error']}" for r in failed[:5]],
        sep="\n  ",
    )
    assert not failed, "a hostile request started a run that failed instead of a 4xx"
    assert "POST /agui" in {o.label for o in attacked} and len(attacked) >= 29
    assert findings.statuses[413] >= 2 * len(attacked)  # both 1 MB bodies, everywhere
    assert not findings.problems, f"{len(findings.problems)} violations:\n" + "\n".join(
        findings.problems[:60]
    )
