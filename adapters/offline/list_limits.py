"""Limits a request puts on a pipeline listing it asks for.

"Which open deals are worth more than 40k?", "the deals in negotiation, but leave Acme
out", "nur die Deals über 10.000": the listing answers the request only when its rows
honour the limit. The pipeline tool has no argument for a value bound or an excluded
company, so the offline model asks it for the whole stage (``widened``) and keeps the rows
the request wants (``limited``), with the count and totals recomputed from the rows kept
and the number left out, so the figures it states are those of the list it shows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from adapters.offline.answers import CallOutcome
from adapters.offline.conditions import ValueCondition, value_bound
from adapters.offline.text import normal

LISTING_TOOL = "review_pipeline"
WHOLE_STAGE = 100
"""The pipeline tool's largest ``limit``: a limited listing filters every deal of the stage."""
DEFAULT_LIMIT = 20
"""The pipeline tool's own default ``limit``: any other value is a count the request asked for."""
MIN_AMOUNT = 100

_EXCLUDING = re.compile(
    r"\b(?:except(?: for)?|excluding|exclude|apart from|other than|besides|but not|"
    r"not counting|not including|ignoring|without|not|"
    r"sauf|hormis|excepte|sans|sin contar|excepto|salvo|sin|ausser|ohne|bis auf)"
    r" (?:the |for |la |le |les |el |los |die |der |das )?(?P<named>[a-z0-9 ]{1,60})"
)
"""Phrases that may set a named company aside. A bare negator ("not", "without", "sin",
"ohne") often names none ("not the stale ones"): only a company's whole name or a
capitalised first word after it counts (``excluded_companies``), and a listing widened
for it that leaves nothing out is cut back to the tool's own length (``limited``)."""
_LEFT_OUT = re.compile(
    r"\b(?:leave|leaving|keep|keeping|take|taking|drop|dropping|leave off|lass\w*|laisse\w*|"
    r"deja\w*) (?:the )?(?P<named>[a-z0-9 ]{1,40}?) (?:out|off|aside|weg|de cote|fuera)\b"
)


def excluded_companies(text: str, companies: list[str]) -> set[str]:
    """The companies among ``companies`` the request leaves out of the listing.

    A company counts as named when an exclusion phrase is followed by its whole name or,
    when no whole name follows, by its first word ("leave Acme out" names Acme Cloud).
    """
    request = normal(text)
    found = (*_EXCLUDING.finditer(request), *_LEFT_OUT.finditer(request))
    spans = [match.group("named") for match in found]
    if not spans:
        return set()
    names = {company: normal(company) for company in companies}
    capitalised = {normal(word) for word in re.findall(r"\b[A-Z][\w&'-]*", text)}
    left_out: set[str] = set()
    for span in spans:
        whole = {c for c, name in names.items() if f"{span} ".startswith(f"{name} ")}
        if whole:
            left_out |= whole
            continue
        first = span.split(" ", 1)[0]
        if first not in capitalised:  # "not the stale ones" names no "Stale Bread Co"
            continue
        left_out |= {c for c, name in names.items() if name.split(" ", 1)[0] == first}
    return left_out


def widened(tool: str, args: dict[str, Any], text: str | None) -> dict[str, Any]:
    """``args`` asking for the whole stage when the request limits the listing.

    A count the request asked for ("the top 3 deals over 40k") is kept: the listing is
    then filtered within those rows and says how many it left out, rather than growing
    past what was asked for."""
    if tool != LISTING_TOOL or not text or not _limits(text):
        return args
    if args.get("limit", DEFAULT_LIMIT) != DEFAULT_LIMIT:
        return args
    return {**args, "limit": WHOLE_STAGE}


def limited(call: CallOutcome, text: str | None) -> CallOutcome:
    """``call`` with its listing cut to the rows the request wants (else unchanged)."""
    result = call.result
    if call.tool != LISTING_TOOL or call.failed or not text or not isinstance(result, dict):
        return call
    deals = result.get("deals")
    if not isinstance(deals, list) or not deals:
        return call
    bound = _money_bound(text)
    excluded = excluded_companies(text, [str(d.get("company", "")) for d in deals])
    kept = [d for d in deals if _wanted(d, bound, excluded)]
    if len(kept) == len(deals):
        return _as_asked(call, deals)
    values = [float(d.get("value") or 0) for d in kept]
    chances = [float(d.get("probability") or 0) / 100 for d in kept]
    limited_result = {
        **result,
        "deals": kept,
        "count": len(kept),
        "total_value": sum(values),
        "weighted_value": round(sum(v * p for v, p in zip(values, chances, strict=True)), 2),
        "left_out": len(deals) - len(kept),
    }
    return replace(call, result=limited_result)


def _as_asked(call: CallOutcome, deals: list[Any]) -> CallOutcome:
    """``call`` as the tool would have answered without ``widened``: a widened listing
    that left nothing out lists the tool's own number of deals again (its count and
    totals already cover the whole stage)."""
    if call.args.get("limit") != WHOLE_STAGE or len(deals) <= DEFAULT_LIMIT:
        return call
    assert isinstance(call.result, dict)
    return replace(call, result={**call.result, "deals": deals[:DEFAULT_LIMIT]})


def _money_bound(text: str) -> ValueCondition | None:
    """The value bound of the request when it is an amount of money: "under 10 days" is
    not a bound on deal values, and no deal is worth less than a hundred."""
    bound = value_bound(text)
    return bound if bound is not None and bound.bound >= MIN_AMOUNT else None


def _limits(text: str) -> bool:
    request = normal(text)
    return _money_bound(text) is not None or bool(
        _EXCLUDING.search(request) or _LEFT_OUT.search(request)
    )


def _wanted(deal: Mapping[str, Any], bound: ValueCondition | None, excluded: set[str]) -> bool:
    if str(deal.get("company", "")) in excluded:
        return False
    value = deal.get("value")
    return bound is None or not isinstance(value, int | float) or bound.holds(float(value))
