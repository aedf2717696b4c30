"""Read the templates in this package; the one place that knows how they are laid out.

A template is a Markdown file whose sections start with ``## name`` lines (``subject``,
``body``...). Placeholders are ``$name`` (``string.Template``); unknown ones are left in
place so a merge tag such as ``$first_name`` survives for the mail merge.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from string import Template
from typing import Any

_SECTION = re.compile(r"^## ([a-z_]+)\s*$", flags=re.MULTILINE)


@cache
def template_text(name: str) -> str:
    """The raw text of ``prompts/<name>.md``."""
    return resources.files("prompts").joinpath(f"{name}.md").read_text(encoding="utf-8")


@cache
def template_sections(name: str) -> dict[str, str]:
    """The ``## section`` blocks of ``prompts/<name>.md`` by section name."""
    parts = _SECTION.split(template_text(name))
    return {parts[i]: parts[i + 1].strip("\n") for i in range(1, len(parts) - 1, 2)}


def key_lines(block: str) -> dict[str, str]:
    """The ``key: text`` lines of ``block`` as a dict (lines without a colon are skipped)."""
    pairs = (line.split(":", 1) for line in block.splitlines() if ":" in line)
    return {key.strip(): text.strip() for key, text in pairs}


@cache
def template_table(name: str, section: str) -> dict[str, str]:
    """The ``key: text`` lines of the ``## section`` block of ``prompts/<name>.md`` ({} if none)."""
    return key_lines(template_sections(name).get(section, ""))


def compose(name: str, values: Mapping[str, Any]) -> tuple[str, str]:
    """Render the ``subject`` and ``body`` sections of ``prompts/<name>.md`` with ``values``."""
    sections = template_sections(name)
    subject = Template(sections.get("subject", "")).safe_substitute(values).strip()
    body = Template(sections["body"]).safe_substitute(values).strip()
    return subject, re.sub(r"\n{3,}", "\n\n", body)
