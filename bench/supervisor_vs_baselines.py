"""Switchboard's supervisor against the library's stock patterns, on one scripted model.

``python -m bench.supervisor_vs_baselines [--limit N] [--runs N]`` prints, in one run:

1. LLM calls and input tokens per request, Switchboard vs ``langgraph_supervisor``'s
   ``create_supervisor``, on the routing eval's labelled requests (all 165 by default;
   ``--limit N`` takes a fixed subset of N lines balanced over kinds and departments),
   by kind of request. The same scripted policy model (``bench.policy_model``) serves
   both: a routing call names the departments, a supervisor hands off to each in turn
   and answers when all have reported, a department agent makes one tool call and then
   answers, a writing call returns a paragraph. Switchboard routes with its local
   classifier (a model call only when unsure), runs playbooks (computed steps plus their
   writing calls) where they match, and needs no model call to hand control back. Input tokens are
   estimated as (message + tool schema characters) / 4 per call.
2. Graph overhead per request on a department's agent path (one tool call, model time
   excluded): Switchboard's full path and its department subgraph alone, against a plain
   ``create_agent`` with the same tools and prompt (with and without the same middleware).
   Medians of ``--runs`` interleaved runs after a warm-up.

Each system gets its own fresh copy of the demo database (SQLite in a temporary folder).
The ``RESULT`` lines at the end are stable for scripts. Exit code 1 when a request
failed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from statistics import median
from time import perf_counter

from adapters.services import build_services
from bench import systems
from bench.demo_db import DemoCopies, demo_copies
from bench.measure import Runner, coordination, mean_of
from bench.policy_model import PolicyChatModel
from bench.report import (
    Timing,
    calls_table,
    failures,
    result_line,
    roles_line,
    timing_table,
)
from bench.scenarios import load_scenarios
from domain.demo import anchors
from graphs.state import DepartmentTask, PlanStep
from nodes.planning import build_plan
from nodes.routing import route
from nodes.routing.plan import forget_analyses

OVERHEAD_REQUEST = f"Can you look up order {anchors.ORDER_BELOW_REFUND_THRESHOLD} for me?"
"""Routed to support with confidence and no playbook: the department agent path."""
PLAIN = "create_agent (plain)"


def compare_calls(copies: DemoCopies, limit: int | None) -> tuple[list[str], bool, list[str]]:
    """Part 1: run every scenario through both supervisors; the report lines."""
    model = PolicyChatModel()
    ours = Runner(systems.switchboard(build_services(copies.settings("sb"), model=model)), model)
    theirs = Runner(
        systems.stock_supervisor(build_services(copies.settings("cs"), model=model)), model
    )
    cases = load_scenarios(limit)
    for case in cases:
        ours.ask(case.text, kind=case.kind, needed=case.agents)
        theirs.ask(case.text, kind=case.kind, needed=case.agents)
    a, b = ours.costs, theirs.costs
    lines = [
        f"1. LLM calls and input tokens per request: Switchboard vs create_supervisor "
        f"({len(cases)} requests of evals/data/routing.jsonl)",
        "   input tokens ~ (message characters + tool schema characters) / 4, summed over calls",
        "",
        *calls_table(a, b),
        "",
        "calls per request by role:",
        roles_line("switchboard", a),
        roles_line("create_supervisor", b),
        f"  routing and hand-back calls (route + supervisor): switchboard "
        f"{coordination(a):.2f}, create_supervisor {coordination(b):.2f}",
        *failures("switchboard", a),
        *failures("create_supervisor", b),
    ]
    names = ("switchboard", "create_supervisor")
    results = [
        *(
            result_line(f"{attr}_per_request", mean_of(a, attr), mean_of(b, attr), names)
            for attr in ("llm_calls", "input_tokens")
        ),
        result_line("coordination_calls_per_request", coordination(a), coordination(b), names),
    ]
    ok = not any(c.error for c in [*a, *b])
    return lines, ok, results


def _routing_ms(runs: int) -> float:
    """Median time of the local router and planner on the overhead request."""
    samples = []
    for _ in range(runs):
        forget_analyses()  # a new request each time: route + plan read it once, uncached
        start = perf_counter()
        build_plan(OVERHEAD_REQUEST, route(OVERHEAD_REQUEST))
        samples.append(perf_counter() - start)
    return 1000 * median(samples)


def compare_overhead(copies: DemoCopies, runs: int) -> tuple[list[str], bool, list[str]]:
    """Part 2: median graph time per request on the agent path, model time excluded."""
    model = PolicyChatModel()
    services = build_services(copies.settings("overhead"), model=model)
    step = PlanStep(
        id="s1", department="support", task=OVERHEAD_REQUEST, playbook=None, depends_on=[]
    )
    task = DepartmentTask(step=step, inputs={}, request=OVERHEAD_REQUEST)
    contenders = {
        "switchboard supervisor (route ... answer)": (systems.switchboard(services), None),
        "switchboard department subgraph": (systems.department_subgraph("support", services), task),
        "create_agent + Switchboard's middleware": (
            systems.plain_agent("support", services, middleware=True),
            None,
        ),
        PLAIN: (systems.plain_agent("support", services, middleware=False), None),
    }
    runners = {name: Runner(graph, model) for name, (graph, _) in contenders.items()}
    warmup = 3
    for _ in range(warmup + runs):
        for name, (_, payload) in contenders.items():
            if payload is None:
                runners[name].ask(OVERHEAD_REQUEST, kind="overhead", needed=["support"])
            else:
                runners[name].run(dict(payload), kind="overhead", needed=["support"])
    timings = [
        Timing(name, 1000 * median(c.seconds for c in r.costs[warmup:]))
        for name, r in runners.items()
    ]
    calls = {name: {c.llm_calls for c in r.costs} for name, r in runners.items()}
    lines = [
        f"2. Graph overhead per request, department agent path (one tool call; model time "
        f"excluded; median of {runs} runs)",
        "",
        *timing_table(timings, PLAIN),
        f"  of Switchboard's time, routing + planning with the local classifier (no model): "
        f"{_routing_ms(runs):.2f} ms",
        "LLM calls per run: " + ", ".join(f"{n} {sorted(c)}" for n, c in calls.items()),
    ]
    for name, runner in runners.items():
        lines += failures(name, runner.costs)
    sb, plain = timings[0].median_ms, timings[-1].median_ms
    results = [result_line("overhead_ms", sb, plain, ("switchboard", "create_agent"))]
    ok = not any(c.error for r in runners.values() for c in r.costs)
    return lines, ok, results


def main(argv: Sequence[str] | None = None) -> int:
    """Run both comparisons and print them; 1 when a request failed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--limit", type=int, default=0, help="requests, balanced subset (default 0: all 165)"
    )
    parser.add_argument("--runs", type=int, default=30, help="timed runs per system (default 30)")
    args = parser.parse_args(argv)
    if args.limit < 0 or args.runs < 1:
        parser.error("--limit must be >= 0 and --runs >= 1")
    start = perf_counter()
    with demo_copies() as copies:
        calls, calls_ok, calls_results = compare_calls(copies, args.limit or None)
        overhead, overhead_ok, overhead_results = compare_overhead(copies, args.runs)
    print("\n".join([*calls, "", *overhead, "", *calls_results, *overhead_results]))
    print(f"(finished in {perf_counter() - start:.1f} s)")
    return 0 if calls_ok and overhead_ok else 1


if __name__ == "__main__":
    sys.exit(main())
