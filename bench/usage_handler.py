"""CPU per supervisor run with LangChain's usage handler vs ``RunUsageHandler``, one process.

``python -m bench.usage_handler [--runs 60] [--rounds 3]`` runs the refund request
through the compiled supervisor graph (offline model, in-memory checkpointer, SQLite demo
copy) with each run's ``callbacks`` holding LangChain's ``UsageMetadataCallbackHandler``
(what runs used) or ``adapters.run_usage.RunUsageHandler``, in alternating rounds on one
event loop, and prints each round's CPU ms per run (``time.process_time``, every thread
of the process), their medians, the thread-pool submissions per run, and a ``RESULT``
line: ours vs LangChain's.

Both count the same tokens; the stock handler sends each node's start and end through
the event loop's default thread pool, which costs CPU on the loop and in the pool.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from statistics import median
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler, UsageMetadataCallbackHandler
from langgraph.checkpoint.memory import InMemorySaver

from adapters.run_usage import RunUsageHandler
from adapters.services import build_services
from bench.concurrent_clients import REQUEST
from bench.demo_db import demo_copies
from bench.report import result_line
from domain.demo import anchors
from graphs.context import Context
from graphs.supervisor import compile_supervisor

HANDLERS: dict[str, Callable[[], BaseCallbackHandler]] = {
    "langchain": UsageMetadataCallbackHandler,
    "run_usage": RunUsageHandler,
}


class _CountingPool(ThreadPoolExecutor):
    """The loop's default pool, counting what is sent to it."""

    submitted = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.submitted += 1
        return super().submit(fn, *args, **kwargs)


async def _round(graph: Any, handler: Callable[[], BaseCallbackHandler], runs: int) -> float:
    context = Context(tenant_id=anchors.TENANT_ID, actor="bench")
    started = time.process_time()
    for _ in range(runs):
        config: Any = {"configurable": {"thread_id": str(time.monotonic_ns())}}
        config["callbacks"] = [handler()]
        async for _ in graph.astream(
            {"messages": [("user", REQUEST)]},
            config,
            context=context,
            stream_mode="updates",
            subgraphs=True,
            durability="sync",
        ):
            pass
    return (time.process_time() - started) * 1000 / runs


async def measure(runs: int, rounds: int) -> tuple[dict[str, list[float]], dict[str, float]]:
    """CPU ms per run by handler and round, and pool submissions per run by handler."""
    pool = _CountingPool()
    asyncio.get_running_loop().set_default_executor(pool)
    with demo_copies() as copies:
        services = build_services(copies.settings("usage"))
        graph = compile_supervisor(services, checkpointer=InMemorySaver())
        for make in HANDLERS.values():  # warm caches, imports and the router
            await _round(graph, make, 3)
        cpu: dict[str, list[float]] = {name: [] for name in HANDLERS}
        hops: dict[str, float] = {}
        for _ in range(rounds):
            for name, make in HANDLERS.items():
                before = pool.submitted
                cpu[name].append(await _round(graph, make, runs))
                hops[name] = (pool.submitted - before) / runs
        services.engine.dispose()
    return cpu, hops


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60, help="Runs per handler and round.")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    cpu, hops = asyncio.run(measure(args.runs, args.rounds))
    print(f"{args.runs} supervisor runs per round (refund request, offline model, in memory)")
    print(f"{'handler':<12}{'median ms/run':>15}{'pool hops/run':>15}  rounds")
    for name in HANDLERS:
        rounds = " ".join(f"{ms:.1f}" for ms in cpu[name])
        print(f"{name:<12}{median(cpu[name]):>15.1f}{hops[name]:>15.1f}  {rounds}")
    ours, theirs = median(cpu["run_usage"]), median(cpu["langchain"])
    print(result_line("cpu_ms_per_run", ours, theirs, ("run_usage", "langchain")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
