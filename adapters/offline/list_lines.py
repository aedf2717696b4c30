"""Template lines that repeat for every item of a list, so an answer's list is complete.

A line of an answer block whose placeholders use ``_N_`` as the index (``$lines_N_category``)
stands for one line per item of that list: ``_N_`` becomes ``_0_``, ``_1_``, ... as far as
the values go (``facts.MAX_ITEMS`` at most), and ``$n`` numbers them from 1. The lines the
list does not show are then counted by ``answers.more_lines`` ("...and N more"), so a list
in an answer is either whole or says how much is left out (issue 9).
"""

from __future__ import annotations

import re

from adapters.offline.facts import MAX_ITEMS

_REPEATED = re.compile(r"\$\{?([a-z]+(?:_[a-z]+)*)_N_")
_NUMBER = re.compile(r"\$\{n\}|\$n(?![A-Za-z0-9_])")


def expand_block(block: str, values: dict[str, str]) -> str:
    """``block`` with every repeating line written out once per item ``values`` has."""
    lines: list[str] = []
    for line in block.splitlines():
        names = set(_REPEATED.findall(line))
        if not names:
            lines.append(line)
            continue
        for index in range(MAX_ITEMS):
            if not any(key.startswith(f"{name}_{index}_") for name in names for key in values):
                break
            concrete = _NUMBER.sub(str(index + 1), line.replace("_N_", f"_{index}_"))
            lines.append(concrete)
    return "\n".join(lines)
