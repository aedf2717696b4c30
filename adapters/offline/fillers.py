"""One filler per argument name: where its value comes from in a request.

Record arguments (ids, names, emails) live in ``record_fillers.py``; this module adds
counts, dates, amounts and switches. A filler returns None when the request does not
say; it never makes a number up.
"""

from __future__ import annotations

import re
from typing import Any

from adapters.offline import dates, extract, providers
from adapters.offline.argspec import ArgSpec, Filler
from adapters.offline.close_windows import closing_window
from adapters.offline.count_units import LIST_UNITS, VARIANT_UNITS
from adapters.offline.period_window import ENDS_YESTERDAY, period_days
from adapters.offline.record_fillers import RECORD_FILLERS
from adapters.offline.request import Request
from adapters.offline.text import fold


def _count(words_after: tuple[str, ...], units: tuple[str, ...]) -> Filler:
    def fill(req: Request, arg: ArgSpec) -> Any:
        text = req.numeric_text
        value = extract.count_after(text, words_after) if words_after else None
        if value is None and units:
            value = extract.count_before(text, units)
        return value

    return fill


TO_DATE = re.compile(
    r"\b(?:so far|to date|in total|overall|altogether|all time|since (?:launch|the start)|"
    r"total (?:spend|spent|conversions|clicks|opens|sends)|"
    r"hasta (?:ahora|la fecha)|en total|jusqu ici|au total|depuis le debut|"
    r"bisher|insgesamt|seit (?:beginn|start))\b"
)
"""A figure asked for to date ("what have we spent so far", "conversions in total"): the
whole run, not the tool's default recent window."""
_CAMPAIGNS = r"(?:campaigns?|campanas?|campagnes?|kampagnen?)"
CAMPAIGN_RANKING = re.compile(
    rf"\b(?:which|what|que|quelle|welche[rs]?) (?:\w+ )?{_CAMPAIGNS}\b.*\b(?:most|least|best|worst|"
    r"highest|lowest|biggest|smallest|fewest|mejor|peor|meilleure?|pire|beste|schlechteste)\b"
    rf"|\b(?:best|worst|top|bottom|strongest|weakest) (?:\w+ ){{0,2}}{_CAMPAIGNS}\b"
    r"|\b(?:rank|ranking|order|sort|compare|clasifica|classe|vergleiche)\w* "
    rf"(?:\w+ ){{0,2}}{_CAMPAIGNS}\b"
)
"""Campaigns ranked against each other ("which campaign converts best", "rank our
campaigns by conversions"): they started on different days, so each is judged on its
whole run, not on the last week."""


CAMPAIGN_WINDOWS = frozenset({"monitor_metrics"})
"""Tools whose window covers campaigns: one campaign named with no period stated ("the open
rate of the Agenda launch newsletter") is asked about as it stands, over its whole run,
as the campaign's own analysis reports it, not over the tool's default last week."""


def _window(req: Request, arg: ArgSpec) -> Any:
    days = dates.window_days(req.numeric_text)
    asks_whole_run = (
        TO_DATE.search(fold(req.text))
        or CAMPAIGN_RANKING.search(fold(req.text))
        or (
            arg.tool in CAMPAIGN_WINDOWS
            and len(req.entities("campaign")) == 1
            and dates.date_range(req.text, req.today) == (None, None)
        )
    )
    if days is None and asks_whole_run and "maximum" in arg.schema:
        return int(arg.schema["maximum"])
    if days is None and arg.tool in ENDS_YESTERDAY:
        maximum = arg.schema.get("maximum")
        days = period_days(req.numeric_text, req.today, int(maximum) if maximum else None)
    return days


UPCOMING = re.compile(
    r"\b(?:upcoming|coming up|future|still to come|"
    r"proxim[oa]s|venideros?|a venir|prochains?|prochaines|kommende\w*|bevorstehende\w*)\b"
)
"""Events asked about as ahead of us with no window ("the upcoming conferences")."""
WIDEST_WINDOW = 365
"""The widest look-ahead a window argument takes: from today on, as far as it goes."""


def _within(req: Request, arg: ArgSpec) -> Any:
    days = dates.future_days(req.numeric_text)
    if days is None and UPCOMING.search(fold(req.text)):
        return min(WIDEST_WINDOW, int(arg.schema.get("maximum", WIDEST_WINDOW)))
    return days


def _date_from(req: Request, arg: ArgSpec) -> Any:
    start, _ = dates.date_range(req.numeric_text, req.today)
    return start.isoformat() if start else None


def _date_to(req: Request, arg: ArgSpec) -> Any:
    _, end = dates.date_range(req.numeric_text, req.today)
    return end.isoformat() if end else None


def _closing_from(req: Request, arg: ArgSpec) -> Any:
    start, _ = closing_window(req.numeric_text, req.today)
    return start.isoformat() if start else None


def _closing_to(req: Request, arg: ArgSpec) -> Any:
    _, end = closing_window(req.numeric_text, req.today)
    return end.isoformat() if end else None


def _amount(req: Request, arg: ArgSpec) -> Any:
    found = extract.money(req.numeric_text)
    return float(found[0]) if found else None


_VALUE_SET_TO = re.compile(
    r"\b(?:value|amount|deal size|size|deal|opportunity|opp)\s+(?:up\s+|down\s+)?(?:to|at|of|=)\s+"
    r"(\d[\d,.]*)\s?(k|m|thousand|million)?\b"
    r"|\b(?:signed|closed|won|sold|agreed)\s+(?:it\s+|the deal\s+)?(?:for|at)\s+"
    r"(\d[\d,.]*)\s?(k|m|thousand|million)?\b",
    re.IGNORECASE,
)
"""The number a deal's value is set to without a currency sign: after the value or the
deal itself ("bump the deal value to 45k", "raise the opportunity to 35 thousand") or the
price it was signed at ("signed for 40 thousand"); number words are digits by now."""
_SCALE = {"k": "k", "m": "m", "thousand": "k", "million": "m"}


def _deal_value(req: Request, arg: ArgSpec) -> Any:
    """A deal's new value: an amount with its currency, or the bare number the value is
    set to ("bump the deal value to 45k": a value is money, with or without a sign)."""
    given = _amount(req, arg)
    if given is not None:
        return given
    match = _VALUE_SET_TO.search(req.numeric_text)
    if match is None:
        return None
    number = match.group(1) or match.group(3)
    scale = _SCALE.get((match.group(2) or match.group(4) or "").lower(), "")
    found = extract.money(f"${number}{scale}")
    return float(found[0]) if found else None


_PERCENT = r"(?:%|percent\b|per cent\b|por ciento\b|pour ?cent\b|prozent\b)"
"""A percentage sign or word ("15 percent off", "10 por ciento de descuento")."""


def _percent_near(words: str) -> Filler:
    def fill(req: Request, arg: ArgSpec) -> Any:
        match = re.search(
            rf"(?:{words})\D{{0,20}}?(\d{{1,3}}(?:\.\d+)?)\s?%?"
            rf"|(\d{{1,3}}(?:\.\d+)?)\s?{_PERCENT}\s?(?:{words})",
            req.numeric_text,
        )
        if not match:
            return None
        return float(match.group(1) or match.group(2))

    return fill


_MIN_SCORE = re.compile(
    r"\bscor(?:e[sd]?|ing) (?:(?:of |an? )?(?:above|over|at least|more than|no less than|"
    r"min(?:imum)?(?: of)?|>=?) ?|of )(\d{1,3})\b|(\d{1,3}) ?\+",
    re.IGNORECASE,
)
"""A lowest fit score: "score above 70", "scoring at least 80", "a score of over 60", "75+"."""


def _min_score(req: Request, arg: ArgSpec) -> Any:
    match = _MIN_SCORE.search(req.numeric_text)
    return float(match.group(1) or match.group(2)) if match else None


def _duration(req: Request, arg: ArgSpec) -> Any:
    minutes = extract.count_before(req.numeric_text, ("minutes", "minute", "mins", "min"))
    if minutes:
        return minutes
    hours = extract.count_before(req.numeric_text, ("hours", "hour", "h"))
    if hours:
        return hours * 60
    return 60 if re.search(r"\b(an|one) hour\b", fold(req.text)) else None


def _start(req: Request, arg: ArgSpec) -> Any:
    when = dates.moment(req.numeric_text, req.today)
    return when.isoformat() if when else None


def _post_at(req: Request, arg: ArgSpec) -> Any:
    if re.search(r"optimal|best time|best slot", fold(req.text)):
        return "optimal"
    when = dates.moment(req.numeric_text, req.today)
    return when.isoformat() if when else "optimal"


def _ticket_code(req: Request, arg: ArgSpec) -> Any:
    match = re.search(r"\bTK-[A-Z0-9-]+\b", req.text, re.IGNORECASE)
    return match.group(0).upper() if match else None


def _include_opted_out(req: Request, arg: ArgSpec) -> Any:
    return (
        True
        if re.search(r"includ\w* (the )?opted ?out|even (the )?opted ?out", fold(req.text))
        else None
    )


def _segment(req: Request, arg: ArgSpec) -> Any:
    literal = re.search(r"\b((?:engagement|seniority|industry|region|cluster):[\w-]+)", req.text)
    if literal:
        return literal.group(1)
    folded = fold(req.text)
    if re.search(r"\b(highly|high|most) engaged|high engagement", folded):
        return "engagement:high"
    if arg.tool == "send_email_campaign":
        # No segment named: the campaign's audience, every CRM contact ("all"; the one a
        # campaign started in this request was given), written out so the approver sees
        # who receives it. Without one the send would fail only after its approval.
        started = req.result("create_campaign")
        return str(started.get("segment") or "all") if isinstance(started, dict) else "all"
    return None


_CAMPAIGN_PURPOSE = re.compile(
    r"\b(?:campaign|campaña|campagne|kampagne)(?:\s+(?:e-?mail|email|social))?\s+"
    r"(?:for|about|announcing|promoting|to promote|on|para|sobre|pour|sur|für|über|zur|zum)\s+"
    r"(?:(?:the|our|la|las|los|el|les|le|nos|die|der|das|den|unsere)\s+)?"
    r"(.+?)\s*(?:[.,;!?]|\band\b|\bthen\b|\by\b|\bet\b|\bund\b|$)",
    re.IGNORECASE,
)


_OPEN = '«"“„‹'
_CLOSE = '»"”“›'
_LETTER = r"[^\W\d_]"
_STRAIGHT_QUOTED = (
    rf"(?<!{_LETTER})'((?:[^'\n]|(?<={_LETTER})'(?={_LETTER})){{2,80}}?)'(?!{_LETTER})"
)
"""A name in straight single quotes: the quote opens after a non-letter and closes before
one, so a possessive ("the kids' and parents' campaign") or a contraction ("'Don't miss
it'", whose inner apostrophe sits between letters) is no quote."""
_QUOTED = rf"(?:[{_OPEN}]\s*([^{_OPEN}{_CLOSE}\n]{{2,80}}?)\s*[{_CLOSE}]|{_STRAIGHT_QUOTED})"
_CAMPAIGN_NOUN = r"(?:campaign|campaña|campana|campagne|kampagne)"
_QUOTED_BESIDE_CAMPAIGN = re.compile(
    rf"\b{_CAMPAIGN_NOUN}(?:\s+(?:e-?mail|social|newsletter))?\s*{_QUOTED}"
    rf"|{_QUOTED}\s+(?:(?:e-?mail|social)\s+)?{_CAMPAIGN_NOUN}\b",
    re.IGNORECASE,
)
"""A name in quotes right beside the campaign noun: «campagne e-mail « Ateliers
pratiques »», "the 'Spring push' campaign", "Kampagne „Frühbucher“". Quotes elsewhere
are usually a message's text, not the campaign's name; the quoted span is bounded."""


def _campaign_name(req: Request, arg: ArgSpec) -> Any:
    """A new campaign's name: the one the request gives, else what the campaign is for
    ("a campaign for the VIP dinner" is "VIP dinner"); None lets the tool name it after
    the event and channel."""
    given = extract.labelled(req.text, ("name", "called", "named"))
    if given:
        return given
    named = re.search(r"\b(?:called|named)\s+[\"']?([^\"'.,;!?]+)", req.text)
    if named:
        return named.group(1).strip()
    beside = _QUOTED_BESIDE_CAMPAIGN.search(req.text)
    if beside:
        return next(group for group in beside.groups() if group is not None).strip()
    purpose = _CAMPAIGN_PURPOSE.search(req.text)
    if purpose is None:
        return None
    words = purpose.group(1).strip()
    return words[:1].upper() + words[1:] if words else None


def _name(req: Request, arg: ArgSpec) -> Any:
    if arg.tool == "create_campaign":
        return _campaign_name(req, arg)
    return RECORD_FILLERS["name"](req, arg)


FILLERS: dict[str, Filler] = {
    **RECORD_FILLERS,
    "ticket_code": _ticket_code,
    "content_id": lambda req, arg: providers.provided(req, arg.tool, arg.name),
    "limit": _count(
        ("top", "first", "best", "limit"),
        (
            "sponsors",
            "prospects",
            "companies",
            "rows",
            "results",
            "actions",
            "contacts",
            "people",
            "recommendations",
            "leads",
            "things",
            "moves",
            "steps",
            "priorities",
            *LIST_UNITS,
        ),
    ),
    "top_k": _count(("top", "first"), ("articles", "results", "answers")),
    "top_actions": _count(("top",), ("actions", "priorities")),
    "variants": _count(
        (),
        (
            "variants",
            "variant",
            "versions",
            "options",
            "subject lines",
            "ideas",
            "alternatives",
            "arms",
            "posts",
            "emails",
            "drafts",
            "headlines",
            "ctas",
            *VARIANT_UNITS,
        ),
    ),
    "k": _count((), ("clusters", "segments", "groups")),
    "days": _window,
    "lookback_days": _window,
    "trend_days": _window,
    "within_days": _within,
    "date_from": _date_from,
    "date_to": _date_to,
    "closing_from": _closing_from,
    "closing_to": _closing_to,
    "amount": _amount,
    "value": _deal_value,
    "discount_pct": _percent_near("discount|off|descuento|remise|rabatt"),
    "probability": _percent_near("probability|chance|likelihood"),
    "min_score": _min_score,
    "duration_minutes": _duration,
    "start": _start,
    "at": _post_at,
    "include_opted_out": _include_opted_out,
    "segment": _segment,
    "name": _name,
}
