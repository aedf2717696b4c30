"""Sponsor fit score on plain inputs: each part's points and the reasons given."""

from __future__ import annotations

from domain.sales.fit import FitInputs, prospect_fit

AUDIENCE = ("AI/ML", "Fintech")
TOPICS = ("MLOps", "generative AI", "cloud cost")


def test_ideal_prospect_scores_every_part() -> None:
    result = prospect_fit(
        FitInputs(
            industry="AI/ML",
            audience_industries=AUDIENCE,
            topics=TOPICS,
            company_text="We build MLOps and generative AI tooling.",
            employees=10_000,
            annual_revenue=1e9,
            marketing_budget=200_000,
            reference_price=20_000,
            past_event="Summit 2025",
            past_satisfaction=4,
            signals=[(45, "Raised a Series C")],
            is_target_account=True,
        )
    )
    assert result.components == {
        "industry": 30.0,
        "capacity": 25.0,
        "history": 18.0,
        "momentum": 7.5,
        "target": 10.0,
    }
    assert result.score == 90.5
    assert result.reasons == [
        "industry AI/ML is in the event's audience",
        "works on event topics: MLOps, generative AI",
        "marketing budget $200,000 covers a typical package",
        "sponsored Summit 2025 (satisfaction 4/5)",
        "recent signal: Raised a Series C (45 days ago)",
        "flagged as a target account",
    ]


def test_poor_fit_scores_only_partial_capacity() -> None:
    result = prospect_fit(
        FitInputs(
            industry="Retail",
            audience_industries=AUDIENCE,
            topics=TOPICS,
            company_text="Shoes.",
            employees=100,
            annual_revenue=1e6,
            marketing_budget=10_000,
            reference_price=20_000,
            signals=[(400, "old news"), (-5, "announced for next week")],
        )
    )
    # capacity = 25 * (0.6 * 0.05 + 0.4 * (0.5 + 6/9) / 2)
    assert result.components == {
        "industry": 0.0,
        "capacity": 6.6,
        "history": 0.0,
        "momentum": 0.0,
        "target": 0.0,
    }
    assert result.score == 6.6
    assert result.reasons == []


def test_past_sponsor_without_satisfaction_and_stacked_signals() -> None:
    result = prospect_fit(
        FitInputs(
            industry="fintech",
            audience_industries=AUDIENCE,
            topics=TOPICS,
            company_text="",
            employees=1,
            annual_revenue=0,
            marketing_budget=0,
            reference_price=0,
            past_event="Summit 2025",
            signals=[(0, "a"), (0, "b")],
        )
    )
    assert result.components["industry"] == 24.0  # case-insensitive match, no topics
    assert result.components["history"] == 14.0
    assert result.components["momentum"] == 15.0  # capped
    assert result.components["capacity"] == 0.0
