"""Bytes per AG-UI run: the compact UI state snapshots against the whole supervisor state.

``python -m bench.stream_bytes [--runs N]`` runs each request N times (fresh thread each
time, interleaved) through the AG-UI agent in process, encoded as ``POST /agui`` encodes
it, with two agents on the same compiled graph:

- ``slim``: the server's agent: STATE_SNAPSHOT holds what the client renders
  (``server.agui_state``) and an unchanged one is not resent;
- ``full``: the same agent with the library's own snapshots: the whole supervisor state
  at every node exit (what the server sent before).

It prints, per request and overall, the median bytes per run, STATE_SNAPSHOT bytes and
event counts, then ``RESULT`` lines with the slim/full ratios. The offline model, a
fresh copy of the demo database for every run, one process.
"""

from __future__ import annotations

import argparse
import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from ag_ui.core import RunAgentInput
from ag_ui.encoder import EventEncoder
from ag_ui_langgraph import LangGraphAgent
from langgraph.checkpoint.memory import InMemorySaver

from adapters.services import build_services
from bench.demo_db import demo_copies
from bench.report import result_line
from bench.serving_app import run_body
from domain.demo import anchors
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from server.agui_agent import SwitchboardAgent

CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="bench")
REQUESTS = {
    "refund": f"Hi, I want a refund for order {anchors.ORDER_BELOW_REFUND_THRESHOLD}, I can't come",
    "question": "What is the refund policy?",
    "multi": "Launch the event: analyse the audience, then find sponsors and start the campaign",
}
VARIANTS = ("slim", "full")


class FullStateAgent(SwitchboardAgent):
    """The baseline: the library's snapshots (the whole state, every node exit)."""

    def get_state_snapshot(self, state: Any) -> Any:
        return LangGraphAgent.get_state_snapshot(self, state)

    async def run(self, input: RunAgentInput) -> AsyncIterator[Any]:
        async for event in LangGraphAgent.run(self, input):
            yield event


@dataclass
class RunBytes:
    """One streamed run: bytes on the wire, of which state snapshots, and event counts."""

    total: int = 0
    snapshots: int = 0
    snapshot_events: int = 0
    events: int = 0
    types: list[str] = field(default_factory=list)


async def one_run(graph: Any, text: str, variant: str) -> RunBytes:
    """One run of ``text`` on a fresh thread, encoded as the endpoint encodes it."""
    kind = SwitchboardAgent if variant == "slim" else FullStateAgent
    agent = kind(graph=graph, context=CONTEXT)
    encoder = EventEncoder(accept="text/event-stream")
    measured = RunBytes()
    body = run_body(text, thread=f"bytes-{uuid.uuid4().hex[:10]}")
    async for event in agent.run(RunAgentInput.model_validate(body)):
        size = len(encoder.encode(event).encode())
        measured.total += size
        measured.events += 1
        measured.types.append(str(event.type))
        if event.type == "STATE_SNAPSHOT":
            measured.snapshots += size
            measured.snapshot_events += 1
    return measured


async def measure(runs: int, requests: dict[str, str]) -> dict[tuple[str, str], list[RunBytes]]:
    """Interleaved runs of every request and variant, each on a fresh demo copy.

    A run changes the database (proposed actions, outbox rows), and the next run of the
    same request would answer differently; a fresh copy makes both variants stream the
    very same run.
    """
    found: dict[tuple[str, str], list[RunBytes]] = {(r, v): [] for r in requests for v in VARIANTS}
    with demo_copies() as copies:
        for i in range(runs):
            for name, text in requests.items():
                for variant in VARIANTS:
                    services = build_services(copies.settings(f"{name}-{variant}-{i}"))
                    graph = compile_supervisor(services, checkpointer=InMemorySaver())
                    found[(name, variant)].append(await one_run(graph, text, variant))
                    services.engine.dispose()
    return found


def report(found: dict[tuple[str, str], list[RunBytes]], runs: int) -> list[str]:
    """The table and the RESULT lines (medians per run; ``all`` sums the requests)."""
    names = list(dict.fromkeys(r for r, _ in found))
    lines = [
        f"AG-UI bytes per run: {runs} runs per request and variant (medians)",
        "",
        f"{'request':<10} {'variant':<6} {'bytes':>8} {'snapshot bytes':>15} "
        f"{'snapshots':>9} {'events':>7} {'snapshot share':>15}",
    ]
    totals: dict[str, dict[str, float]] = {v: {"total": 0, "snapshots": 0} for v in VARIANTS}
    for name in names:
        for variant in VARIANTS:
            rows = found[(name, variant)]
            total = median(r.total for r in rows)
            snaps = median(r.snapshots for r in rows)
            totals[variant]["total"] += total
            totals[variant]["snapshots"] += snaps
            lines.append(
                f"{name:<10} {variant:<6} {total:>8.0f} {snaps:>15.0f} "
                f"{median(r.snapshot_events for r in rows):>9.0f} "
                f"{median(r.events for r in rows):>7.0f} {snaps / total:>15.1%}"
            )
    slim, full = totals["slim"], totals["full"]
    pair = ("slim", "full")
    lines += [
        "",
        *(
            result_line(
                f"bytes_per_run_{name}",
                median(r.total for r in found[(name, "slim")]),
                median(r.total for r in found[(name, "full")]),
                pair,
            )
            for name in names
        ),
        result_line("bytes_per_run", slim["total"] / len(names), full["total"] / len(names), pair),
        result_line(
            "snapshot_bytes_per_run",
            slim["snapshots"] / len(names),
            full["snapshots"] / len(names),
            pair,
        ),
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure both variants and print the table and RESULT lines."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="Runs per request and variant.")
    args = parser.parse_args(argv)
    found = asyncio.run(measure(args.runs, REQUESTS))
    print("\n".join(report(found, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
