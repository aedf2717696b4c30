"""Figures derived from tool results: "cost per conversion", "spend per attendee", "what
share of the Security budget have we spent", "refunds as a percentage of revenue".

No tool returns every ratio a person may ask for, but the tools' typed results hold
the quantities they are made of (a campaign's spend and conversions, a budget line's
actual and planned, the tickets sold). ``ratio_lines`` reads which two quantities the
request relates and how ("A per B", "each B cost", "A as a share of B"), takes each from
the results of the calls made (a named budget line, ticket type or channel from its own
row), and states the quotient with both operands, so the figure is checkable. Nothing
is said when a quantity is missing: a ratio is never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.offline.analytics_values import as_number as _number
from domain.negation import fold
from domain.number_format import money, number

_WORDS: dict[str, str] = {
    "spend": r"costs?|costing|spend(?:ing)?|spent|pay(?:ing)?|paid|used(?: up)?|burn(?:ed|t)?|"
    r"cout(?:e|o)?s?|gast(?:o|os|ado|amos)|depens(?:e|es|e|ons)|kost(?:en|et)|ausgaben|ausgegeben|"
    r"verbraucht",
    "revenue": r"revenue|money(?! back)|income|brings? in|bringing in|earn(?:s|ed)?|"
    r"ingres(?:os|amos)|"
    r"deja|revenus?|chiffre d'affaires|umsatz|einnahmen|erlos",
    "conversions": r"conversions?|conversiones|convertis|konversionen?",
    "clicks": r"clicks?|clics?|klicks?",
    "opens": r"opens|aperturas|ouvertures|offnungen",
    "tickets": r"attendees?|tickets?(?! orders?\b)|heads?|participants?|asistentes?|entradas?|"
    r"billets?|"
    r"teilnehmer(?:in|innen)?|plazas?",
    "sessions": r"visits?|sessions?|visitas?|visites?|besuche?|sitzungen",
    "page_views": r"page ?views?|paginas vistas|pages vues|seitenaufrufe",
    "refunds": r"refunds?|refunded|money back|reimbursed|reembolsos?|reembolsad\w*|rembours\w*|"
    r"erstattung(?:en)?|erstattet",
    "cancellations": r"cancel\w*|cancelad\w*|cancelaciones|annul\w*|storn\w*",
    "orders": r"orders?|pedidos?|commandes?|bestellungen?",
    "budget": r"budget|presupuesto|planned|plan",
}
"""Words naming each quantity, on folded text (en/es/fr/de)."""

_QUANTITY = re.compile("|".join(rf"(?P<{name}>\b(?:{words})\b)" for name, words in _WORDS.items()))
_PER = re.compile(r"\b(?:per|por|par|pro|je)\b")
_EACH = re.compile(r"\b(?:each|every|cada|chaque|jede[nrs]?)\b")
_SHARE = re.compile(
    r"\b(?:percentage|percent|share|proportion|porcentaje|pourcentage|part|prozent|"
    r"anteil|ratio)\b|%"
)
_OF = re.compile(r"\b(?:of|de|del|du|des|vom|von|der|sobre|sur)\b")
_ONE = re.compile(
    r"\b(?:a|an|one|each|every|single|un|una|une|ein|eine|einen|cada|chaque|jede[nrs]?)\s+$"
)
"""A count named one at a time ("what does a click cost", "eine Conversion"): the money
beside it is asked per unit."""
_COUNTS = frozenset(
    {
        "conversions",
        "clicks",
        "opens",
        "tickets",
        "sessions",
        "orders",
        "cancellations",
        "refund_count",
    }
)
_AVERAGE_ORDER = re.compile(
    r"\b(?:average|avg|mean|typical) (?:order (?:value|size|amount)|basket(?: size)?)\b|\baov\b|"
    r"\b(?:valor|importe|ticket) medio(?: (?:del|de los|por) pedidos?)?\b|\bpanier moyen\b|"
    r"\bvaleur moyenne (?:d une |des |de la )?commandes?\b|"
    r"\bdurchschnittliche\w* (?:bestellwert|warenkorb)\b"
)
""""Average order value" and its es/fr/de names: the revenue per order."""
_MONEY = frozenset({"spend", "revenue", "refunds", "budget"})
_NEXT_NOUN = re.compile(r"\s*(?:[\w'-]+\s+)?")
"""What may stand between "per"/"each" and the denominator: one word at most ("pro
verkauftem Ticket", "each single click")."""
_GROUPS = re.compile(
    r"^\s*(?:campaigns?|channels?|days?|weeks?|months?|years?|events?|lines?|types?|"
    r"sources?|segments?|platforms?|campanas?|campagnes?|kampagnen?|dias?|jours?|tage?|"
    r"semanas?|semaines?|wochen?|mes(?:es)?|mois|monate?)\b"
)
"""Nouns "per"/"each" group by ("each campaign", "per day"): what follows is no
denominator ("what did each campaign spend", "orders per day and the revenue")."""


@dataclass(frozen=True)
class Ratio:
    """Two quantities the request relates: ``numerator`` over ``denominator``."""

    numerator: str
    denominator: str
    percent: bool


def _mentions(text: str) -> list[tuple[int, str]]:
    """Each quantity word in ``text`` with its position, in order."""
    return [(m.start(), m.lastgroup or "") for m in _QUANTITY.finditer(text)]


def asked_ratio(request: str) -> Ratio | None:
    """The ratio ``request`` asks for, or None (one quantity, or no ratio form)."""
    text = fold(request)
    if _AVERAGE_ORDER.search(text):
        return Ratio("revenue", "orders", percent=False)
    mentions = _mentions(text)
    share = _SHARE.search(text)
    if share is not None:
        of = _OF.search(text, share.end())
        later = [q for at, q in mentions if of is not None and at >= of.end()]
        if later:
            denominator = later[0]
            others = [q for _at, q in mentions if q != denominator]
            if others:
                numerator = "spend" if denominator == "budget" else others[0]
                if numerator == "refunds" and denominator == "orders":
                    # "what share of orders were refunded": the refunds counted (one per
                    # order), not summed; tickets are not counted by refunds
                    return Ratio("refund_count", denominator, percent=True)
                if (numerator in _MONEY) == (denominator in _MONEY):
                    return Ratio(numerator, denominator, percent=True)
                return None  # money as a share of a count ("% of tickets refunded"): no ratio
        if {"budget", "spend"} <= {q for _at, q in mentions}:
            return Ratio("spend", "budget", percent=True)  # "...the budget, as a percentage?"
    for marker in (_PER, _EACH):
        for found in marker.finditer(text):
            after = [(at, q) for at, q in mentions if at >= found.end()]
            between = text[found.end() : after[0][0]] if after else ""
            if not after or not _NEXT_NOUN.fullmatch(between) or _GROUPS.match(between):
                continue
            denominator = after[0][1]
            numerators = [q for at, q in mentions if at != after[0][0] and q != denominator]
            if numerators:
                return Ratio(numerators[0], denominator, percent=False)
    money_words = [q for _at, q in mentions if q in _MONEY]
    for at, quantity in mentions:
        if quantity in _COUNTS and money_words and _ONE.search(text[:at]):
            return Ratio(money_words[0], quantity, percent=False)  # "what does a click cost"
    return None


# --- quantities from typed results ------------------------------------------------

ALL_LINES = "all_lines"
_METRIC_QUANTITY = {
    "tickets_sold": "tickets",
    "attendees": "tickets",
    "revenue": "revenue",
    "refunds": "refunds",
    "orders": "orders",
    "traffic_sessions": "sessions",
    "page_views": "page_views",
    "campaign_clicks": "clicks",
    "campaign_opens": "opens",
    "conversions": "conversions",
    "campaign_spend": "spend",
    "cancellations": "cancellations",
}
"""The quantity a ``query_database`` metric's total is."""


def _named_row(rows: Any, key: str, text: str) -> dict[str, Any] | None:
    """The row of ``rows`` whose ``key`` the request names ("VIP", "Security")."""
    if not isinstance(rows, list):
        return None
    for row in rows:
        name = fold(str(row.get(key) or "")) if isinstance(row, dict) else ""
        if name and re.search(rf"\b{re.escape(name)}\b", text):
            return row
    return None


def _campaign(result: dict[str, Any], found: dict[str, float]) -> None:
    totals, economics = result.get("totals") or {}, result.get("economics") or {}
    for key in ("conversions", "clicks", "opens"):
        if _number(totals.get(key)) is not None:
            found[key] = found.get(key, 0.0) + float(totals[key])
    for key in ("spend", "revenue"):
        if _number(economics.get(key)) is not None:
            found[key] = found.get(key, 0.0) + float(economics[key])


def quantities(
    tool: str,
    args: dict[str, Any],
    result: Any,
    text: str,
    named: Mapping[str, Sequence[int]] | None = None,
) -> tuple[dict[str, float], str]:
    """The quantities one call's result states, scoped to a record the request names
    (``named``: record ids by kind, as the entity resolver found them; else ``text``).

    The scope names the record they are of (a budget line, a ticket type, a campaign),
    or ``ALL_LINES`` for a budget's totals, so the line says what the figure covers.
    """
    found: dict[str, float] = {}
    scope = ""
    if not isinstance(result, dict):
        return found, scope
    if tool == "analyze_campaign":
        _campaign(result, found)
        scope = str((result.get("campaign") or {}).get("name") or "")
    elif tool == "monitor_metrics":
        campaigns = set((named or {}).get("campaign", ()))
        if campaigns and args.get("campaign_id") not in campaigns:
            return found, scope  # all active campaigns' total, not the named one's
        for item in result.get("campaigns") or []:
            if isinstance(item, dict):
                _campaign(item, found)
    elif tool == "track_budget":
        lines = result.get("lines") or []
        ids = set((named or {}).get("budget_line", ()))
        line = next(
            (
                item
                for item in lines
                if isinstance(item, dict) and item.get("budget_line_id") in ids
            ),
            None,
        ) or _named_row(lines, "category", text)
        source = line if line is not None else result.get("totals") or {}
        scope = str(line.get("category") or "") if line is not None else ALL_LINES
        for key, quantity in (("actual", "spend"), ("planned", "budget")):
            if _number(source.get(key)) is not None:
                found[quantity] = float(source[key])
    elif tool == "query_database":
        metric = _METRIC_QUANTITY.get(str(args.get("metric") or result.get("metric")))
        if metric and _number(result.get("total")) is not None:
            found[metric] = float(result["total"])
        if metric == "refunds" and _number(result.get("count")) is not None:
            found["refund_count"] = float(result["count"])  # the refunds made, counted
    elif tool == "analyze_revenue":
        row = _named_row(result.get("by_ticket_type"), "ticket_type", text) or _named_row(
            result.get("by_channel"), "channel", text
        )
        if row is not None:
            scope = str(row.get("ticket_type") or row.get("channel") or "")
            pairs = (("net_revenue", "revenue"), ("refunded", "refunds"), ("tickets", "tickets"))
            for key, quantity in pairs:
                if _number(row.get(key)) is not None:
                    found[quantity] = float(row[key])
        else:
            for key, quantity in (("net_revenue", "revenue"), ("refunded", "refunds")):
                if _number(result.get(key)) is not None:
                    found[quantity] = float(result[key])
            if _number(result.get("paying_orders")) is not None:
                found["orders"] = float(result["paying_orders"])
            rows = result.get("by_ticket_type")
            counts = [
                _number(r.get("tickets")) if isinstance(r, dict) else None
                for r in (rows if isinstance(rows, list) else [])
            ]
            if counts and all(c is not None for c in counts):
                found["tickets"] = float(sum(c for c in counts if c is not None))
    elif tool in ("monitor_ticket_sales", "predict_attendance"):
        sold = _number(result.get("tickets_sold", result.get("sold_so_far")))
        if sold is not None:
            found["tickets"] = sold
    return found, scope


# --- the line -----------------------------------------------------------------------

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "spend": "spend",
        "revenue": "revenue",
        "conversions": "conversion",
        "clicks": "click",
        "opens": "open",
        "tickets": "ticket sold",
        "sessions": "visit",
        "page_views": "page views",
        "refunds": "refunds",
        "orders": "order",
        "budget": "budget",
        "cancellations": "cancellation",
        "refund_count": "refunded order",
    },
    "es": {
        "spend": "gasto",
        "revenue": "ingresos",
        "conversions": "conversión",
        "clicks": "clic",
        "opens": "apertura",
        "tickets": "entrada vendida",
        "sessions": "visita",
        "page_views": "páginas vistas",
        "refunds": "reembolsos",
        "orders": "pedido",
        "cancellations": "cancelación",
        "refund_count": "pedido reembolsado",
        "budget": "presupuesto",
    },
    "fr": {
        "spend": "dépenses",
        "revenue": "revenus",
        "conversions": "conversion",
        "clicks": "clic",
        "opens": "ouverture",
        "tickets": "billet vendu",
        "sessions": "visite",
        "page_views": "pages vues",
        "refunds": "remboursements",
        "orders": "commande",
        "cancellations": "annulation",
        "refund_count": "commande remboursée",
        "budget": "budget",
    },
    "de": {
        "spend": "Ausgaben",
        "revenue": "Umsatz",
        "conversions": "Conversion",
        "clicks": "Klick",
        "opens": "Öffnung",
        "tickets": "verkauftes Ticket",
        "sessions": "Besuch",
        "page_views": "Seitenaufrufe",
        "refunds": "Erstattungen",
        "orders": "Bestellung",
        "cancellations": "Stornierung",
        "refund_count": "erstattete Bestellung",
        "budget": "Budget",
    },
}
_ALL_LINES = {
    "en": "All budget lines",
    "es": "Todas las partidas",
    "fr": "Toutes les lignes budgétaires",
    "de": "Alle Budgetposten",
}
_FORMS: dict[str, tuple[str, str]] = {
    "en": ("{a} per {b}: {value} ({x} / {y}).", "{a} as a share of {b}: {value} ({x} of {y})."),
    "es": ("{a} por {b}: {value} ({x} / {y}).", "{a} sobre {b}: {value} ({x} de {y})."),
    "fr": ("{a} par {b} : {value} ({x} / {y}).", "{a} en part du {b} : {value} ({x} sur {y})."),
    "de": ("{a} pro {b}: {value} ({x} / {y}).", "{a} im Verhältnis zu {b}: {value} ({x} von {y})."),
}


def _amount(quantity: str, value: float, language: str) -> str:
    if quantity in _MONEY:
        return money(value, language)
    return number(value, language)


def ratio_lines(
    calls: Sequence[Any],
    asked: str,
    language: str = "en",
    named: Mapping[str, Sequence[int]] | None = None,
) -> list[str]:
    """The lines stating the ratio ``asked`` relates, from the ``calls``' results, or [].

    A call whose result holds both quantities gets its own line, named by its record
    ("cost per conversion" of two campaigns read one after the other); otherwise the
    quantities of all calls are combined (a budget line's spend over the tickets sold).
    """
    ratio = asked_ratio(asked) if asked else None
    if ratio is None:
        return []
    text = fold(asked)
    wanted = (ratio.numerator, ratio.denominator)
    lines: list[str] = []
    found: dict[str, float] = {}
    scopes: list[str] = []
    periods: set[tuple[Any, ...]] = set()
    for call in calls:
        if getattr(call, "failed", False):
            continue
        scoped, scope = quantities(call.tool, call.args, call.result, text, named)
        if all(q in scoped for q in wanted) and scope:
            line = _line(ratio, scoped[wanted[0]], scoped[wanted[1]], scope, language)
            if line and line not in lines:
                lines.append(line)
            continue
        if scope and any(q in scoped for q in wanted):
            scopes.append(scope)
        if any(q in scoped for q in wanted):
            periods.add(_period_of(call.args))
        for quantity, value in scoped.items():
            found.setdefault(quantity, value)
    if lines:
        return lines
    x, y = found.get(ratio.numerator), found.get(ratio.denominator)
    if x is None or y is None or len(periods) > 1:
        return []  # a quantity missing, or the two cover different periods
    line = _line(ratio, x, y, scopes[0] if len(set(scopes)) == 1 else "", language)
    return [line] if line else []


def _line(ratio: Ratio, x: float, y: float, scope: str, language: str) -> str:
    """``x`` over ``y`` stated with both, named by ``scope`` when there is one."""
    if not y:
        return ""
    labels = _LABELS.get(language, _LABELS["en"])
    per, share = _FORMS.get(language, _FORMS["en"])
    if ratio.percent:
        stated = number(round(100 * x / y, 1), language, 1) + (
            "\u00a0%" if language == "fr" else "%"
        )
        form = share
    else:
        quotient = x / y
        money_form = ratio.numerator in _MONEY and ratio.denominator not in _MONEY
        stated = (
            money(round(quotient, 2), language, cents=True)
            if money_form
            else number(round(quotient, 2), language, 2)
        )
        form = per
    line = form.format(
        a=labels[ratio.numerator],
        b=labels[ratio.denominator],
        value=stated,
        x=_amount(ratio.numerator, x, language),
        y=_amount(ratio.denominator, y, language),
    )
    if not scope or language == "de":  # German nouns keep their capital
        line = line[0].upper() + line[1:]
    if not scope:
        return line
    name = _ALL_LINES.get(language, _ALL_LINES["en"]) if scope == ALL_LINES else scope
    return f"{name}: {line}"


# --- the reads a ratio needs ----------------------------------------------------------

OPERAND_READS: dict[str, tuple[tuple[str, dict[str, Any]], ...]] = {
    "tickets": (("monitor_ticket_sales", {}), ("query_database", {"metric": "tickets_sold"})),
    "sessions": (("query_database", {"metric": "traffic_sessions"}),),
    "page_views": (("query_database", {"metric": "page_views"}),),
    "revenue": (("query_database", {"metric": "revenue"}),),
    "refunds": (("query_database", {"metric": "refunds"}),),
    "orders": (("query_database", {"metric": "orders"}),),
    "cancellations": (("query_database", {"metric": "cancellations"}),),
    "refund_count": (("query_database", {"metric": "refunds"}),),
    "conversions": (("query_database", {"metric": "conversions"}),),
    "clicks": (("query_database", {"metric": "campaign_clicks"}),),
}
"""Reads that state a quantity for the whole event, first the one with fewest arguments.
Spend and budget have none: whose spend (a campaign's, a budget line's, the event's)
depends on the request, and the plan's own reads say it."""
_PERIOD = ("date_from", "date_to")


def _period_of(args: Any) -> tuple[Any, ...]:
    """The dates a call's arguments limit it to (empty: everything up to today)."""
    if not isinstance(args, Mapping):
        return ()
    return tuple((key, str(args[key])) for key in _PERIOD if args.get(key) is not None)


def operand_read(
    calls: Sequence[Any], asked: str, tools: Sequence[str]
) -> tuple[str, dict[str, Any]] | None:
    """The read that supplies a quantity the asked ratio still lacks, or None.

    "Page views per visit in August" reads the page views first; the visits of the same
    period are one more read of the same kind, with the period of the call made.
    Only when the calls made supply the other quantity: a ratio of two missing
    quantities is not this request's ratio. A dated read is matched by a read that takes
    the same dates, never by an all-time one ("revenue per ticket in August" does not
    divide August's revenue by every ticket sold).
    """
    ratio = asked_ratio(asked) if asked else None
    if ratio is None or not calls:
        return None
    text = fold(asked)
    have: set[str] = set()
    for call in calls:
        if not getattr(call, "failed", False):
            have |= set(quantities(call.tool, call.args, call.result, text)[0])
    missing = [q for q in (ratio.numerator, ratio.denominator) if q not in have]
    if len(missing) != 1:
        return None
    period = next(
        (dict(_period_of(c.args)) for c in calls if _period_of(c.args)),
        {},
    )
    made = [(c.tool, c.args) for c in calls]
    for tool, args in OPERAND_READS.get(missing[0], ()):
        if tool not in tools or (period and tool != "query_database"):
            continue
        wanted = {**args, **period} if tool == "query_database" else dict(args)
        if (tool, wanted) not in made:
            return tool, wanted
    return None
