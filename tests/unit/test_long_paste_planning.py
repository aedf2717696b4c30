"""A long pasted request is read in time linear in its length, and nothing it asks is lost.

A 20,000-character paste (300 repeated sentences, or ``ops-`` 5,000 times) took the
offline planner 25-55 s: each written step was filled against the whole text, every
misspelt-name comparison ran once per name per window, and the email pattern rescanned a
run of address characters from each of its characters.
"""

from __future__ import annotations

import time
from datetime import date

from adapters.offline import entities
from adapters.offline.entities import Catalog, Entity
from adapters.offline.extract import emails
from adapters.offline.planner import MAX_WRITTEN_STEPS, written_steps
from domain.email_pattern import EMAIL


def test_a_step_written_twice_is_read_once_in_its_first_place() -> None:
    text = (
        "check the refund for ORD-12222; then email Acme about it; "
        "then check the refund for ORD-12222"
    )
    assert written_steps(text) == ["check the refund for ORD-12222", "email Acme about it"]
    assert written_steps("- budget vs plan\n- Budget  vs plan\n- who we know there") == [
        "budget vs plan",
        "who we know there",
    ]


def test_only_the_first_steps_of_a_very_long_list_are_read() -> None:
    pasted = "\n".join(f"- look up deal number {n} for us" for n in range(200))
    steps = written_steps(pasted)
    assert len(steps) == MAX_WRITTEN_STEPS
    assert steps[0] == "look up deal number 0 for us"


def _catalog() -> Catalog:
    companies = [Entity("company", 1, "Acme Cloud Systems"), Entity("company", 2, "Bluebio Labs")]
    return Catalog("t", "T", date(2026, 9, 1), None, {"company": companies})


def test_a_misspelt_name_repeated_is_compared_once_and_found_everywhere(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[str, str]] = []
    real = entities.similar

    def counted(a: str, b: str) -> float:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(entities, "similar", counted)
    text = "ping bluebo labs today. " * 300
    found = _catalog()._find(text, "company")
    assert len(found) == 300 and {m.entity.id for m in found} == {2}
    assert not any(m.exact for m in found)
    assert 0 < len(calls) < 20  # one per distinct window and name, not one per occurrence


def test_email_addresses_are_found_as_before() -> None:
    text = "write to Jo.Smith+summit@Acme-Cloud.example. and cc ops-team@x.io, not ops-@ or @x.io"
    assert emails(text) == ["jo.smith+summit@acme-cloud.example", "ops-team@x.io"]


def _seconds(text: str) -> float:
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        EMAIL.findall(text)
        runs.append(time.perf_counter() - start)
    return min(runs)


def test_the_email_pattern_is_linear_on_a_run_of_address_characters() -> None:
    short, long = "ops-" * 500, "ops-" * 5_000
    _seconds(short)
    ratio = _seconds(long) / max(_seconds(short), 1e-6)
    assert ratio < 30  # ten times the text; the old pattern took about a hundred times as long
