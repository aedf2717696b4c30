"""A model call's cost from its tokens and the configured price per million tokens."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

MICRO = Decimal(1_000_000)


def cost_micro_usd(
    input_tokens: int, output_tokens: int, input_per_million: Decimal, output_per_million: Decimal
) -> int:
    """The cost in millionths of a US dollar, rounded up (a paid call never costs 0).

    Prices are dollars per million tokens, so a token costs ``price`` micro-dollars.
    """
    cost = Decimal(input_tokens) * input_per_million + Decimal(output_tokens) * output_per_million
    return int(cost.to_integral_value(rounding=ROUND_CEILING))


def usd(micro: int | None) -> Decimal | None:
    """Micro-dollars as dollars (None stays None)."""
    return None if micro is None else Decimal(micro) / MICRO


def micro(dollars: Decimal | None) -> int | None:
    """Dollars as micro-dollars, rounded down (None stays None)."""
    return None if dollars is None else int(dollars * MICRO)
