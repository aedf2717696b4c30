"""Runs/s for many streaming clients: one in-process server against queue workers on Redis.

``python -m bench.worker_throughput [--clients 50] [--latency 0.2] [--seconds 15]``
seeds a scratch Postgres database (business data and checkpoints) and, for each
system, starts real processes on 127.0.0.1 and lets ``--clients`` concurrent clients
each create a thread and stream one refund request over ``POST /threads/{id}/runs/stream``
after another, for ``--seconds``:

- baseline: one ``bench.serving_app`` process (today's embedded form: the run executes
  in the API process), the offline model behind ``--latency`` per call;
- queue, 1 worker / 2 workers: one ``switchboard serve`` API process (it only accepts
  and streams) and 1 or 2 ``python -m bench.worker_throughput --role worker``
  processes (``switchboard worker`` with the same latency model).

Added latency is a run's time as the client saw it minus the model's time per run (its
latency times the calls a run makes, counted once beforehand). CPU per run is each
process's CPU time (``/proc``) over the runs completed. Redis is the test Redis
(``SWITCHBOARD_TEST_REDIS_URL``), Postgres the test server.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from time import monotonic, perf_counter, sleep

import httpx
import psycopg
import redis

from adapters.checkpoints import setup_checkpointer
from bench.concurrent_clients import REQUEST, cpu_seconds, model_calls_per_run
from bench.demo_db import DEMO_SNAPSHOT, demo_copies
from bench.report import result_line
from bench.serving_app import free_port, new_key
from bench.serving_model import latency_services
from domain.db import make_engine, session_factory, transaction
from domain.demo import anchors, build_demo
from domain.migrate import upgrade
from switchboard.settings import Settings, normalise_database_url

SYSTEMS = (("in-process", 0), ("queue, 1 worker", 1), ("queue, 2 workers", 2))
"""Each system's name and worker processes (0: the run executes in the API process)."""


@dataclass
class System:
    """One measured configuration: its name, its processes and what its clients got."""

    name: str
    api_pid: int = 0
    worker_pids: list[int] = field(default_factory=list)
    totals: list[float] = field(default_factory=list)
    failures: int = 0
    seconds: float = 0.0
    api_cpu: float = 0.0
    worker_cpu: float = 0.0
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def throughput(self) -> float:
        return len(self.totals) / self.seconds if self.seconds else 0.0

    def added_ms(self, model_seconds: float, quantile: float) -> float:
        added = sorted(t - model_seconds for t in self.totals)
        if not added:
            return float("nan")
        return added[min(len(added) - 1, int(quantile * len(added)))] * 1000

    def cpu_ms(self, seconds: float) -> float:
        return seconds / len(self.totals) * 1000 if self.totals else float("nan")


@contextmanager
def scratch_database(admin_url: str) -> Iterator[str]:
    """A migrated, demo-seeded Postgres database with checkpoint tables; dropped after."""
    name = f"sb_bench_workers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin_url.rpartition("/")
    url = normalise_database_url(f"{base}/{name}")
    try:
        engine = make_engine(url)
        try:
            upgrade(engine)
            with transaction(session_factory(engine)) as session:
                build_demo(session, tenant_id=anchors.TENANT_ID, snapshot=DEMO_SNAPSHOT)
        finally:
            engine.dispose()
        setup_checkpointer(Settings(checkpoint_url=url))
        yield url
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environment(database_url: str, folder: Path, **settings: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    env |= {
        "SWITCHBOARD_DATABASE_URL": database_url,
        "SWITCHBOARD_CHECKPOINT_URL": database_url,
        "SWITCHBOARD_DATA_DIR": str(folder),
        "SWITCHBOARD_RATE_LIMIT_ENABLED": "false",
        "SWITCHBOARD_BUDGETS_ENABLED": "false",
        "SWITCHBOARD_WEB_ENABLED": "false",
    }
    env |= {f"SWITCHBOARD_{k.upper()}": v for k, v in settings.items()}
    return env


class Processes:
    """Processes started for one system; terminated (then killed) at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{uuid.uuid4().hex[:6]}.log").open("wb")
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.started.append(process)
        return process

    def stop(self) -> None:
        for process in self.started:
            process.terminate()
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_ready(url: str, process: subprocess.Popen[bytes], workers: int | None) -> None:
    deadline = monotonic() + 90
    while monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the API process exited")
        try:
            ready = httpx.get(f"{url}/health/ready", timeout=1)
            if ready.status_code == 200 and (
                workers is None or ready.json().get("queue", "").startswith(f"redis ({workers} ")
            ):
                return
        except httpx.HTTPError:
            pass
        sleep(0.2)
    raise RuntimeError(f"{url} did not get ready within 90 s")


async def stream_one(client: httpx.AsyncClient, url: str, key: str) -> float:
    """Create a thread, stream one run to its end; the seconds the run took."""
    headers = {"Authorization": f"Bearer {key}"}
    started = perf_counter()
    created = await client.post(f"{url}/threads", json={}, headers=headers)
    if created.status_code != 201:
        raise RuntimeError(f"POST /threads answered {created.status_code}: {created.text[:200]}")
    thread = created.json()["id"]
    path = f"{url}/threads/{thread}/runs/stream"
    async with client.stream("POST", path, json={"text": REQUEST}, headers=headers) as response:
        if response.status_code != 200:
            body = (await response.aread()).decode()[:200]
            raise RuntimeError(f"POST …/runs/stream answered {response.status_code}: {body}")
        ended = False
        async for line in response.aiter_lines():
            ended = ended or line.startswith("event: end")
        if not ended:
            raise RuntimeError("the stream ended without its end event")
    return perf_counter() - started


async def load(system: System, url: str, key: str, clients: int, seconds: float) -> None:
    limits = httpx.Limits(max_connections=clients + 5, max_keepalive_connections=clients + 5)
    async with httpx.AsyncClient(timeout=300, limits=limits) as client:
        started = perf_counter()
        stop_at = started + seconds

        async def one_client() -> None:
            while perf_counter() < stop_at:
                try:
                    system.totals.append(await stream_one(client, url, key))
                except (httpx.HTTPError, RuntimeError, KeyError, ValueError) as exc:
                    system.failures += 1
                    system.errors[f"{type(exc).__name__}: {exc}"[:160]] += 1

        await asyncio.gather(*(one_client() for _ in range(clients)))
        system.seconds = perf_counter() - started


def measure(
    name: str,
    workers: int,
    database_url: str,
    folder: Path,
    args: argparse.Namespace,
    key: str,
) -> System:
    """Start the system's processes, warm them up, load them; stop them."""
    system = System(name)
    procs = Processes(folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with ExitStack() as stack:
        stack.callback(procs.stop)
        if workers == 0:
            argv = [sys.executable, "-m", "bench.serving_app", "--port", str(port)]
            argv += ["--database-url", database_url, "--checkpoint-url", database_url]
            argv += ["--data-dir", str(folder), "--latency", str(args.latency)]
            api = procs.start(argv, environment(database_url, folder))
        else:
            queue = f"bench-{uuid.uuid4().hex[:8]}:runs"
            env = environment(database_url, folder, redis_url=args.redis_url, run_queue_name=queue)
            stack.callback(forget_queue, args.redis_url, queue)
            argv = [sys.executable, "-m", "switchboard.cli.main", "serve", "--port", str(port)]
            api = procs.start(argv, env)
            for _ in range(workers):
                worker = [sys.executable, "-m", "bench.worker_throughput", "--role", "worker"]
                worker += ["--latency", str(args.latency), "--jobs", str(args.jobs)]
                system.worker_pids.append(procs.start(worker, env).pid)
        system.api_pid = api.pid
        wait_ready(url, api, workers or None)
        asyncio.run(load(System("warm-up"), url, key, 2, 1.0))
        api_before = cpu_seconds(api.pid)
        workers_before = sum(cpu_seconds(pid) for pid in system.worker_pids)
        asyncio.run(load(system, url, key, args.clients, args.seconds))
        system.api_cpu = cpu_seconds(api.pid) - api_before
        system.worker_cpu = sum(cpu_seconds(pid) for pid in system.worker_pids) - workers_before
    return system


def forget_queue(url: str, queue: str) -> None:
    """Delete the system's queue, heartbeat and cancel keys."""
    keys = redis.Redis.from_url(url)
    for key in keys.scan_iter(match=f"{queue}*"):
        keys.delete(key)
    keys.close()


def report(systems: list[System], model_seconds: float, args: argparse.Namespace) -> list[str]:
    base = systems[0]
    lines = [
        f"{args.clients} streaming clients, model {args.latency * 1000:.0f} ms per call = "
        f"{model_seconds * 1000:.0f} ms of model time per run; Postgres; {os.cpu_count()} cores",
        "",
        f"{'system':<22} {'runs':>5} {'failed':>6} {'runs/s':>7} {'x base':>7} "
        f"{'p50 run ms':>10} {'p50 added':>9} {'p99 added':>9} {'API CPU ms/run':>14} "
        f"{'worker CPU ms/run':>17}",
    ]
    for system in systems:
        totals = system.totals or [float("nan")]
        lines.append(
            f"{system.name:<22} {len(system.totals):>5} {system.failures:>6} "
            f"{system.throughput:>7.2f} {system.throughput / base.throughput:>7.2f} "
            f"{median(totals) * 1000:>10.0f} {system.added_ms(model_seconds, 0.5):>9.0f} "
            f"{system.added_ms(model_seconds, 0.99):>9.0f} "
            f"{system.cpu_ms(system.api_cpu):>14.0f} {system.cpu_ms(system.worker_cpu):>17.0f}"
        )
    for system in systems:
        for error, count in system.errors.most_common(3):
            lines.append(f"  {system.name}: {count} x {error}")
    lines.append("")
    for system in systems[1:]:
        lines.append(
            result_line(
                f"runs_per_s_{system.name.replace(' ', '_').replace(',', '')}",
                system.throughput,
                base.throughput,
                ("observed", "in_process"),
            )
        )
    if len(systems) == 3:
        lines.append(
            result_line(
                "two_workers_vs_one", systems[2].throughput, systems[1].throughput, ("2", "1")
            )
        )
    return lines


def worker_main(args: argparse.Namespace) -> int:
    """A ``switchboard worker`` whose model has the benchmark's latency."""
    from switchboard.settings import get_settings
    from switchboard.worker.process import build_worker

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    latency = args.latency
    worker = build_worker(
        get_settings(),
        max_jobs=args.jobs,
        services=lambda settings: latency_services(settings, latency),
    )
    worker.run()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Measure each system one after another on one database; print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--latency", type=float, default=0.2, help="Seconds per model call.")
    parser.add_argument("--seconds", type=float, default=15.0, help="Load time per system.")
    parser.add_argument("--redis-url", default=Settings().test_redis_url)
    parser.add_argument("--role", choices=["bench", "worker"], default="bench")
    parser.add_argument("--jobs", type=int, default=8, help="Runs per worker at once.")
    args = parser.parse_args(argv)
    if args.role == "worker":
        return worker_main(args)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the processes, drop the DB
    with demo_copies() as copies:
        calls = model_calls_per_run(copies, REQUEST)
        folder = copies.folder
        with scratch_database(Settings().test_postgres_url) as database_url:
            key = new_key(make_engine(database_url), anchors.TENANT_ID)
            systems = [
                measure(name, workers, database_url, folder, args, key)
                for name, workers in (
                    ("in-process", 0),
                    ("queue, 1 worker", 1),
                    ("queue, 2 workers", 2),
                )
            ]
    print("\n".join(report(systems, calls * args.latency, args)))
    return 1 if any(s.failures for s in systems) else 0


if __name__ == "__main__":
    raise SystemExit(main())
