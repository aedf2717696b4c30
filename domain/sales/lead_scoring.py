"""Lead score from fit, engagement and qualification evidence: pure math on plain inputs.

score = 0.35 * fit + 0.30 * engagement + 0.35 * qualification, where qualification is
0.4 * stage + 0.3 * BANT completeness + 0.3 * MEDDIC completeness (each 0–100).
Criteria count 1 when met, 0.5 when partial and 0 when missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

WEIGHTS = {"fit": 0.35, "engagement": 0.30, "qualification": 0.35}
QUALIFICATION_WEIGHTS = {"stage": 0.4, "bant": 0.3, "meddic": 0.3}
STAGE_POINTS = {
    "prospect": 10.0,
    "qualified": 40.0,
    "proposal": 60.0,
    "negotiation": 80.0,
    "closed_won": 100.0,
    "closed_lost": 0.0,
}
STATUS_CREDIT = {"met": 1.0, "partial": 0.5, "missing": 0.0}
GRADE_FLOORS = (("A", 80.0), ("B", 60.0), ("C", 40.0))


@dataclass(frozen=True)
class Criterion:
    """One BANT or MEDDIC criterion: met / partial / missing, with the evidence."""

    status: str
    evidence: str

    def as_dict(self) -> dict[str, str]:
        """Plain form for tool results."""
        return {"status": self.status, "evidence": self.evidence}


@dataclass(frozen=True)
class LeadScore:
    """The score, its grade and each weighted component."""

    score: float
    grade: str
    components: dict[str, dict[str, float]]
    qualification: dict[str, float]


def completeness(criteria: Mapping[str, Criterion]) -> float:
    """Share of criteria satisfied, 0–100 (partial counts half)."""
    if not criteria:
        return 0.0
    credit = sum(STATUS_CREDIT[c.status] for c in criteria.values())
    return 100.0 * credit / len(criteria)


def grade_for(score: float) -> str:
    """A (80+), B (60+), C (40+) or D."""
    return next((grade for grade, floor in GRADE_FLOORS if score >= floor), "D")


def score_lead(
    fit: float,
    engagement: float,
    stage: str | None,
    bant: Mapping[str, Criterion],
    meddic: Mapping[str, Criterion],
) -> LeadScore:
    """Combine the parts into a 0–100 lead score (one decimal) with its grade.

    Args:
        fit: firmographic fit, 0–100.
        engagement: decayed engagement, 0–100.
        stage: the opportunity's stage, or None when there is no opportunity yet.
        bant: the four BANT criteria.
        meddic: the six MEDDIC criteria.
    """
    qualification_parts = {
        "stage": STAGE_POINTS.get(stage, 0.0) if stage else 0.0,
        "bant": completeness(bant),
        "meddic": completeness(meddic),
    }
    qualification = sum(QUALIFICATION_WEIGHTS[k] * v for k, v in qualification_parts.items())
    values = {"fit": fit, "engagement": engagement, "qualification": qualification}
    components = {
        name: {
            "score": round(value, 1),
            "weight": WEIGHTS[name],
            "weighted": round(WEIGHTS[name] * value, 1),
        }
        for name, value in values.items()
    }
    score = round(sum(WEIGHTS[k] * v for k, v in values.items()), 1)
    return LeadScore(
        score,
        grade_for(score),
        components,
        {k: round(v, 1) for k, v in qualification_parts.items()},
    )
