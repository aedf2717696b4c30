"""The facts the model writes a support reply from (task ``support_answer``).

Each fact is computed; the sentences here are what the offline template strings
together, and a real model rewrites them in a friendlier voice without adding any.
"""

from __future__ import annotations

from typing import Any

from domain.language import detect_language
from graphs.state import PendingAction
from nodes.playbooks import support_answer_language as translated

TOPIC = {
    "refund": "your refund request",
    "transfer": "transferring your ticket",
    "resend": "your missing ticket",
    "access": "joining the event online",
    "safety": "safety at the event",
    "complaint": "your experience with us",
    "general": "your question",
}
REASON_WORDS = {
    "refund_over_limit": "a refund above $500",
    "safety": "a safety matter",
    "security": "a security matter",
    "legal": "a legal matter",
    "upset_attendee": "how you feel about this",
    "unresolved": "a request I cannot settle with the tools I have",
}


CITE_MIN_SHARE = 0.6
"""Articles scoring below this share of the best one are not cited (still listed in data).

The knowledge-base search ranks by reciprocal rank fusion of keywords and meaning: an
article first in both rankings scores 2/61, one found by a single ranking at most 1/61
(a share of 0.5), one second in both 2/62 (0.98). So when both rankings agree on the
best article, only articles both rankings found are cited beside it."""


def cited(hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The hits relevant enough to cite: the best and those close to it."""
    if not hits:
        return []
    floor = CITE_MIN_SHARE * hits[0]["score"]
    return [h for h in hits if h["score"] >= floor]


def kb_text(hits: list[dict[str, Any]], *, with_snippet: bool) -> str:
    """One sentence citing the best article (with its snippet) and naming the others."""
    if not hits:
        return ""
    best, others = hits[0], hits[1:]
    if with_snippet:
        text = f'Our help article "{best["title"]}" says: {best["snippet"]}'
    else:
        text = f'You can read more in our help article "{best["title"]}".'
    if others:
        text += " See also " + " and ".join(f'"{h["title"]}"' for h in others) + "."
    return text


def order_text(category: str, order: dict[str, Any] | None) -> str:
    """What the order lookup found, with the refund rule for refund requests."""
    if not order:
        return ""
    amount = f"${float(order['amount']):,.2f}"
    email = f" ({order['buyer_email']})" if order.get("buyer_email") else ""
    if category == "refund":
        # the buyer's address and what was bought too: a refund request often asks where
        # the ticket went or which ticket it was as well
        number, rule = order["order_number"], order["refund_explanation"]
        refundable = f"${float(order['refundable_now']):,.2f}"
        return (
            f"For order {number} ({order['quantity']} x {order['ticket_type']}, {amount}, "
            f"bought by {order['buyer_name']}{email}), "
            f"the refund policy gives a {rule}; "
            f"{refundable} is refundable today."
        )
    return (
        f"I found order {order['order_number']} ({order['quantity']} x {order['ticket_type']}, "
        f"{amount}, {order['status']}), bought by {order['buyer_name']}{email}."
    )


def actions_text(actions: list[PendingAction]) -> str:
    """What is proposed (escalations are said separately); the policy decides next.

    Not "waiting for approval": the policy may still run it, deny it or ask a human, and
    the answer's status frame says which.
    """
    prepared = [a["summary"] for a in actions if a["tool"] != "escalate_to_human"]
    if not prepared:
        return ""
    return "Proposed, not done yet: " + "; ".join(prepared) + "."


def escalation_text(reasons: list[str], *, escalated: bool = True) -> str:
    """Whether a person takes over, and why; or that the request said not to hand it over."""
    if not reasons:
        return "No escalation is needed."
    why = " and ".join(REASON_WORDS[r] for r in reasons)
    if not escalated:
        return f"This involves {why}, but as you asked it is not escalated to our support team."
    return f"Because this involves {why}, I am passing it to a member of our support team."


def answer_facts(
    text: str,
    understood: dict[str, Any],
    kb_hits: list[dict[str, Any]],
    decision: dict[str, Any],
    actions: list[PendingAction],
) -> dict[str, Any]:
    """Everything the reply may say, as flat strings plus the structured facts.

    The sentences are in the attendee's language when it is Spanish, French or German
    (``support_answer_language``), else in English.
    """
    facts = _english_facts(text, understood, kb_hits, decision, actions)
    language = detect_language(text)
    if language in translated.TRANSLATED:
        facts.update(_translated_sentences(understood, kb_hits, decision, actions, language))
    return facts


def _english_facts(
    text: str,
    understood: dict[str, Any],
    kb_hits: list[dict[str, Any]],
    decision: dict[str, Any],
    actions: list[PendingAction],
) -> dict[str, Any]:
    relevant = cited(kb_hits)
    found = order_text(understood["category"], decision["order"])
    return {
        "request": text,
        "category": understood["category"],
        "topic": TOPIC[understood["category"]],
        "kb_articles": [{"title": h["title"], "snippet": h["snippet"]} for h in relevant],
        "kb_text": kb_text(relevant, with_snippet=not found),
        "order": decision["order"] or {},
        "order_text": found,
        "actions_pending": [
            {"tool": a["tool"], "summary": a["summary"], "facts": a["facts"]} for a in actions
        ],
        "actions_text": actions_text(actions),
        "next_steps_text": " ".join(decision["next_steps"]),
        "escalation_reasons": decision["escalation_reasons"],
        "escalation_text": escalation_text(
            decision["escalation_reasons"],
            escalated=any(a["tool"] == "escalate_to_human" for a in actions),
        ),
    }


def _translated_sentences(
    understood: dict[str, Any],
    kb_hits: list[dict[str, Any]],
    decision: dict[str, Any],
    actions: list[PendingAction],
    language: str,
) -> dict[str, Any]:
    """The reply's sentences in ``language``, replacing the English ones."""
    category = understood["category"]
    found = translated.order_text(category, decision["order"], language)
    escalated = any(a["tool"] == "escalate_to_human" for a in actions)
    return {
        "language": language,
        "topic": translated.topic(category, language),
        "topic_line": translated.topic_line(category, language),
        "order_text": found,
        "kb_text": translated.kb_text(cited(kb_hits), language, with_snippet=not found),
        "actions_text": translated.actions_text(actions, language),
        "next_steps_text": translated.next_steps_text(decision["next_steps"], language),
        "escalation_text": translated.escalation_text(
            decision["escalation_reasons"], language, escalated=escalated
        ),
    }
