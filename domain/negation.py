"""Which actions a request says not to take ("just draft, don't send", "no envíes").

A request that names an action only to rule it out must not get that action proposed.
Negation is scoped to the action verb: "don't send the refund email" withholds sending,
"check the deliverables, don't escalate" withholds escalating and nothing else, and
"don't forget to send it" withholds nothing. English, Spanish, French and German basics
are understood; accents are folded first, so "envíes" and "envies" read the same.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from domain.email_pattern import EMAIL_ADDRESS
from domain.negation_referents import left_alone, not_now, pronoun_actions, self_done_actions

ACTION_TOOLS: dict[str, frozenset[str]] = {
    "send": frozenset(
        {"send_email", "send_email_campaign", "send_reminder", "resend_ticket", "schedule_post"}
    ),
    "escalate": frozenset({"escalate_issue", "escalate_to_human"}),
    "refund": frozenset({"process_refund"}),
    "post": frozenset({"schedule_post"}),
    "transfer": frozenset({"transfer_ticket"}),
    "invite": frozenset({"schedule_meeting"}),
    "change": frozenset({"update_crm"}),
    "propose": frozenset({"generate_proposal"}),
}
"""The external tools each action verb stands for."""

ANY_ACTION = "act"
"""The pseudo-verb of a request that rules out every action ("don't process anything",
"just tell me", "no hagas nada"): it withholds every external tool (``ACTION_TOOLS``'s
union, ``withheld_tools``)."""

VERBS: dict[str, str] = {
    "send": (
        r"send|sending|sent|re-?send(?:ing)?|emails?|emailing|e-?mail|mail|contact(?:ing)?|"
        r"reach(?:ing)? out|"
        r"enviar|envie|envies|reenviar|reenvies|enviemos|envien|enviarlo|enviarla|"
        r"mandar|mandes|mande|"
        r"envoyer|envoie|envoies|envoyez|envoyons|renvoyer|renvoie|"
        r"senden|sende|sendet|schicken|schick|schicke|schickt|verschicken|verschick|"
        r"abschicken|versenden|mailen|"
        r"remind(?:ing|ers?)?|nudg(?:e|es|ing)|chas(?:e|ing)|ping(?:ing)?|get in touch|"
        r"messag(?:e|ing)|recordar|recuerdes|relancer|relance|"
        r"relances|relancez|erinnern|erinnere"
    ),
    "escalate": (
        r"escalat(?:e|ing|ions?)|flag(?:ging)? (?:it )?(?:up|to)|"
        r"rais(?:e|ing) (?:it|this|that|the (?:issue|matter|problem)) (?:\w+ )?with|"
        r"tak(?:e|ing) (?:it|this|that) up with|"
        r"escalar|escales|escale|escalen|escalado|escalamiento|escalacion|"
        r"escalader|escalade|escaladez|remonter|"
        r"eskalieren|eskaliere|eskaliert|eskalation(?:en)?"
    ),
    "refund": (
        r"refund(?:s|ing)?|reimburs(?:e|ing|ements?)|"
        r"reembolsar|reembolsa|reembolses|reembolse|devolver|devuelvas|"
        r"rembourser|rembourse|remboursez|"
        r"erstatten|erstatte|erstattet|zuruckerstatten|ruckerstatten|"
        r"reembolsos?|remboursements?|(?:ruck)?erstattung(?:en)?"
    ),
    "post": (
        r"posts?|posting|publish(?:ing)?|publicar|publiques|publier|publie|posten|veroffentlichen|"
        r"schedul(?:e|ing)|programar|programes|programarlo|planifier|planifie|programmer|"
        r"programme|einplanen|planen"
    ),
    "transfer": r"transfer(?:ring)?|transferir|transfieras|transferer|ubertragen",
    "invite": r"invite|inviting|send (?:an? )?invite|invitar|invites|inviter|einladen|lade",
    # changing a record: "don't update the CRM", "no toques el estado", "nicht ändern"
    "change": (
        r"update|updating|change|changing|modify|modifying|edit|editing|touch|alter|"
        r"actualizar|actualices|actualice|cambiar|cambies|cambie|modificar|modifiques|tocar|"
        r"toques|toque|changer|modifier|modifies|modifiez|toucher|touches|touchez|"
        r"mettre a jour|andern|anderst|aktualisieren|aktualisiere|anfassen"
    ),
}
# A proposal ruled out by name or as what is not to be sent: "don't send them a proposal
# yet", "ne pas envoyer de proposition", "kein Angebot schicken".
VERBS["propose"] = (
    r"propos(?:e|ing|als?)|propuestas?|proponer|propositions?|proposer|angebote?|"
    rf"(?:{VERBS['send']}) (?:[\w'-]+ ){{0,2}}?(?:proposals?|propuestas?|propositions?|"
    r"offres?|angebote?)"
)

_SEND_NOUNS = (
    r"reminders?|messages?|e-?mails?|mails?|recordatorios?|correos?|mensajes?|rappels?|"
    r"courriels?|erinnerung(?:en)?|nachrichten?"
)
"""What is sent, named as a thing: it is ruled out only with a send verb after it ("keine
Erinnerung schicken", "ningún correo enviar", "pas de rappel à envoyer"); alone it is
often a filter ("attendees without messages from us", "die noch keine Erinnerung
bekommen haben")."""
_FOR_NOW = (
    r"for now|yet|por ahora|todavia|aun|pour l'instant|pour le moment|vorerst|erstmal|"
    r"fur den moment"
)
"""Words that may follow a negated thing to the clause's end ("ningún correo por ahora")."""
_NOUN_NEGATOR = (
    r"(?:no|not a|not any|kein|keine|keinen|ningun|ninguna|ningunos|ningunas|pas de|aucun|aucune)"
)

_EN_NEGATOR = (
    r"(?:don'?t|do not|dont|never|not|no need to|without|won'?t|aren'?t|isn'?t|"
    r"hold off on|hold off|refrain from|avoid|stop|skip|shouldn'?t|should not|mustn'?t|must not)"
)
_NOT_NEGATING = re.compile(
    r"\b(?:don'?t|do not|never) (?:forget|hesitate|wait|delay|let .{0,20}stop)\b"
)
"""Negators that ask for the action after all ("don't forget to send")."""

_LIGHT = (
    r"do|doing|make|making|issue|issuing|give|giving|offer|offering|process|processing|"
    r"hand out|handing out"
)
"""Light verbs that carry an action named by its noun ("we're not doing refunds", "don't
issue any refunds", "won't be giving refunds"): the noun says which action is meant."""
_GAP = (
    r"(?:(?:yet|ever|actually|really|just|go ahead and|bother(?: to| with)?|need to|have to|"
    rf"want to|automatically|any|anything|out|please|to|be|the|an?|more|{_LIGHT}) ){{0,3}}"
)
"""Words that may stand between a negator and its verb ("don't yet send", "do not
actually email", "don't bother with a reminder"); any other word ends the negation's
scope, so "I do not have their email" withholds nothing."""
_NOT_A_STATEMENT = (
    r"(?! (?:(?:yet|ever|still) )?(?:has|have|had|was|were|is|are|came|arrived|went|got|"
    r"showed|been|ha|han|hubo|llego|a ete|n'a|ist|sind|wurde|wurden|kam)\b)"
)
"""What a clause opening with "no" and the action's noun says when a verb follows: "no
refund has arrived" states what happened, it rules nothing out."""
_ES_LIGHT = (
    r"hacer|hacemos|hagas|haga|hagan|hagamos|haremos|tramitar|tramitamos|tramites|"
    r"procesar|procesamos|proceses|dar|damos|des|demos|ningun|ninguna|ningunos|ningunas|"
    r"mas|el|los|un|una"
)
"""Spanish light verbs and determiners between "no" and an action's noun ("hoy no
hacemos reembolsos", "no tramites ningún reembolso")."""
_ANY_GAP = r"(?:[\w'@.-]+ ){0,3}"
"""German puts "nicht" at the end of the clause: any three words may stand between."""

_ONLY_DRAFT = re.compile(
    r"\b(?:just|only|merely|simply) (?:a )?(?:draft|drafting|write|prepare)\b|"
    r"\bdraft(?:s)? only\b|\bsolo (?:un )?borrador\b|\bsolamente (?:un )?borrador\b|"
    r"\bjuste (?:un )?brouillon\b|\bseulement (?:un )?brouillon\b|"
    r"\bnur (?:einen |ein )?entwurf\b|\bnur entwerfen\b"
)
"""Asking for a draft only withholds sending."""

_REVIEW_FIRST = re.compile(
    r"\bfor me to (?:review|check|read|look (?:at|over)|see|approve|edit)\b|"
    r"\blet me (?:review|check|read|see|look (?:at|over)|approve|edit) "
    r"(?:it|them|this|that|the draft|the email|first)\b|"
    r"\bi(?:'ll| will) (?:send|forward) (?:it|them|this) (?:myself|later)\b|"
    r"\bbefore (?:it goes out|anything goes out|you send|sending)\b|"
    r"\bpara (?:que )?(?:lo|la)? ?revis\w*\b|\bpour que je (?:le |la )?reli\w*\b|"
    r"\bzum (?:gegen)?lesen\b|\bich (?:schicke|sende) (?:es|sie) selbst\b"
)
"""Asking to see a message first withholds sending it ("for me to review first")."""

_NOTHING_DONE = re.compile(
    # "don't process anything", "do not change anything yet", "don't take any action",
    # "without doing anything", "no actions", "read-only".
    rf"\b{_EN_NEGATOR} {_GAP}(?:do|process|change|execute|action|touch|modify|act on|"
    r"update|run|submit|approve) (?:anything|any ?thing|any of (?:it|this|that)|it yet)\b|"
    rf"\b{_EN_NEGATOR} {_GAP}(?:take|make|trigger|start) (?:any )?(?:actions?|changes?)\b|"
    r"\b(?:no|without) (?:actions?|changes?|doing anything)\b|\bread[ -]only\b|"
    # "just tell me / only check / just look up": the user asks to see, not to act.
    r"\b(?:just|only|simply) (?:tell|show|check|look|see|let me know|read|explain)\b|"
    # "I just want to know which stage", "solo quiero saber", "je veux juste savoir",
    # "ich will nur wissen": the speaker asks to be told.
    r"\b(?:just|only) (?:want|wanted|need|needed|wish|like) to (?:know|see|find out|check|"
    r"understand|hear)\b|\bsolo (?:quiero|queria|quisiera|necesito) (?:saber|ver|entender)\b|"
    r"\b(?:veux|voudrais|voulais|aimerais|souhaite) (?:juste|seulement|simplement) "
    r"(?:savoir|voir|comprendre)\b|"
    r"\b(?:will|mochte|wollte|muss) (?:ich |wir )?(?:nur|bloss|blos|lediglich) "
    r"(?:wissen|sehen|verstehen)\b|"
    # Spanish, French, German: "no hagas nada", "sin tocar nada", "ne fais rien",
    # "ne change rien", "nichts tun", "noch nichts machen", "nichts ändern".
    r"\bno (?:hagas|hagan|haga|proceses|procese|cambies|cambie|toques|toque|ejecutes) nada\b|"
    r"\bsin (?:hacer|tocar|cambiar|procesar) nada\b|\bsolo (?:dime|dinos|consulta|revisa|mira)\b|"
    r"\bne (?:fais|faites|fait|traite|traitez|change|changez|touche|touchez|lance|lancez) rien\b|"
    r"\bsans rien (?:faire|changer|toucher|traiter)\b|"
    r"\bnichts (?:tun|machen|andern|ausfuhren|bearbeiten|veranlassen|anfassen)\b|"
    r"\b(?:tu|mach|andere|fuhre) (?:noch )?nichts\b|\bnur (?:nachsehen|prufen|anschauen|sagen)\b|"
    # Nothing may leave the house: "nothing external", "no outbound contact", "keep it
    # internal", "nada externo", "rien d'externe", "nichts nach außen".
    r"\bnothing (?:external|outbound|outward|customer-facing|client-facing)\b|"
    r"\bno (?:external|outbound|outward) (?:actions?|emails?|messages?|contact|comms|"
    r"communications?)\b|\bkeep (?:it|this|everything|things) internal\b|"
    r"\bnada (?:externo|hacia fuera|hacia afuera)\b|\brien (?:d'externe|vers l'exterieur)\b|"
    r"\bnichts (?:nach (?:au(?:ss|\u00df)en|drau(?:ss|\u00df)en)|externes)\b"
)
"""Requests that rule out acting at all, whatever the action would be."""


def fold(text: str) -> str:
    """Lower case, accents removed, typographic apostrophes made plain."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _patterns(action: str) -> tuple[re.Pattern[str], ...]:
    verb = rf"(?:{VERBS[action]})"
    return (
        *_noun_patterns(action, verb),
        # English: "don't send", "do not escalate yet", "no need to refund", "without emailing".
        re.compile(rf"\b{_EN_NEGATOR} (?:to )?{_GAP}{verb}\b"),
        # "not yet": "refund not yet", "hold the send".
        re.compile(rf"\b{verb} (?:it |them |this |that )?(?:not yet|later, not now)\b"),
        # Spanish: "no envíes", "no lo envíes todavía", "sin enviar", "no hace falta enviar".
        re.compile(
            rf"\b(?:no|nunca|sin|no hace falta|no hay que|ningun|ninguna|ningunos|ningunas) "
            rf"(?:(?:lo|la|los|las|le|les|se|todavia|aun|el|la|hoy|{_ES_LIGHT}) )*{verb}\b"
            rf"{_NOT_A_STATEMENT}"
        ),
        # An action named by its noun, negated by a determiner: "aucun remboursement",
        # "no more refunds", "not a single reminder".
        re.compile(rf"\b(?:aucun|aucune|no more|not a single|not one) {verb}\b"),
        # A clause that opens with "no" and the action's noun: "no refunds today", "no
        # escalations please" (a bare "no" further in is often a filter: "orders with no
        # refunds").
        re.compile(
            rf"(?:^|\| )(?:(?:and|but|so|ok|please|y|pero|et|mais|und|aber|also|bitte) )*"
            rf"(?:no|nada de) {verb}\b{_NOT_A_STATEMENT}"
        ),
        # French: "n'envoie pas", "ne pas envoyer", "ne rembourse pas encore", "sans envoyer".
        re.compile(rf"\bn'{verb} (?:pas|jamais|rien)\b"),
        re.compile(rf"\bne (?:(?:le|la|les|lui|leur|l') ?)?{verb} (?:pas|jamais|personne|rien)\b"),
        re.compile(rf"\b(?:ne pas|ne jamais|sans|pas de|pas d') ?(?:(?:le|la|les|l') ?)?{verb}\b"),
        # German: "nicht senden", "schick sie nicht", "keine E-Mail senden", "ohne zu senden".
        re.compile(rf"\b(?:nicht|nie|ohne zu|ohne) {_ANY_GAP}{verb}\b"),
        # "nichts verschicken", "nichts mehr senden": nothing is the object (one word between
        # at most, so "nichts gegen eine Mail" does not withhold the mail).
        re.compile(rf"\bnichts (?:[\w'-]+ )?{verb}\b"),
        # "schick sie nicht", "eskaliere nichts", "erstatte noch nichts": the imperative
        # comes first and "nicht"/"nichts" closes its clause.
        re.compile(rf"\b{verb} {_ANY_GAP}(?:noch )?nichts?\b"),
        re.compile(rf"\bkeine? {_ANY_GAP}{verb}\b"),
        # "niemanden erinnern", "erinnere noch niemanden", "remind nobody": no one to act on.
        # Only the object forms: "Niemand hat geantwortet, also erinnere sie" asks to remind.
        re.compile(rf"\b(?:niemanden|niemandem) {_ANY_GAP}{verb}\b"),
        re.compile(
            rf"\b{verb} (?:(?:noch|bitte) )?(?:niemanden|niemandem|nobody|no one|nothing|"
            rf"nada|rien)\b"
        ),
    )


def _noun_patterns(action: str, verb: str) -> tuple[re.Pattern[str], ...]:
    """ "No reminder to send", "keine Erinnerung schicken": a negated thing that is sent,
    followed within three words by a send verb (see ``_SEND_NOUNS``)."""
    if action != "send":
        return ()
    return (
        re.compile(rf"\b{_NOUN_NEGATOR} (?:{_SEND_NOUNS}) (?:[\w'@.-]+ ){{0,3}}?{verb}\b"),
        # "ningún correo por ahora", "keine Erinnerung.", "no reminders, just check": the
        # negated thing ends its clause or only a "for now" follows; a bare "no" counts
        # only at the clause's start ("attendees with no messages yet" is a filter).
        re.compile(
            rf"(?:(?:^|\| )(?:no|not any)|\b(?:kein|keine|keinen|ningun|ninguna|ningunos|"
            rf"ningunas|pas de|aucun|aucune)) (?:{_SEND_NOUNS})(?: (?:{_FOR_NOW}))? ?(?:\||$)"
        ),
    )


def withheld_actions(text: str) -> frozenset[str]:
    """The action verbs (keys of ``ACTION_TOOLS``) that ``text`` says not to take."""
    folded = _NEGATED_QUESTION.sub(" ", _NOT_NEGATING.sub(" ", fold(text)))
    # Punctuation ends a negation's scope: "no, send it" withholds nothing.
    folded = re.sub(r"[,;:!?()]|\.(?=\s|$)|\s[-\u2013\u2014]+\s", " | ", folded)
    folded = re.sub(r"[^\w'@.|\-]+", " ", folded).strip()
    withheld = {action for action in VERBS if any(p.search(folded) for p in _patterns(action))}
    withheld |= _coordinated(folded, withheld)
    withheld |= pronoun_actions(folded, VERBS) | self_done_actions(folded, VERBS)
    if not_now(folded) or left_alone(folded, VERBS, withheld):
        withheld.add(ANY_ACTION)
    if _NOTHING_SENT.search(folded):
        withheld.add("send")
    if _ONLY_DRAFT.search(folded) or _REVIEW_FIRST.search(folded):
        withheld.add("send")
    if _NOTHING_DONE.search(folded):
        withheld.add(ANY_ACTION)
    return frozenset(withheld)


_NEGATED_QUESTION = re.compile(
    r"(?:^|(?<=[.!?] ))(?:(?:why|how come) don'?t|(?:(?:why|how come|but|so) )?(?:aren'?t|"
    r"isn'?t|doesn'?t|didn'?t|won'?t|wouldn'?t|can'?t|couldn'?t|shouldn'?t|wasn'?t|"
    r"weren'?t|haven'?t|hasn'?t))\b(?:(?! [-\u2013\u2014]+ )[^.!?,;:])*\?"
)
"""A question opening with a negated auxiliary ("why aren't the reminders going out?",
"isn't a refund the right call here?") asks or suggests; it rules nothing out. A bare
"don't" opens an instruction, and a comma or a dash ends the question's first clause
("don't reach out yet - who at Echo Labs...?" rules the outreach out)."""


_NOTHING_SENT = re.compile(
    r"\bnothing (?:(?:else|more|further) )?(?:gets sent|is sent|leaves|"
    r"(?:(?:should|can|may|must|will|is to) )?(?:goes|go) (?:out|to|until|anywhere)|"
    r"(?:should|can|may|must|will|is to) (?:be sent|leave))\b|"
    r"\bnada (?:sale|se envia|se manda)\b|\brien ne (?:part|sort)\b|\brien n'est envoye\b|"
    r"\bnichts (?:geht|wird) (?:\S+ )?(?:raus|hinaus|verschickt|versendet|gesendet)\b"
)
"""Nothing is to leave ("nothing goes to the board yet", "nothing gets sent until I say
so", "rien ne part", "nichts geht raus"): sending is withheld."""


_OR = r"(?:or|nor|ni|o|ou|oder|noch)"
"""The "or" that carries a negation to the next verb: "don't escalate or email anyone",
"no envíes ni publiques". "and" does not ("don't escalate and send the reminders" asks
for the reminders)."""


def _coordinated(folded: str, withheld: set[str]) -> set[str]:
    """Actions joined by "or" to an action already withheld ("do not escalate or email")."""
    found = set(withheld)
    while True:
        more = {
            action
            for action in VERBS
            if action not in found
            and any(
                re.search(
                    rf"\b(?:{VERBS[negated]}) (?:\S+ ){{0,2}}?{_OR} {_GAP}(?:{VERBS[action]})\b",
                    folded,
                )
                for negated in found
            )
        }
        if not more:
            return found - withheld
        found |= more


_DRAFTS_ON_HOLD = frozenset({"update_crm", "generate_proposal", "create_campaign"})
"""Internal writes that can wait on an approval too, or leave a record behind (a new draft
campaign): "don't change anything" and "just tell me" rule them out."""


def tools_of(action: str) -> frozenset[str]:
    """The external tools ``action`` (a ``VERBS`` key or ``ANY_ACTION``) stands for."""
    if action == ANY_ACTION:
        return frozenset(t for tools in ACTION_TOOLS.values() for t in tools) | _DRAFTS_ON_HOLD
    return ACTION_TOOLS[action]


def withheld_tools(text: str) -> frozenset[str]:
    """The external tools ``text`` rules out (empty when it rules out nothing)."""
    return frozenset(t for a in withheld_actions(text) for t in tools_of(a))


def withheld_reason(tool: str, text: str) -> str | None:
    """Why ``tool`` is withheld for ``text`` ("the request says not to send"), or None."""
    actions = withheld_actions(text)
    for action in sorted(actions - {ANY_ACTION}):
        if tool in ACTION_TOOLS[action]:
            return f"the request says not to {action}"
    if ANY_ACTION in actions and tool in tools_of(ANY_ACTION):
        return LOOK_ONLY
    return None


LOOK_ONLY = "the request asks only to look, not to act"
"""Why every action is withheld when the request only asks to look."""


_CLAUSE_BREAK = re.compile(
    r"(\s*(?:[,;:.!?¿¡()\n]|\s[-–—]+\s)\s*|\s+(?:but|just|only|instead|pero|solo|sino|mais|"
    r"juste|plutot|aber|nur|sondern)\s+)",
    re.IGNORECASE,
)
_RULED_OUT = re.compile(
    r"^(?:(?:and|so|but|please|pls|y|pero|et|mais|und|aber|also|bitte|por favor|"
    r"s il vous plait)\s+)*"
    r"(?:don'?t|dont|do not|never|not|no need to|without|hold off on|no$|"
    r"no (?:emails?|e-mails?|mails?|messages?|reminders?|escalations?|refunds?|posts?|"
    r"invites?|invitations?|outreach|contact|changes?|actions?|rush)|"
    # Spanish "no" rules out only as a command ("no lo envíes", "no hace falta"): "no he
    # recibido mi entrada" states what happened
    r"no (?:(?:lo|la|los|las|le|les|me|nos|te|se) )?\w+(?:es|as|eis|ais)|no hace falta|"
    r"no es necesario|no hay que|sin|nada de|"
    r"ne|n'|pas|sans|inutile de|pas besoin de|nicht|kein|keine|keinen|ohne|"
    # an action verb with no one or nothing for its object: "send nothing yet"
    rf"(?:{'|'.join(VERBS.values())}) (?:(?:yet|out|bitte|noch) )?"
    r"(?:nothing|nobody|no one|nada|rien|nichts|niemanden|niemandem))\b"
    # what did not happen ("never got my ticket", "not received") is a statement
    r"(?! (?:\w+ed|got|gotten|came|heard|had|been|seen|saw|gave|given|paid|bought|went|"
    r"arrived|showed|shown|anyone|anybody|yet received)\b)",
    re.IGNORECASE,
)


_HEDGE = re.compile(
    r"^(?:(?:and|but|y|pero|et|mais|und|aber)\s+)*(?:not (?:sure|certain|convinced|clear|"
    r"quite sure|100%)|no idea|no clue|no se si|ni idea|pas sur|pas certain|aucune idee|"
    r"nicht sicher|keine ahnung)\b"
)
"""Doubt about what was said ("not sure that's right", "no idea if ..."): it rules
nothing out."""


_STATED_VERB = (
    r"(?:\w{2,}ed|has|have|had|is|are|was|were|did|does|will|would|can|could|seems?|"
    r"sold|got|gotten|came|went|paid|bought|made|took|gave|given|said|told|heard|saw|seen|"
    r"showed|shown|left|sent|found|brought|kept|met|ran|won|lost|wrote|written|spoke|"
    r"knew|began|replies|answers|responds|shows|turns|comes|buys|pays|signs|opens|clicks)"
)
_NEGATED_SUBJECT = re.compile(
    r"^(?:(?:and|but|so|y|pero|et|mais|und|aber)\s+)*(?:"
    r"(?:not (?:even )?(?:a single|one|a|an)|not a soul|none of|nary a)\s+(?:[\w'-]+\s+){1,4}?"
    r"|(?:no one|no-one|nobody|not anyone|nothing)\s+(?:[\w'-]+\s+){0,3}?"
    rf"){_STATED_VERB}\b"
)
"""A negated subject and its verb ("not a single ticket sold since Monday", "not one
sponsor replied", "nobody has paid", "none of the speakers confirmed"): a statement of
what did not happen, the very problem asked about, not a subject ruled out. At least one
word (the subject's noun) stands before the verb after "not a"/"not one", so "not a paid
ads question" still says what the request is not about."""


def states_fact(clause: str) -> bool:
    """Whether ``clause`` opens with a negated subject and its verb (``_NEGATED_SUBJECT``)."""
    return _NEGATED_SUBJECT.match(fold(clause).strip()) is not None


def rules_out(clause: str) -> bool:
    """Whether one clause opens with a negation that rules something out ("no need to
    involve StreamHouse", "don't ping Acme"), as ``without_ruled_out`` reads a clause."""
    bare = fold(clause).strip()
    return (
        _RULED_OUT.match(bare) is not None
        and not _NOT_NEGATING.match(bare)
        and not _HEDGE.match(bare)
        and not _NEGATED_SUBJECT.match(bare)
        and "?" not in bare
    )


def without_ruled_out(text: str) -> str:
    """``text`` without the clauses that only rule something out ("don't start a new
    campaign - just tell me which one converts best" -> "just tell me which one converts
    best"), the rest verbatim, so what a request rules out does not choose its tool.

    What a dropped clause names stays in its place (``referents``): "don't update the CRM
    for Drift Data, I just want to know their stage" becomes "Drift Data, I just want to
    know their stage", so the rest still knows whose stage is asked.

    A clause is ruled out when it opens with a negation ("don't ...", "no need to ...",
    "not the forecast", "no lo envíes", "ne renvoyez rien", "nicht eskalieren"), unless the
    negation asks for the action after all ("don't forget to send"). Unchanged when
    nothing is ruled out or too little (under two words) would be left.
    """
    parts = _CLAUSE_BREAK.split(text)
    kept: list[str] = []
    dropped = False
    for index, part in enumerate(parts):
        if index % 2 == 0:  # a clause; odd indices are the breaks between them
            bare = fold(part).strip()
            after = parts[index + 1] if index + 1 < len(parts) else ""
            before = parts[index - 1] if index else ""
            question = "?" in after or "¿" in before  # "¿no hay parking?" asks, rules out nothing
            hedge = _HEDGE.match(bare) is not None  # "not sure that's right": doubt, no rule
            hedge = hedge or _NEGATED_SUBJECT.match(bare) is not None  # "not one sponsor replied"
            ruled_out = _RULED_OUT.match(bare) and not _NOT_NEGATING.match(bare)
            if ruled_out and not question and not hedge:
                dropped = True
                kept_words = referents(part)
                if kept_words:  # what it names stays: "don't touch the budget" -> "the budget"
                    kept.append(kept_words)
                    continue
                if kept:
                    kept.pop()  # the break before it goes too
                continue
        kept.append(part)
    result = "".join(kept).strip(" ,;:-–—").lstrip(". ")
    if not dropped or len(result.split()) < 2:
        return text
    return result


_CHANGE_OBJECT = re.compile(rf"\b(?:{VERBS['change']})\b\s+(?:(?:it|them|anything) )?(.+)$")
_NAME = re.compile(
    EMAIL_ADDRESS + r"|\b[A-Z]{2,}-\d+\b|"
    r"\b[A-Z][\w&'-]*(?:\s+(?:&\s+)?[A-Z][\w&'-]*)+"
)
"""An email, an id ("ORD-10463") or a run of two or more capitalised words ("Drift
Data"): a single capitalised word may be any German noun ("Erinnerung")."""


def referents(clause: str) -> str:
    """What a clause that rules an action out still names: the names in it ("ne pas
    envoyer de proposition à Kestrel Systems" -> "Kestrel Systems"), else the object of a
    change it rules out ("don't touch the budget" -> "the budget": the budget is still
    what is asked about, but "the CRM" of "don't update the CRM for Drift Data" would
    only point back at the update); "" when it names nothing."""
    words = clause.split()
    rest = clause[len(words[0]) :] if words else ""  # the opening word is capitalised anyway
    names = " ".join(m.group(0) for m in _NAME.finditer(rest))
    change = _CHANGE_OBJECT.search(fold(clause))
    return names or (change.group(1).strip() if change else "")
