"""What durable human-in-the-loop costs: checkpoint overhead per superstep and bytes per turn.

``python -m bench.hitl_overhead [--runs N] [--turns N] [--postgres URL]`` prints:

1. Overhead per superstep of the production checkpointer (PostgresSaver over our pool)
   with ``durability="sync"`` — each step's checkpoint is written before the next step
   starts, as runs that act use — beside the in-memory saver, as a ratio. Measured on a
   minimal 5-node graph (pure checkpoint cost) and on the supervisor answering read-only
   requests with the offline model (business data on a SQLite demo copy for both). A
   superstep is one stored checkpoint (subgraph checkpoints included); medians of
   ``--runs`` runs on fresh threads after a warm-up. ``async`` durability is shown too.
2. Checkpoint bytes stored in Postgres after a ``--turns``-turn thread of read-only
   requests (no approvals): the supervisor as built (departments hand back a narrow
   result) and a baseline whose departments leak their agent's conversation into the
   supervisor's ``messages`` (``bench.supervisor_variants``). Total bytes, the part in
   the supervisor's own namespace (the rest is department subgraph checkpoints), bytes
   per turn early and late in the thread, and the newest root checkpoint (what a
   resume loads) as the thread grows.

``--postgres`` is the server to create a scratch database on (default: the tests'
``SWITCHBOARD_TEST_POSTGRES_URL``). The ``RESULT`` lines at the end are stable for scripts.
"""

from __future__ import annotations

import argparse
import operator
import uuid
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from statistics import median
from time import perf_counter
from typing import Annotated, Any, TypedDict

from langchain_core.messages import HumanMessage
from langchain_core.runnables import RunnableConfig
from langgraph.graph import START, StateGraph
from langgraph.types import Durability

from adapters.services import Services, build_services
from bench import checkpoint_store as store
from bench import hitl_report as report
from bench.demo_db import DemoCopies, demo_copies
from bench.hitl_report import Growth, Overhead
from bench.supervisor_variants import leaky_supervisor
from domain.demo import anchors
from graphs.context import Context
from graphs.supervisor import build_supervisor_graph
from switchboard.settings import Settings

READ_ONLY_REQUESTS = (
    f"Can you look up order {anchors.ORDER_BELOW_REFUND_THRESHOLD} for me?",
    "Which sponsors are in negotiation?",
    "How many tickets have we sold so far?",
    "What does the knowledge base say about parking?",
    f"How is the {anchors.UNDERPERFORMING_CAMPAIGN} campaign performing?",
    f"Can you look up order {anchors.ORDER_ABOVE_REFUND_THRESHOLD} for me?",
)
"""Agent-path requests that only read: each turn has tool chatter and no approval."""
SAVERS: tuple[tuple[str, str, Durability], ...] = (
    ("in-memory (sync)", "memory", "sync"),
    ("postgres (sync)", "postgres", "sync"),
    ("postgres (async)", "postgres", "async"),
)
SYSTEMS: dict[str, Callable[[Services], StateGraph[Any, Any, Any, Any]]] = {
    "narrow": build_supervisor_graph,
    "leaky": leaky_supervisor,
}
SNAPSHOT_TURNS = (1, 10, 25, 50, 100)


class Tiny(TypedDict):
    """State of the minimal graph."""

    count: int
    log: Annotated[list[str], operator.add]


def tiny_graph() -> StateGraph[Any, Any, Any, Any]:
    """Five nodes in a line, each adding one short entry: checkpointing is all it costs."""
    graph: StateGraph[Any, Any, Any, Any] = StateGraph(Tiny)
    previous = START
    for i in range(5):
        graph.add_node(f"step{i}", TinyStep(f"step{i}"))
        graph.add_edge(previous, f"step{i}")
        previous = f"step{i}"
    return graph


@dataclass(frozen=True)
class TinyStep:
    """One node of the minimal graph."""

    name: str

    def __call__(self, state: Tiny) -> dict[str, Any]:
        return {"count": state["count"] + 1, "log": [self.name]}


def timed_run(graph: Any, payload: dict[str, Any], durability: Durability) -> tuple[float, str]:
    """Seconds of one run on a fresh thread, and the thread id."""
    thread = f"bench-{uuid.uuid4().hex[:12]}"
    config = {"configurable": {"thread_id": thread}}
    start = perf_counter()
    graph.invoke(payload, config, context=Context(), durability=durability)
    return perf_counter() - start, thread


def measure_overhead(copies: DemoCopies, pg_url: str, runs: int) -> list[Overhead]:
    """Part 1: each graph on every checkpointer, runs interleaved so load hits all alike."""
    services = build_services(copies.settings("overhead"))
    requests = [{"messages": [HumanMessage(t)]} for t in READ_ONLY_REQUESTS]
    graphs: list[tuple[str, StateGraph[Any, Any, Any, Any], list[dict[str, Any]], int]] = [
        ("5-node graph", tiny_graph(), [{"count": 0, "log": []}], runs * 4),
        ("supervisor (read-only)", build_supervisor_graph(services), requests, runs),
    ]
    found = []
    for name, builder, payloads, n in graphs:
        with ExitStack() as stack:
            savers = [stack.enter_context(store.saver_for(kind, pg_url)) for _, kind, _ in SAVERS]
            compiled = [builder.compile(checkpointer=saver) for saver in savers]
            seconds: list[list[float]] = [[] for _ in SAVERS]
            threads: list[list[str]] = [[] for _ in SAVERS]
            for i in range(n + 2):  # the first two runs warm up
                for j, (graph, (_, _, durability)) in enumerate(zip(compiled, SAVERS, strict=True)):
                    took, thread = timed_run(graph, payloads[i % len(payloads)], durability)
                    if i >= 2:
                        seconds[j].append(took)
                        threads[j].append(thread)
            for j, (label, kind, _) in enumerate(SAVERS):
                if kind == "memory":
                    steps = store.memory_checkpoint_count(savers[j], threads[j])
                else:
                    steps = store.checkpoint_count(pg_url, threads[j])
                per_run = steps / n
                per_step = median(s / per_run for s in seconds[j]) * 1000
                found.append(Overhead(name, label, per_step, per_run))
    return found


def measure_growth(copies: DemoCopies, pg_url: str, turns: int, system: str) -> Growth:
    """Part 2: ``turns`` read-only requests on one thread, measured as it grows."""
    services = build_services(copies.settings(f"growth-{system}"))
    thread = f"long-{system}-{uuid.uuid4().hex[:8]}"
    config: RunnableConfig = {"configurable": {"thread_id": thread}}
    growth = Growth(system, turns)
    with store.saver_for("postgres", pg_url) as saver:
        graph = SYSTEMS[system](services).compile(checkpointer=saver)
        for turn in range(1, turns + 1):
            text = READ_ONLY_REQUESTS[(turn - 1) % len(READ_ONLY_REQUESTS)]
            graph.invoke(
                {"messages": [HumanMessage(text)]}, config, context=Context(), durability="sync"
            )
            if turn in SNAPSHOT_TURNS or turn in (turns - 10, turns):
                growth.total_at[turn] = store.thread_bytes(pg_url, thread)
                growth.root_state_at[turn] = store.latest_root_state_bytes(pg_url, thread)
        state = graph.get_state(config)
        if state.interrupts:
            raise RuntimeError(f"a read-only request stopped for approval: {state.interrupts}")
        growth.messages = len(state.values["messages"])
    growth.root_bytes = store.root_bytes(pg_url, thread)
    return growth


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Checkpoint overhead and growth (HITL).")
    parser.add_argument("--runs", type=int, default=30, help="Timed runs per checkpointer.")
    parser.add_argument("--turns", type=int, default=100, help="Turns of the long thread.")
    parser.add_argument("--postgres", default=Settings().test_postgres_url, help="Server URL.")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.turns < 12:
        parser.error("--runs must be at least 1 and --turns at least 12")

    with demo_copies() as copies, store.scratch_checkpoint_db(args.postgres) as pg_url:
        found = measure_overhead(copies, pg_url, args.runs)
        grown = [measure_growth(copies, pg_url, args.turns, s) for s in SYSTEMS]

    print("1. Checkpoint overhead per superstep (median of runs; ratio to in-memory)")
    print("\n".join(report.overhead_lines(found)))
    print(f"\n2. Checkpoint bytes after a {args.turns}-turn thread (Postgres, read-only requests)")
    print("\n".join(report.growth_lines(grown)))
    print("\n".join(report.result_lines(found, grown)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
