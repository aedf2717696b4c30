"""Many streaming clients against one server, with a model of fixed latency.

``python -m bench.concurrent_clients [--clients 1,10,50] [--latency 0.2] [--seconds 10]``
(``--ready-seconds``: how long the server may take to start, 300 by default)
starts ``switchboard``'s app (``python -m bench.serving_app``: the production app and
lifespan, SQLite business data and checkpoints on a private demo copy) as its own
process on 127.0.0.1, with the offline model behind a fixed latency per call. For each
number of clients it runs that many concurrent clients, each streaming one refund
request after another over ``POST /agui`` for ``--seconds`` (and at most ``--max-runs``
runs each), then waits for the runs in flight.

The ideal throughput is clients ÷ model time per run (the model's latency times the
calls a run makes, counted once beforehand): what a server adding no time of its own
would reach. Added latency per run is the run's time as the client saw it minus that
model time. It prints a table and ``RESULT`` lines for the largest number of clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from time import monotonic, perf_counter, sleep

import httpx
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver

from adapters.checkpoints import setup_checkpointer
from bench.demo_db import DemoCopies, demo_copies
from bench.report import result_line
from bench.serving_app import StreamTiming, free_port, new_key, timed_agui_run
from bench.serving_model import LatencyChatModel, latency_services
from domain.db import make_engine
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from switchboard.settings import Settings

REQUEST = "Hi, I want a refund for order ORD-10501, I cannot come"


@dataclass
class Level:
    """What one number of concurrent clients achieved."""

    clients: int
    runs: list[StreamTiming]
    failures: int
    seconds: float
    model_seconds_per_run: float
    server_cpu_seconds: float = float("nan")

    @property
    def cpu_ms_per_run(self) -> float:
        """Server CPU time per completed run, in milliseconds."""
        return self.server_cpu_seconds / len(self.runs) * 1000 if self.runs else float("nan")

    @property
    def throughput(self) -> float:
        """Completed runs per second."""
        return len(self.runs) / self.seconds if self.seconds else 0.0

    @property
    def ideal(self) -> float:
        """Runs per second if the server added nothing to the model's time."""
        return self.clients / self.model_seconds_per_run

    def added_ms(self, quantile: float) -> float:
        """The ``quantile`` of (run time - model time), in milliseconds."""
        added = sorted(t.total - self.model_seconds_per_run for t in self.runs)
        if not added:
            return float("nan")
        return added[min(len(added) - 1, int(quantile * len(added)))] * 1000


def model_calls_per_run(copies: DemoCopies, text: str) -> int:
    """Model calls one run of ``text`` makes (the offline model is deterministic)."""
    services = latency_services(copies.settings("calibrate"), 0.0)
    model = services.model
    assert isinstance(model, LatencyChatModel)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    graph.invoke(
        {"messages": [HumanMessage(text)]},
        {"configurable": {"thread_id": str(uuid.uuid4())}},
        context=Context(tenant_id="demo", actor="bench"),
    )
    services.engine.dispose()
    return model.calls


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) process ``pid`` used so far; NaN where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Served:
    """The server process: its base URL and process id."""

    url: str
    pid: int


READY_SECONDS = 300.0
"""How long the server may take to answer ``/health/ready`` (a loaded machine is slow)."""


@contextmanager
def server_process(
    settings: Settings, latency: float, folder: Path, ready_seconds: float = READY_SECONDS
) -> Iterator[Served]:
    """``python -m bench.serving_app`` on a free loopback port, ready to answer.

    Raises:
        RuntimeError: the server exited, or did not get ready within ``ready_seconds``.
    """
    port = free_port()
    log = (folder / "server.log").open("wb")
    argv = [sys.executable, "-m", "bench.serving_app", "--port", str(port)]
    argv += ["--database-url", settings.resolved_database_url()]
    argv += ["--data-dir", str(settings.data_dir), "--latency", str(latency)]
    if settings.checkpoint_url:
        argv += ["--checkpoint-url", settings.checkpoint_url]
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = monotonic() + ready_seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited: {(folder / 'server.log').read_text()}")
            try:
                if httpx.get(f"{url}/health/ready", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if monotonic() > deadline:
                tail = (folder / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(
                    f"the server at {url} did not answer {url}/health/ready with 200 within "
                    f"{ready_seconds:g} s (a loaded machine starts it slowly: pass a larger "
                    f"--ready-seconds); the end of its log:\n{tail}"
                )
            sleep(0.1)
        yield Served(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


async def run_level(
    url: str, key: str, clients: int, seconds: float, max_runs: int, model_seconds: float
) -> Level:
    """``clients`` concurrent clients streaming runs for ``seconds``."""
    runs: list[StreamTiming] = []
    failures = 0
    limits = httpx.Limits(max_connections=clients + 5, max_keepalive_connections=clients + 5)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        started = perf_counter()
        stop_at = started + seconds

        async def one_client() -> None:
            nonlocal failures
            for number in range(max_runs):
                if number and perf_counter() >= stop_at:
                    return
                try:
                    runs.append(await timed_agui_run(client, url, key, REQUEST))
                except (httpx.HTTPError, RuntimeError):
                    failures += 1

        await asyncio.gather(*(one_client() for _ in range(clients)))
        elapsed = perf_counter() - started
    return Level(clients, runs, failures, elapsed, model_seconds)


def report(levels: list[Level], latency: float, calls: int, checkpoints: str) -> list[str]:
    """The table and the RESULT lines (for the largest number of clients)."""
    lines = [
        f"Concurrent streaming clients: model latency {latency * 1000:.0f} ms x {calls} "
        f"call(s) per run = {latency * calls * 1000:.0f} ms of model time per run; "
        f"checkpoints in {checkpoints}; one uvicorn process",
        "",
        f"{'clients':>7} {'runs':>5} {'failed':>6} {'runs/s':>7} {'ideal':>7} {'ratio':>6} "
        f"{'p50 run ms':>10} {'p50 TTFE ms':>11} {'p50 added ms':>12} {'p99 added ms':>12} "
        f"{'server CPU ms/run':>17}",
    ]
    for level in levels:
        totals = [t.total for t in level.runs] or [float("nan")]
        firsts = [t.first_event for t in level.runs] or [float("nan")]
        lines.append(
            f"{level.clients:>7} {len(level.runs):>5} {level.failures:>6} "
            f"{level.throughput:>7.2f} {level.ideal:>7.2f} "
            f"{level.throughput / level.ideal:>6.3f} {median(totals) * 1000:>10.0f} "
            f"{median(firsts) * 1000:>11.0f} {level.added_ms(0.5):>12.0f} "
            f"{level.added_ms(0.99):>12.0f} {level.cpu_ms_per_run:>17.0f}"
        )
    top = levels[-1]
    lines += [
        "",
        result_line("throughput_runs_per_s", top.throughput, top.ideal, ("observed", "ideal")),
        result_line("added_latency_ms", top.added_ms(0.5), top.added_ms(0.99), ("p50", "p99")),
        f"RESULT failed_runs clients={top.clients} failed={top.failures}",
        "",
        "The server is one uvicorn process: runs/s levels off where its CPU per run fills "
        "one core (the GIL), whatever the model's latency.",
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run every level against one server; print the table. Exit 1 when a run failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="1,10,50", help="Comma-separated client counts.")
    parser.add_argument("--latency", type=float, default=0.2, help="Seconds per model call.")
    parser.add_argument("--seconds", type=float, default=10.0, help="Run time per level.")
    parser.add_argument("--max-runs", type=int, default=200, help="Most runs per client.")
    parser.add_argument(
        "--checkpoint-url", default=None, help="Postgres URL for checkpoints (default SQLite)."
    )
    parser.add_argument(
        "--ready-seconds",
        type=float,
        default=READY_SECONDS,
        help="How long the server may take to get ready before the benchmark gives up.",
    )
    args = parser.parse_args(argv)
    if args.ready_seconds <= 0:
        parser.error("--ready-seconds must be positive")
    counts = [int(c) for c in args.clients.split(",") if c.strip()]
    with demo_copies() as copies:
        calls = model_calls_per_run(copies, REQUEST)
        model_seconds = calls * args.latency
        settings = copies.settings("served").model_copy(
            update={"checkpoint_url": args.checkpoint_url}
        )
        if args.checkpoint_url:
            setup_checkpointer(settings)
        key = new_key(make_engine(settings.resolved_database_url()))
        with server_process(settings, args.latency, copies.folder, args.ready_seconds) as served:
            asyncio.run(run_level(served.url, key, 1, 0.0, 1, model_seconds))  # warm-up
            levels = []
            for count in counts:
                cpu_before = cpu_seconds(served.pid)
                level = asyncio.run(
                    run_level(served.url, key, count, args.seconds, args.max_runs, model_seconds)
                )
                level.server_cpu_seconds = cpu_seconds(served.pid) - cpu_before
                levels.append(level)
    checkpoints = "Postgres" if args.checkpoint_url else "SQLite"
    print("\n".join(report(levels, args.latency, calls, checkpoints)))
    return 1 if any(level.failures for level in levels) else 0


if __name__ == "__main__":
    raise SystemExit(main())
