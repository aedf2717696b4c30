"""Which playbooks exist, which department runs each, and the phrases that select them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphs.state import DepartmentName

if TYPE_CHECKING:
    from langgraph.graph import StateGraph

    from adapters.services import Services


@dataclass(frozen=True)
class Playbook:
    """A named procedure: its department, its graph builder and its trigger phrases.

    ``triggers`` are lower-case phrases; the planner picks the playbook whose phrase
    occurs in the request (longest match wins) and otherwise uses the department agent.
    """

    name: str
    department: DepartmentName
    build: Callable[[Services], StateGraph[Any, Any, Any, Any]]
    triggers: tuple[str, ...]
    description: str


def all_playbooks() -> dict[str, Playbook]:
    """Every playbook by name (imported lazily: builders pull in the tools)."""
    from nodes.playbooks.registry import PLAYBOOKS

    return {p.name: p for p in PLAYBOOKS}


def match_playbook(department: DepartmentName, text: str) -> str | None:
    """The playbook of ``department`` whose trigger phrase best matches ``text``."""
    lowered = text.lower()
    best: tuple[int, str] | None = None
    for playbook in all_playbooks().values():
        if playbook.department != department:
            continue
        for phrase in playbook.triggers:
            if phrase in lowered and (best is None or len(phrase) > best[0]):
                best = (len(phrase), playbook.name)
    return best[1] if best else None
