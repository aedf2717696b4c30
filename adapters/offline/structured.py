"""Structured output for the offline model: deterministic answers to a forced tool schema.

``model.with_structured_output(Schema)`` binds ``Schema`` as the only tool with
``tool_choice="any"``. A component that knows how to answer it locally (the router's
classifier for its route decision) registers a responder under the schema's name; the
offline model then returns the responder's arguments as the tool call. Without a
responder, the arguments are filled from the request like any tool's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.messages import BaseMessage

StructuredResponder = Callable[[Sequence[BaseMessage], dict[str, Any]], dict[str, Any]]
"""``(messages, openai_tool_schema) -> arguments`` for one schema."""

_RESPONDERS: dict[str, StructuredResponder] = {}


def register_structured_responder(schema_name: str, responder: StructuredResponder) -> None:
    """Answer the schema called ``schema_name`` (a pydantic class name) with ``responder``.

    Registering the same name again replaces the previous responder.
    """
    _RESPONDERS[schema_name] = responder


def unregister_structured_responder(schema_name: str) -> None:
    """Forget the responder for ``schema_name`` (tests)."""
    _RESPONDERS.pop(schema_name, None)


def responder_for(
    schema_name: str, local: dict[str, StructuredResponder] | None = None
) -> StructuredResponder | None:
    """The responder for ``schema_name``: the model's own first, then the registered one."""
    if local and schema_name in local:
        return local[schema_name]
    return _RESPONDERS.get(schema_name)
