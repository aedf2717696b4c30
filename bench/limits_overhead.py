"""What the unbounded-consumption limits cost per request and per model call.

``python -m bench.limits_overhead [--requests N] [--calls N]`` measures, in one process
on a private copy of the demo database (SQLite, offline model):

- ``GET /integrations`` (authenticated, light) through the app in process (httpx ASGI
  transport) with the rate limiter on (moving window, memory storage, a limit too high
  to refuse anything) and off; the two apps are built from the same settings but that
  switch, and requests alternate between them (each goes first every other time);
- one model call inside a graph node (the offline model writing a short text) with the
  budget guard off, on for a tenant without limits (the call and its tokens are recorded
  after it: one write) and on for a tenant with limits (the call is counted and checked
  before it, its tokens recorded after: two writes). Every write is a SQLite commit, so
  the disk's fsync time dominates; a real model's call takes hundreds of milliseconds.

It prints the medians and ``RESULT`` lines with the on/off ratios. Timings are noisy on a
busy machine; the overhead per call is the difference of the medians.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence
from statistics import median
from time import perf_counter
from typing import Any

import httpx
from langgraph.graph import START, StateGraph
from langgraph.runtime import Runtime
from typing_extensions import TypedDict

from adapters.models import build_chat_model
from adapters.services import Services, build_services
from bench.demo_db import demo_copies
from bench.report import result_line
from bench.serving_app import new_key
from domain.budgets import set_limits
from domain.db import transaction
from domain.demo import anchors
from graphs.context import Context
from nodes.writing import write
from server.app import create_app
from switchboard.settings import Settings

CONTEXT = Context(tenant_id=anchors.TENANT_ID, actor="bench")


async def time_requests(settings: Settings, requests: int) -> tuple[list[float], list[float]]:
    """Per-request milliseconds with the limiter on and off, interleaved."""
    key = new_key(build_services(settings).engine)
    on_app = create_app(
        settings.model_copy(
            update={"rate_limit_enabled": True, "rate_limit_requests": "1000000/minute"}
        )
    )
    off_app = create_app(settings.model_copy(update={"rate_limit_enabled": False}))
    timings: dict[bool, list[float]] = {True: [], False: []}
    headers = {"Authorization": f"Bearer {key}"}
    async with (
        on_app.router.lifespan_context(on_app),
        off_app.router.lifespan_context(off_app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=on_app), base_url="http://b", headers=headers
        ) as on,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=off_app), base_url="http://b", headers=headers
        ) as off,
    ):
        for i in range(requests + 5):
            pair = ((True, on), (False, off))
            for limited, client in pair if i % 2 else pair[::-1]:  # neither always goes first
                started = perf_counter()
                response = await client.get("/integrations")
                elapsed = (perf_counter() - started) * 1000
                assert response.status_code == 200, response.text
                if i >= 5:  # warm-up
                    timings[limited].append(elapsed)
    return timings[True], timings[False]


class _State(TypedDict, total=False):
    text: str


def _one_call_graph(services: Services) -> Any:
    def call(state: _State, runtime: Runtime[Context]) -> _State:
        return {"text": write(services.model, "research_clarify", {"question": "Which company?"})}

    graph = StateGraph(_State, context_schema=Context)
    graph.add_node("research", call)  # a department name: charged to that agent
    graph.add_edge(START, "research")
    return graph.compile()


def time_model_calls(settings: Settings, calls: int) -> dict[str, list[float]]:
    """Per-call milliseconds of a graph node's model call: no guard, the guard on a tenant
    without limits (the call is only recorded) and on one with limits (checked first)."""
    graphs = {}
    for variant, enabled in (("none", False), ("ledger", True), ("limited", True)):
        services = build_services(
            settings.model_copy(update={"budgets_enabled": enabled}), model=None
        )
        services.model = build_chat_model(services.settings, services)
        graphs[variant] = _one_call_graph(services)
    timings: dict[str, list[float]] = {variant: [] for variant in graphs}
    for variant in ("none", "ledger", "none", "limited"):  # limits are set for the last one
        if variant == "limited":
            with transaction(services.sessions) as session:
                for whose in ("*", "research"):
                    limits = {"max_tokens": 10**12, "max_llm_calls": 10**9}
                    set_limits(session, anchors.TENANT_ID, whose, limits)
        for i in range(calls // 2 + 3):
            started = perf_counter()
            graphs[variant].invoke({}, context=CONTEXT)
            if i >= 3:
                timings[variant].append((perf_counter() - started) * 1000)
    return timings


def report(requests: tuple[list[float], list[float]], calls: dict[str, list[float]]) -> list[str]:
    """The table and the RESULT lines."""
    req_on, req_off = median(requests[0]), median(requests[1])
    none, ledger, limited = (median(calls[v]) for v in ("none", "ledger", "limited"))
    return [
        f"Limits overhead: medians of {len(requests[0])} requests, "
        f"{len(calls['limited'])} model calls per variant",
        f"  GET /integrations        limiter on {req_on:7.3f} ms  off {req_off:7.3f} ms  "
        f"overhead {req_on - req_off:+.3f} ms",
        f"  model call, no limits    budget on  {ledger:7.3f} ms  off {none:7.3f} ms  "
        f"overhead {ledger - none:+.3f} ms (usage recorded: one write)",
        f"  model call, limits set   budget on  {limited:7.3f} ms  off {none:7.3f} ms  "
        f"overhead {limited - none:+.3f} ms (checked before, recorded after: two writes)",
        result_line("request_ms", req_on, req_off, ("limiter", "none")),
        result_line("model_call_ms", limited, none, ("budget", "none")),
        result_line("model_call_unlimited_ms", ledger, none, ("ledger", "none")),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run both measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="Requests per variant.")
    parser.add_argument("--calls", type=int, default=200, help="Model calls per variant.")
    args = parser.parse_args(argv)
    with demo_copies() as copies:
        requests = asyncio.run(time_requests(copies.settings("limits-http"), args.requests))
        calls = time_model_calls(copies.settings("limits-model"), args.calls)
    print("\n".join(report(requests, calls)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
