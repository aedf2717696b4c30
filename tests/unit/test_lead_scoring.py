"""Lead scoring math on plain inputs: weights, completeness, grades, BANT and MEDDIC."""

from __future__ import annotations

from datetime import date

import pytest

from domain.sales.lead_scoring import Criterion, completeness, grade_for, score_lead
from domain.sales.qualification_criteria import Evidence, assess_bant, assess_meddic

MET, PARTIAL, MISSING = Criterion("met", ""), Criterion("partial", ""), Criterion("missing", "")
TODAY, EVENT_DAY = date(2026, 9, 1), date(2026, 10, 13)


def test_completeness_counts_partial_as_half() -> None:
    assert completeness({"a": MET, "b": PARTIAL, "c": MISSING, "d": MET}) == 62.5
    assert completeness({}) == 0.0


@pytest.mark.parametrize(
    ("score", "grade"), [(80.0, "A"), (79.9, "B"), (60.0, "B"), (40.0, "C"), (39.9, "D")]
)
def test_grade_floors(score: float, grade: str) -> None:
    assert grade_for(score) == grade


def test_score_combines_fit_engagement_and_qualification_with_weights() -> None:
    bant = {"budget": MET, "authority": PARTIAL, "need": MISSING, "timeline": MET}
    meddic = dict.fromkeys(("a", "b", "c"), MET) | {"d": PARTIAL, "e": MISSING, "f": MISSING}
    result = score_lead(80.0, 50.0, "proposal", bant, meddic)
    # qualification = 0.4*60 + 0.3*62.5 + 0.3*58.33 = 60.25
    # score = 0.35*80 + 0.30*50 + 0.35*60.25 = 64.0875
    assert result.score == 64.1
    assert result.grade == "B"
    assert result.qualification == {"stage": 60.0, "bant": 62.5, "meddic": 58.3}
    assert result.components["fit"] == {"score": 80.0, "weight": 0.35, "weighted": 28.0}
    assert result.components["engagement"] == {"score": 50.0, "weight": 0.3, "weighted": 15.0}
    assert result.components["qualification"]["weighted"] == 21.1


def test_no_opportunity_scores_fit_and_engagement_only() -> None:
    empty = {"budget": MISSING}
    result = score_lead(70.0, 20.0, None, empty, empty)
    assert result.score == 30.5  # 0.35*70 + 0.30*20
    assert result.grade == "D"
    assert result.qualification["stage"] == 0.0


def test_perfect_negotiation_deal_is_an_a() -> None:
    result = score_lead(100.0, 100.0, "negotiation", {"b": MET}, {"m": MET})
    assert result.score == 97.2  # 35 + 30 + 0.35*(0.4*80 + 30 + 30)
    assert result.grade == "A"


def test_bant_partial_evidence_is_explained() -> None:
    evidence = Evidence(
        today=TODAY,
        decision_deadline=EVENT_DAY,
        deal_value=75000.0,
        budget=60000.0,
        authority=None,
        contact_seniority="vp",
        need=None,
        latest_signal="Raised a Series C",
        timeline=date(2026, 8, 1),
    )
    bant = assess_bant(evidence)
    assert {k: c.status for k, c in bant.items()} == dict.fromkeys(
        ("budget", "authority", "need", "timeline"), "partial"
    )
    assert bant["budget"].evidence == "budget $60,000 is 80% of deal value $75,000"
    assert bant["authority"].evidence.startswith("primary contact is vp")
    assert "Raised a Series C" in bant["need"].evidence
    assert "has passed" in bant["timeline"].evidence


def test_bant_met_and_missing() -> None:
    met = assess_bant(
        Evidence(
            today=TODAY,
            decision_deadline=EVENT_DAY,
            deal_value=40000.0,
            budget=48000.0,
            authority=True,
            need="Launch visibility",
            timeline=date(2026, 9, 20),
        )
    )
    assert all(c.status == "met" for c in met.values())
    assert met["timeline"].evidence == "decision by 2026-09-20, before the event on 2026-10-13"
    missing = assess_bant(
        Evidence(today=TODAY, decision_deadline=EVENT_DAY, contact_seniority="ic")
    )
    assert all(c.status == "missing" for c in missing.values())
    late = assess_bant(
        Evidence(today=TODAY, decision_deadline=EVENT_DAY, timeline=date(2026, 11, 1))
    )
    assert late["timeline"].status == "partial"


def test_meddic_uses_indirect_evidence_for_partial_credit() -> None:
    evidence = Evidence(
        today=TODAY,
        decision_deadline=EVENT_DAY,
        authority=True,
        need="Hiring data talent",
        replies=2,
    )
    meddic = assess_meddic({"metrics": True, "decision_criteria": False}, evidence)
    assert {k: c.status for k, c in meddic.items()} == {
        "metrics": "met",
        "economic_buyer": "partial",
        "decision_criteria": "missing",
        "decision_process": "missing",
        "identify_pain": "partial",
        "champion": "partial",
    }
    assert meddic["champion"].evidence == "primary contact replied 2 time(s)"
