"""Escalation signals in untrusted text: the request, explicit caller signals, free-text args.

Everything here can only add reasons for a human: a phrase found adds a signal, nothing
found removes none. Instructions in the text ("ignore your rules...") are never read
as instructions, only screened like any other words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from domain.policy.arguments import texts
from domain.policy.limits import REFUND_LIMIT
from domain.support.signals import EscalationReason, detect_escalation_signals, mentioned_amounts

LEGAL_REVIEW = "legal_review"
KNOWN_SIGNALS = frozenset({*(r.value for r in EscalationReason), LEGAL_REVIEW})
"""Signal names a caller may pass in ``context["signals"]``."""

SUPPORT_TOOLS = frozenset(
    {"resend_ticket", "transfer_ticket", "process_refund", "escalate_to_human"}
)
"""Actions on an attendee's behalf: screened for safety, security, legal and upset wording."""

_LEGAL_REVIEW = re.compile(
    r"\blegal (?:review|team|department|counsel|sign-?off)\b"
    r"|\bcontract(?:ual)? terms?\b"
    r"|\bredlin(?:e|es|ed|ing)\b"
    r"|\b(?:review|revise|amend)(?:s|ed|ing)? (?:of )?(?:the |our |your |a )?contract\b"
    r"|\bcontract (?:review|changes|amendments?)\b",
    re.IGNORECASE,
)
_REFUND_WORDS = ("refund", "money back", "reimburse", "charge back", "chargeback")


def legal_review_terms(text: str) -> list[str]:
    """Phrases asking for legal review ("legal review", "redlines"...), first seen first."""
    found: list[str] = []
    for match in _LEGAL_REVIEW.finditer(text):
        phrase = " ".join(match.group(0).lower().split())
        if phrase not in found:
            found.append(phrase)
    return found


def requested_refund(text: str) -> Decimal | None:
    """The largest amount written next to refund wording, when it is above the refund limit."""
    lowered = text.lower()
    if not any(word in lowered for word in _REFUND_WORDS):
        return None
    over = [a for a in mentioned_amounts(lowered) if a > REFUND_LIMIT]
    return max(over) if over else None


def request_text(context: Mapping[str, Any] | None) -> str:
    """The request's text from the caller's context (empty when absent or not text)."""
    if not context:
        return ""
    return "\n".join(texts(context.get("request_text")))


def caller_signals(context: Mapping[str, Any] | None) -> list[str]:
    """Known signal names the caller passed in ``context["signals"]``, lower-cased."""
    raw = (context or {}).get("signals")
    names = [raw] if isinstance(raw, str) else raw if isinstance(raw, list | tuple) else []
    picked = [str(n).strip().lower() for n in names if isinstance(n, str)]
    return [n for n in dict.fromkeys(picked) if n in KNOWN_SIGNALS]


def screen(
    *, agent: str, tool: str, args: Mapping[str, Any], context: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Signals for one proposed action, as facts.

    The request text and the free-text arguments are screened for legal-review wording
    for every action; for support actions (the support agent or a support tool) also
    for safety, security, legal and upset wording and for a refund above the limit.
    Signals the caller passes are taken as given; an escalation's own ``reason``
    argument counts as a signal too.

    Returns:
        ``signals`` (sorted names), ``legal_review_terms`` and ``requested_refund``
        (the largest over-limit refund amount asked for in the text, or None).
    """
    request = request_text(context)
    parts = [request, *texts(dict(args))]
    written = "\n".join(parts)
    signals = set(caller_signals(context))
    if agent == "support" or tool in SUPPORT_TOOLS:
        # Each part on its own as well as together: a shouted argument stays shouted when
        # a calm request is added beside it (more text may add signals, never remove one).
        for text in (written, *parts):
            signals.update(reason.value for reason in detect_escalation_signals(text))
    if tool == "escalate_to_human" and str(args.get("reason", "")) in KNOWN_SIGNALS:
        signals.add(str(args["reason"]))
    terms = legal_review_terms(written)
    if terms:
        signals.add(LEGAL_REVIEW)
    refund_asked = tool == "process_refund" or EscalationReason.REFUND_OVER_LIMIT in signals
    refund = requested_refund(written) if refund_asked else None
    return {
        "signals": sorted(signals),
        "legal_review_terms": terms,
        "requested_refund": refund,
    }
