"""How a run's time grows with the request's length (offline model, demo tenant, SQLite).

``python -m bench.long_requests [--repeats N] [--chars N]`` runs, in one process on a
private copy of the demo database, a short request (the baseline) and three pastes of
``--chars`` characters (default 20,000; the server accepts bodies up to 256 KB):

- ``sentences``: one two-step sentence written again and again (a forwarded thread);
- ``list``: a pasted list of different one-line asks;
- ``dashes``: ``ops-`` over and over, one long run of address characters and no ``@``.

Each is run ``--repeats`` times by one service (its tenant caches warm, as a running
server's are; each run marked so that no per-text memo answers) and the fastest is kept.
It prints seconds per run and ``RESULT`` lines with each paste's ratio to the short
request. Measured on a busy 2-core machine (``--repeats 1``), before and after the planner
read each written step once and the misspelt-name and address scans became linear:
sentences 129 s -> 19 s (ratio 41 -> 5.6), list 351 s -> 15 s (111 -> 4.5), dashes
55 s -> 6.5 s (17 -> 1.9), against a short request of about 3 s.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from time import perf_counter
from typing import Any

from bench.demo_db import demo_copies
from bench.report import result_line

SHORT = "Check the refund for ORD-12222 and email Acme about the deal."


def pastes(chars: int) -> dict[str, str]:
    """The long requests, each ``chars`` characters long."""
    sentence = "Please check the refund for ORD-12222 and email Acme about the deal. "
    asks = "".join(f"- how many tickets did we sell in week {n}?\n" for n in range(chars))
    return {
        "sentences": (sentence * (chars // len(sentence) + 1))[:chars],
        "list": asks[:chars],
        "dashes": ("ops-" * (chars // 4 + 1))[:chars],
    }


class Runner:
    """One service and graph, as a running server has them: the tenant's catalog and names
    are loaded by the warm-up, so each run pays for reading its own request only."""

    def __init__(self, settings: Any) -> None:
        from langgraph.checkpoint.memory import InMemorySaver

        from adapters.services import build_services
        from graphs.supervisor import compile_supervisor

        self.services = build_services(settings)
        self.graph = compile_supervisor(self.services, checkpointer=InMemorySaver())
        self.runs = 0

    def seconds(self, text: str) -> float:
        """One run of ``text`` (with a mark of its own, so no per-text memo answers)."""
        from langchain_core.messages import HumanMessage

        from graphs.context import Context

        self.runs += 1
        config: Any = {"configurable": {"thread_id": f"long-request-{self.runs}"}}
        message = HumanMessage(f"{text} (run {self.runs})")
        started = perf_counter()
        self.graph.invoke({"messages": [message]}, config, context=Context())
        return perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its table and ``RESULT`` lines."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs of each request")
    parser.add_argument("--chars", type=int, default=20_000, help="length of each paste")
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.chars < 100:
        parser.error("--repeats must be at least 1 and --chars at least 100")
    requests = {"short": SHORT, **pastes(args.chars)}
    seconds: dict[str, float] = {}
    with demo_copies() as copies:
        runner = Runner(copies.settings("long-requests"))
        try:
            runner.seconds("How many tickets have we sold?")  # warm-up, not counted
            for name, text in requests.items():
                seconds[name] = min(runner.seconds(text) for _ in range(args.repeats))
        finally:
            runner.services.engine.dispose()
    print(f"{'request':12}{'chars':>8}{'seconds':>10}{'ratio':>8}")
    for name, text in requests.items():
        ratio = seconds[name] / seconds["short"]
        print(f"{name:12}{len(text):>8}{seconds[name]:>10.3f}{ratio:>8.1f}")
    for name in pastes(args.chars):
        print(result_line(f"run_seconds_{name}", seconds[name], seconds["short"], (name, "short")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
