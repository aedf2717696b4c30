"""Writing templates for marketing copy: parse the prompt files and fill them.

A template file (``prompts/marketing_<kind>.md``) holds one block per angle::

    ## urgency
    title: {days_left} days left: {pricing_hook}
    body lines...

Placeholders: event_name, event_dates, city, venue, topics, top_topic, days_left,
seats_left, price_from, standard_price, vip_price, early_bird, pricing_hook, pricing_label,
audience, cta_label, cta_line. An unknown placeholder (``{first_name}``) is left as a merge tag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ANGLES = ("value", "urgency", "social_proof", "curiosity", "personal")
GOAL_ORDER: dict[str, tuple[str, ...]] = {
    "awareness": ("value", "social_proof", "curiosity", "personal", "urgency"),
    "increase_opens": ("curiosity", "personal", "urgency", "value", "social_proof"),
    "increase_clicks": ("urgency", "value", "personal", "curiosity", "social_proof"),
    "increase_conversions": ("urgency", "social_proof", "value", "personal", "curiosity"),
}
"""Which angles to try first for each optimisation goal (variant A is the first)."""


@dataclass(frozen=True)
class Template:
    """One angle's title and body, still with placeholders."""

    angle: str
    title: str
    body: str


class _MergeTags(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def parse(text: str) -> dict[str, Template]:
    """Parse a template file into its blocks by angle, in file order.

    Raises:
        ValueError: a block has no ``title:`` line.
    """
    blocks: dict[str, Template] = {}
    for chunk in text.split("\n## ")[1:]:
        header, _, rest = chunk.partition("\n")
        first, _, body = rest.strip().partition("\n")
        if not first.startswith("title:"):
            raise ValueError(f"template block {header.strip()!r} has no 'title:' line")
        angle = header.strip()
        blocks[angle] = Template(angle, first.removeprefix("title:").strip(), body.strip())
    return blocks


def angles_for(goal: str | None, count: int) -> list[str]:
    """The first ``count`` angles in the goal's preferred order."""
    return list(GOAL_ORDER.get(goal or "awareness", GOAL_ORDER["awareness"])[:count])


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill placeholders, leaving unknown ones as ``{merge_tags}``."""
    return template.format_map(_MergeTags(values))
