"""Issue 9: answers state each tool's key result fields; lists are whole or say how many more."""

from __future__ import annotations

from adapters.offline.answers import CallOutcome, summarise_call
from adapters.offline.list_lines import expand_block


def test_a_repeating_line_is_written_once_per_item_and_numbered() -> None:
    values = {"rows_0_group": "a", "rows_1_group": "b", "name": "x"}
    block = "Head $name\n$n. $rows_N_group for $name\nTail"
    assert (
        expand_block(block, values)
        == "Head $name\n1. $rows_0_group for $name\n2. $rows_1_group for $name\nTail"
    )


def test_a_repeating_line_with_no_items_is_left_out() -> None:
    assert expand_block("$n. $rows_N_group", {"name": "x"}) == ""


def test_budget_answer_states_every_line_not_only_the_overrun() -> None:
    lines = [
        {
            "category": "Venue",
            "planned": 100.0,
            "actual": 120.0,
            "variance_pct": 20.0,
            "remaining": 0.0,
        },
        {
            "category": "Catering",
            "planned": 160000.0,
            "actual": 92000.0,
            "variance_pct": -42.5,
            "remaining": 52000.0,
        },
    ]
    result = {
        "event": {"name": "Summit"},
        "totals": {
            "actual": 92120.0,
            "planned": 160100.0,
            "budget_total": 170000.0,
            "spent_pct": 57.5,
        },
        "severity": "high",
        "overruns": lines[:1],
        "lines": lines,
    }
    text = "\n".join(summarise_call(CallOutcome("track_budget", {}, result)))
    assert "Catering: $92,000 spent of $160,000 planned" in text
    assert "Venue: $120 spent of $100 planned" in text
    assert "(-42.5% vs plan), $52,000 left after commitments." in text  # what is left, per line
    assert "$0 left after commitments" in text  # an overrun line has nothing left


def test_campaign_answer_states_its_budget_and_dates() -> None:
    result = {
        "campaign": {
            "name": "Newsletter",
            "budget": 8000.0,
            "status": "active",
            "starts_on": "2026-07-18",
            "ends_on": "2026-10-12",
        },
        "rates": {"open_rate": 0.3, "click_rate": 0.05, "conversion_rate": 0.01},
        "days": {"count": 45},
    }
    text = "\n".join(summarise_call(CallOutcome("analyze_campaign", {}, result)))
    assert "Budget $8,000; active, running 2026-07-18 to 2026-10-12." in text


def test_deliverables_list_goes_past_three_and_counts_the_rest() -> None:
    items = [
        {
            "title": f"Task {i}",
            "owner_name": f"Owner {i}",
            "due_on": "2026-09-15",
            "state": "upcoming",
            "severity": "low",
        }
        for i in range(12)
    ]
    result = {
        "event": {"name": "Summit"},
        "total": 12,
        "counts": {"overdue": 0, "blocked": 0, "due_soon": 0, "done": 0},
        "deliverables": items,
    }
    lines = summarise_call(CallOutcome("check_deliverables", {}, result))
    assert "9. Task 8 (owner Owner 8, due 2026-09-15, upcoming, severity low)" in lines
    assert lines[-1] == "...and 2 more deliverables."


def test_revenue_answer_lists_every_channel() -> None:
    result = {
        "event": "Summit",
        "as_of": "2026-09-01",
        "net_revenue": 10.0,
        "pct_of_target": 1.0,
        "revenue_target": 1000.0,
        "gross_bookings": 12.0,
        "refunded": 2.0,
        "by_ticket_type": [{"ticket_type": "VIP", "net_revenue": 10.0, "tickets": 1}],
        "by_channel": [
            {"channel": c, "net_revenue": 5.0, "tickets": 1} for c in ("direct", "email", "partner")
        ],
    }
    text = "\n".join(summarise_call(CallOutcome("analyze_revenue", {}, result)))
    assert "Channel partner: $5 net (50.0% of net revenue), 1 tickets." in text
    assert "more" not in text


def test_translated_answers_state_the_same_fields() -> None:
    campaign = {
        "campaign": {"name": "Spotlight", "budget": 15000.0, "starts_on": "2026-07-01"},
        "rates": {"open_rate": 0.4, "click_rate": 0.1, "conversion_rate": 0.06},
        "days": {"count": 30},
    }
    campaign["campaign"]["ends_on"] = "2026-10-01"
    fr = "\n".join(summarise_call(CallOutcome("analyze_campaign", {}, campaign), "fr"))
    # the amount as French writes it: narrow no-break space between groups, sign after
    assert "Budget 15\u202f000\u00a0$ ; du 2026-07-01 au 2026-10-01." in fr
    items = [
        {"title": f"Tarea {i}", "owner_name": "Ana", "due_on": "2026-09-15", "severity": "low"}
        for i in range(4)
    ]
    result = {"event": {"name": "Summit"}, "total": 4, "deliverables": items}
    es = summarise_call(CallOutcome("check_deliverables", {}, result), "es")
    assert "4. Tarea 3 (responsable Ana, vence 2026-09-15, gravedad baja)" in es
