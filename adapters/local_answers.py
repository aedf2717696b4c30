"""Local answers to structured-output calls, registered by the component that owns the schema.

A component that asks a model for a schema it can also answer itself (the router's
classifier, for its ``RouteChoice``) registers that local answer here under the schema's
name. A model with no judgement of its own answers the call with it; a model that has
judgement (any provider's) never looks here. So the caller registers and asks the same
way whatever model runs, and only ``adapters/`` knows which kind it has.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.messages import BaseMessage

LocalAnswer = Callable[[Sequence[BaseMessage], dict[str, Any]], dict[str, Any]]
"""``(messages, openai_tool_schema) -> arguments`` for one schema."""

_ANSWERS: dict[str, LocalAnswer] = {}


def register_local_answer(schema_name: str, answer: LocalAnswer) -> None:
    """Answer the schema called ``schema_name`` (a pydantic class name) with ``answer``.

    Registering the same name again replaces the previous answer.
    """
    _ANSWERS[schema_name] = answer


def unregister_local_answer(schema_name: str) -> None:
    """Forget the local answer for ``schema_name`` (tests)."""
    _ANSWERS.pop(schema_name, None)


def local_answer(schema_name: str) -> LocalAnswer | None:
    """The registered local answer for ``schema_name``, if any."""
    return _ANSWERS.get(schema_name)
