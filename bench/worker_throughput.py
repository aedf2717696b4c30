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
import math
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
from bench.cpu_ceiling import Ceiling, database_cpu, redis_cpu
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
    database_cpu: float = float("nan")
    redis_cpu: float = float("nan")
    client_cpu: float = 0.0
    """CPU seconds this process (the load generator: every client's HTTP and SSE parsing) used."""
    load: float = float("nan")
    """The 1-minute load average when the load ended (other jobs on the machine count)."""
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

    def ceiling(self) -> Ceiling:
        """The runs/s this system's CPU per run allows on this machine's cores."""
        per_run = [
            self.cpu_ms(cpu) / 1000
            for cpu in (self.api_cpu, self.worker_cpu, self.database_cpu, self.redis_cpu)
        ]
        return Ceiling(os.cpu_count() or 1, len(self.worker_pids), *per_run)

    def ceiling_beside_clients(self) -> float:
        """The runs/s the cores allow when the load generator's CPU per run shares them too.

        On one machine the clients compete with the system for the same cores, so this is
        the ceiling the observed runs/s can be held to; on separate machines it is the
        plain ``ceiling``.
        """
        ceiling = self.ceiling()
        client = self.cpu_ms(self.client_cpu) / 1000
        shared = ceiling.cores / (ceiling.total + client) if ceiling.total + client else math.inf
        return min(ceiling.runs_per_second, shared)

    @property
    def cores_got(self) -> float:
        """CPU the system's processes (API, workers, its Postgres backends) used per second."""
        used = self.api_cpu + self.worker_cpu
        used += 0.0 if math.isnan(self.database_cpu) else self.database_cpu
        return used / self.seconds if self.seconds else float("nan")


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
        self.watchers: list[subprocess.Popen[bytes]] = []

    def start(self, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{uuid.uuid4().hex[:6]}.log").open("wb")
        process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT)
        self.started.append(process)
        return process

    def watch(self, argv: list[str]) -> None:
        """Start a process that ends by itself (a profiler); waited for by ``stop``."""
        self.watchers.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL))

    def stop(self) -> None:
        for watcher in self.watchers:
            watcher.wait()
        for process in self.started:
            process.terminate()
        for process in self.started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_ready(url: str, process: subprocess.Popen[bytes], workers: int | None) -> None:
    deadline = monotonic() + 300
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
    raise RuntimeError(f"{url} did not get ready within 300 s")


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
        if args.py_spy:
            profile(procs, args, name, {"api": api.pid} | dict(enumerate(system.worker_pids)))
        database = database_url.rsplit("/", 1)[-1].split("?", 1)[0]
        api_before = cpu_seconds(api.pid)
        workers_before = sum(cpu_seconds(pid) for pid in system.worker_pids)
        database_before, redis_before = database_cpu(database), redis_cpu(args.redis_url)
        client_before = cpu_seconds(os.getpid())
        asyncio.run(load(system, url, key, args.clients, args.seconds))
        system.client_cpu = cpu_seconds(os.getpid()) - client_before
        system.api_cpu = cpu_seconds(api.pid) - api_before
        system.worker_cpu = sum(cpu_seconds(pid) for pid in system.worker_pids) - workers_before
        system.load = os.getloadavg()[0]
        system.database_cpu = database_cpu(database) - database_before
        if workers:
            system.redis_cpu = redis_cpu(args.redis_url) - redis_before
    return system


def profile(
    procs: Processes, args: argparse.Namespace, name: str, pids: dict[str | int, int]
) -> None:
    """Sample each process with py-spy for the load's duration (collapsed stacks).

    Only the thread holding the GIL is sampled (``--gil``): what the process spends CPU on.
    """
    for role, pid in pids.items():
        who = f"worker{role}" if isinstance(role, int) else str(role)
        out = Path(args.profile_dir) / f"{slug(name)}-{who}.txt"
        argv = [args.py_spy, "record", "--pid", str(pid), "--duration", str(int(args.seconds))]
        argv += ["--rate", "100", "--gil", "--nonblocking", "--format", "raw", "-o", str(out)]
        procs.watch(argv)


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
        f"{model_seconds * 1000:.0f} ms of model time per run; Postgres; {os.cpu_count()} cores; "
        f"load average before {args.load_before}",
        "",
        f"{'system':<22} {'runs':>5} {'failed':>6} {'runs/s':>7} {'x base':>7} "
        f"{'p50 run ms':>10} {'p50 added':>9} {'p99 added':>9} {'load':>5}",
    ]
    for system in systems:
        totals = system.totals or [float("nan")]
        lines.append(
            f"{system.name:<22} {len(system.totals):>5} {system.failures:>6} "
            f"{system.throughput:>7.2f} {system.throughput / base.throughput:>7.2f} "
            f"{median(totals) * 1000:>10.0f} {system.added_ms(model_seconds, 0.5):>9.0f} "
            f"{system.added_ms(model_seconds, 0.99):>9.0f} {system.load:>5.1f}"
        )
    lines += [
        "",
        "CPU ms per run (Postgres: the backends of the benchmark's database; Redis: the whole",
        "server, shared with whatever else uses it) and the runs/s it allows on "
        f"{os.cpu_count()} cores (each process at most one core):",
        f"{'system':<22} {'API':>6} {'worker':>6} {'PG':>6} {'Redis':>6} {'total':>6} "
        f"{'allows/s':>8} {'got/s':>6} {'share':>6} {'cores got':>9} {'client':>6} "
        f"{'allows/s beside clients':>23} {'share':>6}",
    ]
    for system in systems:
        ceiling = system.ceiling()
        lines.append(
            f"{system.name:<22} {ceiling.api * 1000:>6.0f} {ceiling.worker * 1000:>6.0f} "
            f"{ceiling.database * 1000:>6.0f} {ceiling.redis * 1000:>6.0f} "
            f"{ceiling.total * 1000:>6.0f} {ceiling.runs_per_second:>8.2f} "
            f"{system.throughput:>6.2f} {system.throughput / ceiling.runs_per_second:>6.0%} "
            f"{system.cores_got:>9.2f} {system.cpu_ms(system.client_cpu):>6.0f} "
            f"{system.ceiling_beside_clients():>23.2f} "
            f"{system.throughput / system.ceiling_beside_clients():>6.0%}"
        )
    lines.append(
        "client: CPU ms per run of the load generator (this process), on the same cores; "
        "'beside clients' counts it in."
    )
    for system in systems:
        for error, count in system.errors.most_common(3):
            lines.append(f"  {system.name}: {count} x {error}")
    lines.append("")
    for system in systems[1:]:
        lines.append(
            result_line(
                f"runs_per_s_{slug(system.name)}",
                system.throughput,
                base.throughput,
                ("observed", slug(base.name)),
            )
        )
    for system in systems:
        lines.append(
            result_line(
                f"share_of_cpu_ceiling_{slug(system.name)}",
                system.throughput,
                system.ceiling().runs_per_second,
                ("observed", "allowed"),
            )
        )
        lines.append(
            result_line(
                f"share_of_cpu_beside_clients_{slug(system.name)}",
                system.throughput,
                system.ceiling_beside_clients(),
                ("observed", "allowed"),
            )
        )
    by_workers = {len(s.worker_pids): s for s in systems}
    if 1 in by_workers and 2 in by_workers:
        lines.append(
            result_line(
                "two_workers_vs_one",
                by_workers[2].throughput,
                by_workers[1].throughput,
                ("2", "1"),
            )
        )
    return lines


def slug(name: str) -> str:
    """A system's name as a RESULT metric's part."""
    return name.replace(" ", "_").replace(",", "").replace("-", "_")


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
    parser.add_argument(
        "--systems",
        default=",".join(str(workers) for _, workers in SYSTEMS),
        help="Which systems, by worker count (0 = in-process), comma-separated.",
    )
    parser.add_argument("--py-spy", help="A py-spy binary: profile every process under load.")
    parser.add_argument("--profile-dir", default=".", help="Where --py-spy writes its stacks.")
    args = parser.parse_args(argv)
    if args.role == "worker":
        return worker_main(args)
    args.load_before = " ".join(f"{n:.2f}" for n in os.getloadavg())
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the processes, drop the DB
    with demo_copies() as copies:
        calls = model_calls_per_run(copies, REQUEST)
        folder = copies.folder
        with scratch_database(Settings().test_postgres_url) as database_url:
            key = new_key(make_engine(database_url), anchors.TENANT_ID)
            chosen = {int(n) for n in args.systems.split(",") if n.strip()}
            systems = [
                measure(name, workers, database_url, folder, args, key)
                for name, workers in SYSTEMS
                if workers in chosen
            ]
    print("\n".join(report(systems, calls * args.latency, args)))
    return 1 if any(s.failures for s in systems) else 0


if __name__ == "__main__":
    raise SystemExit(main())
