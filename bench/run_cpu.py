"""Server CPU per supervisor run streamed over AG-UI on Postgres: a baseline commit vs this tree.

``python -m bench.run_cpu [--runs N] [--clients C] [--baseline REF] [--after REF]`` checks
``--baseline`` (default ``8d55b11``, main before the per-run CPU work) out into a
temporary ``git worktree`` and measures it and this working tree (or ``--after``, checked
out the same way) alike, each in its own subprocess running that tree's code:

- the real app (``python -m bench.serving_app``: production app and lifespan, the
  offline model with no latency, Postgres checkpoints in a scratch database, SQLite
  business data on a private demo copy) as its own process on 127.0.0.1;
- ``C`` concurrent clients streaming the refund request (or ``--request``) over
  ``POST /agui`` until ``N`` runs are done (after a warm-up), timing nothing but
  reading the server process's CPU
  time (user + system, ``/proc/<pid>/stat``) before and after;
- the floor: the same compiled graph's ``ainvoke`` with an in-memory checkpointer, in
  the measuring process itself (``time.process_time``), no HTTP, no events, no I/O.

It prints a table (CPU ms per run, AG-UI events per run, checkpoints per run), each
round's server CPU (to see the noise the medians hide) and
``RESULT`` lines: ``server_cpu_ms_per_run`` after vs before, and after vs the floor.
CPU time, unlike wall time, hardly depends on what else the machine runs, but caches
and frequency do: rounds alternate the two trees and the medians are printed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from statistics import median
from typing import Any

BASELINE = "8d55b11"
"""main before the per-run CPU work (issue 12, item 4)."""

REQUEST = "Hi, I want a refund for order ORD-10501, I cannot come"
QUESTION = "How many tickets have we sold for the Northwind AI Summit 2026?"
"""A question for ``--request``: the analytics department reads the event's orders."""
TREE = Path(__file__).resolve().parent.parent
MEASURE_FLAG = "--measure-this-tree"


# --- the measuring child: runs with the measured tree's code on sys.path -------------------


async def _client_runs(
    url: str, key: str, runs: int, clients: int, request: str = REQUEST
) -> list[int]:
    """``runs`` runs over ``POST /agui`` from ``clients`` concurrent clients; events per run."""
    import httpx

    from bench.serving_app import timed_agui_run

    events: list[int] = []
    remaining = runs
    limits = httpx.Limits(max_connections=clients + 5, max_keepalive_connections=clients + 5)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:

        async def one_client() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                timing = await timed_agui_run(client, url, key, request)
                if timing.types[-1:] != ["RUN_FINISHED"]:
                    raise RuntimeError(f"a run did not finish: {timing.types[-3:]}")
                events.append(len(timing.types))

        await asyncio.gather(*(one_client() for _ in range(clients)))
    return events


async def _floor_ms(services: Any, runs: int, request: str = REQUEST) -> float:
    """CPU ms per ``ainvoke`` of the same graph with an in-memory checkpointer."""
    from langchain_core.messages import HumanMessage
    from langchain_core.runnables import RunnableConfig
    from langgraph.checkpoint.memory import InMemorySaver

    from graphs.context import Context
    from graphs.supervisor import compile_supervisor

    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    context = Context(tenant_id="demo", actor="bench")

    async def once() -> None:
        config: RunnableConfig = {"configurable": {"thread_id": str(uuid.uuid4())}}
        await graph.ainvoke({"messages": [HumanMessage(request)]}, config, context=context)

    await once()  # warm-up
    started = time.process_time()
    for _ in range(runs):
        await once()
    return (time.process_time() - started) / runs * 1000


def _user_system_seconds(pid: int) -> tuple[float, float]:
    """User and system CPU seconds process ``pid`` used so far (``/proc/<pid>/stat``)."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks


def _checkpoints(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute("select count(*) from checkpoints").fetchone()
    return int(row[0]) if row else 0


def measure_this_tree(
    runs: int, clients: int, warmup: int, postgres: str, request: str = REQUEST
) -> dict[str, Any]:
    """Server CPU, events and checkpoints per run, and the in-memory floor, for this tree."""
    from bench.checkpoint_store import scratch_checkpoint_db
    from bench.concurrent_clients import cpu_seconds, server_process
    from bench.demo_db import demo_copies
    from bench.serving_app import new_key
    from bench.serving_model import latency_services
    from domain.db import make_engine

    with demo_copies() as copies, scratch_checkpoint_db(postgres) as checkpoint_url:
        settings = copies.settings("served").model_copy(update={"checkpoint_url": checkpoint_url})
        key = new_key(make_engine(settings.resolved_database_url()))
        with server_process(settings, 0.0, copies.folder) as served:
            asyncio.run(_client_runs(served.url, key, warmup, 1, request))
            before_runs = _checkpoints(checkpoint_url)
            cpu_before = cpu_seconds(served.pid)
            user_before, system_before = _user_system_seconds(served.pid)
            events = asyncio.run(_client_runs(served.url, key, runs, clients, request))
            server_cpu = cpu_seconds(served.pid) - cpu_before
            user_after, system_after = _user_system_seconds(served.pid)
            checkpoints = _checkpoints(checkpoint_url) - before_runs
        services = latency_services(copies.settings("floor"), 0.0)
        floor = asyncio.run(_floor_ms(services, runs, request))
        services.engine.dispose()
    return {
        "server_cpu_ms": server_cpu / runs * 1000,
        "server_system_ms": (system_after - system_before) / runs * 1000,
        "server_user_ms": (user_after - user_before) / runs * 1000,
        "events": median(events),
        "checkpoints": checkpoints / runs,
        "floor_cpu_ms": floor,
    }


# --- the parent: a worktree for the baseline, children for both trees ---------------------


@contextmanager
def checked_out(ref: str, scratch: Path | None = None) -> Iterator[Path]:
    """``ref`` checked out (detached) into a temporary ``git worktree``; removed afterwards.

    The worktree's folder is new and uniquely named (under ``scratch``, or the system's
    temporary folder), so git's own name for it is unique too: benchmarks run from other
    worktrees of the repository at the same time, or one killed before it removed its
    tree, do not collide with it.
    """
    folder = Path(tempfile.mkdtemp(prefix="switchboard-baseline-", dir=scratch))
    path = folder / folder.name  # git names the worktree after this folder's name
    git = ["git", "-C", str(TREE)]
    try:
        subprocess.run([*git, "worktree", "add", "--detach", "--quiet", str(path), ref], check=True)
        try:
            yield path
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(path)], check=False)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_child(tree: Path, args: argparse.Namespace) -> dict[str, Any]:
    """This file's measuring part, run in a subprocess with ``tree``'s code importable."""
    argv = [sys.executable, "-c", _RUNNER, str(Path(__file__).resolve()), MEASURE_FLAG]
    argv += ["--runs", str(args.runs), "--clients", str(args.clients)]
    argv += ["--warmup", str(args.warmup), "--postgres", args.postgres]
    argv += ["--request", args.request]
    done = subprocess.run(argv, cwd=tree, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"measuring {tree} failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


_RUNNER = "import runpy, sys; path = sys.argv.pop(1); runpy.run_path(path, run_name='__main__')"
"""Runs this file as ``__main__`` with the measured tree first on ``sys.path``.

``python -c`` puts the working directory (the tree) first, ahead of the editable
install and ``PYTHONPATH``; the server it starts (``python -m``) does the same.
"""


def report(rows: dict[str, list[dict[str, Any]]], args: argparse.Namespace) -> list[str]:
    """The table and the RESULT lines (medians over rounds)."""

    def med(name: str, key: str) -> float:
        return median(r[key] for r in rows[name])

    def system(name: str) -> str:  # rounds measured by an older copy of this file lack it
        values = [r["server_system_ms"] for r in rows[name] if "server_system_ms" in r]
        return f"{median(values):.1f}" if values else "-"

    lines = [
        f"Server CPU per supervisor run over POST /agui, Postgres checkpoints, offline model; "
        f"{args.runs} runs x {args.rounds} round(s), {args.clients} concurrent client(s), "
        f"medians over rounds; request: {args.request!r}",
        "",
        f"{'tree':<28} {'server CPU ms/run':>17} {'in-memory ainvoke CPU ms':>24} "
        f"{'AG-UI events/run':>16} {'checkpoints/run':>15} {'server system ms/run':>20}",
    ]
    after_label = f"after ({args.after[:12]})" if args.after else "after (this tree)"
    before_label = f"before ({args.baseline[:12]})"
    for name, label in (("before", before_label), ("after", after_label)):
        lines.append(
            f"{label:<28} {med(name, 'server_cpu_ms'):>17.1f} {med(name, 'floor_cpu_ms'):>24.1f} "
            f"{med(name, 'events'):>16.0f} {med(name, 'checkpoints'):>15.1f} {system(name):>20}"
        )
    for name, label in (("before", before_label), ("after", after_label)):
        rounds = ", ".join(f"{r['server_cpu_ms']:.1f}" for r in rows[name])
        lines.append(f"{label:<28} server CPU ms/run by round: {rounds}")
    after, before = med("after", "server_cpu_ms"), med("before", "server_cpu_ms")
    floor = med("after", "floor_cpu_ms")
    from bench.report import result_line

    lines += [
        "",
        result_line("server_cpu_ms_per_run", after, before, ("after", "before")),
        result_line("server_cpu_vs_floor", after, floor, ("after", "floor")),
        result_line(
            "floor_cpu_ms_per_run", floor, med("before", "floor_cpu_ms"), ("after", "before")
        ),
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the baseline and this tree; print the table and RESULT lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="Measured runs per round.")
    parser.add_argument("--clients", type=int, default=5, help="Concurrent streaming clients.")
    parser.add_argument("--warmup", type=int, default=3, help="Unmeasured runs first.")
    parser.add_argument("--rounds", type=int, default=3, help="Alternating rounds per tree.")
    parser.add_argument("--baseline", default=BASELINE, help="Git ref measured as 'before'.")
    parser.add_argument(
        "--after", default=None, help="Git ref measured as 'after' (default: this working tree)."
    )
    parser.add_argument("--postgres", default=None, help="Postgres server URL (tests' default).")
    parser.add_argument(
        "--request",
        default=REQUEST,
        help="The user message each run sends (default: the refund request; a question such "
        f"as {QUESTION!r} exercises the analytics tools).",
    )
    parser.add_argument(
        "--scratch",
        type=Path,
        default=None,
        help="Folder for the temporary baseline worktree (default: the system's temp folder).",
    )
    parser.add_argument(MEASURE_FLAG, action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.postgres is None:
        from switchboard.settings import Settings

        args.postgres = Settings().test_postgres_url
    if args.measure_this_tree:
        result = measure_this_tree(
            args.runs, args.clients, args.warmup, args.postgres, args.request
        )
        print(json.dumps(result))
        return 0
    rows: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    with ExitStack() as trees:
        before = trees.enter_context(checked_out(args.baseline, args.scratch))
        after = trees.enter_context(checked_out(args.after, args.scratch)) if args.after else TREE
        for _ in range(args.rounds):
            rows["before"].append(run_child(before, args))
            rows["after"].append(run_child(after, args))
    print("\n".join(report(rows, args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
