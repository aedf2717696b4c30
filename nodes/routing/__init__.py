"""Routing: a local classifier first, one structured LLM call only when it is unsure.

- ``route(text, model=None) -> RouteDecision``: departments, confidence, method, LLM calls.
- ``plan_from_request(text) -> [(department, clause_text, depends_on_indices)]``: the
  request split into department clauses with their dependencies, for the planner.
- ``RouteChoice``: the structured answer the fallback LLM call asks for.

See ``calibration`` for how the confidence threshold was chosen.
"""

from typing import TYPE_CHECKING, Any

from nodes.routing.plan import PlannedClause, analyse_request, plan_from_request
from nodes.routing.router import CONFIDENCE_THRESHOLD, needs_model, route

if TYPE_CHECKING:
    from nodes.routing.fallback import RouteChoice


def __getattr__(name: str) -> Any:
    """``RouteChoice`` on first use: it needs pydantic and LangChain, routing does not."""
    if name == "RouteChoice":
        from nodes.routing.fallback import RouteChoice

        return RouteChoice
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONFIDENCE_THRESHOLD",
    "PlannedClause",
    "RouteChoice",
    "analyse_request",
    "needs_model",
    "plan_from_request",
    "route",
]
