"""A straight single quote names a campaign only as a real quote, not an apostrophe.

It opens after a non-letter and closes before one: possessives ("the kids' and parents'
campaign") and contractions ("'Don't miss it'") do not open or close a name.
"""

from __future__ import annotations

from datetime import date

import pytest

from adapters.offline.argspec import ArgSpec
from adapters.offline.fillers import FILLERS
from adapters.offline.request import Request

ARG = ArgSpec(tool="create_campaign", name="name", schema={"type": "string"})


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Set up the kids' and parents' campaign for the gala", "Gala"),
        ("subject 'Don't miss it' campaign style", "Don't miss it"),
        ("Set up the runners' and walkers' campaign for the marathon", "Marathon"),
        ("launch the 'Don't wait' campaign for the gala", "Don't wait"),
        ("set up the 'Spring push' campaign", "Spring push"),
    ],
)
def test_the_name_is_read_between_real_quotes(text: str, name: str) -> None:
    assert FILLERS["name"](Request(text, None, date(2026, 9, 1)), ARG) == name
