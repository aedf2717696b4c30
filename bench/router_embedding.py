"""The embedding router against the TF-IDF router it replaced, in one run.

``python -m bench.router_embedding`` trains both classifiers on the packaged training
file, routes the tuned set (``evals/data/routing.jsonl``) and the held-out set
(``evals/data/heldout/routing.jsonl``, reported, never tuned on) through the same reader
(clause splitting, dependencies, multi-label check; no LLM), and prints per system the
exact-set accuracy on each set, the training time and the per-request latency (p50 and
p99 over every request of both sets, warm; each request is routed ``REPEATS`` times and
its median kept, so one scheduler hiccup on a shared machine does not become the p99),
with ratios embedding / TF-IDF.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.report import ratio
from bench.tfidf_router import train as train_tfidf
from evals.routing_eval import default_file, load_cases
from evals.routing_metrics import Case
from nodes.routing.classifier import Classifier
from nodes.routing.classifier import train as train_embedding
from nodes.routing.plan import analyse_request

HELD_OUT = Path(__file__).parents[1] / "evals" / "data" / "heldout" / "routing.jsonl"
REPEATS = 3


@dataclass(frozen=True)
class RouterRun:
    """One router's figures."""

    name: str
    train_seconds: float
    accuracy: dict[str, float]
    latencies_ms: list[float]

    def percentile(self, q: float) -> float:
        """The ``q``-th percentile of per-request latency, in milliseconds."""
        return float(np.percentile(self.latencies_ms, q))


def measure(
    name: str,
    trainer: Callable[[], Classifier],
    sets: Mapping[str, Sequence[Case]],
) -> RouterRun:
    """Train ``trainer``'s classifier, then route every case of every set once, timed."""
    started = time.perf_counter()
    classifier = trainer()
    trained = time.perf_counter() - started
    analyse_request("warm up", classifier)
    accuracy: dict[str, float] = {}
    latencies: list[float] = []
    for label, cases in sets.items():
        right = 0
        for case in cases:
            times = []
            for _ in range(REPEATS):
                t0 = time.perf_counter()
                agents = analyse_request(case.text, classifier).agents
                times.append((time.perf_counter() - t0) * 1000)
            latencies.append(float(np.median(times)))
            right += set(agents) == set(case.agents)
        accuracy[label] = right / len(cases)
    return RouterRun(name, trained, accuracy, latencies)


def table(ours: RouterRun, baseline: RouterRun, sizes: dict[str, int]) -> list[str]:
    """Stable plain-text lines: one row per figure, both systems and the ratio."""
    head = f"{'figure':32}{ours.name:>12}{baseline.name:>12}{'ratio':>8}"
    rows = [head, "-" * len(head)]
    for label, size in sizes.items():
        a, b = ours.accuracy[label], baseline.accuracy[label]
        rows.append(f"{f'accuracy {label} ({size})':32}{a:>12.1%}{b:>12.1%}{ratio(a, b):>8.2f}")
    for q in (50, 99):
        a, b = ours.percentile(q), baseline.percentile(q)
        rows.append(f"{f'latency p{q} per request (ms)':32}{a:>12.2f}{b:>12.2f}{ratio(a, b):>8.2f}")
    a, b = ours.train_seconds, baseline.train_seconds
    rows.append(f"{'training (s)':32}{a:>12.2f}{b:>12.2f}{ratio(a, b):>8.2f}")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    """Print the comparison table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tuned", type=Path, default=default_file())
    parser.add_argument("--held-out", type=Path, default=HELD_OUT)
    args = parser.parse_args(argv)
    sets = {"tuned": load_cases(args.tuned), "held-out": load_cases(args.held_out)}
    baseline = measure("tfidf", train_tfidf, sets)
    ours = measure("embedding", train_embedding, sets)
    print(f"Routing classifiers, no LLM ({sum(map(len, sets.values()))} requests, warm):")
    for line in table(ours, baseline, {label: len(cases) for label, cases in sets.items()}):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
