"""A printed ratio is checked against the interval its rounded figures allow."""

from __future__ import annotations

from tests.bench_results import parse_results


def _line(ours: str, base: str, ratio: str) -> bool:
    out = f"noise\nRESULT case a={ours} b={base} ratio={ratio}\n"
    return parse_results(out)["case"].ratio_fits_the_figures()


def test_small_figures_rounded_to_four_places_still_fit_their_ratio() -> None:
    # CI printed this: 0.00062 / 0.01000 = 0.062, shown as 0.0006 and 0.0100.
    assert _line("0.0006", "0.0100", "0.062")


def test_a_ratio_the_figures_cannot_give_is_caught() -> None:
    assert not _line("0.0006", "0.0100", "0.080")
    assert not _line("12.500", "10.000", "1.300")
    assert _line("12.500", "10.000", "1.250")


def test_a_base_that_rounds_to_zero_bounds_only_from_below() -> None:
    assert _line("0.004", "0.000", "9.000")
    assert not _line("0.004", "0.000", "0.001")


def test_labels_and_figures_are_kept() -> None:
    line = parse_results("RESULT rows slim=1.5 full=3.0 ratio=0.500\n")["rows"]
    assert line.labels == ("slim", "full")
    assert (line.ours, line.base, line.ratio) == (1.5, 3.0, 0.5)
