"""The six departments a request can go to, and the router's decision (plain types)."""

from __future__ import annotations

from typing import Literal

from typing_extensions import TypedDict  # pydantic needs it on Python < 3.12

DepartmentName = Literal["sales", "marketing", "operations", "support", "analytics", "research"]
DEPARTMENTS: tuple[DepartmentName, ...] = (
    "sales",
    "marketing",
    "operations",
    "support",
    "analytics",
    "research",
)


class RouteDecision(TypedDict):
    """Which departments a request needs, and how sure the router is."""

    agents: list[DepartmentName]
    confidence: float
    method: Literal["classifier", "llm", "rule"]
    llm_calls: int
