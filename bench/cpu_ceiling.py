"""What the measured CPU per run allows: the runs/s a system could reach on its cores.

A run costs CPU in the API process, in a worker, in the Postgres backends of the
benchmark's database and in Redis. With ``cores`` cores and each Python process held to
one of them (the GIL), a system of one API process and ``workers`` workers finishes at
most ``min(1 / api, workers / worker, cores / total)`` runs per second (CPU seconds per
run). The measured runs/s over that ceiling says how much of the CPU the queue path
turned into runs; on a machine shared with other jobs it also shows what they took, so
the benchmark prints the cores its processes actually got beside it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import redis

from bench.concurrent_clients import cpu_seconds


def database_cpu(database: str) -> float:
    """CPU seconds used so far by the Postgres backends connected to ``database``.

    Found by their process titles (``postgres: … <user> <database> <client> …``); a
    backend that closed is not counted, so pooled connections are what this measures.
    NaN where /proc does not show them (Postgres on another machine).
    """
    total, found = 0.0, False
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            title = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres:") and f" {database} " in title:
            used = cpu_seconds(int(proc.name))
            if not math.isnan(used):
                total, found = total + used, True
    return total if found else float("nan")


def redis_cpu(url: str) -> float:
    """CPU seconds the Redis server used so far (its own ``INFO``; shared with anyone else)."""
    client = redis.Redis.from_url(url)
    try:
        info = client.info("cpu")
    finally:
        client.close()
    return float(info["used_cpu_sys"]) + float(info["used_cpu_user"])  # type: ignore[index]


@dataclass(frozen=True)
class Ceiling:
    """CPU seconds per run of each part, and the runs/s they allow on ``cores`` cores."""

    cores: int
    workers: int
    api: float
    worker: float
    database: float
    redis: float

    @property
    def total(self) -> float:
        """CPU seconds per run, every part that was measured."""
        parts = (self.api, self.worker, self.database, self.redis)
        return sum(p for p in parts if not math.isnan(p))

    @property
    def runs_per_second(self) -> float:
        """The most runs/s this CPU per run allows: no process over one core, all on ``cores``."""
        limits = [self.cores / self.total if self.total else math.inf]
        if self.api > 0:
            limits.append(1 / self.api)
        if self.workers and self.worker > 0:
            limits.append(self.workers / self.worker)
        return min(limits)
