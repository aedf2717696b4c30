"""Read an attendee's message: category, identifiers, the new holder, escalation signals.

Everything here is keyword and pattern work on the text, deterministic and cheap. The
text is untrusted: what it says can pick a category and supply identifiers to look up,
but never an amount that is paid out (see ``support_request_steps``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from domain.negation import without_ruled_out
from domain.spelled_numbers import parse_number, with_digits
from domain.support import detect_escalation_signals

ORDER = re.compile(r"\bORD-?(\d{3,})\b", re.IGNORECASE)
EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
TICKET_CODE = re.compile(r"\bTK-\d+-\d+\b", re.IGNORECASE)
_NUMBER = r"\d{{1,3}}(?:\.\d{{3}})+(?:,\d{{1,2}})?(?!\d)|\d[\d,]*(?:\.\d{{1,2}})?"
_AMOUNT = (
    rf"(?:[$€£]\s?(?P<{{0}}a>{_NUMBER})"
    rf"|(?P<{{0}}b>{_NUMBER})\s?(?:usd|dollars?|d[oó]lar(?:es)?|eur|euros?|bucks)\b)"
)
_REFUND_WORD = (
    r"(?:refund|reimburse|money back|reembolso|reembolsa|remboursement|rembourse|erstatte|"
    r"erstattung|ruckerstattung)"
)
_MODIFIER = (
    r"(?:(?!(?:and|or|but|to|for|of|on|a|an|the|i|we|you|want|wants|need|needs|would|"
    r"paid|pay|cost|costs|spent)\b)[a-z][a-z-]*\s+){0,2}"
)
"""Up to two words describing the refund between its amount and the noun ("a $100
goodwill refund", "$50 partial refund"); a function word or a verb ends the phrase, so
"I paid $349 and want a refund" names no amount to refund."""
REQUESTED_AMOUNT = re.compile(
    rf"{_REFUND_WORD}\D{{0,25}}?{_AMOUNT.format('after')}"
    rf"|{_AMOUNT.format('before')}\s*{_MODIFIER}{_REFUND_WORD}",
    re.IGNORECASE,
)
NOT_A_REFUND = re.compile(
    r"(?:instead of|rather than|not|n't want|do not want)\s+(?:a\s+|getting\s+a\s+|the\s+)?refund",
    re.IGNORECASE,
)
INJECTION = re.compile(
    r"ignore (?:all |any |your |the |previous |prior )*(?:rules|instructions|policy|policies)"
    r"|disregard (?:your|the|all|previous)|system prompt|you are now|override (?:the|your)",
    re.IGNORECASE,
)

CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "refund": (
        "refund", "money back", "reimburs", "reembols", "rembours", "devolución",
        "devolucion", "devuelv", "devolver el dinero", "erstatt",
        "geld zurück", "geld zuruck", "cancel my order", "cancel my ticket",
    ),
    "transfer": (
        "transfer", "transférer", "transferir", "übertragen", "give my ticket",
        "someone else", "send my ticket to",
    ),
    "resend": (
        "resend", "re-send", "send again", "send it again", "didn't receive", "didnt receive",
        "did not receive", "haven't received", "have not received", "never received",
        "never got", "not received", "didn't get", "did not get", "no recibí", "no recibi",
        "no he recibido", "pas reçu", "jamais reçu", "lost my ticket", "can't find my ticket",
        "cannot find my ticket", "where is my ticket",
    ),
    "access": ("livestream", "live stream", "stream link", "login", "log in", "access link"),
}  # fmt: skip
"""Keywords per request category, checked in this order (first match wins)."""

RESEND_PHRASES = re.compile(
    r"\b(?:(?:nochmal|noch ?einmal|erneut)\s+(?:\w+\s+){0,4}(?:zu)?(?:schick|send|versend|mail)\w*"
    r"|(?:zu)?(?:schick|send|versend|mail)\w*\b[^.?!]{0,60}\b(?:nochmal|noch ?einmal|erneut)"
    r"|reenv[ií]\w*|renvo[iy]\w*|(?:envi|mand)\w*[^.?!]{0,40}\b(?:otra vez|de nuevo)"
    r"|(?:envoy|transmet)\w*[^.?!]{0,40}\b(?:encore|de nouveau|à nouveau|a nouveau)"
    r"|nie (?:erhalten|bekommen)|nicht (?:erhalten|bekommen|angekommen)"
    r"|n'ai (?:jamais |pas )?reçu|nunca (?:he )?recibido)\b",
    re.IGNORECASE,
)
"""A resend in German, Spanish and French ("die Tickets nochmal zuschicken", "erneut
senden", "reenviar", "renvoyer", "nie erhalten"): the verb and "again" may sit apart."""

KB_HINTS = {
    "refund": "refund",
    "transfer": "transfer ticket",
    "resend": "resend ticket",
    "access": "livestream",
    "safety": "safety security",
    "complaint": "contact support",
}
"""Words added to the knowledge-base query, so short or non-English requests still match."""

NAME_SKIP = frozenset({"i", "my", "to", "please", "hi", "hello", "thanks", "the", "a", "mr", "ms"})


@dataclass(frozen=True)
class Holder:
    """The person a ticket should go to (either part may be missing)."""

    name: str | None
    email: str | None


@dataclass(frozen=True)
class ParsedRequest:
    """What the message says, before anything is looked up."""

    text: str
    category: str
    signals: list[str]
    order_numbers: list[str]
    emails: list[str]
    ticket_codes: list[str]
    requested_amount: Decimal | None
    injection_suspected: bool
    refunded_tickets: int | None = None
    holder: Holder = field(default_factory=lambda: Holder(None, None))

    @property
    def kb_query(self) -> str:
        """The question for the knowledge base: identifiers removed, category words added."""
        stripped = TICKET_CODE.sub(" ", EMAIL.sub(" ", ORDER.sub(" ", self.text)))
        hint = KB_HINTS.get(self.category, "")
        return " ".join(f"{stripped} {hint}".split())[:500] or "contact support"


def parse_request(text: str) -> ParsedRequest:
    """Category, identifiers, requested refund amount and signals of ``text``."""
    signals = [s.value for s in detect_escalation_signals(text)]
    category = categorise(text, signals)
    emails = list(dict.fromkeys(e.lower() for e in EMAIL.findall(text)))
    return ParsedRequest(
        text=text,
        category=category,
        signals=signals,
        order_numbers=list(dict.fromkeys(f"ORD-{m}" for m in ORDER.findall(text))),
        emails=emails,
        ticket_codes=list(dict.fromkeys(c.upper() for c in TICKET_CODE.findall(text))),
        requested_amount=requested_refund(text),
        injection_suspected=bool(INJECTION.search(text)),
        refunded_tickets=refunded_tickets(text) if category == "refund" else None,
        holder=new_holder(text) if category == "transfer" else Holder(None, None),
    )


def categorise(text: str, signals: list[str]) -> str:
    """refund, transfer, resend or access by keywords; else safety, complaint or general.

    A refund the message rules out ("no refund, just the facts") is no refund request.
    Other ruled-out actions still name the topic ("the QR code won't scan, no need to
    resend anything" is about a ticket, and the resend is withheld later)."""
    lowered = text.lower().replace("’", "'")
    wanted = without_ruled_out(text).lower().replace("’", "'")
    for category, words in CATEGORY_WORDS.items():
        if category == "refund" and NOT_A_REFUND.search(lowered):
            continue
        if category == "refund" and not any(w in wanted for w in words):
            continue
        if any(w in lowered for w in words):
            return category
        if category == "resend" and RESEND_PHRASES.search(lowered):
            return category
    if "safety" in signals or "security" in signals:
        return "safety"
    if "upset_attendee" in signals:
        return "complaint"
    return "general"


def requested_refund(text: str) -> Decimal | None:
    """An amount the message asks to be refunded ("refund $100", "refund one hundred and
    fifty dollars", "erstatte 1.000 Dollar"), if it names one."""
    match = REQUESTED_AMOUNT.search(with_digits(text))
    if match is None:
        return None
    raw = next(v for k, v in match.groupdict().items() if v)
    return parse_number(raw)


_TICKET_NOUN = r"(?:tickets?|entradas?|boletos?|billets?|places?|karten?)"
_COUNT_WORDS = {
    "one": 1, "single": 1, "una": 1, "uno": 1, "un": 1, "une": 1, "ein": 1, "eine": 1,
    "einen": 1, "two": 2, "dos": 2, "deux": 2, "zwei": 2, "three": 3, "tres": 3,
    "trois": 3, "drei": 3, "four": 4, "cuatro": 4, "quatre": 4, "vier": 4,
}  # fmt: skip
_COUNT = r"(?:" + "|".join(_COUNT_WORDS) + r"|\d{1,2})"
_GAP_WORD = (
    r"(?!(?:i|we|he|she|they|you|bought|paid|purchased|have|had|got|was|were|is|are|"
    r"compr\w*|achet\w*|gekauft|habe|hat)\b)[\w-]+"
)
REFUNDED_TICKETS = re.compile(
    rf"{_REFUND_WORD}\w*(?:\s+{_GAP_WORD}){{0,3}}?\s+(?:a\s+)?(?P<n>{_COUNT})\s+"
    rf"(?:(?:of|de|des|der|von)\s+(?:\w+\s+){{1,3}}?)?(?:[\w-]+\s+)?{_TICKET_NOUN}\b",
    re.IGNORECASE,
)
"""How many tickets of the order a refund is for ("refund the one ticket", "refund one of
her two tickets", "refund 2 tickets", "rembourse un seul billet", "erstatte ein Ticket"):
the count follows the refund word within three words, none a subject or a verb of buying,
so "I want a refund, I bought one ticket" names no count."""


def refunded_tickets(text: str) -> int | None:
    """The number of tickets the message asks to refund, if it names one."""
    match = REFUNDED_TICKETS.search(with_digits(text))
    if match is None:
        return None
    word = match.group("n").lower()
    count = int(word) if word.isdigit() else _COUNT_WORDS[word]
    return count or None


def new_holder(text: str) -> Holder:
    """The transfer's new holder: the last email and the capitalised name beside it."""
    emails = list(EMAIL.finditer(text))
    if not emails:
        after_to = re.search(r"\bto\s+(?:my\s+\w+\s+)?((?:[A-Z][\w'’\-]+\s?){2,4})", text)
        return Holder(after_to.group(1).strip() if after_to else None, None)
    last = emails[-1]
    name = _name_before(text[: last.start()]) or _name_after(text[last.end() :])
    return Holder(name, last.group(0).lower())


def _name_before(prefix: str) -> str | None:
    words: list[str] = []
    for token in reversed(prefix.split()):
        word = token.strip("()<>[],;:-–—\"'")
        if not word:
            continue
        if word.lower() in {"email", "e-mail", "mail", "at", "address"} and not words:
            continue
        if not word[0].isupper() or word.lower() in NAME_SKIP or not word[0].isalpha():
            break
        words.insert(0, word)
        if len(words) == 4:
            break
    return " ".join(words) if words else None


def _name_after(suffix: str) -> str | None:
    match = re.match(r"\s*[(\[<,\-–—]?\s*((?:[A-Z][\w'’\-]+\s?){1,4})", suffix)
    return match.group(1).strip() if match else None
