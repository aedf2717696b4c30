"""What the routing eval measures: exact-set accuracy, per-department precision and
recall, a confusion count and the LLM calls made."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from graphs.state import DEPARTMENTS, DepartmentName, RouteDecision
from nodes.routing import CONFIDENCE_THRESHOLD

KINDS = ("formal", "casual", "misspelt", "non_english", "multi")
MISSED = "(missed)"
EXTRA = "(extra)"


@dataclass(frozen=True)
class Case:
    """One labelled request."""

    text: str
    agents: list[DepartmentName]
    kind: str


@dataclass(frozen=True)
class Outcome:
    """A case and the router's decision on it."""

    case: Case
    decision: RouteDecision

    @property
    def correct(self) -> bool:
        """The routed departments are exactly the labelled ones (any order)."""
        return set(self.decision["agents"]) == set(self.case.agents)

    @property
    def in_order(self) -> bool:
        """The routed departments are the labelled ones in the labelled order."""
        return self.decision["agents"] == self.case.agents

    @property
    def confident(self) -> bool:
        """The classifier was sure enough to need no LLM call."""
        return self.decision["confidence"] >= CONFIDENCE_THRESHOLD


def accuracy(outcomes: Sequence[Outcome]) -> float:
    """Share of exact set matches."""
    return sum(o.correct for o in outcomes) / len(outcomes) if outcomes else 0.0


def precision_recall(outcomes: Sequence[Outcome]) -> dict[str, tuple[float, float, int]]:
    """Per department: precision, recall and support (labelled occurrences)."""
    result: dict[str, tuple[float, float, int]] = {}
    for dept in DEPARTMENTS:
        routed = sum(dept in o.decision["agents"] for o in outcomes)
        labelled = sum(dept in o.case.agents for o in outcomes)
        hits = sum(dept in o.decision["agents"] and dept in o.case.agents for o in outcomes)
        result[dept] = (
            hits / routed if routed else 0.0,
            hits / labelled if labelled else 0.0,
            labelled,
        )
    return result


def confusion(outcomes: Sequence[Outcome]) -> Counter[tuple[str, str]]:
    """(labelled, routed) counts.

    A single-department request counts once per routed department. In a
    multi-department request each department found counts on the diagonal, a labelled
    one not routed goes under ``(missed)`` and a routed one not labelled on ``(extra)``.
    """
    counts: Counter[tuple[str, str]] = Counter()
    for outcome in outcomes:
        expected, routed = outcome.case.agents, outcome.decision["agents"]
        if len(expected) == 1:
            for dept in routed:
                counts[(expected[0], dept)] += 1
            continue
        for dept in expected:
            counts[(dept, dept if dept in routed else MISSED)] += 1
        for dept in routed:
            if dept not in expected:
                counts[(EXTRA, dept)] += 1
    return counts


@dataclass(frozen=True)
class LlmUse:
    """LLM calls made and what a configured model would have been asked."""

    mean_calls: float
    confident: int
    confident_with_calls: int
    would_ask: int


def llm_use(outcomes: Sequence[Outcome]) -> LlmUse:
    """Count LLM calls, confident routes and routes that would ask a model."""
    confident = [o for o in outcomes if o.confident]
    return LlmUse(
        mean_calls=sum(o.decision["llm_calls"] for o in outcomes) / max(len(outcomes), 1),
        confident=len(confident),
        confident_with_calls=sum(o.decision["llm_calls"] > 0 for o in confident),
        would_ask=sum(not o.confident and o.decision["method"] != "rule" for o in outcomes),
    )
