"""Rate definitions and seed 000's marketing thresholds on plain totals."""

from __future__ import annotations

from decimal import Decimal

from domain.marketing.rates import Totals
from domain.marketing.thresholds import alerts, recommendations, success_check


def _email(delivered: int, opens: int, clicks: int, conversions: int) -> Totals:
    return Totals(
        sent=delivered,
        delivered=delivered,
        opens=opens,
        clicks=clicks,
        conversions=conversions,
        spend=Decimal("100"),
        revenue=Decimal("450"),
    )


def test_rates_are_per_delivered_email_and_per_impression_for_social() -> None:
    rates = _email(1000, 200, 40, 10).rates()
    assert rates == {
        "open_rate": 0.2,
        "click_rate": 0.04,
        "conversion_rate": 0.01,
        "unsubscribe_rate": 0.0,
        "engagement_rate": None,
    }
    social = Totals(impressions=10_000, engagements=900, clicks=120, conversions=4).rates()
    assert social["open_rate"] is None
    assert social["click_rate"] == 0.012 and social["engagement_rate"] == 0.09
    economics = _email(1000, 200, 40, 10).economics()
    assert (economics["cpa"], economics["roas"]) == (Decimal("10.00"), Decimal("4.50"))


def test_low_open_and_click_trigger_subject_test_and_new_cta() -> None:
    found = recommendations(7, Decimal("1000"), _email(1000, 200, 20, 1))
    assert [r["action"] for r in found] == ["subject_line_ab_test", "new_call_to_action"]
    assert found[0]["arguments"] == {
        "mode": "design",
        "campaign_id": 7,
        "test_type": "subject_line",
        "variants": 3,
    }


def test_high_conversion_proposes_budget_times_one_and_a_half() -> None:
    found = recommendations(7, Decimal("12000"), _email(1000, 400, 90, 60))
    assert [r["action"] for r in found] == ["scale_budget"]
    assert found[0]["proposed_budget"] == Decimal("18000.00")


def test_thresholds_are_strict_and_need_evidence() -> None:
    at_edges = _email(1000, 250, 30, 50)  # open 25%, click 3%, conversion 5%: no rule fires
    assert recommendations(1, Decimal("1"), at_edges) == []
    tiny = _email(50, 2, 0, 0)  # 4% open on 50 deliveries: too little to act on
    assert recommendations(1, Decimal("1"), tiny) == []
    assert alerts(tiny) == []
    assert all(not c["enough_data"] for c in success_check(tiny))


def test_alert_severities() -> None:
    found = {(a["metric"], a["severity"]) for a in alerts(_email(1000, 270, 20, 60))}
    assert found == {
        ("open_rate", "warning"),
        ("click_rate", "critical"),
        ("conversion_rate", "info"),
    }
    social = Totals(impressions=5000, engagements=300, clicks=10)
    assert [(a["metric"], a["severity"]) for a in alerts(social)] == [
        ("engagement_rate", "warning")
    ]
    assert [c["metric"] for c in success_check(social)] == ["engagement_rate"]
