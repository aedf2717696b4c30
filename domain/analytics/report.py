"""generate_report: the executive summary of an event, as data and as Markdown.

The caller supplies the template text (``prompts/analytics_report.md``'s body) so the
domain stays free of file layout; placeholders are filled with ``string.Template``.
"""

from __future__ import annotations

from string import Template
from typing import Any

from domain.analytics import report_sections as sections
from domain.analytics.recommendations import rank_actions
from domain.analytics.snapshot import EventSnapshot, take_snapshot
from domain.scope import Scope

MAX_INSIGHTS = 5
SEVERITY_WORDS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low"}


def key_insights(s: EventSnapshot, actions: list[dict[str, Any]]) -> list[str]:
    """Three to five one-line insights, most important first, all computed.

    Sales, revenue, the strongest anomaly, campaign health and critical items come
    first; sponsorship and audience fill in when there are fewer than five.
    """
    a, r = s.attendance, s.revenue
    f = a["forecast"]
    gap = f["point"] - a["target"]
    tickets = (
        f"Tickets: forecast {f['point']:,} (80% {f['low']:,}-{f['high']:,}) against a target "
        f"of {a['target']:,} ({gap:+,}; {100 * a['probability_reach_target']:.0f}% chance of "
        f"reaching it) with {a['days_to_event']} days to go."
    )
    if a["method"] == "actual":
        tickets = f"Tickets: final {f['point']:,} against a target of {a['target']:,} ({gap:+,})."
    insights = [
        tickets,
        f"Revenue: ${float(r['net_revenue']):,.0f} net so far, projected "
        f"${r['projection']['point']:,.0f} ({r['projection']['vs_target_pct']:+}% vs target).",
    ]
    spikes = [x for x in s.anomalies["anomalies"] if x["severity"] in ("high", "medium")]
    if spikes:
        top = max(spikes, key=lambda x: abs(x["z"]))
        insights.append(
            f"Anomaly: {top['value']:.0f} {top['series'].replace('_', ' ')} on {top['date']} "
            f"against about {top['expected']:.1f} expected ({top['direction']}, z {top['z']:.1f})."
        )
    converting = [c for c in s.campaigns if "high_conversion_rate" in c.flags]
    weak = [c for c in s.campaigns if {"low_open_rate", "low_click_rate"} & set(c.flags)]
    if converting or weak:
        parts = [f"{c.name} converts {c.conversion_rate:.1%} (scale it)" for c in converting]
        parts += [f"{c.name} is below the open/click thresholds" for c in weak]
        insights.append("Marketing: " + "; ".join(parts) + ".")
    critical = [x for x in actions if x["severity"] == "critical"]
    if critical:
        insights.append(
            f"{len(critical)} critical item(s): " + "; ".join(x["title"] for x in critical) + "."
        )
    sp, audience = s.sponsorship, s.audience
    insights.append(
        f"Sponsors: {sp['confirmed_sponsors']} signed (${float(sp['confirmed_amount']):,.0f}); "
        f"open pipeline ${float(sp['weighted_open_pipeline']):,.0f} probability-weighted."
    )
    if audience["top_industries"]:
        top_industry = audience["top_industries"][0]
        insights.append(
            f"Audience: {audience['attendees']:,} ticket holders, led by "
            f"{top_industry['name']} ({top_industry['pct']}%)."
        )
    return insights[:MAX_INSIGHTS]


def _timing(days_to_event: int) -> str:
    if days_to_event >= 0:
        return f"{days_to_event} days to the event"
    return f"the event started {-days_to_event} days ago"


def _actions_markdown(actions: list[dict[str, Any]]) -> str:
    if not actions:
        return "1. No action needed today."
    return "\n".join(
        f"{x['rank']}. **{x['title']}** — {SEVERITY_WORDS[x['severity']]}, owner "
        f"{x['owner']}; impact: {x['impact']}. {x['detail']}"
        for x in actions
    )


def build_report(scope: Scope, event_id: int | None = None, *, top_actions: int = 5) -> dict:
    """Insights, per-area Markdown sections, priority actions and the data behind them."""
    s = take_snapshot(scope, event_id)
    actions = rank_actions(s)
    insights = key_insights(s, actions)
    values = {
        "title": f"{s.event.name}: analytics report",
        "event_name": s.event.name,
        "as_of": scope.today.isoformat(),
        "timing": _timing(s.attendance["days_to_event"]),
        "insights": "\n".join(f"{i}. {line}" for i, line in enumerate(insights, start=1)),
        "ticket_sales": sections.ticket_sales(s),
        "marketing": sections.marketing(s),
        "revenue": sections.revenue(s),
        "audience": sections.audience(s),
        "sponsors": sections.sponsors(s),
        "operations": sections.operations(s),
        "actions": _actions_markdown(actions[:top_actions]),
    }
    return {
        "event_id": s.event.id,
        "event": s.event.name,
        "as_of": scope.today,
        "insights": insights,
        "actions": actions[:top_actions],
        "sections": values,
        "data": {
            "attendance": s.attendance,
            "revenue": {k: v for k, v in s.revenue.items() if k != "daily_trend"},
            "anomalies": s.anomalies["anomalies"],
            "audience": s.audience,
            "sponsorship": s.sponsorship,
            "operations": s.operations,
        },
    }


def render_report(template: str, report: dict[str, Any]) -> str:
    """Fill the report template's ``$placeholders`` from ``build_report``'s sections.

    Raises:
        KeyError: the template names a placeholder the report does not provide.
    """
    return Template(template).substitute(report["sections"]).strip() + "\n"
