"""Template values worked out from a tool's result, beyond its flattened fields.

``flatten`` gives a result's own fields (``issues_0_summary``, ``vendors_count``...). A
question about one slice of a list ("which vendors haven't confirmed?") needs that slice
named in full, which no indexed field gives: ``derived_values`` adds such slices, each
from the result alone (no numbers are made up), under names the answer blocks use.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from adapters.offline.analytics_values import gap_values, named_rows
from adapters.offline.campaign_values import campaign_results
from adapters.offline.event_topics import topic_events
from adapters.offline.facts import format_value
from domain.analytics.action_titles import localised_title, owner_word
from domain.analytics.insight_lines import localised_line
from domain.operations.issue_lines import localised_issue


def _names(items: Any, **where: str) -> str:
    """The ``name`` of every item whose fields equal ``where``, comma-joined (any language)."""
    if not isinstance(items, list):
        return ""
    chosen = [
        str(item["name"])
        for item in items
        if isinstance(item, dict)
        and item.get("name")
        and all(item.get(key) == value for key, value in where.items())
    ]
    return ", ".join(chosen)


def derived_values(
    tool: str,
    result: Any,
    named: Mapping[str, Sequence[int]] | None = None,
    language: str = "en",
    asked: str = "",
) -> dict[str, str]:
    """Extra template values for ``tool``'s ``result`` (empty when none apply).

    ``named``: ids of the records the request names, by kind; a result that lists such a
    record gives its fields as ``named_<kind>_<field>`` so the answer can state it first.
    ``language``: the answer's, for values written in words (a campaign's funnel).
    ``asked``: the request, whose named groups of a breakdown are stated with their share.
    """
    if not isinstance(result, dict):
        return {}
    values: dict[str, str] = {}
    values.update(_named_records(tool, result, named or {}))
    values.update(gap_values(tool, result))
    if tool == "query_database":
        values.update(_rest_of("rows", result.get("rows"), first=3))
        values.update(_two_rows(result))
        values.update(named_rows(result, asked))
    if tool == "find_event_attendance":
        values.update(topic_events(result, asked))
    if tool == "check_deliverables":
        values.update(_lateness(result.get("deliverables")))
    if tool == "analyze_revenue":
        for name in ("by_ticket_type", "by_channel"):
            values.update(_shares(name, result.get(name), result.get("net_revenue")))
    if tool == "ab_test" and "leader" in result:
        values["verdict"] = _verdict(result)
    if tool == "optimize_timing":
        values.update(_partial_slot(result.get("best")))
    if tool == "lookup_ticket":
        values.update(_buyer_emails(result.get("orders")))
    if tool == "monitor_metrics":
        values.update(_open_rates(result.get("campaigns")))
        values.update(campaign_results(result.get("campaigns"), language))
    if tool == "analyze_campaign":
        funnel = _funnel(result.get("totals"), language)
        if funnel:
            values["funnel"] = funnel
        values.update(_budget_left(result))
    if tool == "analyze_engagement" and isinstance(result.get("last_touch"), dict):
        # "Did we already email her?" is answered by when the last touch was.
        when = str(result["last_touch"].get("occurred_at") or "")[:10]
        if when:
            values["last_touch_day"] = when
    if tool == "generate_status_report":
        vendors = (result.get("sections") or {}).get("vendors") or {}
        pending = _names(vendors.get("vendors"), status="pending")
        if pending:
            values["pending_vendors"] = pending
            values["pending_vendor_deadlines"] = _deadlines(vendors.get("vendors"))
    if language != "en":
        values.update(_actions_in_language(result.get("actions"), language))
        values.update(_insights_in_language(result.get("insight_lines"), language))
        values.update(_issues_in_language(result.get("issues"), language))
    return values


def _partial_slot(best: Any) -> dict[str, str]:
    """``slot_hour_*`` or ``slot_day_*`` for a best send slot found by hour or by weekday only.

    With too few sends in any weekday-and-hour slot, the timing tool ranks hours alone (or
    weekdays alone): the best slot has no weekday (or no hour), so the full "Wednesday at
    14:00" line cannot be written; the hour ("14:00 UTC") still answers "at what hour".
    """
    if not isinstance(best, dict) or best.get("basis") not in ("hour", "weekday"):
        return {}
    prefix = "slot_hour" if best["basis"] == "hour" else "slot_day"
    picked = best.get("hour_utc") if best["basis"] == "hour" else best.get("weekday")
    rate = best.get("open_rate")
    if picked is None or not isinstance(rate, (int, float)):
        return {}
    return {
        f"{prefix}_value": str(picked),
        f"{prefix}_open_rate_pct": f"{rate * 100:.1f}%",
        f"{prefix}_sends": str(best.get("sends", "")),
    }


def _issues_in_language(items: Any, language: str) -> dict[str, str]:
    """``issues_<i>_summary``: a status report's issue lines in the reply's language
    (``domain.operations.issue_lines``); the result keeps its English summaries."""
    return _lines_in_language(items, language, localised_issue, "issues_{}_summary")


def _insights_in_language(items: Any, language: str) -> dict[str, str]:
    """``insights_<i>``: a report's key insights in the reply's language
    (``domain.analytics.insight_lines``); the result keeps its English lines."""
    return _lines_in_language(items, language, localised_line, "insights_{}")


def _lines_in_language(
    items: Any,
    language: str,
    localise: Callable[[Mapping[str, Any], str], str | None],
    key: str,
) -> dict[str, str]:
    """Each dict of ``items`` that ``localise`` words in ``language``, under ``key``
    formatted with its index."""
    if not isinstance(items, list):
        return {}
    values: dict[str, str] = {}
    for index, item in enumerate(items):
        text = localise(item, language) if isinstance(item, dict) else None
        if text is not None:
            values[key.format(index)] = text
    return values


def _actions_in_language(actions: Any, language: str) -> dict[str, str]:
    """``actions_<i>_title`` and ``actions_<i>_owner`` of recommended actions in the reply's
    language (``domain.analytics.action_titles``); the result keeps its English titles."""
    if not isinstance(actions, list):
        return {}
    values: dict[str, str] = {}
    for index, action in enumerate(actions):
        if not isinstance(action, dict) or "rule" not in action:
            continue
        values[f"actions_{index}_title"] = localised_title(action, language)
        if isinstance(action.get("owner"), str):
            values[f"actions_{index}_owner"] = owner_word(action["owner"], language)
    return values


REST_MAX = 25
"""How many items of a list an answer names in all before it counts the rest."""


def _rest_of(name: str, items: Any, *, first: int) -> dict[str, str]:
    """``<name>_rest``: the items after the ``first`` an answer line names one by one.

    "Which industries do our attendees come from? The whole list" needs every group, not
    the three largest: the rest follow as "Fintech (424), Retail (117)", up to
    ``REST_MAX`` items in all, and ``<name>_shown`` tells ``answers.more_lines`` how many
    were named, so only what is still left out is counted as "...and N more".
    """
    if not isinstance(items, list) or len(items) <= first:
        return {}
    named = [
        f"{item['group']} ({format_value(item['value'])})"
        for item in items[first:REST_MAX]
        if isinstance(item, dict) and "group" in item and "value" in item
    ]
    if not named:
        return {}
    return {f"{name}_rest": ", ".join(named), f"{name}_shown": str(first + len(named))}


NAMED_LISTS: dict[str, dict[str, tuple[str, ...]]] = {
    "generate_status_report": {"vendor": ("sections", "vendors", "vendors")},
    "check_deliverables": {"deliverable": ("deliverables",)},
    "track_budget": {"budget_line": ("lines",)},
    "find_event_attendance": {"external_event": ("events",)},
}
"""Where a tool's result lists the records of each kind (the path to the list)."""
ID_FIELDS = {
    "vendor": "vendor_id",
    "deliverable": "deliverable_id",
    "budget_line": "budget_line_id",
    "external_event": "external_event_id",
}


def _named_records(
    tool: str, result: dict[str, Any], named: Mapping[str, Sequence[int]]
) -> dict[str, str]:
    """``named_<kind>_<field>`` for the first record of each kind the request names.

    "Has StreamHouse confirmed?" is answered by the status report, whose summary lines
    name only the flagged vendors; the vendor asked about is in its list, and its own
    fields (status, confirm-by date, contract value) answer the question.
    """
    values: dict[str, str] = {}
    for kind, path in NAMED_LISTS.get(tool, {}).items():
        ids = list(named.get(kind, ()))
        if not ids:
            continue
        items: Any = result
        for key in path:
            items = items.get(key) if isinstance(items, dict) else None
        record = next(
            (
                item
                for item in items or []
                if isinstance(item, dict) and item.get(ID_FIELDS[kind]) == ids[0]
            ),
            None,
        )
        if record is None:
            continue
        for key, value in record.items():
            if not isinstance(value, (dict, list)) and value not in (None, ""):
                values[f"named_{kind}_{key}"] = format_value(value)
            elif names := _names(value):
                # "Who is going to Fintech Frontiers?" is answered by the event's accounts.
                values[f"named_{kind}_{key}"] = names
    return values


TIME_GROUPS = frozenset({"day", "week", "half_month", "month"})


def _two_rows(result: dict[str, Any]) -> dict[str, str]:
    """``rows_two`` for a split with exactly two groups, and ``rows_change`` between them
    when they are periods.

    "August vs July" splits by month into two rows; the answer's "largest groups" line
    names three and would drop both. The change is the later period's value less the
    earlier one's (time groups come oldest first), from the rows alone.
    """
    rows = result.get("rows")
    if not isinstance(rows, list) or len(rows) != 2:
        return {}
    if not all(isinstance(r, dict) and "group" in r and "value" in r for r in rows):
        return {}
    values = {"rows_two": ", ".join(f"{r['group']} ({format_value(r['value'])})" for r in rows)}
    first, last = rows[0]["value"], rows[1]["value"]
    if result.get("group_by") in TIME_GROUPS and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in (first, last)
    ):
        change = float(last) - float(first)
        values["rows_change"] = ("+" if change >= 0 else "-") + format_value(abs(change))
    return values


def _shares(name: str, items: Any, total: Any) -> dict[str, str]:
    """``<name>_<i>_share``: each group's part of the net revenue, in percent.

    "What share of revenue comes from VIP tickets?" asks for a part of the whole, which
    the group's own amount does not say; both numbers are the tool's own.
    """
    if not isinstance(items, list) or not isinstance(total, (int, float)) or total <= 0:
        return {}
    values = {}
    for number, item in enumerate(items):
        amount = item.get("net_revenue") if isinstance(item, dict) else None
        if isinstance(amount, (int, float)) and not isinstance(amount, bool):
            values[f"{name}_{number}_share"] = f"{100 * amount / total:.1f}"
    return values


def _deadlines(items: Any) -> str:
    """Each pending vendor with the date it must confirm by ("StreamHouse: 2026-09-22").

    "Which vendors haven't confirmed, and by when must they?" needs every date, which
    the names alone do not give; the dates are the tool's own ``confirm_by``.
    """
    return "; ".join(
        f"{item['name']}: {item['confirm_by']}"
        for item in items or []
        if isinstance(item, dict)
        and item.get("status") == "pending"
        and item.get("name")
        and item.get("confirm_by")
    )


def _lateness(items: Any) -> dict[str, str]:
    """``deliverables_<i>_lateness``: "overdue by 5 day(s)" for a late item, else its state.

    "How late is the AV run sheet?" asks for the days, which the state alone ("overdue")
    does not say; the number is the tool's own ``days_overdue``.
    """
    if not isinstance(items, list):
        return {}
    values = {}
    for number, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        days = item.get("days_overdue")
        late = isinstance(days, int) and days > 0 and item.get("state") == "overdue"
        values[f"deliverables_{number}_lateness"] = (
            f"overdue by {days} day(s)" if late else str(item.get("state", ""))
        )
    return values


def _verdict(result: dict[str, Any]) -> str:
    """Whether an analysed A/B test has a winner, in words ("did it give us a winner?").

    The tool's ``winner`` is set only when the leader's lead is significant at its alpha;
    a leader without one is not a winner, and the answer must say so rather than drop it.
    """
    winner = result.get("winner")
    if winner:
        return f"variant {winner} is the winner (significant)"
    return "no winner yet: the difference is not statistically significant"


FUNNEL_EMAIL = (("sent", "sent"), ("delivered", "delivered"), ("opens", "opened"),
                ("clicks", "clicked"), ("conversions", "converted"))  # fmt: skip
FUNNEL_SOCIAL = (("impressions", "impressions"), ("engagements", "engagements"),
                 ("clicks", "clicks"), ("conversions", "conversions"))  # fmt: skip
FUNNEL_WORDS: dict[str, dict[str, str]] = {
    "es": {"sent": "enviados", "delivered": "entregados", "opened": "abiertos",
           "clicked": "clics", "converted": "conversiones", "impressions": "impresiones",
           "engagements": "interacciones", "clicks": "clics", "conversions": "conversiones"},
    "fr": {"sent": "envoyés", "delivered": "délivrés", "opened": "ouverts",
           "clicked": "clics", "converted": "conversions", "impressions": "impressions",
           "engagements": "interactions", "clicks": "clics", "conversions": "conversions"},
    "de": {"sent": "gesendet", "delivered": "zugestellt", "opened": "geöffnet",
           "clicked": "Klicks", "converted": "Conversions", "impressions": "Impressionen",
           "engagements": "Interaktionen", "clicks": "Klicks", "conversions": "Conversions"},
}  # fmt: skip
"""The funnel's stage words in es/fr/de, so a Spanish "¿cuántos clics?" gets its count
in its own words (English uses the words of ``FUNNEL_EMAIL``/``FUNNEL_SOCIAL``)."""


def _funnel(totals: Any, language: str = "en") -> str:
    """A campaign's totals as its funnel, each stage's count from the tool's ``totals``.

    An email campaign counts sent, delivered, opened, clicked and converted; a social one
    (nothing sent) impressions, engagements, clicks and conversions. Rates alone do not
    answer "how many opened?".
    """
    if not isinstance(totals, dict):
        return ""
    stages = FUNNEL_EMAIL if totals.get("sent") else FUNNEL_SOCIAL
    counts = [(totals.get(key), words) for key, words in stages]
    if any(not isinstance(n, int) or isinstance(n, bool) for n, _ in counts):
        return ""
    local = FUNNEL_WORDS.get(language, {})
    return ", ".join(f"{n:,} {local.get(words, words)}" for n, words in counts)


def _open_rates(campaigns: Any) -> dict[str, str]:
    """``campaigns_<i>_open_part``: "open 45.3%, " for a campaign with an open rate, else "".

    An email campaign's line states its open rate ("which email gets the best open
    rate?"); a social campaign has none, and its line must not be dropped for lacking it.
    """
    if not isinstance(campaigns, list):
        return {}
    values = {}
    for index, campaign in enumerate(campaigns):
        rates = campaign.get("rates") if isinstance(campaign, dict) else None
        rate = rates.get("open_rate") if isinstance(rates, dict) else None
        part = ""
        if isinstance(rate, int | float) and not isinstance(rate, bool):
            part = f"open {rate * 100:.1f}%, "
        values[f"campaigns_{index}_open_part"] = part
    return values


def _budget_left(result: dict[str, Any]) -> dict[str, str]:
    """``budget_left``: a campaign's budget less its spend to date ("how much is left?").

    ``analyze_campaign`` totals every metric day up to yesterday, so its spend is the
    spend to date; a campaign without a budget or a spend gets no value.
    """
    budget = (result.get("campaign") or {}).get("budget")
    spend = (result.get("economics") or {}).get("spend")
    if budget is None or spend is None:
        return {}
    try:
        left = float(budget) - float(spend)
    except (TypeError, ValueError):
        return {}
    text = f"{left:,.2f}"
    return {"budget_left": text[:-3] if text.endswith(".00") else text}


def _buyer_emails(orders: Any) -> dict[str, str]:
    """``orders_<i>_buyer_email_part``: " (ada@example.org)" after the buyer's name, or "".

    "Which address did the ticket go to?" is answered by the order's line; an order
    without a buyer email keeps its line, only without the address.
    """
    if not isinstance(orders, list):
        return {}
    values = {}
    for index, order in enumerate(orders):
        buyer = order.get("buyer") if isinstance(order, dict) else None
        email = buyer.get("email") if isinstance(buyer, dict) else None
        values[f"orders_{index}_buyer_email_part"] = f" ({email})" if email else ""
        if holders := _holders(order, email):
            values[f"orders_{index}_holders"] = holders
    return values


MAX_HOLDERS = 5


def _holders(order: Any, buyer_email: str | None) -> str:
    """The order's ticket holders other than its buyer, "Name (email)" each, or "".

    Who attends on an order is often not who bought it ("who is on that VIP ticket?",
    "the attendee's address"): the lookup's attendees say so, and the answer states them.
    """
    attendees = order.get("attendees") if isinstance(order, dict) else None
    if not isinstance(attendees, list):
        return ""
    shown = [
        f"{a.get('name')} ({a.get('email')})" if a.get("email") else str(a.get("name"))
        for a in attendees
        if isinstance(a, dict) and a.get("name") and a.get("email") != buyer_email
    ]
    more = len(shown) - MAX_HOLDERS
    return ", ".join(shown[:MAX_HOLDERS]) + (f" (+{more})" if more > 0 else "")
