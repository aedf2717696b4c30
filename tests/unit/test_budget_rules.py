"""Budget arithmetic and settings that need no database: prices, limits, notation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from domain.budgets import Limits, cost_micro_usd
from domain.budgets.ledger import Usage
from domain.budgets.limits import first_exceeded
from switchboard.settings import Settings


def test_cost_is_tokens_times_price_per_million_rounded_up() -> None:
    assert cost_micro_usd(1000, 200, Decimal("0.15"), Decimal("0.60")) == 270
    assert cost_micro_usd(1, 0, Decimal("0.15"), Decimal(0)) == 1  # a paid call never costs 0
    assert cost_micro_usd(5000, 5000, Decimal(0), Decimal(0)) == 0  # unpriced: free


def test_counted_metrics_may_reach_their_limit_and_the_others_may_not() -> None:
    limits = Limits(max_llm_calls=3, max_tokens=100)
    assert first_exceeded(limits, Usage(llm_calls=3), ["llm_calls"], counted=["llm_calls"]) is None
    assert first_exceeded(limits, Usage(llm_calls=4), ["llm_calls"], counted=["llm_calls"]) == (
        "llm_calls",
        3,
        3,
    )
    assert first_exceeded(limits, Usage(input_tokens=60, output_tokens=40), ["tokens"]) == (
        "tokens",
        100,
        100,
    )
    assert first_exceeded(Limits(), Usage(llm_calls=10**9), ["llm_calls", "tokens"]) is None


def test_model_prices_and_rate_limits_are_read_from_settings() -> None:
    settings = Settings(
        model_prices={"openai:gpt-4o-mini": {"input_per_million": "0.15"}},
        rate_limit_runs="5/second;100/hour",
    )
    price = settings.model_prices["openai:gpt-4o-mini"]
    assert (price.input_per_million, price.output_per_million) == (Decimal("0.15"), 0)
    with pytest.raises(ValidationError, match="'lots' is not a rate limit; write it like"):
        Settings(rate_limit_requests="lots")
    with pytest.raises(ValidationError):
        Settings(model_prices={"m": {"input_per_million": -1}})
