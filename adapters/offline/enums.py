"""Choose an enum argument from the words of a request ("per week" gives group_by=week).

Each argument name maps its values to patterns over normalised text. For an argument
not listed here, a value matches when its own words appear in the request.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from adapters.offline.text import normal
from domain.support.posing_and_threats import POSING_AS_US, THREAT_TO_PEOPLE

_BY = (
    r"(?:(?:by|per|each|por|par|pro|nach|across|"
    r"which|what|que|cual|cuales|quel|quelle|quels|quelles|welche|welcher|welches|welchem|"
    r"top|bottom|best|worst|biggest|largest|smallest|lowest|highest)"
    r"(?: (?:\d{1,2}|two|three|four|five|dos|tres|deux|trois|zwei|drei))?|"
    r"(?:the|los|las|les|die|der) (?:\d{1,2}|two|three|four|five|dos|tres|cuatro|cinco|deux|"
    r"trois|quatre|cinq|zwei|drei|vier|funf))"
)
"""Words before a dimension that ask for a breakdown by it: "by channel", "per industry",
and the interrogative or ranking determiner of a question about one of its values
("which channel sold most", "what industries are they from", "quel secteur", "top
companies", "los tres canales"): to say which one, the answer needs the figure per
channel, industry..."""

_CHANNEL_VALUE = (
    r"(?:direct\w*|e-?mail|social\w*|paid|pago|payant|bezahlt\w*|partners?|socios|affiliates?)"
)
_NAMED_CHANNEL = (
    rf"{_CHANNEL_VALUE} (?:channel|kanal)\w*|"
    rf"(?:channel|canal|kanal) (?:de |du |des |d')?(?:los |las |la |el )?{_CHANNEL_VALUE}"
)
"""One channel named by its value ("the partner channel", "el canal de partners", "le canal
e-mail"): its figure is one row of the breakdown by channel, so that is what to fetch."""

_LEGAL = (
    r"(?:legal|lawyers?|attorneys?|solicitors?|sue|suing|gdpr|lawsuits?|court|"
    r"abogad\w*|demandar\w*|avocats?|poursuites?|anwalt\w*|klage\w*|gericht\w*)"
)
"""Words of a legal matter; a threat made with them ("threatening legal action",
"amenaza con abogados") is legal, not a safety matter."""

ENUM_PATTERNS: dict[str, dict[str, str]] = {
    "metric": {
        "revenue": r"revenue\w*|income|turnover|ingresos?|factura\w*|revenus?|chiffre d affaires|"
        r"umsatz|einnahmen|erlos\w*|money|"
        r"(?:did|do|have|has|will) we (?:make|made|earn\w*|take in|took in|bring in|brought in)",
        # "sales" alone is tickets sold for an events business; not the sales pipeline
        "tickets_sold": (
            r"tickets?(?! (?:revenue|income|money|takings))( sold)?|tix|ticket sales(?! revenue)|"
            r"sales(?! pipeline| deals?| team| revenue)|entradas|billets|"
            r"(?:ticket|karten)verkauf\w*|"
            r"sold"
        ),
        "refunds": r"refund\w*|reembols\w*|rembours\w*|(?:ruck)?erstatt\w*",
        "cancellations": r"cancel\w*|annul\w*|stornier\w*|storno\w*",
        "orders": r"orders?|pedidos|commandes|bestellungen",
        "page_views": r"page ?views?",
        "traffic_sessions": r"traffic|sessions|visits|visitors|trafico",
        "checkout_starts": r"checkouts?( starts?)?",
        "campaign_sends": r"sends|emails sent|sent emails",
        "campaign_opens": r"opens|opened",
        "campaign_clicks": r"clicks|clicked",
        "conversions": r"conver\w*",
        "campaign_spend": r"spend|ad spend|marketing spend",
        "pipeline_value": r"pipeline",
        "sponsors_confirmed": r"confirmed sponsors|sponsors (confirmed|signed)|sponsors",
        "attendees": r"attendees|registrants|participants|asistentes|job titles?|audience|"
        r"(?:people|folks|personas|personnes|leute|personen)(?: \w+){0,2} (?:coming|attending|"
        r"going|registered|signed up|vienen|asisten|viennent|kommen)|"
        r"sending (?:the )?(?:most )?(?:people|folks|staff)|"
        r"(?:notre|le|nuestro|el|unser\w*|das) (?:public|publico|publikum)",
    },
    "group_by": {
        "day": r"(by|per|each|por|par|pro) (day|dia|jour|tag)|daily|day by day",
        "week": r"(by|per|each|por|par|pro) (week|semana|semaine|woche)|weekly|week by week",
        "half_month": r"(by|per|each|por|par|pro) (half[- ]?month|quincena|quinzaine)|"
        r"semi-?monthly|halbmonat\w*",
        "month": r"(by|per|each|por|par|pro) (month|mes|mois|monat)|monthly",
        "ticket_type": rf"{_BY} (ticket )?(type|tier|tipo|typ|ticketart|kategorie)\w*|"
        r"(vip|early ?birds?|student|standard) (tickets?|passes|entradas|billets)|"
        r"(entradas|billets|tickets) (vip|early ?birds?|standard|estudiantes?|etudiants?)",
        "channel": rf"{_BY} (sales )?(channel|canal|canaux|(?:vertriebs|verkaufs)?kanal)\w*|"
        rf"{_NAMED_CHANNEL}|"
        r"(through|via|from|has|have|did) (the )?(email|direct|social|paid|partners?)"
        r"( channel)? (brought|sold|driven|bring|sell|drive)\w*",
        "campaign": rf"{_BY} (campaign|campana|campagne|kampagne)\w*",
        "stage": rf"{_BY} (pipeline |deal )?stages?",
        "industry": rf"{_BY} (industr|sector|secteur|branche)\w*|(analy[sz]\w*|profile|understand) "
        r"(the |our )?(target )?audience",
        "package": rf"{_BY} (package|paquete|forfait|paket)\w*",
        "company": rf"{_BY} (company|companies|account|sponsor|empresa|entreprise|firma)\w*",
        "job_title": rf"{_BY} (job )?titles?|job titles?",
    },
    "series": {
        "tickets_sold": r"tickets?( sold)?|ticket sales|entradas|billets",
        "orders": r"orders?|pedidos|commandes|bestellungen",
        "cancellations": r"cancel\w*|annul\w*|stornier\w*|storno\w*",
        "refunds": r"refund\w*|reembols\w*|rembours\w*|(?:ruck)?erstatt\w*",
        "traffic_sessions": r"traffic|trafico|sessions|visits|visitors|besuche\w*",
        "checkout_starts": r"checkouts?",
    },
    "kind": {
        "subject": r"subject lines?|subjects|asuntos?|lineas? de asunto|objets?|"
        r"lignes? d objet|betreff\w*",
        "cta": r"\bctas?\b|call to action|button",
        "landing": r"landing|web ?page|site section|hero",
        "social": r"social|linkedin|tweet|instagram|facebook|\bpost\b",
        "email": (
            r"e ?mails?|mails?|mailings?|newsletter|correo|campaigns?|campanas?|campagnes?|"
            r"kampagnen?"
        ),
    },
    "optimization_goal": {
        "increase_opens": r"opens?|open rate|apertur\w*|ouvertures?|offnungs?\w*",
        "increase_clicks": r"clicks?|click rate|ctr|clics?|klicks?|klickrate",
        "increase_conversions": (
            r"conver\w*|sign ?ups|registrations|inscri\w*|anmeldungen|registrierungen"
        ),
        "awareness": r"awareness|reach|visibility|visibilit\w*|notoriet\w*|sichtbarkeit",
    },
    "platform": {
        "linkedin": r"linked ?in",
        "x": r"\bx\b|twitter|tweet",
        "facebook": r"facebook|\bfb\b",
        "instagram": r"instagram|\binsta\b|\big\b",
    },
    "mode": {
        "analyze": (
            r"result\w*|winner|won|analy[sz]\w*|significan\w*|which variant|how did|p value|"
            r"did (?:\w+ ){1,3}(?:actually |really )?win|(?:just )?noise|a fluke|"
            r"(?:did|have|has) (?:we|you|anyone|someone)(?: \w+)? (?:already |ever |yet )?"
            r"(?:run|ran|done|did|tested|test\w*|tried|launch\w*)|"
            r"came out|outcome|how (?:was|were) (?:it|the|that|our)|"
            r"ya (?:hemos|hicimos|habiamos)|resultado\w*|deja (?:fait|lance|teste)|resultats?|"
            r"schon (?:getestet|gemacht|durchgefuhrt|gelaufen)|ergebnis\w*"
        ),
        "design": r"design|set up|create|plan|new|run|start|test",
    },
    "test_type": {"cta": r"\bctas?\b|call to action|button", "subject_line": r"subject"},
    "channel": {
        "social": r"social|posts?|linkedin|instagram|facebook|tweet",
        "email": r"e ?mails?",
    },
    "method": {
        "kmeans": r"cluster\w*|k ?means|machine learning",
        "rules": r"rules?|by (seniority|industry|region|engagement)",
    },
    "severity": {
        "critical": r"critical|urgent\w*|emergency|asap|immediately|severe",
        "high": r"\bhigh\b|serious|important|major",
        "medium": r"medium|moderate",
        "low": r"\blow\b|minor|fyi",
    },
    "reason": {
        "refund_over_limit": r"refund\w*|reembols\w*|rembours\w*|erstatt\w*",
        "safety": (
            r"safety|unsafe|injur\w*|medical|fire|emergency|harass\w*|assault\w*|"
            r"attack\w*|violen\w*|stalk\w*|collaps\w*|faint\w*|unconscious|ambulance|"
            r"paramedic\w*|threat\w*(?! (?:\w+ ){0,4}" + _LEGAL + r")|" + THREAT_TO_PEOPLE + "|"
            # harassment and assault in es/fr/de ("la harcele", "me acosa", "belastigt")
            r"harcel\w*|acos(?:o|a|an|ando|ad[oa]s?)|agredi\w*|agress(?:e|ee|ion)s?|"
            r"belastig\w*|angegriffen|ubergriff\w*"
        ),
        "security": (
            r"security|hack\w*|breach|stolen|fraud\w*|phishing|scam(?:s|med|mers?)?|"
            # someone posing as us (the usual phishing), with what is posed as, in en/es/fr/de
            + POSING_AS_US
            + r"|suplant\w*|estaf(?:a|as|ador|adores)|"
            r"usurpation|hameconnage|arnaqu\w*|escroc\w*|"
            r"escroquer\w*|betruger\w*|"
            r"betrugs(?:versuch|masche)\w*|gehackt"
        ),
        "legal": _LEGAL,
        "upset_attendee": (
            r"angry|furious|upset|disappoint\w*|unacceptable|complain\w*|terrible|worst|rude|"
            r"shout\w*|yell\w*|scream\w*|livid|irate|outraged|"
            r"fed up|frustrat\w*|(?:second|third|fourth|fifth) time (?:i|we)|"
            r"(?:nobody|no one) (?:answers|answered|replies|replied|responds|responded)|"
            r"still no (?:answer|reply|response)|harto|harta|marre|genervt|verargert|wutend"
        ),
    },
    "stage": {
        "closed_won": (
            r"closed won|closed (?:so far|to date|this year)|\bwon\b|\bwin\b|"
            r"(?:counter ?)?signed|ganad\w*|gagne\w*|gewonnen|"
            r"\bfirm(?:o|aron|ado|ada|amos)\b|\b(?:a|ont|avons) signe|unterschrieben|unterzeichnet"
        ),
        "closed_lost": (
            r"closed lost|\blost\b|did we lose|dead|declined|perdid\w*|\bperdu\w*|verloren"
        ),
        "negotiation": r"negotiat\w*|negocia\w*|verhandlung\w*",
        "proposal": (
            r"proposal (?:stage|phase)|(?:to|into|auf|zu) (?:the )?proposal\b|propuesta|"
            r"angebotsphase|(?:etape|phase) (?:de )?proposition"
        ),
        "qualified": r"qualified|calificad\w*|qualifizier\w*|qualifie\w*",
        "prospect": r"prospect stage|to prospect|back to prospect",
    },
    "category": {"policy": r"polic\w*|politica|politique", "faq": r"\bfaqs?\b"},
}
PRIORITY_ARGS = frozenset({"mode", "kind", "test_type", "channel", "method"})
"""Arguments whose first listed value wins over an earlier mention ("email subject lines")."""
NARROWER: dict[str, dict[str, tuple[str, ...]]] = {
    "metric": {
        "orders": ("cancellations", "refunds"),
        "tickets_sold": ("cancellations", "refunds"),
    },
}
"""Values another mentioned value narrows: "orders that got cancelled" counts cancellations,
not every order, wherever the words stand ("cancelled orders", "orders cancelled")."""


_GOAL_MARKER = re.compile(
    r"\b(?:goal|aim|objective|objectif|objetivo|meta|ziel)\b(?: (?:is|es|est|ist))?"
)
"""Where a request states the goal of its copy ("..., the goal is more clicks",
"objectif : plus de clics"): the words before it name the copy's subject, not the goal."""


def enum_value(argument: str, values: Sequence[str], text: str) -> str | None:
    """The value of enum ``argument`` the request points at (earliest mention wins).

    An optimisation goal stated after a goal word ("objectif : plus de clics") wins over
    an earlier mention ("la page d'inscription" is the page, not the goal).
    """
    if argument == "optimization_goal":
        marker = _GOAL_MARKER.search(normal(text))
        if marker:
            stated = enum_value("_goal", values, normal(text)[marker.end() :])
            if stated is not None:
                return stated
    normalised = normal(text)
    patterns = _patterns(argument, values)
    best: tuple[int, int, str] | None = None
    for rank, (value, pattern) in enumerate(patterns.items()):
        if value not in values:
            continue
        match = re.search(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])", normalised)
        if not match:
            continue
        key = (rank, match.start()) if argument in PRIORITY_ARGS else (match.start(), rank)
        if best is None or key < best[:2]:
            best = (*key, value)
    if best is None:
        return None
    for narrower in NARROWER.get(argument, {}).get(best[2], ()):
        narrow_pattern = patterns.get(narrower)
        if (
            narrower in values
            and narrow_pattern
            and re.search(rf"(?<![a-z0-9])(?:{narrow_pattern})(?![a-z0-9])", normalised)
        ):
            return narrower
    return best[2]


def enum_values(argument: str, values: Sequence[str], text: str) -> list[str]:
    """Every value of a list-of-enum argument the request mentions, in schema order."""
    normalised = normal(text)
    patterns = _patterns(argument, values)
    return [
        value
        for value in values
        if re.search(rf"(?<![a-z0-9])(?:{patterns[value]})(?![a-z0-9])", normalised)
    ]


def _patterns(argument: str, values: Sequence[str]) -> dict[str, str]:
    """Patterns for every value: the listed ones first, then each value's own words."""
    listed = ENUM_PATTERNS.get("optimization_goal" if argument == "_goal" else argument, {})
    own = {v: re.escape(normal(v)) for v in values if v not in listed and normal(v)}
    return {**{v: p for v, p in listed.items() if v in values}, **own}
