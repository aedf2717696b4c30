"""Reading the ``RESULT`` lines the benchmarks print, allowing for their rounding.

A benchmark computes its ratio from unrounded figures and prints all three rounded, so a
ratio checked against the printed figures is only as exact as their last digit: 0.0006
over 0.0100 prints a ratio of 0.062 when the unrounded figures were 0.00062 and 0.01000.
A fixed tolerance either fails such small figures at random or lets a wrong ratio through
for large ones, so the check here is the interval the printed digits allow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RESULT = re.compile(r"^RESULT (\w+) (\w+)=([\d.]+) (\w+)=([\d.]+) ratio=([\d.]+)$", re.MULTILINE)


def _half_unit(text: str) -> float:
    """Half of the last printed digit's place: the most rounding can have moved the value."""
    decimals = len(text.partition(".")[2])
    return 0.5 * 10.0**-decimals


@dataclass(frozen=True)
class ResultLine:
    """One ``RESULT name a=x b=y ratio=r`` line, its figures as printed."""

    labels: tuple[str, str]
    texts: tuple[str, str, str]

    @property
    def ours(self) -> float:
        return float(self.texts[0])

    @property
    def base(self) -> float:
        return float(self.texts[1])

    @property
    def ratio(self) -> float:
        return float(self.texts[2])

    def ratio_fits_the_figures(self) -> bool:
        """Whether some unrounded figures that print as these give a ratio that prints so."""
        ours, base, ratio = (float(t) for t in self.texts)
        h_ours, h_base, h_ratio = (_half_unit(t) for t in self.texts)
        low = max(ours - h_ours, 0.0) / (base + h_base)
        high = (ours + h_ours) / (base - h_base) if base > h_base else float("inf")
        slack = 1e-9  # float error in the bounds themselves
        return low - h_ratio - slack <= ratio <= high + h_ratio + slack


def parse_results(out: str) -> dict[str, ResultLine]:
    """Every ``RESULT`` line with two figures and a ratio, by name."""
    return {
        m[1]: ResultLine(labels=(m[2], m[4]), texts=(m[3], m[5], m[6]))
        for m in RESULT.finditer(out)
    }
