"""The one way nodes ask the model to write: a named writing task and its facts.

The system prompt comes from ``prompts/write_<task>.md`` (section ``## system``) and ends
with a ``Task: <task>`` line; the facts go as JSON in the human message. A real LLM reads
the instructions; the offline model recognises the task line and fills the same file's
``## offline`` template with the facts, so both paths run the same node code.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from prompts.loader import template_sections

TASK_PREFIX = "Task: "


def writing_messages(task: str, facts: dict[str, Any]) -> list[SystemMessage | HumanMessage]:
    """The messages for a writing task (exposed for tests and the offline model)."""
    system = template_sections(f"write_{task}")["system"].strip()
    return [
        SystemMessage(f"{system}\n\n{TASK_PREFIX}{task}"),
        HumanMessage(json.dumps(facts, default=str, sort_keys=True)),
    ]


def write(model: BaseChatModel, task: str, facts: dict[str, Any]) -> str:
    """Have the model write text for ``task`` from ``facts``; returns the text."""
    reply = model.invoke(writing_messages(task, facts))
    return reply.text if hasattr(reply, "text") else str(reply.content)
