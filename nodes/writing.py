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
from langchain_core.runnables import RunnableConfig

from adapters.serving_loop import invoke_model
from prompts.loader import template_sections

TASK_PREFIX = "Task: "

ANSWER_TAG = "switchboard:answer"
"""Tags a model call whose text is the answer the user reads (a department's summary).

The AG-UI endpoint streams such a call's tokens when the request's plan has one step;
every other model call inside a department is chatter and is not streamed.
"""


def writing_messages(task: str, facts: dict[str, Any]) -> list[SystemMessage | HumanMessage]:
    """The messages for a writing task (exposed for tests and the offline model)."""
    system = template_sections(f"write_{task}")["system"].strip()
    return [
        SystemMessage(f"{system}\n\n{TASK_PREFIX}{task}"),
        HumanMessage(json.dumps(facts, default=str, sort_keys=True)),
    ]


def write(model: BaseChatModel, task: str, facts: dict[str, Any], *, answer: bool = False) -> str:
    """Have the model write text for ``task`` from ``facts``; returns the text.

    ``answer`` marks the text the user reads as the department's answer (``ANSWER_TAG``).
    """
    config: RunnableConfig | None = {"tags": [ANSWER_TAG]} if answer else None
    reply = invoke_model(model, writing_messages(task, facts), config)
    return reply.text if hasattr(reply, "text") else str(reply.content)
