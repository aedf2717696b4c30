"""Where a supervisor run's server CPU goes: the same run, one layer added at a time.

``python -m bench.run_cpu_layers [--runs N] [--rounds R]`` runs the refund request
(the request ``bench.run_cpu`` streams) in this process, one run at a time, through:

- ``ainvoke, in memory``: the compiled graph with an in-memory checkpointer (the floor);
- ``ainvoke, Postgres``: the same with the Postgres checkpointer and ``durability="sync"``
  (what every AG-UI run uses);
- ``astream, Postgres``: ``astream`` with the ``updates``, ``messages`` and ``custom``
  modes (what a cheaper event source than ``astream_events`` would cost: a reference,
  not a path the server takes);
- ``astream_events, Postgres``: ``astream_events`` v2 with subgraphs, as
  ``ag_ui_langgraph`` calls it;
- ``AG-UI``: ``SwitchboardAgent.run`` (the library's translation, the department
  filter, the compact snapshots) and the SSE encoder, without HTTP.

CPU is ``time.process_time`` (all threads of the process) per run; rounds alternate the
layers and the medians are printed, with each layer's ratio to the floor and to the
layer before it. What ``POST /agui`` adds on top (HTTP, the run record, the thread lock,
the socket writes) is the difference to ``bench.run_cpu``'s server figure.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from statistics import median
from typing import Any

from bench.run_cpu import REQUEST

Layer = Callable[[], Awaitable[int]]


async def _layers(postgres: str, runs: int, rounds: int) -> list[tuple[str, float, float]]:
    """(name, median CPU ms per run, events per run) for each layer."""
    from ag_ui.encoder import EventEncoder
    from langchain_core.messages import HumanMessage
    from langchain_core.runnables import RunnableConfig
    from langgraph.checkpoint.memory import InMemorySaver

    from adapters.checkpoints import open_async_checkpointer
    from adapters.serving_loop import serving_loop
    from bench.checkpoint_store import scratch_checkpoint_db
    from bench.demo_db import demo_copies
    from bench.serving_app import run_body
    from bench.serving_model import latency_services
    from graphs.context import Context
    from graphs.supervisor import compile_supervisor
    from server.agui_agent import SwitchboardAgent
    from server.routers.agui import AgUiRunInput

    def fresh() -> RunnableConfig:
        return {"configurable": {"thread_id": str(uuid.uuid4())}}

    def request() -> dict[str, Any]:
        return {"messages": [HumanMessage(REQUEST)]}

    with demo_copies() as copies, scratch_checkpoint_db(postgres) as checkpoint_url:
        settings = copies.settings("layers").model_copy(update={"checkpoint_url": checkpoint_url})
        services = latency_services(settings, 0.0)
        context = Context(tenant_id="demo", actor="bench")
        in_memory = compile_supervisor(services, checkpointer=InMemorySaver())
        async with open_async_checkpointer(settings) as saver:
            graph = compile_supervisor(services, checkpointer=saver)

            async def memory_ainvoke() -> int:
                await in_memory.ainvoke(request(), fresh(), context=context)
                return 0

            async def postgres_ainvoke() -> int:
                await graph.ainvoke(request(), fresh(), context=context, durability="sync")
                return 0

            async def postgres_astream() -> int:
                modes: Any = ["updates", "messages", "custom"]
                with serving_loop():
                    stream = graph.astream(
                        request(),
                        fresh(),
                        context=context,
                        durability="sync",
                        stream_mode=modes,
                        subgraphs=True,
                    )
                    return len([part async for part in stream])

            async def postgres_events() -> int:
                with serving_loop():
                    stream = graph.astream_events(
                        request(),
                        fresh(),
                        context=context,
                        durability="sync",
                        version="v2",
                        subgraphs=True,
                    )
                    return len([event async for event in stream])

            async def agui() -> int:
                encoder = EventEncoder(accept="text/event-stream")
                agent = SwitchboardAgent(graph=graph, context=context)
                body = AgUiRunInput.model_validate(run_body(REQUEST))
                return len([encoder.encode(event) async for event in agent.run(body)])

            layers: dict[str, Layer] = {
                "ainvoke, in memory (floor)": memory_ainvoke,
                "ainvoke, Postgres": postgres_ainvoke,
                "astream 3 modes, Postgres": postgres_astream,
                "astream_events, Postgres": postgres_events,
                "AG-UI events, no HTTP": agui,
            }
            events: dict[str, int] = {}
            for name, layer in layers.items():  # warm-up
                for _ in range(3):
                    events[name] = await layer()
            cpu: dict[str, list[float]] = {name: [] for name in layers}
            for _ in range(rounds):
                for name, layer in layers.items():
                    started = time.process_time()
                    for _ in range(runs):
                        await layer()
                    cpu[name].append((time.process_time() - started) / runs * 1000)
    return [(name, median(cpu[name]), events[name]) for name in layers]


def report(rows: list[tuple[str, float, float]], runs: int, rounds: int) -> list[str]:
    """The table: CPU per run, events per run, ratio to the floor and to the layer before."""
    from bench.report import result_line

    floor = rows[0][1]
    lines = [
        f"CPU per supervisor run, one layer added at a time (this process, one run at a "
        f"time; {runs} runs x {rounds} rounds, medians); request: {REQUEST!r}",
        "",
        f"{'layer':<28} {'CPU ms/run':>10} {'events/run':>10} {'x floor':>8}",
    ]
    for name, ms, events in rows:
        shown = f"{events:.0f}" if events else "-"
        lines.append(f"{name:<28} {ms:>10.1f} {shown:>10} {ms / floor:>8.2f}")
    lines.append("")
    by_name = {name: ms for name, ms, _ in rows}
    lines += [
        result_line(
            "checkpoints_postgres",
            by_name["ainvoke, Postgres"],
            floor,
            ("postgres", "in_memory"),
        ),
        result_line(
            "astream_events_vs_ainvoke",
            by_name["astream_events, Postgres"],
            by_name["ainvoke, Postgres"],
            ("astream_events", "ainvoke"),
        ),
        result_line(
            "astream_events_vs_astream",
            by_name["astream_events, Postgres"],
            by_name["astream 3 modes, Postgres"],
            ("astream_events", "astream"),
        ),
        result_line(
            "agui_vs_astream_events",
            by_name["AG-UI events, no HTTP"],
            by_name["astream_events, Postgres"],
            ("agui", "astream_events"),
        ),
    ]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure each layer; print the table and RESULT lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="Runs per layer and round.")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds alternating the layers.")
    parser.add_argument("--postgres", default=None, help="Postgres server URL (tests' default).")
    args = parser.parse_args(argv)
    if args.postgres is None:
        from switchboard.settings import Settings

        args.postgres = Settings().test_postgres_url
    rows = asyncio.run(_layers(args.postgres, args.runs, args.rounds))
    print("\n".join(report(rows, args.runs, args.rounds)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
