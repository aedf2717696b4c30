"""generate_report: the executive summary of an event, as data and as Markdown.

The caller supplies the template text (``prompts/analytics_report.md``'s body) so the
domain stays free of file layout; placeholders are filled with ``string.Template``.
"""

from __future__ import annotations

from string import Template
from typing import Any

from domain.analytics import report_sections as sections
from domain.analytics.insight_lines import line
from domain.analytics.recommendations import rank_actions
from domain.analytics.snapshot import EventSnapshot, take_snapshot
from domain.scope import Scope

MAX_INSIGHTS = 5
SEVERITY_WORDS = {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low"}


def insight_items(s: EventSnapshot, actions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Three to five insights as ``{"insight": id, "values": {...}}``, most important first,
    all computed (``domain.analytics.insight_lines`` writes them in a language).

    Sales, revenue, the strongest anomaly, campaign health and critical items come
    first; sponsorship and audience fill in when there are fewer than five.
    """
    a, r = s.attendance, s.revenue
    f = a["forecast"]
    gap = f["point"] - a["target"]
    tickets: dict[str, Any] = {"point": f["point"], "target": a["target"], "gap": gap}
    if a["method"] == "actual":
        items = [_item("tickets_final", **tickets)]
    else:
        tickets |= {
            "low": f["low"],
            "high": f["high"],
            "chance": 100 * a["probability_reach_target"],
            "days": a["days_to_event"],
        }
        items = [_item("tickets", **tickets)]
    items.append(
        _item(
            "revenue",
            net=float(r["net_revenue"]),
            projected=r["projection"]["point"],
            vs_target=r["projection"]["vs_target_pct"],
        )
    )
    spikes = [x for x in s.anomalies["anomalies"] if x["severity"] in ("high", "medium")]
    if spikes:
        top = max(spikes, key=lambda x: abs(x["z"]))
        items.append(
            _item(
                "anomaly",
                value=top["value"],
                series=top["series"],
                day=top["date"],
                expected=top["expected"],
                direction=top["direction"],
                z=top["z"],
            )
        )
    converting = [c for c in s.campaigns if "high_conversion_rate" in c.flags]
    weak = [c for c in s.campaigns if {"low_open_rate", "low_click_rate"} & set(c.flags)]
    if converting or weak:
        items.append(
            _item(
                "marketing",
                converting=[{"campaign": c.name, "rate": c.conversion_rate} for c in converting],
                weak=[c.name for c in weak],
            )
        )
    critical = [x for x in actions if x["severity"] == "critical"]
    if critical:
        kept = ("rule", "title_values", "title")
        items.append(
            _item("critical", actions=[{k: x[k] for k in kept if k in x} for x in critical])
        )
    sp, audience = s.sponsorship, s.audience
    items.append(
        _item(
            "sponsors",
            signed=sp["confirmed_sponsors"],
            amount=float(sp["confirmed_amount"]),
            pipeline=float(sp["weighted_open_pipeline"]),
        )
    )
    if audience["top_industries"]:
        top_industry = audience["top_industries"][0]
        items.append(
            _item(
                "audience",
                attendees=audience["attendees"],
                industry=top_industry["name"],
                pct=top_industry["pct"],
            )
        )
    return items[:MAX_INSIGHTS]


def _item(insight: str, **values: Any) -> dict[str, Any]:
    return {"insight": insight, "values": values}


def key_insights(s: EventSnapshot, actions: list[dict[str, Any]]) -> list[str]:
    """The report's insights as English lines (``insight_items`` written out)."""
    return [line(x["insight"], x["values"]) for x in insight_items(s, actions)]


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
    items = insight_items(s, actions)
    insights = [line(x["insight"], x["values"]) for x in items]
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
        "insight_lines": items,
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
