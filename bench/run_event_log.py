"""What a run's event log costs per run: in-process (baseline) against Redis Streams.

Each simulated run writes ``--events`` events shaped like the console stream's
(``updates`` with a department, node, tool names and a summary; 123 is what a supervisor
run sends, per issue 12), then closes its log, while one follower reads it to the end
(as an SSE route does), either awaiting one ``append`` per event or through
``RunEventWriter`` (what runs use: batches whatever piled up during a round trip).
``--runs`` runs go one after another, then ``--concurrent`` at once. Printed per run:
CPU of this process (writer, reader and client library; Redis's own CPU is not counted)
and wall time, with the ratio to the in-process log's awaited appends.

Run: ``python -m bench.run_event_log [--runs 50] [--events 123] [--concurrent 20]``.
Redis is ``--redis-url`` (default the test Redis); unreachable: the Redis rows are skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median
from typing import Any

import redis

from adapters.run_events import RunEventLog
from adapters.run_events.in_process import InProcessRunEventLog
from adapters.run_events.redis_streams import RedisRunEventLog
from adapters.run_events.writer import RunEventWriter
from bench.report import ratio
from switchboard.settings import Settings


def event(n: int) -> dict[str, Any]:
    """A console ``updates`` event of typical size (~300 bytes of JSON)."""
    return {
        "event": "updates",
        "data": {
            "department": "sales",
            "node": f"agent_{n % 4}",
            "tool_calls": ["pipeline_summary", "list_unpaid_invoices"],
            "result": {
                "department": "sales",
                "status": "done",
                "summary": "Three sponsors have unpaid invoices totalling $42,500. " * 3,
                "tools_used": ["pipeline_summary"],
                "pending_actions": 0,
            },
        },
    }


async def one_run(log: RunEventLog, events: int, batched: bool) -> int:
    """Write ``events`` events and close, with one follower reading to the end.

    ``batched``: through ``RunEventWriter`` as runs write (``put``, then the loop turns as
    a graph's stream does between chunks); else one awaited ``append`` per event.
    """
    run_id = uuid.uuid4().hex

    async def follow() -> int:
        return len([item async for item in log.read(run_id)])

    reader = asyncio.create_task(follow())
    if batched:
        writer = RunEventWriter(log, run_id)
        for n in range(events):
            writer.put(event(n))
            await asyncio.sleep(0)
        await writer.close()
    else:
        for n in range(events):
            await log.append(run_id, event(n))
        await log.close(run_id)
    return await reader


@dataclass(frozen=True)
class Cost:
    cpu_ms: float
    wall_ms: float


MODES = ("sequential", "concurrent")


async def measure(
    log: RunEventLog, runs: int, events: int, concurrent: int, batched: bool
) -> dict[str, Cost]:
    """Per-run CPU and wall, runs in sequence and ``concurrent`` at once (medians of 3)."""
    await one_run(log, events, batched)  # warm up connections
    out: dict[str, Cost] = {}
    for label, batch in zip(MODES, (1, concurrent), strict=True):
        samples = []
        for _ in range(3):
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(max(1, runs // batch)):
                counts = await asyncio.gather(
                    *(one_run(log, events, batched) for _ in range(batch))
                )
                assert counts == [events] * batch, counts
            done = max(1, runs // batch) * batch
            samples.append(
                Cost(
                    (time.process_time() - cpu) * 1000 / done,
                    (time.perf_counter() - wall) * 1000 / done,
                )
            )
        out[label] = Cost(median(s.cpu_ms for s in samples), median(s.wall_ms for s in samples))
    return out


def reachable(url: str) -> bool:
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False
    return True


async def run(args: argparse.Namespace, say: Callable[[str], None]) -> None:
    shape = (args.runs, args.events, args.concurrent)
    base = await measure(InProcessRunEventLog(), *shape, batched=False)
    rows: dict[str, dict[str, Cost]] = {
        "in-process append": base,
        "in-process writer": await measure(InProcessRunEventLog(), *shape, batched=True),
    }
    if reachable(args.redis_url):
        prefix = f"bench-{uuid.uuid4().hex[:8]}:run-events:"
        log = RedisRunEventLog(args.redis_url, prefix=prefix, retention_seconds=60)
        try:
            rows["redis append"] = await measure(log, *shape, batched=False)
            rows["redis writer"] = await measure(log, *shape, batched=True)
        finally:
            keys = [k async for k in log.redis.scan_iter(match=f"{prefix}*")]
            if keys:
                await log.redis.delete(*keys)
            await log.aclose()
    else:
        say(f"Redis not reachable at {args.redis_url}: its rows are skipped")
    say(f"{args.events} events per run, one follower each; per run (× in-process append):")
    say(f"{'log, writes':20}{'runs':>12}{'cpu ms':>10}{'wall ms':>10}{'cpu ×':>8}{'wall ×':>8}")
    for name, costs in rows.items():
        for mode, cost in costs.items():
            b = base[mode]
            say(
                f"{name:20}{mode:>12}{cost.cpu_ms:>10.2f}{cost.wall_ms:>10.2f}"
                f"{ratio(cost.cpu_ms, b.cpu_ms):>8.1f}{ratio(cost.wall_ms, b.wall_ms):>8.1f}"
            )
    if "redis writer" in rows:
        for mode in MODES:
            w, a = rows["redis writer"][mode], rows["redis append"][mode]
            say(
                f"RESULT {mode}_cpu_ms writer={w.cpu_ms:.3f} append={a.cpu_ms:.3f} "
                f"ratio={ratio(w.cpu_ms, a.cpu_ms):.3f}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--events", type=int, default=123)
    parser.add_argument("--concurrent", type=int, default=20)
    parser.add_argument("--redis-url", default=Settings().test_redis_url)
    args = parser.parse_args(argv)
    asyncio.run(run(args, print))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
