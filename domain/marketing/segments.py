"""Audience segments: rule-based groups and k-means clusters on engagement features.

Segment names are stable and resolvable by ``send_email_campaign``:
``all``, ``<dimension>:<value>`` (``seniority:vp``, ``industry:Fintech``, ``region:EMEA``,
``engagement:high``, ``speaker:yes``, ``past_attendee:no``) and ``cluster:<k>-<i>``
(cluster i of k, 1 = most engaged, computed over every contact with a fixed seed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from domain.errors import InvalidArgumentError
from domain.marketing.audience import DIMENSIONS, Profile, load_profiles
from domain.marketing.kmeans import kmeans, standardise
from domain.scope import Scope

FEATURES = ("sends", "open_rate", "click_rate", "activities", "points")
KMEANS_SEED = 7


@dataclass(frozen=True)
class AudienceFilter:
    """Rules a contact must all match; an empty list or None means 'any'."""

    seniority: tuple[str, ...] = ()
    industry: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    engagement: tuple[str, ...] = ()
    speaker: bool | None = None
    past_attendee: bool | None = None

    def matches(self, p: Profile) -> bool:
        """Whether the contact satisfies every rule."""
        for dimension in ("seniority", "industry", "region", "engagement"):
            allowed = {v.lower() for v in getattr(self, dimension)}
            if allowed and p.value(dimension).lower() not in allowed:
                return False
        return all(
            getattr(self, flag) is None or getattr(self, flag) == getattr(p, flag)
            for flag in ("speaker", "past_attendee")
        )


def segment_audience(
    scope: Scope,
    *,
    group_by: Iterable[str] = ("engagement",),
    rules: AudienceFilter | None = None,
    method: str = "rules",
    k: int = 4,
    samples: int = 5,
) -> dict[str, Any]:
    """Segment the contacts matching ``rules`` by dimensions or by k-means clusters.

    Returns:
        base size and mailable count, and per segment: name, size, mailable (not opted
        out, bounced or unsubscribed), excluded counts, defining features and up to
        ``samples`` contact ids (most engaged first).
    """
    profiles = load_profiles(scope)
    base = [p for p in profiles if rules is None or rules.matches(p)]
    groups: dict[str, list[Profile]] = defaultdict(list)
    defining: dict[str, dict[str, Any]] = {}
    if method == "kmeans":
        labels, centroids = clusters(profiles, k)
        in_base = {p.id for p in base}
        for p, label in zip(profiles, labels, strict=True):
            if p.id in in_base:
                groups[f"cluster:{k}-{label}"].append(p)
        defining = {f"cluster:{k}-{i}": c for i, c in centroids.items()}
    elif method == "rules":
        for dimension in group_by:
            if dimension not in DIMENSIONS:
                raise InvalidArgumentError("group_by", f"unknown dimension {dimension!r}")
            for p in base:
                groups[f"{dimension}:{p.value(dimension)}"].append(p)
        defining = {name: {name.split(":")[0]: name.split(":", 1)[1]} for name in groups}
    else:
        raise InvalidArgumentError("method", "must be 'rules' or 'kmeans'")
    segments = [
        _describe(name, members, defining.get(name, {}), samples)
        for name, members in groups.items()
    ]
    segments.sort(key=_segment_order)
    return {
        "method": method,
        "base_size": len(base),
        "base_mailable": sum(p.mailable for p in base),
        "segments": segments,
    }


def clusters(profiles: list[Profile], k: int) -> tuple[list[int], dict[int, dict[str, Any]]]:
    """k-means labels (1 = most engaged cluster) and each cluster's mean raw features."""
    if not 2 <= k <= min(8, len(profiles)):
        raise InvalidArgumentError("k", "must be between 2 and 8 (and at most the contacts)")
    raw = np.array([_features(p) for p in profiles], dtype=np.float64)
    result = kmeans(standardise(np.log1p(raw)), k, seed=KMEANS_SEED)
    points = raw[:, FEATURES.index("points")]
    means = [
        points[result.labels == j].mean() if (result.labels == j).any() else -1.0 for j in range(k)
    ]
    rank = {j: position + 1 for position, j in enumerate(np.argsort(means, kind="stable")[::-1])}
    centroids = {}
    for j in range(k):
        members = raw[result.labels == j]
        if len(members):
            centroids[rank[j]] = {
                f: round(float(v), 3) for f, v in zip(FEATURES, members.mean(axis=0), strict=True)
            }
    return [rank[int(j)] for j in result.labels], centroids


def resolve_segment(scope: Scope, name: str) -> list[Profile]:
    """The contacts in a named segment (see module docstring), in id order.

    Raises:
        InvalidArgumentError: the name is not a known segment form (argument ``segment``).
    """
    profiles = load_profiles(scope)
    if name == "all":
        return profiles
    dimension, _, value = name.partition(":")
    if dimension == "cluster":
        k_text, _, index = value.partition("-")
        if not (k_text.isdigit() and index.isdigit()):
            raise InvalidArgumentError("segment", "cluster segments look like 'cluster:4-1'")
        labels, _ = clusters(profiles, int(k_text))
        return [p for p, label in zip(profiles, labels, strict=True) if label == int(index)]
    if dimension not in DIMENSIONS or not value:
        raise InvalidArgumentError(
            "segment",
            f"unknown segment {name!r}; use 'all', '<dimension>:<value>' with "
            f"dimension in {', '.join(DIMENSIONS)}, or 'cluster:<k>-<i>'",
        )
    return [p for p in profiles if p.value(dimension).lower() == value.lower()]


def _segment_order(segment: dict[str, Any]) -> tuple[str, int, str]:
    """Group by dimension; largest first, except clusters, which keep their rank order."""
    dimension = segment["name"].split(":")[0]
    return dimension, 0 if dimension == "cluster" else -segment["size"], segment["name"]


def _features(p: Profile) -> list[float]:
    opens = p.opens / p.sends if p.sends else 0.0
    clicks = p.clicks / p.sends if p.sends else 0.0
    return [p.sends, opens, clicks, p.activities, p.points]


def _describe(
    name: str, members: list[Profile], defining: dict[str, Any], samples: int
) -> dict[str, Any]:
    ranked = sorted(members, key=lambda p: (-p.points, p.id))
    return {
        "name": name,
        "size": len(members),
        "mailable": sum(p.mailable for p in members),
        "excluded": {
            "opted_out": sum(p.opted_out for p in members),
            "bounced": sum(p.bounced and not p.opted_out for p in members),
            "unsubscribed": sum(p.unsubscribed and not (p.opted_out or p.bounced) for p in members),
        },
        "defining_features": defining,
        "sample_contact_ids": [p.id for p in ranked[:samples]],
    }
