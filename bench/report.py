"""Plain-text tables for the benchmark (stable lines, so tests and CI logs can read them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import mean

from bench.measure import RequestCost, mean_of
from evals.routing_metrics import KINDS


@dataclass(frozen=True)
class Timing:
    """Median per-request time of one system in the overhead comparison."""

    name: str
    median_ms: float


def ratio(ours: float, theirs: float) -> float:
    """ours / theirs (infinity when theirs is 0)."""
    return ours / theirs if theirs else float("inf")


def calls_table(ours: Sequence[RequestCost], theirs: Sequence[RequestCost]) -> list[str]:
    """Per-kind means of LLM calls and input tokens per request, with the ratios."""
    lines = [
        f"{'':14}{'':>4} | {'LLM calls per request':^30} | {'input tokens per request':^32}",
        f"{'kind':14}{'n':>4} | {'switchbd':>9}{'create_sup':>11}{'ratio':>8}"
        f"  | {'switchbd':>10}{'create_sup':>12}{'ratio':>8}",
    ]
    kinds = [k for k in KINDS if any(c.kind == k for c in ours)]
    for kind in [*kinds, "all"]:
        a = [c for c in ours if kind in ("all", c.kind)]
        b = [c for c in theirs if kind in ("all", c.kind)]
        calls_a, calls_b = mean_of(a, "llm_calls"), mean_of(b, "llm_calls")
        tok_a, tok_b = mean_of(a, "input_tokens"), mean_of(b, "input_tokens")
        lines.append(
            f"{kind:14}{len(a):>4} | {calls_a:>9.2f}{calls_b:>11.2f}{ratio(calls_a, calls_b):>8.2f}"
            f"  | {tok_a:>10,.0f}{tok_b:>12,.0f}{ratio(tok_a, tok_b):>8.2f}"
        )
    return lines


def roles_line(name: str, costs: Sequence[RequestCost]) -> str:
    """Mean calls per request by role, e.g. ``switchboard: route 0.10, agent 1.60``."""
    roles = sorted({r for c in costs for r in c.roles})
    parts = [f"{r} {mean(c.roles[r] for c in costs):.2f}" for r in roles] if costs else []
    return f"  {name}: " + (", ".join(parts) or "no calls")


def failures(name: str, costs: Sequence[RequestCost]) -> list[str]:
    """One line per failed request (the first three), or nothing."""
    failed = [c for c in costs if c.error]
    lines = [f"  {name}: {len(failed)} failed request(s)"] if failed else []
    return lines + [f"    {c.kind}: {c.error}" for c in failed[:3]]


def timing_table(timings: Sequence[Timing], baseline: str) -> list[str]:
    """Median milliseconds per request and the ratio to ``baseline``."""
    base = next(t.median_ms for t in timings if t.name == baseline)
    lines = [f"{'system':44}{'median ms':>10}{'ratio':>8}"]
    lines += [f"{t.name:44}{t.median_ms:>10.2f}{ratio(t.median_ms, base):>8.2f}" for t in timings]
    return lines


def result_line(metric: str, ours: float, theirs: float, names: tuple[str, str]) -> str:
    """``RESULT <metric> <ours-name>=x <theirs-name>=y ratio=z`` (read by the smoke test)."""
    return (
        f"RESULT {metric} {names[0]}={ours:.3f} {names[1]}={theirs:.3f} "
        f"ratio={ratio(ours, theirs):.3f}"
    )
