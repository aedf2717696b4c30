"""Routing a very long request (the server accepts 256 KB bodies) with the tenant's names
known costs about what routing it on its words costs: nothing in the names index is
quadratic in the text's length."""

from __future__ import annotations

import time
import tracemalloc

import pytest

from nodes.routing import route
from nodes.routing.plan import forget_analyses
from nodes.routing.record_name_index import RecordNameIndex

RECORDS = [
    ("StreamHouse", "vendor"),
    ("Acme Cloud", "company"),
    ("Maya Lindqvist", "ticket_buyer"),
    ("Publish shuttle timetable", "deliverable"),
    ("Early-bird email push", "campaign"),
]


def _seconds(text: str, names: RecordNameIndex | None) -> float:
    forget_analyses()
    start = time.perf_counter()
    route(text, names=names)
    return time.perf_counter() - start


@pytest.mark.parametrize(
    "text",
    [
        "a" * 20_000,  # one long token
        "x" * 20_000 + "@",  # one long token that an address pattern tries
        ("ping Acme and StreamHouse about the shuttle timetable " * 400)[:20_000],
    ],
    ids=["token", "address", "prose"],
)
def test_a_20k_character_request_routes_with_names_about_as_fast(text: str) -> None:
    names = RecordNameIndex.from_records(RECORDS)
    route("warm up", names=names)
    words = _seconds(text, None)
    with_names = _seconds(text, names)
    assert with_names < 3 * words + 0.5


def test_finding_names_grows_linearly_with_the_text() -> None:
    names = RecordNameIndex.from_records(RECORDS, common=frozenset({"ping", "and", "about"}))
    prose = "ping Acme and StreamHouse about the shuttle timetable " * 400

    def seconds(text: str) -> float:
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            names.find(text)
            runs.append(time.perf_counter() - start)
        return min(runs)

    # Quadratic would be 16 times and seconds long; a busy machine's scheduling adds a few
    # tens of milliseconds to a 5,000-character search of 3 ms, hence the fixed slack.
    assert seconds(prose[:20_000]) < 8 * seconds(prose[:5_000]) + 0.1


def test_a_very_long_word_is_not_read_through_a_misspelling() -> None:
    names = RecordNameIndex.from_records(RECORDS, common=frozenset())
    tracemalloc.start()
    try:
        assert names.find("streamhouse " + "abcdefghij" * 2_000) != []
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20_000_000  # its deletions: 20,000 strings of 20,000 letters


def test_a_very_long_record_name_does_not_slow_every_position() -> None:
    long_name = " ".join(f"word{n}" for n in range(300))
    names = RecordNameIndex.from_records([*RECORDS, (long_name, "kb_article")], common=frozenset())
    short = RecordNameIndex.from_records(RECORDS, common=frozenset())
    text = ("ping Acme and StreamHouse about the shuttle timetable " * 400)[:20_000]
    assert [m.start for m in names.find(text)] == [m.start for m in short.find(text)]
    start = time.perf_counter()
    names.find(text)
    assert time.perf_counter() - start < 0.5


def test_words_inside_addresses_are_not_names() -> None:
    names = RecordNameIndex.from_records(RECORDS, common=frozenset())
    text = "mail acme@streamhouse.com or see www.acme.com about StreamHouse " * 300
    found = names.find(text)
    assert len(found) == 300
    assert all(text[m.start : m.end] == "StreamHouse" for m in found)
