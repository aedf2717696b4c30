"""A/B tests on campaign emails: design (variants + sample size) and analysis (z-test)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from domain.errors import InvalidArgumentError
from domain.marketing.campaigns import daily_metrics, get_campaign, sends
from domain.marketing.content import generate_content
from domain.marketing.rates import Totals
from domain.marketing.segments import resolve_segment
from domain.marketing.stats import (
    DEFAULT_ALPHA,
    DEFAULT_POWER,
    sample_size_per_arm,
    two_proportion_z_test,
)
from domain.scope import Scope

TEST_TYPES = {
    "subject_line": ("subject", "open_rate", "increase_opens"),
    "cta": ("cta", "click_rate", "increase_clicks"),
}
"""test type -> (content kind, metric it moves, generation goal)."""
DEFAULT_BASELINE = 0.20


def design_ab_test(
    scope: Scope,
    *,
    templates: Mapping[str, str],
    campaign_id: int,
    test_type: str,
    variants: int = 2,
    baseline_rate: float | None = None,
    minimum_detectable_effect: float = 0.05,
    language: str = "en",
) -> dict[str, Any]:
    """Draft ``variants`` subject lines or CTAs (in ``language``'s templates) and size the test.

    The baseline defaults to the campaign's current open rate (subject lines) or click
    rate (CTAs) from its daily metrics. The sample size per arm is the two-proportion
    power calculation at α = 0.05 and power 0.8 (``domain.marketing.stats``); the split
    is equal across arms, and feasibility compares the total with the mailable contacts.
    """
    kind, metric, goal = TEST_TYPES[test_type]
    if not 2 <= variants <= 4:
        raise InvalidArgumentError("variants", "an A/B test needs 2 to 4 variants")
    campaign = get_campaign(scope, campaign_id)
    observed = Totals.from_metrics(daily_metrics(scope, campaign.id)).rates()[metric]
    baseline = baseline_rate if baseline_rate is not None else observed or DEFAULT_BASELINE
    if not 0 < baseline + minimum_detectable_effect < 1:
        raise InvalidArgumentError(
            "minimum_detectable_effect", "baseline + effect must stay below 1"
        )
    per_arm = sample_size_per_arm(baseline, minimum_detectable_effect)
    drafts = generate_content(
        scope,
        templates=templates,
        kind=kind,
        variants=variants,
        campaign_id=campaign.id,
        goal=goal,
        language=language,
    )
    mailable = sum(p.mailable for p in resolve_segment(scope, "all"))
    return {
        "campaign_id": campaign.id,
        "test_type": test_type,
        "metric": metric,
        "baseline_rate": baseline,
        "baseline_source": "given"
        if baseline_rate is not None
        else ("campaign" if observed else "default"),
        "minimum_detectable_effect": minimum_detectable_effect,
        "alpha": DEFAULT_ALPHA,
        "power": DEFAULT_POWER,
        "sample_size_per_arm": per_arm,
        "total_sample": per_arm * variants,
        "split": {item["variant"]: round(1 / variants, 4) for item in drafts["items"]},
        "mailable_contacts": mailable,
        "feasible": per_arm * variants <= mailable,
        "variants": drafts["items"],
        "language": language,
    }


def analyze_ab_test(scope: Scope, *, campaign_id: int, test_type: str) -> dict[str, Any]:
    """Compare a campaign's send variants on opens (subject lines) or clicks (CTAs).

    The leading variant is tested against every other one with a pooled two-proportion
    z-test; it is declared the winner only when every comparison has p < 0.05.
    """
    _kind, metric, _goal = TEST_TYPES[test_type]
    campaign = get_campaign(scope, campaign_id)
    by_variant: dict[str, list[Any]] = {}
    for row in sends(scope, [campaign.id]):
        by_variant.setdefault(row.variant, []).append(row)
    if len(by_variant) < 2:
        raise InvalidArgumentError(
            "campaign_id",
            f"campaign {campaign.id} has sends for {len(by_variant)} variant(s); "
            "an A/B analysis needs at least 2",
        )
    stats = {v: Totals.from_sends(rows) for v, rows in sorted(by_variant.items())}
    success = {v: (t.opens if metric == "open_rate" else t.clicks) for v, t in stats.items()}
    leader = max(stats, key=lambda v: (success[v] / stats[v].sent, v == "A"))
    comparisons: list[dict[str, Any]] = []
    for other in (v for v in stats if v != leader):
        test = two_proportion_z_test(
            success[other], stats[other].sent, success[leader], stats[leader].sent
        )
        comparisons.append(
            {
                "leader": leader,
                "against": other,
                "z": test.z,
                "p_value": test.p_value,
                "lift_points": test.difference * 100,
                "significant": test.significant,
            }
        )
    return {
        "campaign_id": campaign.id,
        "test_type": test_type,
        "metric": metric,
        "variants": {
            v: {
                "sends": t.sent,
                **{k: t.rates()[k] for k in ("open_rate", "click_rate", "conversion_rate")},
            }
            for v, t in stats.items()
        },
        "leader": leader,
        "comparisons": comparisons,
        "p_value": max(c["p_value"] for c in comparisons),
        "p_value_text": f"{max(c['p_value'] for c in comparisons):.3g}",
        "winner": leader if all(c["significant"] for c in comparisons) else None,
        "alpha": DEFAULT_ALPHA,
    }
