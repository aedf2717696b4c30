"""Trigger phrases and example requests per tool, read from ``prompts/``.

Each ``## <tool>`` block of ``offline_triggers.md`` lists ``<weight> <pattern>`` lines
(see the file's header for the pattern form and what the weights mean); each block of
``offline_tool_examples.md`` lists requests, one a line, that the tool answers (the
tool picker compares a request's meaning with them).
"""

from __future__ import annotations

from prompts.loader import template_sections

TRIGGER_FILE = "offline_triggers"


def load_triggers(name: str = TRIGGER_FILE) -> dict[str, tuple[tuple[str, float], ...]]:
    """``{tool: ((pattern, weight), ...)}`` from the trigger file."""
    triggers: dict[str, tuple[tuple[str, float], ...]] = {}
    for tool, block in template_sections(name).items():
        lines = []
        for line in block.splitlines():
            if line.strip():
                weight, pattern = line.strip().split(" ", 1)
                lines.append((pattern, float(weight)))
        triggers[tool] = tuple(lines)
    return triggers


TRIGGERS = load_triggers()


EXAMPLE_FILE = "offline_tool_examples"


def load_examples(name: str = EXAMPLE_FILE) -> dict[str, tuple[str, ...]]:
    """``{tool: (example request, ...)}`` from the example file."""
    return {
        tool: tuple(line.strip() for line in block.splitlines() if line.strip())
        for tool, block in template_sections(name).items()
    }


TOOL_EXAMPLES = load_examples()
