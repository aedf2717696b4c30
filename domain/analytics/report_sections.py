"""Markdown fragments for each area of the executive report, from an EventSnapshot."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.analytics.snapshot import EventSnapshot


def _money(value: Any) -> str:
    return f"${Decimal(str(value)):,.0f}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines) if lines else "- Nothing to report."


def ticket_sales(s: EventSnapshot) -> str:
    """Sold so far, forecast, pace and last edition at the same point."""
    a = s.attendance
    f, show = a["forecast"], a["expected_attendance"]
    lines = [
        f"Sold {a['sold_so_far']:,} of {a['target']:,} target ({a['pct_of_target_sold']}%), "
        f"{a['days_to_event']} days to go.",
        f"Forecast: **{f['point']:,}** tickets (80% interval {f['low']:,}-{f['high']:,}, "
        f"method `{a['method']}`); {100 * a['probability_reach_target']:.0f}% chance of "
        f"reaching target.",
        f"Pace: {a['velocity']['last_7_days_per_day']}/day over the last 7 days, "
        f"{a['velocity']['last_28_days_per_day']}/day over 28.",
        f"Expected attendance: {show['point']:,} ({show['low']:,}-{show['high']:,}), "
        f"show rate {show['show_rate']:.0%}.",
    ]
    if a["method"] == "actual":
        lines[:3] = [f"Final: {a['sold_so_far']:,} tickets against a target of {a['target']:,}."]
    ref = a.get("reference_edition")
    if ref:
        ahead = a["sold_so_far"] / ref["sold_at_same_days_out"] - 1
        lines.append(
            f"{ref['event']} had sold {ref['sold_at_same_days_out']:,} at this point "
            f"({ahead:+.0%}) and finished at {ref['final_tickets']:,}."
        )
    return _bullets(lines)


def marketing(s: EventSnapshot) -> str:
    """A table of campaign rates with the thresholds they trip."""
    if not s.campaigns:
        return "- No campaigns for this event."
    rows = [
        "| Campaign | Channel | Open | Click | Conversion | Spend / budget | Flags |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in s.campaigns:
        rows.append(
            f"| {c.name} | {c.channel} | {_pct(c.open_rate)} | {_pct(c.click_rate)} | "
            f"{_pct(c.conversion_rate)} | {_money(c.spend)} / {_money(c.budget)} | "
            f"{', '.join(c.flags) or 'healthy'} |"
        )
    return "\n".join(rows)


def revenue(s: EventSnapshot) -> str:
    """Net revenue, its projection, order value, refunds and the ticket-type mix."""
    r = s.revenue
    p = r["projection"]
    mix = ", ".join(
        f"{row['ticket_type']} {_money(row['net_revenue'])}" for row in r["by_ticket_type"][:4]
    )
    return _bullets(
        [
            f"Net revenue {_money(r['net_revenue'])} ({r['pct_of_target']}% of the "
            f"{_money(r['revenue_target'])} target); gross {_money(r['gross_bookings'])}, "
            f"refunded {_money(r['refunded'])} ({r['refund_rate_pct']}%).",
            f"Projected final {_money(p['point'])} (80% {_money(p['low'])}-"
            f"{_money(p['high'])}), {p['vs_target_pct']:+}% vs target.",
            f"Average order value {_money(r['average_order_value'])} over "
            f"{r['paying_orders']:,} paying orders.",
            f"By ticket type: {mix}.",
        ]
    )


def audience(s: EventSnapshot) -> str:
    """Top industries, companies and job titles of ticket holders."""
    a = s.audience

    def top(rows: list[dict[str, Any]]) -> str:
        return ", ".join(f"{r['name']} ({r['pct']}%)" for r in rows) or "n/a"

    if not a["attendees"]:
        return "- No ticket-holder records for this event."
    targets = set(a["target_industries"])
    in_target = sum(r["attendees"] for r in a["top_industries"] if r["name"] in targets)
    share = f"{100 * in_target / a['attendees']:.0f}%"
    return _bullets(
        [
            f"{a['attendees']:,} ticket holders; top-5 industries that are target industries "
            f"cover {share} of them.",
            f"Industries: {top(a['top_industries'])}.",
            f"Companies: {top(a['top_companies'])}.",
            f"Job titles: {top(a['top_job_titles'])}.",
        ]
    )


def sponsors(s: EventSnapshot) -> str:
    """Confirmed sponsorship, the pipeline by stage and last edition for comparison."""
    sp = s.sponsorship
    lines = [
        f"{sp['confirmed_sponsors']} confirmed sponsors, {_money(sp['confirmed_amount'])}.",
        f"Open pipeline {_money(sp['open_pipeline_value'])}, "
        f"{_money(sp['weighted_open_pipeline'])} probability-weighted.",
    ]
    stages = [
        f"{stage} {row['deals']} ({_money(row['value'])})"
        for stage, row in sp["pipeline_by_stage"].items()
        if row["deals"]
    ]
    if stages:
        lines.append("By stage: " + ", ".join(stages) + ".")
    if sp["previous_edition"]:
        prev = sp["previous_edition"]
        lines.append(
            f"Last edition: {prev['sponsors']} sponsors, {_money(prev['amount'])} in total."
        )
    return _bullets(lines)


def operations(s: EventSnapshot) -> str:
    """Deliverables, budget and vendor confirmations."""
    o = s.operations
    d, b, v = o["deliverables"], o["budget"], o["vendors"]
    lines = [
        f"Deliverables: {d['done']}/{d['total']} done, {len(d['overdue'])} overdue "
        f"({d['critical_overdue']} by 3+ days), {d['due_next_7_days']} due in the next 7 days, "
        f"{len(d['blocked'])} blocked.",
        f"Budget: {_money(b['actual'])} spent of {_money(b['planned'])} planned "
        f"({b['spent_pct_of_budget']}% of the event budget).",
    ]
    lines += [
        f"Over plan: {line['category']} +{line['over_pct']}% "
        f"({_money(line['actual'])} vs {_money(line['planned'])})."
        for line in b["lines_over_plan"]
    ]
    lines += [
        f"Vendor pending: {p['name']} ({p['service']}), confirm by {p['confirm_by']}."
        for p in v["pending"]
    ]
    return _bullets(lines)
