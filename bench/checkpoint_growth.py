"""Checkpoint bytes a long thread stores on Postgres: today's graph beside a baseline commit.

``python -m bench.checkpoint_growth [--turns N] [--baseline COMMIT] [--postgres URL]``
drives one thread of ``--turns`` read-only requests (the offline model, business data on
a SQLite demo copy, ``durability="sync"``) through ``compile_supervisor`` on the
production PostgresSaver, and prints the bytes stored for the thread (checkpoints,
channel blobs and pending writes of every namespace, department subgraphs included) at
10/25/50/100 turns, the part in subgraph namespaces, and the bytes one turn adds early
(turns 10→20) and late (the last 10 turns).

The baseline is measured honestly, in the same run: the baseline commit (default
``8d55b11``, the graph before checkpoint storage was made linear) is checked out into a
temporary ``git worktree``, this script is copied into it, and it runs there in a
subprocess against the same Postgres server (``--measure-only`` prints one JSON line).
``RESULT`` lines at the end are stable for scripts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import median
from time import perf_counter

import psycopg
from langchain_core.messages import HumanMessage
from langchain_core.runnables import RunnableConfig

from adapters.services import build_services
from bench import checkpoint_store as store
from bench.demo_db import demo_copies
from domain.demo import anchors
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from switchboard.settings import Settings

BASELINE_COMMIT = "8d55b11"
"""The graph as it stored checkpoints before (whole message list per version, subgraphs)."""
MARKS = (10, 25, 50, 100)
STATE_READS = 15
LIMIT_BYTES = 2_000_000
"""The goal for a 100-turn thread (issue 12, item 5)."""
REQUESTS = (
    f"Can you look up order {anchors.ORDER_BELOW_REFUND_THRESHOLD} for me?",
    "Which sponsors are in negotiation?",
    "How many tickets have we sold so far?",
    "What does the knowledge base say about parking?",
    f"How is the {anchors.UNDERPERFORMING_CAMPAIGN} campaign performing?",
    f"Can you look up order {anchors.ORDER_ABOVE_REFUND_THRESHOLD} for me?",
)
"""Agent-path requests that only read: tool chatter in departments, no approval."""
_SUBGRAPH_BYTES = """
select
  coalesce((select sum(pg_column_size(checkpoint) + pg_column_size(metadata)) from checkpoints
            where thread_id = %(t)s and checkpoint_ns <> ''), 0)
+ coalesce((select sum(octet_length(blob)) from checkpoint_blobs
            where thread_id = %(t)s and checkpoint_ns <> ''), 0)
+ coalesce((select sum(octet_length(blob)) from checkpoint_writes
            where thread_id = %(t)s and checkpoint_ns <> ''), 0)
"""


@dataclass
class Growth:
    """One thread's stored bytes after each turn (``total[i]`` is after turn ``i + 1``)."""

    label: str
    total: list[int] = field(default_factory=list)
    subgraph_bytes: int = 0
    checkpoints: int = 0
    messages: int = 0
    state_ms: float = 0.0
    """Median time of ``get_state`` on the finished thread (what every run start reads)."""

    def at(self, turn: int) -> int:
        return self.total[turn - 1]

    def added(self, first: int, last: int) -> int:
        """Bytes turns ``first + 1`` .. ``last`` added."""
        return self.at(last) - self.at(first)


def measure(pg_url: str, turns: int, label: str) -> Growth:
    """Run ``turns`` requests on one new thread, measuring the stored bytes after each."""
    growth = Growth(label)
    thread = f"growth-{uuid.uuid4().hex[:10]}"
    config: RunnableConfig = {"configurable": {"thread_id": thread}}
    with demo_copies() as copies, store.saver_for("postgres", pg_url) as saver:
        graph = compile_supervisor(build_services(copies.settings("growth")), checkpointer=saver)
        for turn in range(turns):
            text = REQUESTS[turn % len(REQUESTS)]
            graph.invoke(
                {"messages": [HumanMessage(text)]}, config, context=Context(), durability="sync"
            )
            growth.total.append(store.thread_bytes(pg_url, thread))
        state = graph.get_state(config)
        if state.interrupts:
            raise RuntimeError(f"a read-only request stopped for approval: {state.interrupts}")
        growth.messages = len(state.values["messages"])
        timings = []
        for _ in range(STATE_READS):
            start = perf_counter()
            graph.get_state(config)
            timings.append((perf_counter() - start) * 1000)
        growth.state_ms = median(timings)
    with psycopg.connect(pg_url) as conn:
        row = conn.execute(_SUBGRAPH_BYTES, {"t": thread}).fetchone()
        growth.subgraph_bytes = int(row[0]) if row else 0
    growth.checkpoints = store.checkpoint_count(pg_url, [thread])
    return growth


def measure_baseline(commit: str, server: str, turns: int) -> Growth:
    """The same measurement on ``commit``, checked out into a temporary worktree."""
    repo = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory(prefix="sb-ckpt-baseline-") as tmp:
        tree = Path(tmp) / "tree"
        git = ["git", "-C", str(repo)]
        _run([*git, "worktree", "add", "--detach", str(tree), commit], repo)
        try:
            shutil.copyfile(__file__, tree / "bench" / "checkpoint_growth.py")
            command = [sys.executable, "-m", "bench.checkpoint_growth", "--measure-only"]
            command += ["--turns", str(turns), "--postgres", server]
            out = _run([*command, "--label", f"baseline {commit}"], tree)
        finally:
            subprocess.run(
                [*git, "worktree", "remove", "--force", str(tree)], capture_output=True, check=False
            )
    return Growth(**json.loads(out.strip().splitlines()[-1]))


def _run(command: list[str], cwd: Path) -> str:
    """Run ``command`` in ``cwd`` (on its own code); its stdout, or exit with its stderr."""
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"baseline step failed: {' '.join(command[:4])}\n{done.stderr[-2000:]}")
    return done.stdout


def report(grown: Sequence[Growth], turns: int) -> list[str]:
    """The table, per-turn growth and RESULT lines (the last one is the new graph)."""
    marks = [m for m in MARKS if m <= turns]
    late = max(turns - 10, 10)
    head = f"{'graph':<28}" + "".join(f"{f'{m} turns':>12}" for m in marks)
    lines = [
        head + f"{'subgraphs':>12}{'ckpts':>8}{'10→20/turn':>12}{'late/turn':>11}{'get_state':>11}"
    ]
    for g in grown:
        row = f"{g.label:<28}" + "".join(f"{g.at(m):>12,}" for m in marks)
        early = g.added(10, 20) // 10 if turns >= 20 else 0
        row += f"{g.subgraph_bytes:>12,}{g.checkpoints:>8}{early:>12,}"
        row += f"{g.added(late, turns) // (turns - late) if turns > late else 0:>11,}"
        lines.append(row + f"{g.state_ms:>9.1f}ms")
    base, new = grown[0], grown[-1]
    lines.append(
        "(bytes; per-turn columns are bytes one turn adds; the current graph's last 10 turns"
        " include a full snapshot of the messages, one every 100 message updates;"
        " get_state: median read of the finished thread's state)"
    )
    lines.append("")
    lines.append(
        f"bytes after {turns} turns, {base.label} / {new.label}: "
        f"{base.at(turns) / new.at(turns):.1f}x"
    )
    if turns >= 100:
        verdict = "within" if new.at(100) <= LIMIT_BYTES else "OVER"
        lines.append(f"100-turn thread: {new.at(100):,} bytes, {verdict} the 2 MB goal")
    for g in grown:
        kind = "baseline" if g is base and len(grown) > 1 else "current"
        lines.append(
            f"RESULT ckpt_bytes graph={kind} turns={turns} total={g.at(turns)} "
            f"subgraphs={g.subgraph_bytes} checkpoints={g.checkpoints} "
            f"messages={g.messages}"
        )
    for g in grown:
        kind = "baseline" if g is base and len(grown) > 1 else "current"
        lines.append(f"RESULT ckpt_get_state graph={kind} turns={turns} ms={g.state_ms:.2f}")
    if len(grown) > 1:
        lines.append(f"RESULT ckpt_ratio baseline/current={base.at(turns) / new.at(turns):.2f}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Checkpoint bytes of a long thread.")
    parser.add_argument("--turns", type=int, default=100, help="Turns of the thread.")
    parser.add_argument("--postgres", default=Settings().test_postgres_url, help="Server URL.")
    parser.add_argument("--baseline", default=BASELINE_COMMIT, help="Commit to compare with.")
    parser.add_argument("--no-baseline", action="store_true", help="Measure today's graph only.")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--label", default="current", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.turns < 20:
        parser.error("--turns must be at least 20")

    if args.measure_only:  # the baseline's subprocess: one JSON line
        with store.scratch_checkpoint_db(args.postgres) as pg_url:
            print(json.dumps(asdict(measure(pg_url, args.turns, args.label))))
        return 0
    grown: list[Growth] = []
    if not args.no_baseline:
        grown.append(measure_baseline(args.baseline, args.postgres, args.turns))
    with store.scratch_checkpoint_db(args.postgres) as pg_url:
        grown.append(measure(pg_url, args.turns, "current (this tree)"))
    print(f"Checkpoint bytes of one {args.turns}-turn thread on Postgres (read-only requests)")
    print("\n".join(report(grown, args.turns)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
