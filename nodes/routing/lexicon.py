"""A small multilingual keyword lexicon per department (English, es, fr, de, pt).

Patterns are regular expressions on normalised text (lower case, no accents; see
``nodes.routing.text.normalise``), matched on word boundaries. They are chosen for
precision: a word that several departments use ("ticket", "report", "email",
"analyse") is left to the learned classifier. The lexicon feeds the classifier as six
extra features, tells the clause splitter whether a clause names any department's
business, and dates a department's first mention in a request.
"""

from __future__ import annotations

import re
from functools import cache

from domain.departments import DEPARTMENTS, DepartmentName
from nodes.routing.text import normalise


def _patterns_of(text: str) -> tuple[str, ...]:
    """Split a ``;``-separated list of patterns; line breaks inside one become a space."""
    return tuple(" ".join(part.split()) for part in text.split(";") if part.strip())


LEXICON: dict[DepartmentName, tuple[str, ...]] = {
    "sales": _patterns_of(
        r"""
        sponsor\w*; patrocin\w*; mecen\w*; prospect\w*; interessent\w*; proposals?;
        propuestas?; propostas?; proposition commerciale; angebot\w*; pipeline; deals;
        (?:the|a|this|that|our|big) deal; opportunit(?:y|ies); crm; bant; meddic; pitch\w*;
        exhibitors?; booths?; closed won; negotiat\w*; economic buyer; upsell\w*;
        oportunidad\w*; opportunites?; oportunidades?; negociac\w*; negociation\w*;
        verhandlung\w*;
        clientes? potenciales?; qualify; qualifie\w*; calific\w*; qualifizier\w*;
        lead scor\w*; (?:el|del|ese|este|un) trato; tratos; (?:der|den|dem|die) deals?;
        (?:l'|cette |une |leur |notre )affaire; (?:les|des|nos|ces|leurs) affaires en \w+;
        closed lost; lost deals?; why did we lose;
        close (?:it|the deal|them|this one) out; platinum; bronze;
        (?:gold|silver|startup) (?:package|tier|sponsor\w*|level|slot)s?;
        (?:gone|went|going|been) (?:quiet|silent|cold|dark) on us;
        never (?:writes?|wrote|replies|answers?) back; (?:stopped|not) (?:replying|responding) to us
        ; (?:expect|expected|expecting) (?:\w+ ){0,4}to close; close dates?;
        expected (?:close|closing)
        """
    ),
    "marketing": _patterns_of(
        r"""
        campaigns?; campanas?; campagnes?; kampagne\w*; campanhas?; marketing\w*;
        newsletters?; open rates?; click rates?; click-through; ctr; taux d'ouverture; taux
        de clics?; offnungsrate\w*; klickrate\w*; tasa de apertura; taxa de abertura;
        subject lines?; a/b; ab tests?; ctas?; calls? to action; landing pages?; social
        media; social posts?; redes sociales; redes sociais; reseaux sociaux; sozialen
        medien; linkedin[- ]posts?; (?:linkedin|instagram|facebook|x)-(?:posts?|beitrag\w*);
        instagram; twitter; tweets?; postagem; publicacion;
        beitrag; segment\w*; retarget\w*; roas; cpa; unsubscrib\w*; promo\w*; content
        calendar; ads; mailing list; (?:e-?mail )?blasts?; anuncios?; publicite\w*;
        werbung\w*; boletin\w*; mqls?; nurtur\w*; drip (?:emails?|campaigns?|sequences?)
        """
    ),
    "operations": _patterns_of(
        r"""
        deliverables; (?:the|a|each|every|this|that|overdue|late|next) deliverable;
        entregables?; livrables?; vendors?; suppliers?; proveedor\w*; prestataires?;
        lieferant\w*; fornecedor\w*; budget\w*; \w+budgets?; presupuesto\w*; orcamento\w*; overdue;
        deadlines?; plazos?; prazos?; fristen?; status report; status update; catering;
        caterers?; logistic\w*; run sheet; run of show; ops; operations?; overruns?;
        overspend\w*; remind\w*; recordatorio\w*; erinner\w*;
        relanc\w* (?:les |leurs |le |la )?(?:responsables?|prestataires?|fournisseurs?);
        aufgaben; tareas; tarefas; taches;
        traiteur\w*; echeances?; uberfallig\w*; vencid\w*; run-of-show; load-?in; load-?out;
        rota; montaje; aufbau\w*; deroule; contingency;
        interpreters?; photographers?; decorators?; dolmetscher\w*;
        confirmed yet; (?:not|never) confirmed; unconfirmed; yet to confirm;
        (?:hangt|hangen|hing|stecken|steckt) (?:\w+ ){0,4}fest
        """
    ),
    "support": _patterns_of(
        r"""
        refund\w*; (?<!tasa de )(?<!tasas de )reembols\w*; (?<!taux de )rembours\w*;
        ruckerstattung(?!squote)\w*; erstattung(?!squote)\w*;
        devolucion\w*; resend\w*; re-send\w*; transfer\w*; transferir; transferer;
        ubertragen; faqs?; knowledge base; invoices?; receipts?; qr code; check-in;
        complain\w*; complaints?; upset; angry; frustrated; support; billets?; ingressos?;
        entradas?; parking; wheelchair; accessib\w*; charged twice; never (?:got|received);
        (?:didn't|did not|haven't|have not|hasn't|has not) (?:get|got|received?); n'ai pas
        recu; nicht erhalten; nao recebi; no ha llegado; chargebacks?; internal
        (?:docs?|documentation|wiki|guides?); handbook; wiki; documentacion interna; manual
        interno; documentation interne; document interne; interne\w* (?:dokument\w*|anleitung);
        attendee
        (?:questions?|emails?|complaints?|requests?); order ord-\d+; ord-\d+;
        attendees? (?:asks?|asked|asking|is asking|wants to know|is wondering|wondering|says|said);
        (?:teilnehmer\w*|asistentes?|participantes?)
        (?:fragt|fragen|mochte wissen|will wissen|pregunta\w*|quiere saber|demande\w*|veut savoir);
        (?:livestream|stream) links?; parkplatz\w*; aparcamiento; estacionamiento; stationnement;
        badge pickup; visa (?:letters?|invitations?); base de conocimientos?;
        base de connaissances; wissensdatenbank
        """
    ),
    "analytics": _patterns_of(
        r"""
        forecast\w*; predict\w*; prevision\w*; previsao; prognose\w*; revenue\w*; ingresos;
        receitas?; chiffre d'affaires; umsatz\w*; anomal\w*; trends?; tendenci\w*;
        tendencias?; tendances?; insights?; kpis?; metrics?; dashboards?; demograph\w*;
        projections?; projected; spikes?; auswertung\w*; estadistic\w*; executive
        (?:summary|report); how many; the numbers; the data; target audience;
        auffalligkeit\w*; pronostico\w*; faturamento; unusual\w*; than (?:normal|usual);
        (?:one|any|single|particular) (?:odd|strange|weird|abnormal) day;
        (?:any|one|a|single) day (?:stands?|stood) out; out of the ordinary;
        refund rates?; (?:by|per) (?:ticket )?(?:types?|tiers?);
        taux de remboursements?; tasas? de (?:reembolsos?|devolucion\w*);
        (?:ruck)?erstattungsquote\w*;
        (?:porcentaje|proporcion) de reembolsos; pourcentage de remboursements;
        (?:meta|objetivo) de (?:entradas|ventas|asistencia|asistentes);
        objectif de (?:billets|ventes|participants); (?:ticket|verkaufs|teilnehmer)ziel\w*;
        (?:barely|not|hardly|slowly) (?:moving|selling); selling (?:slowly|badly|poorly);
        ventes? de billets; ventas de entradas; ticketverkauf\w*;
        anormal\w*; inhabituel\w*; ungewohnlich\w*; inusual\w*;
        (?:the |our )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* refunds;
        (?:weekly|monthly) refunds;
        refunds (?:in|for|during|over) (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*;
        refunds (?:in|for|during|over) (?:the (?:last|past)|last|this) (?:month|week);
        (?:por|par) (?:tipo|type)s?;
        cac; nps; net promoter; acquisition costs?; no-show rates?; conversion rates?;
        (?:share|percentage|proportion|fraction|porcentaje|proporcion|pourcentage|anteil)
        (?:of|de|des|der) (?:\w+ ){0,2}(?:orders|tickets|bookings|buyers|pedidos|entradas|
        commandes|billets|bestellungen|tickets);
        (?:behind|short|lagging)
        (?:on |of )?(?:our |the )?(?:ticket sales|(?:ticket|sales|attendance|revenue)
        (?:target|goal|plan));
        (?:daily|weekly|monthly) (?:campaign |ad |marketing )?spend;
        spend (?:per|by|each) (?:day|week|month|channel);
        spend over time; week by week; month by month; day by day; month over month; week over week;
        gasto (?:\w+ ){0,2}(?:por|mes a mes|semana a semana);
        depenses (?:\w+ ){0,2}(?:par (?:mois|semaine|jour|canal));
        \w*ausgaben pro (?:woche|monat|tag|kanal)
        """
    ),
    "research": _patterns_of(
        r"""
        research\w*; investiga\w*; recherch\w*; pesquis\w*; enrich\w*; firmographic\w*;
        (?:valid|verify|verifica|verifique|verifie|uberprufe)\w* (?:\w+ )?e-?mails?; correo
        electronico; bounce; profil\w*; perfil\w*; background; brief on;
        who is(?! (?:responsible|in charge|on it|handling|working on|doing));
        quien es(?! (?:responsable|el encargado)); qui est(?! (?:responsable|en charge));
        wer ist(?! (?:dafur |fur (?:\w+ ){1,3})?(?:verantwortlich|zustandig)); quem e;
        decision[- ]makers?; buying signals?; intent signals?;
        signals?; competitive intel\w*; intel; news; speaking at; spoken at; other
        organisers; target accounts?; company size; account intelligence; kaufsignal\w*;
        senales de compra; signaux d'achat; sinais de compra; firmenprofil\w*; dig (?:up|into);
        look into; linkedin profiles?; industry reports?; market size; informacion sobre;
        informations sur; (?:know|knew) (?:nothing|little|anything|much) about;
        what do we know about; que sabemos de; que sait-on de; was wissen wir uber;
        (?:walking|going|go) in blind; (?:no|zero|without any) background; unprepared;
        (?:based|headquartered) in; basee? a; con sede en; ansassig; hauptsitz;
        (?:feeling|trust|sure|doubts?|gefuhl|traue|zweifel\w*|doute|confiance|fio|dudas?)
        (?:\w+ ){0,3}(?:e-?mail[- ]?)?(?:address|adresse|direccion);
        @[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,4}[ ?:,-]{0,4}(?:\w+ ){0,3}(?:deliverable|valid|
        reliable|safe|legit\w*|bouncing|fiable|valide|valida|zustellbar|gultig|zuverlassig);
        (?:deliverable|valid|reliable|safe|legit|fiable|valide|valida|zustellbar|gultig|zuverlassig)
        (?:\w+ ){0,3}(?:la |l'|die |the )?(?:address|adresse|direccion|mailadresse|correo)?
        ?[a-z0-9._-]{1,64}@;
        annual revenue; revenue[- ]wise; turnover; headcount; valuation; valorisation;
        jahresumsatz; mitarbeiterzahl; chiffre d'affaires annuel; ingresos anuales;
        facturacion anual;
        who (?:should|shall|do|would|could|can) (?:we|i)
        (?:be )?(?:talk|speak|turn|write|contact|reach)(?:ing)?(?: out)?(?: to| with)?
        (?:at|in|from);
        (?:best|right) (?:person|people|contact) (?:to (?:approach|contact|talk to|speak to) )?at;
        how much revenue does; jahresumsatz\w*; cuanto factura;
        (?:which|what) (?:people|persons?|contacts?|individuals) (?:at|in|from);
        con quien (?:deberiamos |debemos |deberia |podemos |hay que )?(?:hablar|hablamos|contactar);
        a quien (?:deberiamos |debemos |hay que )?(?:contactar|llamar|escribir);
        qui (?:devrions-nous|devrait-on|doit-on|faut-il|dois-je) contacter;
        avec qui (?:devrions-nous|doit-on|faut-il|dois-je) (?:parler|discuter);
        mit wem (?:sollten|sollen|konnen|mussen|soll|sollte) (?:wir|ich);
        an wen (?:sollten|sollen|konnen|soll|sollte) (?:wir|ich) uns
        """
    ),
}


@cache
def _patterns() -> dict[DepartmentName, re.Pattern[str]]:
    return {dept: re.compile(r"\b(?:" + "|".join(LEXICON[dept]) + r")\b") for dept in DEPARTMENTS}


def keyword_positions(text: str) -> dict[DepartmentName, list[int]]:
    """Where each department's keywords occur in the normalised ``text``.

    Returns:
        Department name to the start offsets (in normalised text) of its keyword
        matches; departments with no match are left out.
    """
    normalised = normalise(text)
    found: dict[DepartmentName, list[int]] = {}
    for dept, pattern in _patterns().items():
        starts = [match.start() for match in pattern.finditer(normalised)]
        if starts:
            found[dept] = starts
    return found


def keyword_counts(text: str) -> list[int]:
    """Keyword matches per department, in ``DEPARTMENTS`` order (the classifier's features)."""
    positions = keyword_positions(text)
    return [len(positions.get(dept, ())) for dept in DEPARTMENTS]
