"""What serving over AG-UI costs beside raw LangGraph streaming, on the same compiled graph.

``python -m bench.serving_overhead [--runs N] [--request TEXT]`` runs one request N times
(fresh thread each time, interleaved, after a warm-up) through:

- ``POST /agui`` on the real app, served by uvicorn on 127.0.0.1 (HTTP client: httpx);
- ``graph.astream(..., stream_mode="updates")`` and ``stream_mode="messages"`` (with
  ``subgraphs=True``, as the AG-UI agent streams) on the very graph the app serves,
  each chunk framed as the server-sent event LangGraph's own server would send
  (``event: <mode>`` + compact JSON);
- the AG-UI agent in process with RAW events off (the server's setting) and on.

It prints medians of time to first event, time to first text token, total time and
bytes per run, then ``RESULT`` lines with the agui/raw ratios. Everything runs in one
process and one event loop on a private copy of the demo database, with the offline
model (no model latency: what is left is the graph and the serving).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from statistics import median
from time import perf_counter
from typing import Any

import httpx
from ag_ui.core import RunAgentInput
from ag_ui.encoder import EventEncoder
from langchain_core.messages import BaseMessage, HumanMessage
from pydantic import BaseModel

from bench.demo_db import demo_copies
from bench.report import result_line
from bench.serving_app import (
    StreamTiming,
    loopback,
    new_key,
    run_body,
    serving_app,
    timed_agui_run,
)
from bench.serving_model import latency_services
from domain.demo import anchors
from graphs.context import Context
from server.agui_agent import SwitchboardAgent

REQUEST = f"Hi, I want a refund for order {anchors.ORDER_BELOW_REFUND_THRESHOLD}, I cannot come"
CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="bench")
VARIANTS = (
    "agui_http",
    "raw_updates",
    "raw_messages",
    "agui_raw_off",
    "agui_raw_on",
)
LABELS = {
    "agui_http": "POST /agui over HTTP (RAW off)",
    "raw_updates": 'graph.astream("updates", subgraphs)',
    "raw_messages": 'graph.astream("messages", subgraphs)',
    "agui_raw_off": "AG-UI agent in process, RAW off",
    "agui_raw_on": "AG-UI agent in process, RAW on",
}


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, date | datetime | Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return repr(value)


def sse(mode: str, chunk: Any) -> str:
    """A chunk framed as a server-sent event, compact JSON."""
    data = json.dumps(chunk, default=_json_default, separators=(",", ":"))
    return f"event: {mode}\ndata: {data}\n\n"


def _has_text(chunk: Any) -> bool:
    _namespace, payload = chunk
    message = payload[0] if isinstance(payload, tuple) else None
    return isinstance(message, BaseMessage) and bool(message.text)


async def timed_raw(graph: Any, mode: str, text: str) -> StreamTiming:
    """One run through ``graph.astream`` in ``mode``, timed and measured as SSE bytes.

    With subgraphs, as the AG-UI agent streams: the department agents' tokens and
    steps happen inside subgraphs.
    """
    timing = StreamTiming()
    config = {"configurable": {"thread_id": str(uuid.uuid4())}}
    started = perf_counter()
    async for chunk in graph.astream(
        {"messages": [HumanMessage(text)]},
        config,
        context=CONTEXT,
        stream_mode=mode,
        subgraphs=True,
        durability="sync",
    ):
        now = perf_counter() - started
        if not timing.types:
            timing.first_event = now
        if timing.first_token is None and _has_text(chunk):
            timing.first_token = now
        timing.bytes += len(sse(mode, chunk).encode())
        timing.types.append(mode)
    timing.total = perf_counter() - started
    return timing


async def timed_agent(graph: Any, text: str, *, raw_events: bool) -> StreamTiming:
    """One run through the AG-UI agent in process, encoded as the endpoint encodes it."""
    timing = StreamTiming()
    agent = SwitchboardAgent(graph=graph, context=CONTEXT, emit_raw_events=raw_events)
    encoder = EventEncoder(accept="text/event-stream")
    started = perf_counter()
    async for event in agent.run(RunAgentInput.model_validate(run_body(text))):
        now = perf_counter() - started
        if not timing.types:
            timing.first_event = now
        if timing.first_token is None and event.type == "TEXT_MESSAGE_CONTENT":
            timing.first_token = now
        timing.bytes += len(encoder.encode(event).encode())
        timing.types.append(str(event.type))
    timing.total = perf_counter() - started
    return timing


async def measure(runs: int, text: str, warmup: int = 2) -> dict[str, list[StreamTiming]]:
    """Interleaved runs of every variant; the timings by variant (warm-up dropped)."""
    results: dict[str, list[StreamTiming]] = {v: [] for v in VARIANTS}
    with demo_copies() as copies:
        settings = copies.settings("serving")
        services = latency_services(settings, 0.0)
        key = new_key(services.engine)
        app = serving_app(settings, services)
        async with loopback(app) as url, httpx.AsyncClient(timeout=60) as client:
            graph = app.state.runtime.graph
            for i in range(warmup + runs):
                one = {
                    "agui_http": await timed_agui_run(client, url, key, text),
                    "raw_updates": await timed_raw(graph, "updates", text),
                    "raw_messages": await timed_raw(graph, "messages", text),
                    "agui_raw_off": await timed_agent(graph, text, raw_events=False),
                    "agui_raw_on": await timed_agent(graph, text, raw_events=True),
                }
                if i >= warmup:
                    for variant, timing in one.items():
                        results[variant].append(timing)
        services.engine.dispose()
    return results


def _ms(values: list[float | None]) -> float:
    present = [v for v in values if v is not None]
    return median(present) * 1000 if present else float("nan")


def summarise(results: dict[str, list[StreamTiming]]) -> dict[str, dict[str, float]]:
    """Medians per variant: ttfe_ms, first_token_ms, total_ms, bytes, events."""
    return {
        variant: {
            "ttfe_ms": _ms([t.first_event for t in timings]),
            "first_token_ms": _ms([t.first_token for t in timings]),
            "total_ms": _ms([t.total for t in timings]),
            "bytes": median(t.bytes for t in timings),
            "events": median(len(t.types) for t in timings),
        }
        for variant, timings in results.items()
    }


def report(summary: dict[str, dict[str, float]], runs: int, text: str) -> list[str]:
    """The table and the RESULT lines."""
    lines = [
        f"Serving overhead: {runs} runs per variant (medians), request: {text!r}",
        "",
        f"{'variant':<42} {'TTFE ms':>8} {'1st token ms':>12} {'total ms':>9} "
        f"{'bytes':>8} {'events':>6}",
    ]
    for variant in VARIANTS:
        row = summary[variant]
        lines.append(
            f"{LABELS[variant]:<42} {row['ttfe_ms']:>8.1f} {row['first_token_ms']:>12.1f} "
            f"{row['total_ms']:>9.1f} {row['bytes']:>8.0f} {row['events']:>6.0f}"
        )
    agui, upd, msg = summary["agui_http"], summary["raw_updates"], summary["raw_messages"]
    on, off = summary["agui_raw_on"], summary["agui_raw_off"]
    names = ("agui", "raw")
    lines += [
        "",
        result_line("ttfe_ms", agui["ttfe_ms"], upd["ttfe_ms"], names),
        result_line("ttfe_ms_vs_messages", agui["ttfe_ms"], msg["ttfe_ms"], names),
        result_line("first_token_ms", agui["first_token_ms"], msg["first_token_ms"], names),
        result_line("total_ms", agui["total_ms"], upd["total_ms"], names),
        result_line("bytes_per_run", agui["bytes"], upd["bytes"], names),
        result_line("bytes_per_run_vs_messages", agui["bytes"], msg["bytes"], names),
        result_line("raw_events_bytes", on["bytes"], off["bytes"], ("raw_on", "raw_off")),
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison and print the table and RESULT lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Measured runs per variant.")
    parser.add_argument("--warmup", type=int, default=2, help="Unmeasured runs first.")
    parser.add_argument("--request", default=REQUEST, help="The user message to run.")
    args = parser.parse_args(argv)
    results = asyncio.run(measure(args.runs, args.request, args.warmup))
    print("\n".join(report(summarise(results), args.runs, args.request)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
