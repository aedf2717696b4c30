"""recommend_actions: rules over an event's analyses, ranked by severity then impact.

Each rule reads computed numbers from an :class:`EventSnapshot` and, when it fires,
returns an action with the owning department, an impact estimate in dollars (where one
can be computed) and the evidence it fired on. Thresholds come from seed 000.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from domain.analytics import ops_rules, rules
from domain.analytics.snapshot import EventSnapshot, take_snapshot
from domain.scope import Scope

SEVERITY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
RULES: tuple[Callable[[EventSnapshot], list[dict[str, Any]]], ...] = (
    rules.ticket_pace,
    rules.capacity,
    rules.anomalies,
    rules.campaigns,
    ops_rules.budget,
    ops_rules.deliverables,
    ops_rules.vendors,
    ops_rules.sponsorship,
)


@dataclass(frozen=True)
class Action:
    """One recommended action.

    Attributes:
        title: what to do, imperative.
        detail: why, with the numbers.
        owner: department that should act (sales, marketing, operations, support).
        severity: critical, high, medium or low.
        impact_usd: estimated money at stake (revenue gained or loss avoided), 0 if none.
        impact: the estimate in words.
        evidence: the figures the rule fired on.
        rule: the id of the rule that found it, the key of its title in each language
            (``domain.analytics.action_titles``).
        title_values: the figures and names its title shows.
    """

    title: str
    detail: str
    owner: str
    severity: str
    impact_usd: float
    impact: str
    evidence: dict[str, Any] = field(default_factory=dict)
    rule: str = ""
    title_values: dict[str, Any] = field(default_factory=dict)


def rank_actions(snapshot: EventSnapshot) -> list[dict[str, Any]]:
    """Apply every rule and rank the actions: severity first, then dollar impact."""
    found: list[Action] = []
    for rule in RULES:
        found.extend(Action(**spec) for spec in rule(snapshot))
    found.sort(key=lambda a: (SEVERITY_ORDER[a.severity], -a.impact_usd, a.title))
    return [{"rank": i, **asdict(a)} for i, a in enumerate(found, start=1)]


def recommend_actions(
    scope: Scope, event_id: int | None = None, *, limit: int = 10
) -> dict[str, Any]:
    """Ranked, evidence-backed actions for an event.

    Args:
        scope: tenant scope.
        event_id: the event; defaults to the next upcoming one.
        limit: how many actions to return at most.

    Returns:
        The actions (rank, title, detail, owner, severity, impact, evidence) and the
        headline inputs the rules read.
    """
    snapshot = take_snapshot(scope, event_id)
    actions = rank_actions(snapshot)
    forecast = snapshot.attendance["forecast"]
    return {
        "event_id": snapshot.event.id,
        "event": snapshot.event.name,
        "as_of": scope.today,
        "actions": actions[:limit],
        "total_actions": len(actions),
        "inputs": {
            "forecast_tickets": forecast["point"],
            "ticket_target": snapshot.attendance["target"],
            "days_to_event": snapshot.attendance["days_to_event"],
            "projected_revenue": snapshot.revenue["projection"]["point"],
            "revenue_target": snapshot.revenue["revenue_target"],
            "anomalies_last_30_days": len(snapshot.anomalies["anomalies"]),
            "campaigns_checked": len(snapshot.campaigns),
            "overdue_deliverables": len(snapshot.operations["deliverables"]["overdue"]),
            "budget_lines_over_plan": len(snapshot.operations["budget"]["lines_over_plan"]),
        },
    }
