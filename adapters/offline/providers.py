"""Arguments one tool's result can supply to the next call in the same request.

"Refund the order of maya@example.org" has no order number: ``lookup_ticket`` finds it
by email, then ``process_refund`` takes it from that result. Each provider names the
tool that can supply an argument and how to read the value from its result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from adapters.offline.text import fold

if TYPE_CHECKING:
    from adapters.offline.request import Request

Reader = Callable[[dict[str, Any]], Any]


@dataclass(frozen=True)
class Provider:
    """``tool`` can supply an argument; ``read`` takes it from the tool's result."""

    tool: str
    read: Reader
    when: Callable[[str], bool] = lambda text: True


def _first(
    items_key: str, field: str, where: Callable[[dict[str, Any]], bool] | None = None
) -> Reader:
    def read(result: dict[str, Any]) -> Any:
        items = [i for i in result.get(items_key) or [] if isinstance(i, dict)]
        chosen = [i for i in items if where is None or where(i)] or items
        return chosen[0].get(field) if chosen else None

    return read


def _nested(*path: str) -> Reader:
    def read(result: dict[str, Any]) -> Any:
        value: Any = result
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    return read


def _asks_for_top(text: str) -> bool:
    return bool(re.search(r"\b(top|best|first|highest|leading|strongest)\b", fold(text)))


def _open_order(order: dict[str, Any]) -> bool:
    return order.get("status") in {"paid", "partially_refunded"}


def _top_prospect_opportunity(result: dict[str, Any]) -> Any:
    for prospect in result.get("prospects") or []:
        deal = prospect.get("open_opportunity") if isinstance(prospect, dict) else None
        if isinstance(deal, dict) and deal.get("opportunity_id"):
            return deal["opportunity_id"]
    return None


RANKED = re.compile(
    r"\b(most|least|worst|best|top|biggest|largest|longest|latest|oldest|earliest|highest|"
    r"whatever|whichever)\b"
)
"""A request that picks a record by a ranking of the data ("whatever is most overdue",
"the biggest overrun") rather than by its name."""


def picks_by_rank(text: str) -> bool:
    """Whether ``text`` designates its record by a ranking over the data, not a name."""
    return bool(RANKED.search(fold(text)))


STATE_WORDS = re.compile(
    r"\b(overdue|late|behind|blocked|stuck|slipp\w*|due|"
    r"atrasad\w*|vencid\w*|bloquead\w*|pendiente\w*|retard\w*|bloque\w*|"
    r"uberfallig\w*|verspatet\w*|blockiert\w*|fallig\w*)\b"
)
"""Words that designate deliverables by their state in the data ("the overdue one")."""


def picks_by_state(text: str) -> bool:
    """Whether ``text`` designates its deliverable by the data (a ranking or a state).

    "Remind whoever owns the overdue task" names its record through the check's result;
    "send Marcus a reminder" or "nudge them" does not, and the check's first record
    needing a reminder would be a guess: the reminder asks which one instead.
    """
    return picks_by_rank(text) or bool(STATE_WORDS.search(fold(text)))


def _escalated(items_key: str) -> Callable[[dict[str, Any]], dict[str, Any] | None]:
    """The first (most severe) item of a check's result that calls for an escalation."""

    def first(result: dict[str, Any]) -> dict[str, Any] | None:
        items = [i for i in result.get(items_key) or [] if isinstance(i, dict)]
        return next(
            (i for i in items if i.get("recommended_action", "escalate") == "escalate"), None
        )

    return first


_TOP_DELIVERABLE = _escalated("deliverables")
_TOP_OVERRUN = _escalated("overruns")


def _ids_of(pick: Callable[[dict[str, Any]], dict[str, Any] | None], key: str) -> Reader:
    def read(result: dict[str, Any]) -> Any:
        item = pick(result)
        return [item[key]] if item and item.get(key) else None

    return read


def _severity_of(pick: Callable[[dict[str, Any]], dict[str, Any] | None]) -> Reader:
    def read(result: dict[str, Any]) -> Any:
        item = pick(result)
        value = item.get("severity") if item else None
        return str(getattr(value, "value", value)) if value else None

    return read


NEW_CAMPAIGN = re.compile(
    r"\b(start|launch|kick ?off|begin|roll out|set up|create|"
    r"inici\w*|lanz\w*|empez\w*|crea[rd]?|"
    r"lanc\w*|demarr\w*|commenc\w*|cree[rz]?|"
    r"starte\w*|beginn\w*|erstell\w*)\b|"
    r"\b(new|nueva|nouvelle|neue) (email |e mail |social )?(campaign|campana|campagne|kampagne)"
)
"""Words that ask for a campaign to begin (en, es, fr, de): with no campaign named, such
a request's send needs a new campaign record first (``create_campaign``)."""


def starts_a_campaign(text: str) -> bool:
    """Whether ``text`` asks to start (not to run, analyse or resend) a campaign."""
    return bool(NEW_CAMPAIGN.search(fold(text)))


_ORDER = [Provider("lookup_ticket", _first("orders", "order_number", _open_order))]
_CONTENT_ITEM = "generate_content"
PROVIDERS: dict[str, list[Provider]] = {
    "order_number": _ORDER,
    "opportunity_id": [
        Provider("qualify_lead", _nested("lead", "opportunity_id")),
        Provider("search_sponsors", _top_prospect_opportunity, _asks_for_top),
    ],
    "company_id": [Provider("search_sponsors", _first("prospects", "company_id"), _asks_for_top)],
    "deliverable_id": [
        Provider(
            "check_deliverables",
            _first("deliverables", "deliverable_id", lambda d: bool(d.get("needs_reminder"))),
            picks_by_state,
        )
    ],
    "deliverable_ids": [
        Provider("check_deliverables", _ids_of(_TOP_DELIVERABLE, "deliverable_id"), picks_by_rank)
    ],
    "budget_line_ids": [
        Provider("track_budget", _ids_of(_TOP_OVERRUN, "budget_line_id"), picks_by_rank)
    ],
    "severity": [
        Provider("check_deliverables", _severity_of(_TOP_DELIVERABLE)),
        Provider("track_budget", _severity_of(_TOP_OVERRUN)),
    ],
    "contact_id": [Provider("find_contacts", _first("contacts", "contact_id"))],
    "to": [Provider("find_contacts", _first("contacts", "email"))],
    "attendee_email": [Provider("find_contacts", _first("contacts", "email"))],
    "campaign_id": [Provider("create_campaign", _nested("campaign_id"), starts_a_campaign)],
    "content_id": [Provider(_CONTENT_ITEM, _first("items", "id"))],
    "text": [Provider(_CONTENT_ITEM, _first("items", "body"))],
    "subject": [Provider(_CONTENT_ITEM, _first("items", "title"))],
    "body": [Provider(_CONTENT_ITEM, _first("items", "body"))],
}
PROVIDED_ONLY_FOR: dict[str, frozenset[str]] = {
    "campaign_id": frozenset({"send_email_campaign"}),
    "text": frozenset({"schedule_post"}),
    "subject": frozenset({"send_email_campaign"}),
    "body": frozenset({"send_email_campaign"}),
    "content_id": frozenset({"schedule_post"}),
    "deliverable_ids": frozenset({"escalate_issue"}),
    "budget_line_ids": frozenset({"escalate_issue"}),
    "severity": frozenset({"escalate_issue"}),
}
PRELUDES: dict[str, str] = {"process_refund": "lookup_ticket"}
"""Calls made first even when nothing is missing: a refund starts from the order's policy."""
EVIDENCE: dict[str, tuple[str, ...]] = {"escalate_issue": ("deliverable_ids", "budget_line_ids")}
"""Optional arguments that name what an action is about. When the request names none of
them but picks its record by a ranking ("escalate whatever is most overdue"), the check
that supplies one runs first (the one closest to the request when several could), so the
action is about a record from the data, not about the request's words."""


def escalated_deliverable(req: Request) -> dict[str, Any] | None:
    """The deliverable this request's ``check_deliverables`` found to escalate, if it ran."""
    result = req.result("check_deliverables")
    return _TOP_DELIVERABLE(result) if result is not None else None


def escalated_overrun(req: Request) -> dict[str, Any] | None:
    """The budget overrun this request's ``track_budget`` found to escalate, if it ran."""
    result = req.result("track_budget")
    return _TOP_OVERRUN(result) if result is not None else None


def found_none(req: Request, tool: str, missing: list[str]) -> tuple[str, dict[str, Any]] | None:
    """A missing argument a provider already looked for in this request and did not find.

    "Draft a proposal for Globex" runs ``qualify_lead`` for Globex's open opportunity;
    when Globex has none, asking "which opportunity?" would be wrong: the data says there
    is none. Returns the argument and the provider's result, or None.
    """
    for group in missing:
        for name in group.split(" or "):
            for provider in providers_for(tool, name):
                result = req.result(provider.tool)
                if result is not None and provider.read(result) in (None, ""):
                    return name, result
    return None


def providers_for(tool: str, argument: str) -> list[Provider]:
    """Providers that may supply ``argument`` of ``tool``."""
    allowed = PROVIDED_ONLY_FOR.get(argument)
    if allowed is not None and tool not in allowed:
        return []
    return PROVIDERS.get(argument, [])


def provided(req: Request, tool: str, argument: str) -> Any:
    """The value an earlier result in this request supplies for ``argument``, if any."""
    for provider in providers_for(tool, argument):
        result = req.result(provider.tool)
        if result is not None:
            value = provider.read(result)
            if value not in (None, ""):
                return value
    return None
