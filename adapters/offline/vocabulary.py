"""Trigger phrases per tool, read from ``prompts/offline_triggers.md``.

Each ``## <tool>`` block of that file lists ``<weight> <pattern>`` lines (see the file's
header for the pattern form and what the weights mean).
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
