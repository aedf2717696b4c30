"""Structured output for the offline model: deterministic answers to a forced tool schema.

``model.with_structured_output(Schema)`` binds ``Schema`` as the only tool with
``tool_choice="any"``. A component that knows how to answer it locally (the router's
classifier for its route decision) registers a local answer under the schema's name in
``adapters.local_answers``; the offline model, having no better judgement, returns that
answer's arguments as the tool call. Without one, the arguments are filled from the
request like any tool's.
"""

from __future__ import annotations

from adapters.local_answers import (
    LocalAnswer,
    local_answer,
    register_local_answer,
    unregister_local_answer,
)

StructuredResponder = LocalAnswer
"""``(messages, openai_tool_schema) -> arguments`` for one schema."""

register_structured_responder = register_local_answer
"""Answer a schema (by pydantic class name) with a responder; replaces an earlier one."""

unregister_structured_responder = unregister_local_answer
"""Forget the responder for a schema name (tests)."""


def responder_for(
    schema_name: str, local: dict[str, StructuredResponder] | None = None
) -> StructuredResponder | None:
    """The responder for ``schema_name``: the model's own first, then the registered one."""
    if local and schema_name in local:
        return local[schema_name]
    return local_answer(schema_name)
