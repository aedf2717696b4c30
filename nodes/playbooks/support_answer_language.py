"""The support reply's sentences in the attendee's language (Spanish, French, German).

``support_answer`` computes each fact of the reply as an English sentence; an attendee
who writes in Spanish, French or German gets the same facts in their language, so the
offline reply (and the facts a real model rewrites) never switches to English. Only the
fixed wording is translated: order numbers, amounts, ticket types and article titles
are the data's own (amounts written as the language writes them, ``349,00 $``,
``domain.number_format``). A sentence with no translation here stays in English rather than
being dropped, so nothing the attendee needs goes missing.
"""

from __future__ import annotations

from string import Template
from typing import Any

from domain.action_words import action_summary
from domain.number_format import money
from domain.policy.wording import term_text
from graphs.state import PendingAction

TRANSLATED = ("es", "fr", "de")

_LINES: dict[str, dict[str, str]] = {
    "es": {
        "thanks": "Gracias por escribirnos sobre $topic.",
        "refund_order": "Para el pedido $number ($quantity x $ticket_type, $amount), "
        "la política de reembolso da hoy "
        "$refundable reembolsables (regla: $rule).",
        "order": "Encontré el pedido $number ($quantity x $ticket_type, $amount, $status), "
        "a nombre de $buyer$buyer_email.",
        "kb": 'Puede leer más en nuestro artículo de ayuda "$title".',
        "kb_snippet": 'Nuestro artículo de ayuda "$title" dice: $snippet',
        "actions": "Propuesto, todavía no hecho (espera la decisión de la política de "
        "aprobación): $actions.",
        "escalated": "Como se trata de $why, paso su caso a una persona de nuestro equipo "
        "de soporte.",
        "not_escalated": "Se trata de $why, pero como pidió, no se pasa a nuestro equipo "
        "de soporte.",
        "no_escalation": "No hace falta pasar el caso a una persona.",
    },
    "fr": {
        "thanks": "Merci de nous avoir écrit au sujet de $topic.",
        "refund_order": "Pour la commande $number ($quantity x $ticket_type, $amount), "
        "la politique de remboursement "
        "donne aujourd'hui $refundable remboursables (règle : $rule).",
        "order": "J'ai trouvé la commande $number ($quantity x $ticket_type, $amount, "
        "$status), au nom de $buyer$buyer_email.",
        "kb": "Vous trouverez plus de détails dans notre article d'aide « $title ».",
        "kb_snippet": "Notre article d'aide « $title » dit : $snippet",
        "actions": "Proposé, pas encore fait (la politique d'approbation décide de la suite) "
        ": $actions.",
        "escalated": "Comme il s'agit de $why, je transmets votre demande à une personne de "
        "notre équipe support.",
        "not_escalated": "Il s'agit de $why, mais comme vous l'avez demandé, ce n'est pas "
        "transmis à notre équipe support.",
        "no_escalation": "Il n'est pas nécessaire de transmettre la demande à une personne.",
    },
    "de": {
        "thanks": "Danke für Ihre Nachricht zu $topic.",
        "refund_order": "Für die Bestellung $number ($quantity x $ticket_type, $amount) "
        "sind nach der "
        "Erstattungsrichtlinie heute $refundable erstattungsfähig (Regel: $rule).",
        "order": "Ich habe die Bestellung $number gefunden ($quantity x $ticket_type, "
        "$amount, $status), auf den Namen $buyer$buyer_email.",
        "kb": "Mehr dazu steht in unserem Hilfeartikel „$title“.",
        "kb_snippet": "Unser Hilfeartikel „$title“ sagt: $snippet",
        "actions": "Vorgeschlagen, noch nicht ausgeführt (die Freigaberichtlinie entscheidet "
        "als Nächstes): $actions.",
        "escalated": "Da es um $why geht, gebe ich Ihr Anliegen an eine Person aus unserem "
        "Support-Team weiter.",
        "not_escalated": "Es geht um $why, aber wie gewünscht wird es nicht an unser "
        "Support-Team weitergegeben.",
        "no_escalation": "Eine Weitergabe an eine Person ist nicht nötig.",
    },
}

_TOPICS: dict[str, dict[str, str]] = {
    "es": {
        "refund": "su solicitud de reembolso",
        "transfer": "la transferencia de su entrada",
        "resend": "su entrada que no llegó",
        "access": "cómo seguir el evento en línea",
        "safety": "la seguridad en el evento",
        "complaint": "su experiencia con nosotros",
        "general": "su pregunta",
    },
    "fr": {
        "refund": "votre demande de remboursement",
        "transfer": "le transfert de votre billet",
        "resend": "votre billet non reçu",
        "access": "l'accès à l'événement en ligne",
        "safety": "la sécurité pendant l'événement",
        "complaint": "votre expérience avec nous",
        "general": "votre question",
    },
    "de": {
        "refund": "Ihrer Erstattungsanfrage",
        "transfer": "der Übertragung Ihres Tickets",
        "resend": "Ihrem nicht erhaltenen Ticket",
        "access": "der Online-Teilnahme an der Veranstaltung",
        "safety": "der Sicherheit auf der Veranstaltung",
        "complaint": "Ihrer Erfahrung mit uns",
        "general": "Ihrer Frage",
    },
}

_REASONS: dict[str, dict[str, str]] = {
    "es": {
        "refund_over_limit": "un reembolso de más de 500\u00a0$",
        "safety": "un asunto de seguridad",
        "security": "un asunto de seguridad informática",
        "legal": "un asunto legal",
        "upset_attendee": "cómo se siente usted con esto",
        "unresolved": "una solicitud que no puedo resolver con mis herramientas",
    },
    "fr": {
        "refund_over_limit": "un remboursement de plus de 500\u00a0$",
        "safety": "une question de sécurité",
        "security": "une question de sécurité informatique",
        "legal": "une question juridique",
        "upset_attendee": "ce que vous ressentez",
        "unresolved": "une demande que je ne peux pas régler avec mes outils",
    },
    "de": {
        "refund_over_limit": "eine Erstattung über 500\u00a0$",
        "safety": "eine Sicherheitsfrage",
        "security": "eine Frage der IT-Sicherheit",
        "legal": "eine rechtliche Frage",
        "upset_attendee": "Ihren Ärger darüber",
        "unresolved": "ein Anliegen, das ich mit meinen Werkzeugen nicht lösen kann",
    },
}

_NEXT_STEPS: dict[str, dict[str, str]] = {
    "The refund goes to the original payment once a person approves it.": {
        "es": "El reembolso vuelve al medio de pago original cuando una persona lo aprueba.",
        "fr": "Le remboursement revient sur le moyen de paiement d'origine dès qu'une "
        "personne l'approuve.",
        "de": "Die Erstattung geht an die ursprüngliche Zahlungsart, sobald eine Person sie "
        "freigibt.",
    },
    "Check the spam folder if the email does not arrive within an hour.": {
        "es": "Revise la carpeta de spam si el correo no llega en una hora.",
        "fr": "Vérifiez le dossier spam si l'e-mail n'arrive pas dans l'heure.",
        "de": "Prüfen Sie den Spam-Ordner, falls die E-Mail nicht innerhalb einer Stunde ankommt.",
    },
    "The new holder gets a fresh ticket code by email; the old one stops working.": {
        "es": "La nueva persona recibe un código de entrada nuevo por correo; el anterior deja "
        "de funcionar.",
        "fr": "Le nouveau titulaire reçoit un nouveau code par e-mail ; l'ancien ne marche plus.",
        "de": "Die neue Person bekommt einen neuen Ticketcode per E-Mail; der alte gilt nicht "
        "mehr.",
    },
    "Reply with your order number (ORD-...) or the email used to buy.": {
        "es": "Responda con su número de pedido (ORD-...) o el correo con el que compró.",
        "fr": "Répondez avec votre numéro de commande (ORD-...) ou l'e-mail utilisé pour l'achat.",
        "de": "Antworten Sie mit Ihrer Bestellnummer (ORD-...) oder der E-Mail, mit der Sie "
        "gekauft haben.",
    },
}


def _say(language: str, key: str, **values: Any) -> str:
    return Template(_LINES[language][key]).safe_substitute({k: str(v) for k, v in values.items()})


def _money(value: Any, language: str) -> str:
    """An amount with its cents, written as ``language`` writes amounts (``349,00 $``)."""
    return money(float(value), language, cents=True)


def topic(category: str, language: str) -> str:
    """What the request is about, in ``language``."""
    return _TOPICS[language].get(category, _TOPICS[language]["general"])


def topic_line(category: str, language: str) -> str:
    """The reply's first sentence: thanks for writing about the topic."""
    return _say(language, "thanks", topic=topic(category, language))


def order_text(category: str, order: dict[str, Any] | None, language: str) -> str:
    """What the order lookup found, with the amount refundable today for a refund."""
    if not order:
        return ""
    if category == "refund":
        return _say(
            language,
            "refund_order",
            number=order["order_number"],
            quantity=order["quantity"],
            ticket_type=order["ticket_type"],
            amount=_money(order["amount"], language),
            refundable=_money(order["refundable_now"], language),
            rule=term_text(str(order["refund_rule"]), language),
        )
    return _say(
        language,
        "order",
        number=order["order_number"],
        quantity=order["quantity"],
        ticket_type=order["ticket_type"],
        amount=_money(order["amount"], language),
        status=order["status"],
        buyer=order["buyer_name"],
        buyer_email=f" ({order['buyer_email']})" if order.get("buyer_email") else "",
    )


def kb_text(hits: list[dict[str, Any]], language: str, *, with_snippet: bool) -> str:
    """The best article cited by title (its snippet is the article's own text)."""
    if not hits:
        return ""
    best = hits[0]
    if with_snippet:
        return _say(language, "kb_snippet", title=best["title"], snippet=best["snippet"])
    return _say(language, "kb", title=best["title"])


def actions_text(actions: list[PendingAction], language: str) -> str:
    """The prepared actions (``domain.action_words``), saying they are not done yet."""
    prepared = [action_summary(a, language) for a in actions if a["tool"] != "escalate_to_human"]
    return _say(language, "actions", actions="; ".join(prepared)) if prepared else ""


def escalation_text(reasons: list[str], language: str, *, escalated: bool) -> str:
    """Whether a person takes over and why, in ``language``."""
    if not reasons:
        return _say(language, "no_escalation")
    why = " / ".join(_REASONS[language].get(r, r.replace("_", " ")) for r in reasons)
    return _say(language, "escalated" if escalated else "not_escalated", why=why)


def next_steps_text(steps: list[str], language: str) -> str:
    """The next steps, each translated when its wording is known."""
    return " ".join(_NEXT_STEPS.get(step, {}).get(language, step) for step in steps)
