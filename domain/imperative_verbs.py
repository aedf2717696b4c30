"""Verbs a request opens with in the imperative, in the reply languages (normalised: lower
case, no accents): "invite", "pause", "reschedule", "envia", "relance", "schicke".

The router cuts a request at a new instruction (``nodes.routing.clauses``), and the
question reader keeps a short "Pause the LinkedIn ads?" a request
(``domain.question_mood``).
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


IMPERATIVE_VERBS = _words(
    """
    adjust analyse analyze announce answer arrange ask book boost build call cancel
    chase check close compare confirm contact create cut deal design detect dig do draft
    email enrich escalate estimate find fix follow forecast generate get give handle
    help identify improve increase invite launch let line list look make measure monitor
    move notify nudge pitch ping plan post predict prepare process profile project
    promote publish push qualify reach refund remind reply report research resend
    respond review run schedule search segment sell send set share show sort start test
    tell track transfer update verify write busca envia revisa prepara programa lanza
    analiza verifica investiga responde reembolsa lance envoie verifie programme
    recherche reponds rembourse relance prufe erstelle schicke sende plane analysiere
    recherchiere beantworte starte envie verifique pesquise analise responda agende
    haz manda reserva confirma organiza pide escribe crea llama cancela averigua contacta
    publica compara calcula actualiza cambia contesta ofrece reenvia devuelve gestiona
    comprueba encuentra dime dame muestra redacta trouve reserve confirme organise
    demande ecris cree appelle annule cherche contacte publie compare calcule mets
    ajoute propose renvoie prepare fais donne montre previens redige negocie commande
    finde buche bestatige organisiere frage schreib schreibe ruf rufe storniere suche
    kontaktiere vergleiche berechne aktualisiere schick gib zeig zeige bestelle kontrolliere
    informiere erstatte reserviere biete
    pull see put gather assess audit collect compile crunch tally pick shortlist scout
    grab fetch keep rank reconcile renew restock summarise summarize tidy vet warn
    assign bump gauge flag approve decline reject outline organize organise coordinate
    tweak revise rework refresh redo finalise finalize hold explain recommend suggest
    evaluate quantify calculate compute pinpoint spot highlight reserve secure buy
    hire recruit investigate troubleshoot diagnose resolve apologise apologize thank
    take go bring try raise extend reschedule postpone swap add remove delete archive
    reopen waive score grade rate rank mark pause resume stop halt drop offer rent tweet
    split fill sign tag log record note reassign upgrade downgrade chase nudge draft
    califica pausa detiene marca ofrece note marque pause suspends offre evalue
    markiere pausiere stoppe biete
    estima mira evalua junta reune recopila consigue saca averigua prepara
    estime regarde evalue rassemble recupere verifie prevois contacte
    schatze schau bewerte sammle hol ermittle pruf prognostiziere sag sage nenn nenne
    """
)
"""Imperative verbs: a word that opens a sentence with one of these asks for the act."""
