"""What a job title says about a person: seniority and department."""

from __future__ import annotations

import re

SENIORITY_ORDER = ("ic", "manager", "director", "vp", "c_level")
"""Seniority levels, junior to senior."""

SENIORITY_RANK = {level: rank for rank, level in enumerate(SENIORITY_ORDER, start=1)}

_SENIORITY_PATTERNS = (
    ("c_level", r"\b(chief|ceo|cto|cmo|cfo|coo|cro|founder|president)\b"),
    ("vp", r"\b(vp|svp|evp|vice president)\b"),
    ("director", r"\b(director|head of)\b"),
    ("manager", r"\b(manager|lead)\b"),
)

_DEPARTMENT_PATTERNS = (
    ("events", r"\bevents?\b"),
    ("partnerships", r"\b(partnerships?|sponsorships?|alliances|business development)\b"),
    ("marketing", r"\b(marketing|cmo|brand|developer relations|devrel|communications)\b"),
    ("sales", r"\b(sales|account executive|solutions engineer|revenue)\b"),
    ("engineering", r"\b(engineer\w*|cto|data scientist|developer|technology)\b"),
)


def infer_seniority(title: str) -> str:
    """Seniority from a job title ('VP Marketing' -> 'vp'); 'ic' when nothing senior shows."""
    lowered = title.lower()
    for level, pattern in _SENIORITY_PATTERNS:
        if re.search(pattern, lowered):
            return level
    return "ic"


def infer_department(title: str) -> str | None:
    """Department from a job title, or None when the title does not say."""
    lowered = title.lower()
    for department, pattern in _DEPARTMENT_PATTERNS:
        if re.search(pattern, lowered):
            return department
    return None
