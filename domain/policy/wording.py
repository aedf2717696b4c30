"""The policy's reasons in words, one table for every language the replies are written in.

A rule that fires states why with numbers ("Refund of $1,250.00 is above the $500.00
limit"). The English sentence is the reason's ``message`` (the approvals inbox, the
audit log and the CLI show it); the reason also keeps its wording key and values, so a
reply in Spanish, French or German states the same reason in the reader's language with
amounts written as the reader writes them (``domain.number_format``), instead of
pasting the English sentence into it.

Values are JSON-ready, as they travel in the graph state and the approvals table:

- a string or an integer stands as it is (an email, an order number, a count);
- ``{"money": 1250.0}``: an amount in dollars (``$1,250.00``, ``1.250,00 $``);
- ``{"pct": 12.5}``: a percentage (``12.5%``, ``12,5 %``);
- ``{"term": "full"}``: a word of ``TERMS`` (a refund rule, a topic, an effect);
- ``{"tool": "process_refund"}``: a tool, by its words in a language other than English
  (``domain.action_words``);
- ``{"say": key, "values": {...}}``: a phrase of this table, worded in turn;
- ``{"join": "; ", "items": [...]}``: several values, each worded, joined.

English is the fallback for a key or term a language lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from string import Template
from typing import Any

from domain import action_words
from domain.language import Language
from domain.number_format import localised, money
from domain.policy.limits import pct

Value = Any

WORDING: dict[Language, dict[str, str]] = {
    "en": {
        "agent_disabled": "The $agent agent is disabled for this tenant: it may read but not act",
        "opted_out_contact": "$email opted out of outreach; sending to an opted-out contact "
        "is not allowed",
        "bounced_address": "$email has bounced before; do not send to a bounced address",
        "daily_outreach_cap": "The $agent agent already sent $sent emails today; the daily "
        "outreach cap is $cap",
        "daily_outreach_cap_in_flight": "The $agent agent already sent $sent emails today and "
        "$in_flight more approved and not sent yet; the daily outreach cap is $cap",
        "refund_exceeds_refundable": "Refund of $amount exceeds the $remaining still "
        "refundable on $order (the event's $rule refund rule)",
        "refund_exceeds_refundable_in_flight": "Refund of $amount exceeds the $remaining still "
        "refundable on $order once $in_flight already approved is refunded (the event's $rule "
        "refund rule)",
        "suppressed_recipient": "this address belongs to a person erased at their request and "
        "is on the do-not-contact list; it may not be contacted again",
        "missing_postal_address": "the tenant has no postal address configured; CAN-SPAM "
        "requires the sender's physical postal address in every commercial email",
        "refund_over_limit": "Refund of $amount is above the $limit limit",
        "refund_over_limit_asked": "The request asks for a refund of $amount, above the $limit "
        "limit",
        "refund_over_limit_signal": "The request involves a refund above the $limit limit",
        "order_refunds_over_limit": "$earlier on $order; with this $amount the order total is "
        "$total, above the $limit limit",
        "customer_daily_refunds_over_limit": "$earlier today for $customer (orders $orders); "
        "with this $amount on $order the customer's total today is $total, above the $limit "
        "daily limit per customer",
        "earlier_refunded": "$total already refunded",
        "earlier_approved": "$total already approved and not yet refunded",
        "earlier_both": "$total already refunded or approved ($refunded refunded, $in_flight "
        "approved and not yet refunded)",
        "deal_over_limit": "$which of $value is above the $limit limit",
        "deal_value": "Deal value",
        "new_deal_value": "New deal value",
        "deal_value_in_flight": "Deal value set by $source (not yet run)",
        "pricing_customisation": "Pricing is customised beyond the $package package: "
        "$customisations",
        "legal_review": "Legal review of contract terms is requested ($terms)",
        "legal_review_signal": "The request asks for legal review of contract terms",
        "sensitive_topic": "The request raises a $topics question; a human answers it",
        "upset_attendee": "The attendee sounds upset or frustrated; a human responds",
        "stage_past_negotiation": "Moving the deal from $current to $target is a stage change "
        "past negotiation",
        "max_followups_reached": "$who has had $unanswered follow-ups without a reply (the "
        "maximum is $maximum); escalate to a human instead",
        "max_followups_reached_anonymous": "The contact has had $unanswered follow-ups without "
        "a reply (the maximum is $maximum); escalate to a human instead",
        "external_default": "External actions need a human's approval in assisted mode ($tool "
        "reaches someone outside); auto-approve is off",
        "review_only": "The $agent agent is in review_only mode: every $effect action needs a "
        "human's approval",
        "ops_critical": "Critical operations issue: $findings",
        "deliverable_overdue": "deliverable '$title' is $days days overdue (critical at "
        "$critical+)",
        "vendor_cancelled": "vendor '$name' cancelled",
        "budget_overrun": "budget line '$category' is $overrun over plan (critical above "
        "$critical)",
        "ticket_pace": "ticket sales are $gap behind target pace with $days days to the event "
        "(critical at $critical+ behind with under $max_days days)",
        "graded_critical": "the escalation itself is graded critical",
    },
    "es": {
        "agent_disabled": "el agente $agent está desactivado para esta organización: puede "
        "consultar pero no actuar",
        "opted_out_contact": "$email se dio de baja de los envíos; no se permite escribir a un "
        "contacto dado de baja",
        "bounced_address": "los correos a $email ya rebotaron; no se envía a una dirección que "
        "rebota",
        "daily_outreach_cap": "el agente $agent ya envió $sent correos hoy; el límite diario "
        "de envíos es $cap",
        "daily_outreach_cap_in_flight": "el agente $agent ya envió $sent correos hoy y hay "
        "$in_flight más aprobados sin enviar; el límite diario de envíos es $cap",
        "refund_exceeds_refundable": "el reembolso de $amount supera los $remaining que aún "
        "se pueden reembolsar del pedido $order (regla de reembolso $rule del evento)",
        "refund_exceeds_refundable_in_flight": "el reembolso de $amount supera los $remaining "
        "que aún se pueden reembolsar del pedido $order una vez reembolsados los $in_flight ya "
        "aprobados (regla de reembolso $rule del evento)",
        "suppressed_recipient": "esta dirección es de una persona cuyos datos se borraron a "
        "petición suya y está en la lista de no contactar; no se le puede volver a escribir",
        "missing_postal_address": "la organización no tiene dirección postal configurada; "
        "CAN-SPAM exige la dirección postal del remitente en todo correo comercial",
        "refund_over_limit": "el reembolso de $amount supera el límite de $limit",
        "refund_over_limit_asked": "la petición pide un reembolso de $amount, por encima del "
        "límite de $limit",
        "refund_over_limit_signal": "la petición implica un reembolso por encima del límite "
        "de $limit",
        "order_refunds_over_limit": "$earlier del pedido $order; con este de $amount el total "
        "del pedido es $total, por encima del límite de $limit",
        "customer_daily_refunds_over_limit": "$earlier hoy a $customer (pedidos $orders); con "
        "este de $amount del pedido $order el total de hoy es $total, por encima del límite "
        "diario de $limit por cliente",
        "earlier_refunded": "ya se reembolsaron $total",
        "earlier_approved": "ya se aprobaron $total sin reembolsar todavía",
        "earlier_both": "ya se reembolsaron o aprobaron $total ($refunded reembolsados, "
        "$in_flight aprobados sin reembolsar)",
        "deal_over_limit": "$which de $value supera el límite de $limit",
        "deal_value": "el valor de la oportunidad",
        "new_deal_value": "el nuevo valor de la oportunidad",
        "deal_value_in_flight": "el valor que fija $source (aún sin ejecutar)",
        "pricing_customisation": "el precio va más allá del paquete $package: $customisations",
        "legal_review": "se pide una revisión legal de las condiciones del contrato ($terms)",
        "legal_review_signal": "la petición pide una revisión legal de las condiciones del "
        "contrato",
        "sensitive_topic": "la petición plantea una cuestión de $topics; responde una persona",
        "upset_attendee": "el asistente parece molesto o frustrado; responde una persona",
        "stage_past_negotiation": "pasar la oportunidad de $current a $target es un cambio de "
        "etapa más allá de la negociación",
        "max_followups_reached": "$who ya recibió $unanswered seguimientos sin respuesta (el "
        "máximo es $maximum); debe encargarse una persona",
        "max_followups_reached_anonymous": "el contacto ya recibió $unanswered seguimientos "
        "sin respuesta (el máximo es $maximum); debe encargarse una persona",
        "external_default": "en modo asistido una acción externa necesita la aprobación de una "
        "persona ($tool llega a alguien de fuera); la aprobación automática está desactivada",
        "review_only": "el agente $agent está en modo review_only: toda acción de tipo $effect "
        "necesita la aprobación de una persona",
        "ops_critical": "problema crítico de operaciones: $findings",
        "deliverable_overdue": "el entregable '$title' lleva $days días de retraso (crítico "
        "desde $critical)",
        "vendor_cancelled": "el proveedor '$name' canceló",
        "budget_overrun": "la partida '$category' supera lo previsto en $overrun (crítico por "
        "encima de $critical)",
        "ticket_pace": "la venta de entradas va $gap por debajo del ritmo objetivo a $days días "
        "del evento (crítico desde $critical por debajo con menos de $max_days días)",
        "graded_critical": "la propia escalada está calificada de crítica",
    },
    "fr": {
        "agent_disabled": "l'agent $agent est désactivé pour cette organisation : il peut "
        "consulter mais pas agir",
        "opted_out_contact": "$email s'est désinscrit des envois ; écrire à un contact "
        "désinscrit n'est pas permis",
        "bounced_address": "les e-mails à $email sont déjà revenus en erreur ; pas d'envoi à "
        "une adresse en erreur",
        "daily_outreach_cap": "l'agent $agent a déjà envoyé $sent e-mails aujourd'hui ; la "
        "limite quotidienne d'envois est de $cap",
        "daily_outreach_cap_in_flight": "l'agent $agent a déjà envoyé $sent e-mails "
        "aujourd'hui et $in_flight autres sont approuvés mais pas encore envoyés ; la limite "
        "quotidienne d'envois est de $cap",
        "refund_exceeds_refundable": "le remboursement de $amount dépasse les $remaining encore "
        "remboursables sur la commande $order (règle de remboursement $rule de l'événement)",
        "refund_exceeds_refundable_in_flight": "le remboursement de $amount dépasse les "
        "$remaining encore remboursables sur la commande $order une fois remboursés les "
        "$in_flight déjà approuvés (règle de remboursement $rule de l'événement)",
        "suppressed_recipient": "cette adresse appartient à une personne dont les données ont "
        "été effacées à sa demande et figure sur la liste d'exclusion ; elle ne peut plus être "
        "contactée",
        "missing_postal_address": "l'organisation n'a pas d'adresse postale configurée ; "
        "CAN-SPAM exige l'adresse postale de l'expéditeur dans tout e-mail commercial",
        "refund_over_limit": "le remboursement de $amount dépasse la limite de $limit",
        "refund_over_limit_asked": "la demande porte sur un remboursement de $amount, au-delà "
        "de la limite de $limit",
        "refund_over_limit_signal": "la demande implique un remboursement au-delà de la limite "
        "de $limit",
        "order_refunds_over_limit": "$earlier sur la commande $order ; avec ces $amount le "
        "total de la commande atteint $total, au-delà de la limite de $limit",
        "customer_daily_refunds_over_limit": "$earlier aujourd'hui pour $customer (commandes "
        "$orders) ; avec ces $amount sur la commande $order le total du jour atteint $total, "
        "au-delà de la limite quotidienne de $limit par client",
        "earlier_refunded": "$total déjà remboursés",
        "earlier_approved": "$total déjà approuvés et pas encore remboursés",
        "earlier_both": "$total déjà remboursés ou approuvés ($refunded remboursés, $in_flight "
        "approuvés et pas encore remboursés)",
        "deal_over_limit": "$which de $value dépasse la limite de $limit",
        "deal_value": "la valeur de l'opportunité",
        "new_deal_value": "la nouvelle valeur de l'opportunité",
        "deal_value_in_flight": "la valeur fixée par $source (pas encore exécutée)",
        "pricing_customisation": "le prix sort du package $package : $customisations",
        "legal_review": "une revue juridique des clauses du contrat est demandée ($terms)",
        "legal_review_signal": "la demande porte sur une revue juridique des clauses du contrat",
        "sensitive_topic": "la demande soulève une question de $topics ; une personne y répond",
        "upset_attendee": "le participant semble mécontent ou agacé ; une personne lui répond",
        "stage_past_negotiation": "passer l'opportunité de $current à $target est un "
        "changement d'étape au-delà de la négociation",
        "max_followups_reached": "$who a reçu $unanswered relances sans réponse (le maximum "
        "est $maximum) ; une personne doit prendre le relais",
        "max_followups_reached_anonymous": "le contact a reçu $unanswered relances sans "
        "réponse (le maximum est $maximum) ; une personne doit prendre le relais",
        "external_default": "en mode assisté, une action externe doit être approuvée par une "
        "personne ($tool touche quelqu'un à l'extérieur) ; l'approbation automatique est "
        "désactivée",
        "review_only": "l'agent $agent est en mode review_only : toute action de type $effect "
        "doit être approuvée par une personne",
        "ops_critical": "problème opérationnel critique : $findings",
        "deliverable_overdue": "le livrable '$title' a $days jours de retard (critique à "
        "partir de $critical)",
        "vendor_cancelled": "le prestataire '$name' a annulé",
        "budget_overrun": "la ligne budgétaire '$category' dépasse le prévu de $overrun "
        "(critique au-delà de $critical)",
        "ticket_pace": "la vente de billets a $gap de retard sur l'objectif à $days jours de "
        "l'événement (critique à partir de $critical de retard à moins de $max_days jours)",
        "graded_critical": "l'escalade elle-même est jugée critique",
    },
    "de": {
        "agent_disabled": "der Agent $agent ist für diese Organisation deaktiviert: er darf "
        "lesen, aber nicht handeln",
        "opted_out_contact": "$email hat sich von Aussendungen abgemeldet; an abgemeldete "
        "Kontakte wird nicht geschrieben",
        "bounced_address": "E-Mails an $email sind bereits zurückgekommen; an eine solche "
        "Adresse wird nicht gesendet",
        "daily_outreach_cap": "der Agent $agent hat heute schon $sent E-Mails gesendet; das "
        "Tageslimit liegt bei $cap",
        "daily_outreach_cap_in_flight": "der Agent $agent hat heute schon $sent E-Mails "
        "gesendet und $in_flight weitere sind freigegeben, aber noch nicht gesendet; das "
        "Tageslimit liegt bei $cap",
        "refund_exceeds_refundable": "die Erstattung von $amount übersteigt die $remaining, "
        "die für die Bestellung $order noch erstattungsfähig sind (Erstattungsregel der "
        "Veranstaltung: $rule)",
        "refund_exceeds_refundable_in_flight": "die Erstattung von $amount übersteigt die "
        "$remaining, die für die Bestellung $order noch erstattungsfähig sind, sobald die "
        "bereits freigegebenen $in_flight erstattet sind (Erstattungsregel der "
        "Veranstaltung: $rule)",
        "suppressed_recipient": "diese Adresse gehört einer Person, deren Daten auf ihren "
        "Wunsch gelöscht wurden, und steht auf der Sperrliste; sie darf nicht mehr "
        "kontaktiert werden",
        "missing_postal_address": "für die Organisation ist keine Postanschrift hinterlegt; "
        "CAN-SPAM verlangt die Postanschrift des Absenders in jeder Werbe-E-Mail",
        "refund_over_limit": "die Erstattung von $amount liegt über dem Limit von $limit",
        "refund_over_limit_asked": "die Anfrage verlangt eine Erstattung von $amount, über dem "
        "Limit von $limit",
        "refund_over_limit_signal": "die Anfrage betrifft eine Erstattung über dem Limit von "
        "$limit",
        "order_refunds_over_limit": "$earlier für die Bestellung $order; mit diesen $amount "
        "beträgt die Summe der Bestellung $total, über dem Limit von $limit",
        "customer_daily_refunds_over_limit": "$earlier heute für $customer (Bestellungen "
        "$orders); mit diesen $amount für die Bestellung $order beträgt die Tagessumme $total, "
        "über dem Tageslimit von $limit pro Kunde",
        "earlier_refunded": "$total bereits erstattet",
        "earlier_approved": "$total bereits freigegeben und noch nicht erstattet",
        "earlier_both": "$total bereits erstattet oder freigegeben ($refunded erstattet, "
        "$in_flight freigegeben und noch nicht erstattet)",
        "deal_over_limit": "$which von $value liegt über dem Limit von $limit",
        "deal_value": "der Wert der Opportunity",
        "new_deal_value": "der neue Wert der Opportunity",
        "deal_value_in_flight": "der von $source gesetzte Wert (noch nicht ausgeführt)",
        "pricing_customisation": "der Preis geht über das Paket $package hinaus: $customisations",
        "legal_review": "eine rechtliche Prüfung der Vertragsbedingungen wird verlangt ($terms)",
        "legal_review_signal": "die Anfrage verlangt eine rechtliche Prüfung der "
        "Vertragsbedingungen",
        "sensitive_topic": "die Anfrage betrifft eine Frage der $topics; eine Person antwortet",
        "upset_attendee": "die teilnehmende Person wirkt verärgert oder frustriert; eine "
        "Person antwortet",
        "stage_past_negotiation": "die Opportunity von $current auf $target zu setzen ist ein "
        "Phasenwechsel über die Verhandlung hinaus",
        "max_followups_reached": "$who hat $unanswered Nachfassaktionen ohne Antwort erhalten "
        "(höchstens $maximum); eine Person soll übernehmen",
        "max_followups_reached_anonymous": "der Kontakt hat $unanswered Nachfassaktionen ohne "
        "Antwort erhalten (höchstens $maximum); eine Person soll übernehmen",
        "external_default": "im assistierten Modus braucht eine externe Aktion die Freigabe "
        "einer Person ($tool erreicht jemanden außerhalb); die automatische Freigabe ist aus",
        "review_only": "der Agent $agent ist im Modus review_only: jede Aktion vom Typ $effect "
        "braucht die Freigabe einer Person",
        "ops_critical": "kritisches Betriebsproblem: $findings",
        "deliverable_overdue": "die Aufgabe '$title' ist $days Tage überfällig (kritisch ab "
        "$critical)",
        "vendor_cancelled": "der Dienstleister '$name' hat abgesagt",
        "budget_overrun": "der Budgetposten '$category' liegt $overrun über Plan (kritisch "
        "über $critical)",
        "ticket_pace": "der Ticketverkauf liegt $gap hinter dem Zielkurs, $days Tage vor der "
        "Veranstaltung (kritisch ab $critical Rückstand bei weniger als $max_days Tagen)",
        "graded_critical": "die Eskalation selbst ist als kritisch eingestuft",
    },
}
"""Each reason and phrase, by key; ``$name`` placeholders are filled from its values."""

TERMS: dict[Language, dict[str, str]] = {
    "en": {"current_stage": "its current stage"},
    "es": {
        "full": "completa",
        "partial": "parcial",
        "none": "sin reembolso",
        "safety": "seguridad",
        "security": "seguridad informática",
        "legal": "derecho",
        "read": "lectura",
        "draft": "borrador",
        "external": "externa",
        "current_stage": "su etapa actual",
    },
    "fr": {
        "full": "complète",
        "partial": "partielle",
        "none": "sans remboursement",
        "safety": "sécurité",
        "security": "sécurité informatique",
        "legal": "droit",
        "read": "lecture",
        "draft": "brouillon",
        "external": "externe",
        "current_stage": "son étape actuelle",
    },
    "de": {
        "full": "vollständig",
        "partial": "teilweise",
        "none": "keine Erstattung",
        "safety": "Sicherheit",
        "security": "IT-Sicherheit",
        "legal": "Rechtslage",
        "read": "Lesen",
        "draft": "Entwurf",
        "external": "extern",
        "current_stage": "ihrer aktuellen Phase",
    },
}
"""Words a reason names by a code (a refund rule, a topic, a tool's effect); a term with no
entry is written as its code."""


def dollars(amount: Decimal | float | int) -> dict[str, float]:
    """An amount as a value: ``{"money": 1250.0}``."""
    return {"money": float(amount)}


def term(code: str) -> dict[str, str]:
    """A word of ``TERMS`` as a value."""
    return {"term": code}


def phrase(key: str, **values: Value) -> dict[str, Any]:
    """A phrase of ``WORDING`` as a value of another."""
    return {"say": key, "values": values}


def joined(separator: str, items: list[Value]) -> dict[str, Any]:
    """Several values as one, joined by ``separator``."""
    return {"join": separator, "items": items}


def term_text(code: str, language: Language = "en") -> str:
    """A word of ``TERMS`` in ``language`` (its code when it has none)."""
    return TERMS.get(language, {}).get(code) or TERMS["en"].get(code) or code


def worded(key: str, values: Mapping[str, Value], language: Language = "en") -> str:
    """The text of ``key`` in ``language`` (English where the language lacks it)."""
    text = WORDING.get(language, {}).get(key) or WORDING["en"][key]
    filled = {name: _value(value, language) for name, value in values.items()}
    return Template(text).safe_substitute(filled)


def _value(value: Value, language: Language) -> str:
    if isinstance(value, Mapping):
        if "money" in value:
            return money(Decimal(str(value["money"])), language, cents=True)
        if "pct" in value:
            return localised(pct(float(value["pct"])), language)
        if "term" in value:
            return term_text(str(value["term"]), language)
        if "tool" in value:
            name = str(value["tool"])
            return name if language == "en" else action_words.tool_label(name, language)
        if "say" in value:
            return worded(str(value["say"]), value.get("values") or {}, language)
        if "items" in value:
            items = [_value(item, language) for item in value["items"]]
            return str(value.get("join", ", ")).join(items)
    return str(value)
