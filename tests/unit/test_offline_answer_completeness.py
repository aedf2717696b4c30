"""Answers say what was asked from the result: every prospect returned, whether an A/B
test has a winner, and a campaign's funnel as counts (not only rates)."""

from __future__ import annotations

from adapters.offline.answers import CallOutcome, summarise_call


def _prospect(rank: int) -> dict[str, object]:
    return {"rank": rank, "name": f"Company {rank}", "score": 90 - rank, "industry": "Fintech"}


def test_every_prospect_returned_is_listed_and_the_rest_counted() -> None:
    result = {
        "event": {"name": "Summit"},
        "matched": 25,
        "prospects": [_prospect(i) for i in range(5)],
    }

    lines = summarise_call(CallOutcome("search_sponsors", {"limit": 5}, result))

    text = "\n".join(lines)
    assert all(f"Company {i}" in text for i in range(5))
    assert lines[-1] == "...and 20 more prospects."


def test_a_prospect_list_in_spanish_is_complete_too() -> None:
    result = {
        "event": {"name": "Summit"},
        "matched": 4,
        "prospects": [_prospect(i) for i in range(4)],
    }

    text = "\n".join(summarise_call(CallOutcome("search_sponsors", {}, result), "es"))

    assert "Company 3" in text


ANALYSED = {
    "campaign_id": 3,
    "test_type": "subject_line",
    "metric": "open_rate",
    "leader": "B",
    "p_value_text": "0.164",
    "winner": None,
    "alpha": 0.05,
}


def test_an_analysed_test_without_a_significant_lead_has_no_winner() -> None:
    text = "\n".join(summarise_call(CallOutcome("ab_test", {"mode": "analyze"}, ANALYSED)))

    assert "variant B leads, p = 0.164" in text
    assert "no winner yet" in text


def test_an_analysed_test_with_a_significant_lead_names_the_winner() -> None:
    result = {**ANALYSED, "winner": "B", "p_value_text": "0.003"}

    text = "\n".join(summarise_call(CallOutcome("ab_test", {"mode": "analyze"}, result)))

    assert "variant B is the winner" in text


def _campaign(totals: dict[str, int]) -> dict[str, object]:
    return {
        "campaign": {"name": "Push", "budget": 12000.0, "status": "active"},
        "days": {"count": 60},
        "rates": {"open_rate": 0.18},
        "economics": {"spend": 7059.0, "revenue": 20940.0, "roas": 2.97},
        "totals": totals,
    }


def test_an_email_campaign_states_its_funnel_counts() -> None:
    totals = {"sent": 130904, "delivered": 127478, "opens": 23017, "clicks": 2015,
              "conversions": 60, "impressions": 0, "engagements": 23017}  # fmt: skip

    text = "\n".join(summarise_call(CallOutcome("analyze_campaign", {}, _campaign(totals))))

    assert "130,904 sent, 127,478 delivered, 23,017 opened, 2,015 clicked, 60 converted" in text


def test_a_social_campaign_counts_impressions_not_sends() -> None:
    totals = {"sent": 0, "delivered": 0, "opens": 0, "clicks": 6722, "conversions": 248,
              "impressions": 573130, "engagements": 52647}  # fmt: skip

    text = "\n".join(summarise_call(CallOutcome("analyze_campaign", {}, _campaign(totals))))

    assert "573,130 impressions, 52,647 engagements, 6,722 clicks, 248 conversions" in text
    assert "sent" not in text


def test_a_list_in_a_spanish_answer_is_joined_with_y() -> None:
    """The benefits are the data's words; "and" between them was English in every reply."""
    package = {"name": "Silver", "price": 20000.0, "slots": 12,
               "benefits": ["Booth", "4 passes", "Logo on site"]}  # fmt: skip
    result = {"event": {"name": "Summit"}, "count": 1, "packages": [package]}

    spanish = "\n".join(summarise_call(CallOutcome("list_packages", {}, result), "es"))
    english = "\n".join(summarise_call(CallOutcome("list_packages", {}, result)))

    assert "Booth, 4 passes y Logo on site" in spanish
    assert " and " not in spanish
    assert "Booth, 4 passes and Logo on site" in english
