"""Writing tasks: fill the ``## offline`` block of ``prompts/write_<task>.md`` with the facts.

``nodes.writing`` ends its system prompt with a ``Task: <task>`` line and sends the
facts as JSON; a real model follows the ``## system`` instructions, the offline model
renders the template (``string.Template``; nested facts flattened with ``_``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from string import Template
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from adapters.offline.facts import flatten
from prompts.loader import template_sections

_TASK_LINE = re.compile(r"(?:^|\n)Task: ([A-Za-z0-9_-]+)\s*$")


def writing_task(messages: Sequence[BaseMessage]) -> str | None:
    """The task named on the last line of the system prompt, if any."""
    for message in messages:
        if isinstance(message, SystemMessage):
            match = _TASK_LINE.search(message.text)
            if match:
                return match.group(1)
    return None


def facts_of(messages: Sequence[BaseMessage]) -> dict[str, Any]:
    """The facts JSON of the last human message ({} when it is not JSON)."""
    human = next((m for m in reversed(messages) if isinstance(m, HumanMessage)), None)
    if human is None:
        return {}
    try:
        parsed = json.loads(human.text)
    except ValueError:
        return {"request": human.text}
    return parsed if isinstance(parsed, dict) else {"facts": parsed}


def render_writing(task: str, facts: dict[str, Any]) -> str:
    """The task's offline template filled with ``facts`` (unknown placeholders stay).

    Facts with a ``language`` (es, fr, de) use that language's ``## offline_<language>``
    block when the task has one.
    """
    try:
        sections = template_sections(f"write_{task}")
    except FileNotFoundError:
        sections = {}
    language = facts.get("language")
    block = sections.get(f"offline_{language}") if isinstance(language, str) else None
    block = block if block is not None else sections.get("offline")
    values = flatten(facts)
    if block is None:
        return "\n".join(f"{key}: {value}" for key, value in values.items() if "_" not in key)
    text = Template(block).safe_substitute(values)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
