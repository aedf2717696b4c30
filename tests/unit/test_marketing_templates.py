"""Marketing writing templates: every file parses into the five angles, and filling works."""

from __future__ import annotations

from importlib import resources

import pytest

from domain.marketing.content import KINDS
from domain.marketing.templates import ANGLES, angles_for, fill, parse


@pytest.mark.parametrize("kind", KINDS)
def test_each_template_file_has_every_angle(kind: str) -> None:
    text = (resources.files("prompts") / f"marketing_{kind}.md").read_text(encoding="utf-8")
    blocks = parse(text)
    assert tuple(blocks) == ANGLES
    assert all(b.title and b.body for b in blocks.values())


def test_fill_leaves_unknown_placeholders_as_merge_tags() -> None:
    assert (
        fill("Hi {first_name}, {days_left} days", {"days_left": "42"}) == "Hi {first_name}, 42 days"
    )


def test_goal_orders_angles() -> None:
    assert angles_for("increase_clicks", 2) == ["urgency", "value"]
    assert angles_for("increase_opens", 1) == ["curiosity"]
    assert angles_for(None, 5) == ["value", "social_proof", "curiosity", "personal", "urgency"]


def test_block_without_title_is_rejected() -> None:
    with pytest.raises(ValueError, match="has no 'title:' line"):
        parse("# t\n\n## value\nno title here\n")
