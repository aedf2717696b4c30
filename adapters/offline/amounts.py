"""The numbers of an offline answer written for its reader (issue 9: the reply is in the
user's language, figures included).

``facts.flatten`` writes a tool result's numbers the English way (``1,341,276``,
``42.99``), and the answer blocks put a dollar sign in front of amounts (``$$$amount``).
A Spanish, French or German answer gets each number with its language's separators and
each amount with the sign after it (``1.341.276 $``), by ``domain.number_format``: the
values are rewritten, and every ``$$$name`` slot of a block reads the amount form of
``name`` instead. English answers are left exactly as they were.
"""

from __future__ import annotations

import re

from domain.number_format import localised, localised_money

AMOUNT = "__amount"
"""Suffix of the value that holds ``name`` written as an amount (``net_revenue__amount``)."""
_DOLLAR_SLOT = re.compile(r"(?<!\$)\$\$\$(?:\{([_a-z][_a-z0-9]*)\}|([_a-z][_a-z0-9]*))", re.I)


def values_in_language(values: dict[str, str], language: str) -> dict[str, str]:
    """``values`` with numbers in ``language``'s writing, plus each one's amount form."""
    if language == "en":
        return values
    written = {key: localised(value, language) for key, value in values.items()}
    amounts = {f"{key}{AMOUNT}": localised_money(value, language) for key, value in values.items()}
    return written | amounts


def block_in_language(block: str, language: str) -> str:
    """``block`` with its ``$$$name`` amount slots reading ``name``'s amount form, which
    places the sign as ``language`` does (English keeps ``$`` in front)."""
    if language == "en":
        return block
    return _DOLLAR_SLOT.sub(lambda m: f"${{{m.group(1) or m.group(2)}{AMOUNT}}}", block)
