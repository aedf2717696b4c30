"""Run requests through a compiled graph and record what each cost: model calls, tokens, time."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any

from langchain_core.messages import HumanMessage

from bench.policy_model import ModelCall, PolicyChatModel
from graphs.context import Context


@dataclass
class RequestCost:
    """What one request cost one system."""

    kind: str
    calls: list[ModelCall]
    seconds: float
    """Wall time of the run minus the time spent inside the model."""
    error: str | None = None

    @property
    def llm_calls(self) -> int:
        """Model calls made."""
        return len(self.calls)

    @property
    def input_tokens(self) -> float:
        """Estimated input tokens over all calls."""
        return sum(c.input_tokens for c in self.calls)

    @property
    def roles(self) -> Counter[str]:
        """Calls by role (route, supervisor, agent, writer)."""
        return Counter(c.role for c in self.calls)


@dataclass
class Runner:
    """Invokes one graph on fresh threads with the shared policy model."""

    graph: Any
    model: PolicyChatModel
    costs: list[RequestCost] = field(default_factory=list)

    def run(self, payload: dict[str, Any], *, kind: str, needed: Sequence[str]) -> RequestCost:
        """Invoke once on a new thread; ``needed`` tells the model the request's departments."""
        self.model.needed = list(needed)
        first = len(self.model.calls)
        config = {"configurable": {"thread_id": str(uuid.uuid4())}}
        error = None
        start = perf_counter()
        try:
            self.graph.invoke(payload, config, context=Context())
        except Exception as exc:  # a failed request is reported, not fatal to the run
            error = f"{type(exc).__name__}: {exc}"
        elapsed = perf_counter() - start
        calls = self.model.calls[first:]
        cost = RequestCost(kind, calls, elapsed - sum(c.seconds for c in calls), error)
        self.costs.append(cost)
        return cost

    def ask(self, text: str, *, kind: str, needed: Sequence[str]) -> RequestCost:
        """Send ``text`` as the user's message."""
        return self.run({"messages": [HumanMessage(text)]}, kind=kind, needed=needed)


def mean_of(costs: Sequence[RequestCost], attr: str) -> float:
    """Mean of a ``RequestCost`` attribute (``llm_calls``, ``input_tokens``...); 0 when empty."""
    return sum(float(getattr(c, attr)) for c in costs) / len(costs) if costs else 0.0


def coordination(costs: Sequence[RequestCost]) -> float:
    """Mean calls per request spent deciding who works (routing calls, supervisor turns)."""
    total = sum(c.roles["route"] + c.roles["supervisor"] for c in costs)
    return total / len(costs) if costs else 0.0
