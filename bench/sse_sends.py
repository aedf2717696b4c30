"""Sends and server CPU per streamed console run: one send per event vs a batch per send.

``python -m bench.sse_sends [--runs 100] [--clients 50] [--rounds 3] [--redis-url URL]``
starts a server process (uvicorn on 127.0.0.1, this module with ``--serve``) whose two
routes follow a run's event log on Redis exactly as ``GET /runs/{run_id}/stream`` does
in queue mode (``server.services.run_streams.console_events``), and differ in how they
write it:

- ``per_event``: FastAPI's ``EventSourceResponse`` on a generator that yields each event,
  as the console routes did before issue 12's cut: one ASGI send per event;
- ``batched``: ``server.batched_sse.BatchedEventSourceResponse``, as they do now: the
  events the log had ready at once in one send.

This process plays the queue workers: for each run it writes a console run's events
(``metadata``, 12 ``updates`` with a worker's pauses between nodes, ``end``) through
``RunEventWriter``, as a worker does, once the run's client has its response; ``C``
clients stream ``N`` runs at a time. Authentication and the run-record lookup, the same
for both, are left out. Rounds alternate the variants; each prints the server's CPU per
run (its ``time.process_time``, every thread: CPU time, not wall time, so other jobs on
the machine matter less) and the sends per run (counted by the server, an ASGI wrapper on
``send``: every body send, the body's end included). Every client checks it got every
event, in order, ending with ``end``. ``RESULT`` lines: batched vs per_event, sends per
run and CPU ms per run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from statistics import median
from types import SimpleNamespace
from typing import Any, cast

VARIANTS = ("per_event", "batched")
TREE = Path(__file__).resolve().parent.parent
GAPS_MS = (0, 1, 1, 25, 1, 1, 40, 1, 1, 60, 1, 1)
"""Pauses before each ``updates`` event: nodes finish in bursts between model calls."""


# --- the server process ---------------------------------------------------------------------


def _app(redis_url: str, prefix: str) -> Any:
    """The two streaming routes over one Redis event log, with sends counted."""
    from fastapi import FastAPI
    from fastapi.sse import EventSourceResponse, ServerSentEvent

    from adapters.run_events.redis_streams import RedisRunEventLog
    from server.batched_sse import BatchedEventSourceResponse
    from server.runtime import AppRuntime
    from server.services.run_streams import console_events

    log = RedisRunEventLog(redis_url, prefix=prefix)
    settings = SimpleNamespace(stream_idle_check_seconds=60.0)  # runs here last < 1 s
    runtime = cast(
        AppRuntime, SimpleNamespace(run_events=log, services=SimpleNamespace(settings=settings))
    )
    principal: Any = None  # read only when a log goes quiet, which these never do
    app = FastAPI()

    @app.get("/per_event/{run_id}", response_class=EventSourceResponse)
    async def per_event(run_id: str) -> AsyncIterator[ServerSentEvent]:
        async for batch in console_events(runtime, principal, run_id):
            for event in batch:
                yield event

    @app.get("/batched/{run_id}")
    async def batched(run_id: str) -> BatchedEventSourceResponse:
        return BatchedEventSourceResponse(console_events(runtime, principal, run_id))

    return SendCounter(app)


class SendCounter:
    """An ASGI wrapper counting body sends (the body's end included: FastAPI's is a send
    of its own); ``GET /counts`` answers and resets them.

    It answers the process's CPU seconds too (``time.process_time``: every thread, to
    the nanosecond, where ``/proc`` counts 10 ms ticks).
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.sends = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/counts":
            counts = {"sends": self.sends, "cpu": time.process_time()}
            body = json.dumps(counts).encode()
            self.sends = 0
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": body})
            return

        async def counted(message: Any) -> None:
            if message["type"] == "http.response.body":  # the body's end too
                self.sends += 1
            await send(message)

        await self.app(scope, receive, counted)


def serve(port: int, redis_url: str, prefix: str) -> None:
    import uvicorn

    uvicorn.run(
        _app(redis_url, prefix), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )


# --- the measuring process ------------------------------------------------------------------


def run_events(run_id: str) -> list[dict[str, Any]]:
    """A console run's events as a worker logs them (shapes of ``background_runs``)."""
    events: list[dict[str, Any]] = [
        {"event": "metadata", "data": {"run_id": run_id, "thread_id": f"t-{run_id}"}}
    ]
    for n, _ in enumerate(GAPS_MS):
        update = {
            "department": ("support", "operations", "supervisor")[n % 3],
            "node": f"node_{n}",
            "tool_calls": [{"name": "lookup_order", "args": {"order_id": "ORD-10501"}}],
            "answer": "The order ORD-10501 qualifies for a refund of 120.00 EUR. " * 3,
        }
        events.append({"event": "updates", "data": update})
    end = {"run_id": run_id, "status": "done", "agents": ["support"], "answer": "Refunded."}
    events.append({"event": "end", "data": end})
    return events


async def _write_run(log: Any, run_id: str) -> None:
    """Write ``run_events`` as a worker does: through ``RunEventWriter``, pausing per node."""
    from adapters.run_events.writer import RunEventWriter

    events = run_events(run_id)
    writer = RunEventWriter(log, run_id)
    writer.put(events[0])
    for gap, event in zip(GAPS_MS, events[1:-1], strict=True):
        if gap:
            await asyncio.sleep(gap / 1000)
        writer.put(event)
    writer.put(events[-1])
    await writer.close()


def _check(body: str, run_id: str) -> int:
    """The number of events in ``body``; fails unless all came, in order, ending with ``end``."""
    frames = [f for f in body.split("\n\n") if f and not f.startswith(":")]
    names = [line[7:] for f in frames for line in f.split("\n") if line.startswith("event: ")]
    ids = [line[4:] for f in frames for line in f.split("\n") if line.startswith("id: ")]
    expected = [e["event"] for e in run_events(run_id)]
    keys = [tuple(int(p) for p in i.split("-")) for i in ids]
    if names != expected or len(ids) != len(frames) or keys != sorted(keys):
        raise AssertionError(f"run {run_id}: got events {names} with ids {ids}")
    return len(frames)


async def _round(base: str, log: Any, variant: str, runs: int, clients: int) -> dict[str, float]:
    """``runs`` runs streamed by ``clients`` clients; CPU ms, sends and events per run."""
    import httpx

    limits = httpx.Limits(max_connections=clients + 2)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        started = (await client.get("/counts")).json()["cpu"]  # resets the count
        todo, events, written = list(range(runs)), [0], []

        async def one_client() -> None:
            while todo:
                todo.pop()
                run_id = f"bench-{uuid.uuid4().hex[:12]}"
                written.append(run_id)
                async with client.stream("GET", f"/{variant}/{run_id}") as response:
                    response.raise_for_status()
                    writing = asyncio.create_task(_write_run(log, run_id))
                    body = "".join([text async for text in response.aiter_text()])
                    await writing
                events[0] += _check(body, run_id)

        await asyncio.gather(*(one_client() for _ in range(clients)))
        counts = (await client.get("/counts")).json()
    cpu, sends = counts["cpu"] - started, counts["sends"]
    await log.delete(*written)
    return {"cpu_ms": cpu * 1000 / runs, "sends": sends / runs, "events": events[0] / runs}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def measure(args: argparse.Namespace) -> dict[str, list[dict[str, float]]]:
    """Every round's figures by variant (the server process started and stopped here)."""
    from adapters.run_events.redis_streams import RedisRunEventLog

    prefix = f"switchboard:bench-sse-{uuid.uuid4().hex[:8]}:"
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(TREE)}
    command = [sys.executable, "-m", "bench.sse_sends", "--serve", str(port)]
    server = subprocess.Popen(
        [*command, "--redis-url", args.redis_url, "--prefix", prefix], cwd=TREE, env=env
    )
    log = RedisRunEventLog(args.redis_url, prefix=prefix)
    base = f"http://127.0.0.1:{port}"
    try:
        await _started(base, server)
        rows: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
        for variant in VARIANTS:  # warm imports, connections and the pump
            await _round(base, log, variant, args.warmup, min(args.clients, args.warmup))
        for _ in range(args.rounds):
            for variant in VARIANTS:
                rows[variant].append(await _round(base, log, variant, args.runs, args.clients))
        return rows
    finally:
        server.terminate()
        server.wait(30)
        await log.aclose()


async def _started(base: str, server: subprocess.Popen[bytes]) -> None:
    """Return once the server answers (fails if it exits first)."""
    import httpx

    deadline = time.monotonic() + 60
    async with httpx.AsyncClient(base_url=base) as client:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError(f"the bench server exited ({server.returncode})")
            try:
                (await client.get("/counts")).raise_for_status()
                return
            except httpx.TransportError:
                await asyncio.sleep(0.1)
    raise RuntimeError("the bench server did not start within 60 s")


def main(argv: Sequence[str] | None = None) -> int:
    from bench.report import result_line
    from switchboard.settings import Settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100, help="Runs per variant and round.")
    parser.add_argument("--clients", type=int, default=50, help="Concurrent streaming clients.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=10, help="Runs per variant first.")
    parser.add_argument("--redis-url", default=Settings().test_redis_url)
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--prefix", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve is not None:
        serve(args.serve, args.redis_url, args.prefix)
        return 0
    rows = asyncio.run(measure(args))
    print(
        f"{args.runs} console runs per variant and round, {args.clients} clients, "
        f"{args.rounds} rounds, Redis event log; server CPU = its process time"
    )
    print(f"{'variant':<11}{'CPU ms/run':>12}{'sends/run':>11}{'events/run':>12}  CPU ms by round")
    med = {v: {k: median(r[k] for r in rows[v]) for k in rows[v][0]} for v in VARIANTS}
    for variant in VARIANTS:
        by_round = " ".join(f"{r['cpu_ms']:.2f}" for r in rows[variant])
        m = med[variant]
        print(
            f"{variant:<11}{m['cpu_ms']:>12.2f}{m['sends']:>11.2f}{m['events']:>12.1f}  {by_round}"
        )
    names = ("batched", "per_event")
    print(result_line("sends_per_run", med["batched"]["sends"], med["per_event"]["sends"], names))
    print(
        result_line("cpu_ms_per_run", med["batched"]["cpu_ms"], med["per_event"]["cpu_ms"], names)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
