"""Streaming one run over LangGraph's server API: ``switchboard serve`` vs ``/agui`` vs
``langgraph dev``.

``python -m bench.langgraph_api_stream [--runs N] [--warmup N] [--no-dev]`` streams one
request N times (a fresh thread each time, interleaved, after a warm-up) through:

- ``POST /langgraph/threads/{id}/runs/stream`` on the real app under uvicorn on
  127.0.0.1 (stream modes ``values`` + ``messages-tuple``, what agent-chat-ui's
  ``useStream`` asks for);
- ``POST /agui`` on the same app (the CopilotKit path, RAW events off);
- the same runs.stream request against ``langgraph dev`` (in memory, from
  ``langgraph.json``) started as a process on its own copy of the demo database.

It prints medians of time to first event, total time and bytes per run, then ``RESULT``
lines with the ratios (ours / theirs). Both servers run the same graph with the offline
model (no model latency: what is left is the graph and the serving). Thread creation is
not timed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from statistics import median
from time import perf_counter
from typing import Any

import httpx

from bench.demo_db import demo_copies
from bench.langgraph_dev_folder import isolated_config
from bench.report import result_line
from bench.serving_app import (
    StreamTiming,
    free_port,
    loopback,
    new_key,
    serving_app,
    timed_agui_run,
)
from bench.serving_model import latency_services
from domain.demo import anchors

REQUEST = f"Hi, I want a refund for order {anchors.ORDER_BELOW_REFUND_THRESHOLD}, I cannot come"
MODES = ["values", "messages-tuple"]
REPO = Path(__file__).resolve().parents[1]
VARIANTS = ("runs_stream", "agui", "langgraph_dev")
LABELS = {
    "runs_stream": "switchboard serve: runs.stream (/langgraph)",
    "agui": "switchboard serve: POST /agui",
    "langgraph_dev": "langgraph dev: runs.stream",
}


async def timed_stream(
    client: httpx.AsyncClient, base: str, headers: dict[str, str], text: str
) -> StreamTiming:
    """Create a thread (not timed), then stream one run on it and time its events."""
    created = await client.post(f"{base}/threads", json={}, headers=headers)
    created.raise_for_status()
    thread_id = created.json()["thread_id"]
    body: dict[str, Any] = {
        "assistant_id": "switchboard",
        "input": {"messages": [{"role": "human", "content": text}]},
        "stream_mode": MODES,
        "context": {"tenant_id": anchors.TENANT_ID},  # langgraph dev's; switchboard: the key's
    }
    timing, buffer = StreamTiming(), ""
    started = perf_counter()
    url = f"{base}/threads/{thread_id}/runs/stream"
    async with client.stream("POST", url, json=body, headers=headers) as response:
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}: {await response.aread()!r}")
        async for chunk in response.aiter_text():
            timing.bytes += len(chunk.encode())
            buffer += chunk
            *blocks, buffer = buffer.replace("\r\n", "\n").split("\n\n")
            for block in blocks:
                name = next((ln[6:].strip() for ln in block.split("\n") if ln[:6] == "event:"), "")
                if not name:
                    continue
                if not timing.types:
                    timing.first_event = perf_counter() - started
                timing.types.append(name)
    timing.total = perf_counter() - started
    if "error" in timing.types:
        raise RuntimeError(f"{url}: the run failed")
    return timing


def _dev_env(database: Path, folder: Path) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SWITCHBOARD_", "LANGSMITH_", "LANGCHAIN_", "LANGGRAPH_"))
    }
    return {
        **keep,
        "LANGGRAPH_CLI_NO_ANALYTICS": "1",
        "LANGGRAPH_NO_VERSION_CHECK": "true",
        "LANGSMITH_TRACING": "false",
        "SWITCHBOARD_MODEL": "offline",
        "SWITCHBOARD_TENANT": anchors.TENANT_ID,
        "SWITCHBOARD_DATA_DIR": str(folder),
        "SWITCHBOARD_DATABASE_URL": f"sqlite:///{database}",
    }


@asynccontextmanager
async def langgraph_dev(database: Path, folder: Path) -> AsyncIterator[str | None]:
    """``langgraph dev`` on ``database``; its URL, or None when it is not installed."""
    script = Path(sys.executable).parent / "langgraph"
    if not script.exists():
        yield None
        return
    port = free_port()
    command = [str(script), "dev", "--host", "127.0.0.1", "--port", str(port)]
    with (folder / "langgraph-dev.log").open("wb") as log:
        server = subprocess.Popen(
            [*command, "--no-browser", "--no-reload", "--config", str(isolated_config(folder))],
            cwd=folder,  # its .langgraph_api/ state, not the repository's
            env=_dev_env(database, folder),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            for _ in range(240):
                if server.poll() is not None:
                    raise RuntimeError(f"langgraph dev exited with {server.returncode}")
                try:
                    if (await client.get(f"{url}/ok")).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.5)
            else:
                raise RuntimeError("langgraph dev did not start within 120 s")
        yield url
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


async def measure(
    runs: int, text: str, warmup: int = 1, with_dev: bool = True
) -> dict[str, list[StreamTiming]]:
    """Interleaved runs of every variant; the timings by variant (warm-up dropped)."""
    results: dict[str, list[StreamTiming]] = {v: [] for v in VARIANTS}
    with demo_copies() as copies:
        settings = copies.settings("serve")
        dev_copy = copies.folder / "dev.db"
        shutil.copyfile(copies.template, dev_copy)
        services = latency_services(settings, 0.0)
        key = new_key(services.engine)
        headers = {"x-api-key": key}
        app = serving_app(settings, services)
        async with (
            loopback(app) as url,
            langgraph_dev(dev_copy, copies.folder) if with_dev else _none() as dev,
            httpx.AsyncClient(timeout=120) as client,
        ):
            for i in range(warmup + runs):
                one = {
                    "runs_stream": await timed_stream(client, f"{url}/langgraph", headers, text),
                    "agui": await timed_agui_run(client, url, key, text),
                }
                if dev is not None:
                    one["langgraph_dev"] = await timed_stream(client, dev, {}, text)
                if i >= warmup:
                    for variant, timing in one.items():
                        results[variant].append(timing)
        services.engine.dispose()
    return results


@asynccontextmanager
async def _none() -> AsyncIterator[None]:
    yield None


def summarise(results: dict[str, list[StreamTiming]]) -> dict[str, dict[str, float]]:
    """Medians per variant: ttfe_ms, total_ms, bytes, events."""
    return {
        variant: {
            "ttfe_ms": median(t.first_event for t in timings) * 1000,
            "total_ms": median(t.total for t in timings) * 1000,
            "bytes": median(t.bytes for t in timings),
            "events": median(len(t.types) for t in timings),
        }
        for variant, timings in results.items()
        if timings
    }


def report(summary: dict[str, dict[str, float]], runs: int, text: str) -> list[str]:
    """The table and the RESULT lines."""
    lines = [
        f"LangGraph server API streaming: {runs} runs per variant (medians), "
        f"stream modes {MODES}, request: {text!r}",
        "",
        f"{'variant':<46} {'TTFE ms':>8} {'total ms':>9} {'bytes':>8} {'events':>6}",
    ]
    for variant in VARIANTS:
        if variant not in summary:
            lines.append(
                f"{LABELS[variant]:<46} (not measured: --no-dev, or no langgraph-cli[inmem])"
            )
            continue
        row = summary[variant]
        lines.append(
            f"{LABELS[variant]:<46} {row['ttfe_ms']:>8.1f} {row['total_ms']:>9.1f} "
            f"{row['bytes']:>8.0f} {row['events']:>6.0f}"
        )
    lines.append("")
    ours = summary["runs_stream"]
    for other, name in (("agui", "agui"), ("langgraph_dev", "langgraph_dev")):
        if other not in summary:
            continue
        theirs = summary[other]
        names = ("runs_stream", name)
        lines += [
            result_line(f"ttfe_ms_vs_{name}", ours["ttfe_ms"], theirs["ttfe_ms"], names),
            result_line(f"total_ms_vs_{name}", ours["total_ms"], theirs["total_ms"], names),
            result_line(f"bytes_per_run_vs_{name}", ours["bytes"], theirs["bytes"], names),
        ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the comparison and print it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--request", default=REQUEST)
    parser.add_argument("--no-dev", action="store_true", help="Skip langgraph dev.")
    args = parser.parse_args(argv)
    results = asyncio.run(measure(args.runs, args.request, args.warmup, not args.no_dev))
    print("\n".join(report(summarise(results), args.runs, args.request)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
