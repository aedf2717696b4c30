"""Typed results: what ``call_tool`` returns for the tools the playbooks read.

Each result type is a ``TypedDict`` of the JSON form a tool returns (``call_tool``
passes the domain's answer through ``tools.serialize.jsonable``: dates are ISO strings,
money is a float). A ``TypedTool`` pairs a registered tool's name with its result type,
so a playbook calling ``run_tool(scope, CHECK_DELIVERABLES, ...)`` gets a
``DeliverablesCheck`` and the type checker, not a runtime ``KeyError``, catches a
misspelt key. ``tests/integration/test_tool_result_types.py`` validates every typed
tool's real output against its type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

ResultT = TypeVar("ResultT", covariant=True)


@dataclass(frozen=True)
class TypedTool(Generic[ResultT]):
    """A registered tool's name and the type of its (JSON) result."""

    name: str
    result: type[ResultT]
