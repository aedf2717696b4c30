"""Which playbooks exist, which department runs each, and the phrases that select them."""

from __future__ import annotations

import re
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
    """The playbook of ``department`` whose trigger phrase best matches ``text``.

    A trigger matches when its words appear in the text in order, other words allowed
    between them and inflected endings allowed ("optimise campaign" matches "optimise
    the marketing campaigns"). The trigger with the most characters wins.
    """
    words = _words(text)
    best: tuple[int, str] | None = None
    for playbook in all_playbooks().values():
        if playbook.department != department:
            continue
        for phrase in playbook.triggers:
            if _in_order(_words(phrase), words) and (best is None or len(phrase) > best[0]):
                best = (len(phrase), playbook.name)
    return best[1] if best else None


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.lower())


def _in_order(wanted: list[str], words: list[str]) -> bool:
    position = 0
    for want in wanted:
        while position < len(words) and not _same(want, words[position]):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


def _same(want: str, word: str) -> bool:
    return word == want or (len(want) >= 4 and word.startswith(want) and len(word) - len(want) <= 3)
