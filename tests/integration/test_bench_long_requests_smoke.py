"""The long-requests benchmark runs end to end in a tiny version and prints its ratio lines."""

from __future__ import annotations

import pytest

from bench import long_requests
from tests.bench_results import parse_results

pytestmark = pytest.mark.usefixtures("bench_demo_from_template")  # seeded once per session


def test_long_requests_prints_each_paste_against_the_short_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert long_requests.main(["--chars", "300", "--repeats", "1"]) == 0
    results = parse_results(capsys.readouterr().out)
    assert set(results) == {f"run_seconds_{name}" for name in ("sentences", "list", "dashes")}
    for line in results.values():
        assert line.labels[1] == "short" and line.base > 0 and line.ours > 0
        assert line.ratio_fits_the_figures()


def test_every_paste_has_the_length_asked_for() -> None:
    assert {len(text) for text in long_requests.pastes(1234).values()} == {1234}
