"""The routing eval's labelled requests, or a fixed subset balanced over kinds and departments."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from evals.routing_eval import default_file, load_cases
from evals.routing_metrics import KINDS, Case


def balanced(cases: Sequence[Case], limit: int | None) -> list[Case]:
    """Up to ``limit`` cases, taken in turn from each kind (and within a kind, from each
    department), so a small limit still covers every kind; None or 0 keeps them all.

    The choice depends only on the file's order: the same file gives the same subset.
    """
    by_kind: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_kind[case.kind].append(case)
    queues = [_interleave_departments(by_kind[k]) for k in KINDS if by_kind[k]]
    ordered: list[Case] = []
    while any(queues):
        for queue in queues:
            if queue:
                ordered.append(queue.pop(0))
    return ordered[:limit] if limit else ordered


def _interleave_departments(cases: list[Case]) -> list[Case]:
    by_route: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_route["+".join(case.agents)].append(case)
    groups = list(by_route.values())
    out: list[Case] = []
    while any(groups):
        for group in groups:
            if group:
                out.append(group.pop(0))
    return out


def load_scenarios(limit: int | None) -> list[Case]:
    """The packaged routing set, balanced and cut to ``limit``."""
    return balanced(load_cases(default_file()), limit)
