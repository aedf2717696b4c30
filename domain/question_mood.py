"""Whether a request only asks for information ("what's it worth?", "which converts best?").

A question asks to be told something; it is answered from what the tools read, not by
proposing an action or drafting copy. "How much can we still refund on ORD-11279?" asks
for an amount, "which of our campaigns converts best?" for a comparison, "is the deal
likely to close?" for a judgement. Polite commands phrased as questions ("can you
refund ORD-10501?", "could you draft...", "would you send...") and procedural ones ("how
do I get a refund?") are requests to act, as are suggestions ("why don't we send...",
"how about a post..."). So is a request with a command beside the question ("what's the
price? send it to Leo"): only a request whose every sentence is a question counts.

This reads the grammar of the sentence (interrogative word or inverted auxiliary first,
no modal of request) in English, Spanish, French and German, on folded text
(``domain.negation.fold``: lower case, accents removed).
"""

from __future__ import annotations

import re

from domain.imperative_verbs import IMPERATIVE_VERBS
from domain.negation import fold, withheld_actions
from domain.no_action_asked import is_disclaimer, without_disclaimers
from domain.stated_unknowns import states_unknown

_LEAD_IN = (
    r"(?:(?:so|ok|okay|hey|hi|hello|and|also|quick question|btw|hmm|well|y|et|und|"
    r"first|first of all|firstly|anyway|anyways|right|oh|one more thing|quick one|"
    r"primero|antes que nada|d'abord|tout d'abord|zuerst|erstmal|erst mal)[,:]? )*"
)
"""Words that may come before the question word ("so how did...", "hey, which...",
"first, what's the next step...", "anyway, which channel..."): discourse markers that
order or resume the talk and ask nothing themselves."""

_WH = (
    r"what|whats|what's|which|how|hows|how's|when|who|whos|who's|whom|whose|where|wheres|"
    r"where's|why|"
    r"que|qué|cual|cuales|cuanto|cuanta|cuantos|cuantas|cuando|como|quien|quienes|donde|"
    r"quel|quelle|quels|quelles|combien|quand|comment|qui|ou|pourquoi|qu'est-ce|est-ce|"
    r"was|welche|welcher|welches|welchen|welchem|wie|wann|wer|wen|wem|wo|warum|wieviel|"
    r"wohin|woher|wieso|weshalb|wozu"
)
_AUXILIARY = (
    r"is|are|was|were|does|did|has|have|do (?:we|they)|will|won't|wont|"
    r"hay|hubo|esta|estan|tiene|tienen|ha|han|"
    r"y a-t-il|a-t-on|ont-ils|est-il|est-elle|"
    r"ist|sind|gibt es|hat|haben wir|hatten|"
    # asking advice about an action ("should we chase them?", "¿deberíamos reembolsarlo?",
    # "faut-il relancer StreamHouse ?", "sollten wir sie erinnern?") asks for a judgement;
    # the action waits until the user asks for it
    r"should (?:we|i|they)|shall (?:we|i)|deberia(?:mos)?|debo|debemos|"
    r"faut-il|devrions-nous|devrait-on|devrais-je|dois-je|"
    r"sollten wir|sollen wir|soll ich|sollte ich"
)
_PREPOSITION = (
    r"(?:(?:to|for|from|with|at|on|by|in|a|de|en|para|por|con|pour|par|avec|an|auf|mit|von|"
    r"fur|bei|zu) )?"
)
"""A preposition that may come before the question word ("to which address...", "à quelle
adresse...", "a qué correo...", "an welche Adresse...")."""
_WHETHER_TO_ACT = re.compile(
    rf"^[¿¡\"'(\s]*{_LEAD_IN}(?:do|should|shall|must) (?:we|i)\b|"
    r"^[¿¡\"'(\s]*(?:deberia(?:mos)?|debo|debemos|faut-il|devrions-nous|devrait-on|devrais-je|"
    r"dois-je|sollten wir|sollen wir|soll ich|sollte ich)\b"
)
"""A question whether to do something ("do we raise it with the organiser?", "should we
chase them?", "shall I escalate?", "¿deberíamos reembolsarlo?", "sollen wir sie
erinnern?"): it asks for a judgement, not for the act."""
_QUESTION_START = re.compile(rf"^[¿¡\"'(\s]*{_LEAD_IN}{_PREPOSITION}(?:{_WH}|{_AUXILIARY})\b")
_FIND_OUT = (
    r"(?:see|check|find out|tell me|let me know|look at|mira|averigua|dime|regarde|"
    r"dis-moi|verifie|schau|sag mir|prufe|pruf)"
)
_HEDGE = (
    r"(?:(?:it'?d|it would|it will|it'?ll) be (?:good|great|nice|helpful|useful) "
    r"(?:if (?:someone|somebody|you|we) (?:could |can )?|to )|"
    r"(?:(?:it )?might be|it'?s|it is|probably) worth (?:it to )?|"
    r"(?:someone|somebody) (?:should|could|needs to|ought to) |can (?:someone|somebody) )?"
)
"""A hedge before the find-out verb ("it'd be good if someone double-checked whether",
"might be worth checking whether", "can someone look at why"): still only asks to be told."""
_FIND_OUT_DONE = (
    r"(?:(?:double[- ])?check(?:ed|ing)?|look(?:ed|ing)? (?:at|into)|found out|finding out|"
    r"see(?:ing)?|dig(?:ging)? into)"
)
"""The find-out verbs as a hedge inflects them ("if someone checked", "worth looking at")."""
_WISH_TO_KNOW = (
    r"(?:i(?:'d| would) (?:like|love|want) to (?:know|understand|see)|i want to know|"
    r"i (?:only |just )?(?:need|want) to know|all i (?:need|want) to know is|"
    r"i wonder|i'?m wondering|i was wondering|i'?m curious|i am curious|"
    r"me gustaria saber|quisiera saber|me pregunto|"
    r"j'aimerais savoir|je voudrais savoir|je me demande|"
    r"ich wurde gerne wissen|ich mochte wissen|ich frage mich)"
)
"""A wish to know ("I'd like to know whether", "I wonder which", "je me demande si"): a
question put as a statement about the speaker."""
_EMBEDDED_QUESTION = re.compile(
    rf"^[¿¡\"'(\s]*{_LEAD_IN}(?:just |only |quickly |solo |juste |nur )?"
    rf"(?:{_HEDGE}(?:{_FIND_OUT}|{_FIND_OUT_DONE})|{_WISH_TO_KNOW}),? "
    rf"(?:{_WH}|whether|if|si|ob|about)\b"
)
"""An imperative that only asks to be told ("see how the campaign is going", "check
whether the caterer confirmed", "dime cómo va"): a question in the form of a command."""
_LIST_ASK = re.compile(
    rf"^[¿¡\"'(\s]*{_LEAD_IN}(?:just |only |solo |juste |nur )?"
    r"(?:list|enumerate|lista|enumera|liste|enumere|nenne)\b"
)
"""An imperative to list records ("list every vendor that hasn't confirmed", "lista los
entregables atrasados"): it asks to be told which ones, like "which vendors...?"."""
_JOINED_COMMAND = re.compile(r"\b(?:and|then|y|luego|et|puis|und|dann)\b")
_IMPRESSION = re.compile(
    rf"^[\"'(\s]*{_LEAD_IN}(?:honestly,? |tbh,? )?(?:"
    r"(?:i'm|im|i am|we're|we are) (?:a (?:bit|little) |getting |really |kind of |kinda )?"
    r"(?:nervous|worried|concerned|uneasy|anxious|afraid|scared|not (?:sure|convinced))\b|"
    r"(?:it )?(?:feels|seems|looks) like\b|"
    r"i (?:don't|dont|do not) (?:quite |really |fully |entirely )?(?:trust|believe|buy)\b|"
    r"(?:i've |i have |i )?(?:got|get|have) a (?:bad|funny|weird) feeling\b|"
    r"(?:me preocupa|tengo la impresion|parece que|me da la impresion|no me fio)\b|"
    r"(?:j'ai l'impression|je m'inquiete|on dirait|il semble|je ne suis pas sur)\b|"
    r"(?:ich habe das gefuhl|ich mache mir sorgen|es sieht so aus|mir scheint)\b)"
)
"""A remark that voices a worry or an impression ("I'm nervous we're burning through the
venue money", "feels like the badge printing is slipping", "I don't quite trust the paid
channel numbers"): the implied need is to be told how things stand, not to act."""
_SEEMS = re.compile(r"\b(?:seems?|looks?|feels?) (?:to (?:have|be)|really|a bit|off|high|low)\b")
"""An impression voiced about a thing ("Marcus seems to have a lot on his plate", "the
August refunds seem really high to me", "numbers look off")."""
_REPORTED_QUESTION = re.compile(
    r"\b(?:wonders?|wondering|wondered|asks?|asked|asking|wants? to know|wanted to know|"
    r"pregunta|pregunto|quiere saber|se demande|demande|veut savoir|fragt|fragte|will wissen)"
    r"(?: me| us| mich| uns| nos| me)?,? (?:if|whether|si|ob)\b"
)
"""A question passed on from someone else ("a guest wonders if she'd get her money back",
"someone asked me if the booths are sorted"): it asks to be told the answer."""
_ACTION_WORDS = re.compile(
    r"\b(?:should|must|need to|needs to|have to|has to|let's|lets|remind|nudge|chase|"
    r"escalate|send|email|refund|draft|schedule|book|post|cancel|recuerda|envia|manda|"
    r"relance|envoie|erinnere|schick)\b"
)
"""A verb of doing beside the remark ("feels like we should nudge them") makes it a request."""

_ASKED_TO_ACT = re.compile(
    r"\b(?:let's|lets|remind|nudge|chase|escalate|send|email|refund|draft|schedule|book|post|"
    r"cancel|recuerda|envia|manda|relance|envoie|erinnere|schick)\b"
)
"""A verb of doing beside a statement of not knowing ("no idea when they confirm, so
remind them"); unlike ``_ACTION_WORDS`` a modal alone ("when they have to confirm") is
part of what is asked, not a request."""

_REQUEST_MODAL = re.compile(
    r"\b(?:can|could|would|will|won't|wont) (?:you|u|ya)\b|\bplease\b|\bpls\b|\bplz\b|"
    r"\bhow (?:do|can|could|should|would) (?:i|we|you)\b|\bhow to\b|"
    r"\bwhy (?:don't|dont|not)\b|\bhow about\b|\bwhat about\b|\bwhat if\b|\blet's\b|\blets\b|"
    r"\bpuedes\b|\bpodrias\b|\bpodria\b|\bpor favor\b|\bpuede usted\b|"
    r"\bpeux-tu\b|\bpeux tu\b|\bpourrais-tu\b|\bpourriez-vous\b|\bpouvez-vous\b|"
    r"\bs'il (?:te|vous) plait\b|"
    r"\bkannst du\b|\bkonntest du\b|\bkonnen sie\b|\bkonnten sie\b|\bbitte\b"
)
_OWN_PLAN = re.compile(
    r"^(?:(?:and|but|so|maybe|then|y|et|und|pero|mais|aber)[,]? )*"
    r"(?:i(?:'ll| will| might| may| could| plan to| am going to|'m going to|'m gonna| am gonna)|"
    r"je (?:vais|pourrais|compte)|ich (?:werde|konnte|will)|"
    r"(?:yo )?(?:voy a|podria|pienso))\b"
)
"""A sentence in which the speaker states a plan of their own ("I might reach out to them
later", "I'll call her myself"): it tells us something, it asks nothing of us, so it
neither makes nor unmakes a question."""
_REPORT = re.compile(
    r"^(?:[\w'-]+ ){0,4}?(?:told (?:me|us)|tells (?:me|us)|says|said|mentioned|mentions|wrote|"
    r"writes|emailed|reported|complained|claims|claimed|noticed|"
    r"me dijo|nos dijo|dice|dijo|comenta|comento|escribio|me escribio|"
    r"m'a dit|nous a dit|dit|a dit|a ecrit|m'a ecrit|signale|"
    r"sagt|sagte|meinte|meint|schreibt|schrieb|hat (?:mir )?(?:gesagt|geschrieben))\b"
)
"""A sentence that reports what someone else said ("a customer told me she never got
her ticket", "Sales mentioned Iron Logic hired a CMO", "Leila meinte, ..."): it tells us
the situation and asks nothing of us, so beside a question it leaves the question."""
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
"""A sentence ends at . ! ? or ; before a space (an email's or a number's dot does not)."""


_MODAL_FIND_OUT = re.compile(
    r"\b(?:can|could|would) (?:you|u|ya) (?:please |pls |just |quickly |maybe )*"
    r"(?:check|look up|look at|look into|see|find out|tell me|let me know|pull up|"
    r"double[- ]check)\b|"
    r"\b(?:puedes|podrias|puede usted) (?:mirar|revisar|ver|decirme|averiguar|comprobar|"
    r"consultar|hacer un (?:quick )?check)\b|"
    r"\b(?:peux-tu|peux tu|pourrais-tu|pourriez-vous|pouvez-vous) (?:me dire|regarder|"
    r"verifier|voir|trouver|chercher)\b|"
    r"\b(?:kannst du|konntest du|konnen sie|konnten sie)\b(?: [\w'-]+){0,8} (?:checken|prufen|"
    r"nachsehen|nachschauen|anschauen|ansehen|sagen|herausfinden|schauen)\b"
)
"""A polite question that asks to be told ("can you check where the Drift Data deal
stands?", "¿puedes mirar...?", "kannst du mal den Status checken?"): the modal asks for
a look, not for an action, unless an action is joined to it."""
_DOING = re.compile(
    rf"{_ACTION_WORDS.pattern}|\b(?:process|issue|resend|transfer|move|mark|update|change|"
    r"set|reembolsa|rembourse|erstatte|passe|setze)\b"
)


def asks_for_information(text: str) -> bool:
    """Whether every sentence of ``text`` is a question asking to be told something.

    A polite modal makes a request to act ("can you refund ORD-10501?"), except when
    what it asks is a look ("can you check where the deal stands?", ``_MODAL_FIND_OUT``)
    and no verb of doing comes with it.
    """
    folded = fold(text).strip()
    if not folded:
        return False
    looks = _MODAL_FIND_OUT.search(folded) is not None and not _DOING.search(folded)
    asking = _without_ruled_out_sentences(folded)
    if _REQUEST_MODAL.search(_MODAL_FIND_OUT.sub(" ", asking) if looks else asking):
        return False
    sentences = [_without_preamble(s) for s in _SENTENCE_END.split(folded)]
    sentences = [s for s in sentences if s.strip(" .!?;-–—")]
    asked = [
        s
        for s in sentences
        if not _OWN_PLAN.search(s) and not _only_rules_out(s) and not _only_reports(s)
    ]
    if len(asked) > 1 and withheld_actions(folded):
        # "Harbor still hasn't confirmed. Don't escalate yet - by when must they?": with an
        # action ruled out, a plain statement beside a question is its context, not an ask
        asked = [s for s in asked if not _plain_statement(s)] or asked
    if len(asked) > 1 and any(_asks_whether_to_act(s) for s in asked):
        # "Sales are way behind. Do we raise it with the organiser?": the statement is what
        # the advice is asked about; the act waits until the user asks for it
        asked = [s for s in asked if not _plain_statement(s)] or asked
    if not asked:
        return False
    return all(_is_question(s) or (looks and _MODAL_FIND_OUT.search(s)) for s in asked)


_WISH = re.compile(
    r"(?:i|we) (?:want|need|would like|'d like|d like)|need to|has to be|"
    r"quiero|necesito|je veux|il faut|ich will|ich mochte|bitte"
)


def _asks_whether_to_act(sentence: str) -> bool:
    """Whether the sentence asks whether we should do something (``_WHETHER_TO_ACT``)."""
    return sentence.rstrip().endswith("?") and _WHETHER_TO_ACT.search(sentence) is not None


def _plain_statement(sentence: str) -> bool:
    """A sentence that states a fact: no question, no opening imperative, no wish."""
    words = sentence.strip(" .!;-").split()
    if not words or sentence.rstrip().endswith("?"):
        return False
    if words[0] in IMPERATIVE_VERBS or _QUESTION_START.search(sentence) is not None:
        return False
    return _WISH.search(sentence) is None and _DOING.search(sentence) is None


def _without_ruled_out_sentences(folded: str) -> str:
    """``folded`` without its sentences that only rule an action out: their "please" or
    "bitte" ("Bitte nichts eskalieren. Warum hängen die Banner fest?") asks for nothing
    to be done, so it does not make the question beside them a polite command."""
    sentences = _SENTENCE_END.split(folded)
    kept = [s for s in sentences if not _only_rules_out(s.strip(" .!;"))]
    return " ".join(kept) if kept and len(kept) < len(sentences) else folded


def _without_preamble(sentence: str) -> str:
    """The sentence without what only says how it is meant, before what it asks.

    Disclaimers ("just curious, nothing to do: ...", ``domain.no_action_asked``) and,
    before a colon, a piece that only rules an action out ("don't send anything: how is
    the campaign doing?") are dropped; a sentence that is nothing else becomes empty.
    """
    text = without_disclaimers(sentence.strip())
    head, colon, rest = _partition_preamble(text)
    if colon and (
        is_disclaimer(head) or _only_rules_out(head.strip()) or _context_before(head, rest)
    ):
        text = without_disclaimers(rest.strip())
    return "" if is_disclaimer(text) else text.strip()


def _context_before(head: str, rest: str) -> bool:
    """Whether ``head`` only sets the scene for the question after the colon ("I've been
    in meetings all morning, but the team wants numbers: how many opens...?"): a
    statement with no verb of doing and no request in it, before a question."""
    head = head.strip()
    return bool(
        head
        and not _DOING.search(head)
        and not _REQUEST_MODAL.search(head)
        and not _QUESTION_START.search(head)
        and _is_question(rest.strip())
    )


_PREAMBLE_BREAK = re.compile(r"\s*:\s*|\s+[-–—]+\s+")
"""Where a preamble ends: a colon, or a dash between spaces ("don't send anything - how
many opened it?")."""


def _partition_preamble(text: str) -> tuple[str, str, str]:
    """``text`` split at its first preamble break, as ``str.partition`` does."""
    match = _PREAMBLE_BREAK.search(text)
    if match is None:
        return text, "", ""
    return text[: match.start()], match.group(0), text[match.end() :]


_RULING_OUT = re.compile(
    r"^(?:(?:and|but|so|y|pero|et|mais|und|aber)[,]? )*"
    # who or when may come first: "we're not doing refunds this week", "hoy no hacemos
    # reembolsos", "heute keine Erstattungen", "on ne fait pas de remboursement"
    r"(?:(?:today|this week|for now|right now|we|we're|we are|we'll|we will|i|i'm|"
    r"hoy|esta semana|por ahora|nosotros|aujourd'hui|cette semaine|pour l'instant|on|nous|"
    r"heute|diese woche|vorerst|wir|ich)[,]? )?"
    r"(?:(?:please |pls )?(?:don'?t|do not|dont|no need to|never|not|won'?t|aren'?t)|no|nothing|"
    r"no (?:hagas|cambies|toques|envies|hace falta)|nada|ne |rien|"
    r"keine?|nichts|bitte nichts|nicht)\b"
)
"""A sentence that only rules an action out ("No cambies nada.", "Don't send anything."),
beside a question, asks no action of us and makes no command; "No, send it." does not
(the negation does not reach the verb, ``domain.negation``)."""


def _only_rules_out(sentence: str) -> bool:
    """Whether the sentence opens with a negation that withholds an action."""
    if _RULING_OUT.search(sentence) is None or "," in sentence:
        return False  # "don't refund yet, escalate it" asks for something after the comma
    return withheld_actions(sentence) != frozenset()


def _only_reports(sentence: str) -> bool:
    """Whether the sentence reports what someone said, with no verb of doing in it ("the
    caterer said to send the invoice" carries a request)."""
    return _REPORT.search(sentence) is not None and not _DOING.search(sentence)


def _is_question(sentence: str) -> bool:
    """A sentence that opens with a question word or an inverted auxiliary, or asks to be
    told in the imperative ("see how the campaign is going") with no command beside it."""
    if _QUESTION_START.search(sentence) is not None:
        return True
    if _is_bare_question(sentence):
        return True
    if _is_remark(sentence):
        return True
    if states_unknown(sentence):  # "no idea when they confirm" asks when, unless it acts
        return _ASKED_TO_ACT.search(sentence) is None
    # "check how X is doing" asks; "check how X is doing and nudge them" also acts.
    asks = _EMBEDDED_QUESTION.search(sentence) or _LIST_ASK.search(sentence)
    return asks is not None and not _JOINED_COMMAND.search(sentence)


def _is_bare_question(sentence: str) -> bool:
    """A few words asked with a question mark and no verb of doing ("pipeline?",
    "newsletter conversions?", "Apex Cloud deal value?"): the terse form of "what is...?".
    With a verb of doing it still asks for the act ("refund ORD-10402?"), and so does one
    that opens with a verb in the imperative ("Pause the LinkedIn ads?")."""
    words = sentence.rstrip(" ?").split()
    return (
        sentence.rstrip().endswith("?")
        and 0 < len(words) <= BARE_QUESTION_WORDS
        and not _DOING.search(sentence)
        and not _opens_with_imperative(words)
    )


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_OBJECT_START = _words(
    "the a an our my your his her their its this that these those all every each him them it us me"
)
"""Words an imperative's object opens with ("Pause the ads?", "Ping them?")."""
_ALSO_NOUNS = _words(
    """
    deal report plan test post email call check list schedule update forecast profile
    project review record note rate score mark log tag split offer hold cut design draft
    contact answer build fix launch search segment share show sort start run help move
    process research reply track transfer push pitch audit swap drop stop rank grade flag
    spot highlight estimate request return look get do go make take set see let
    """
)
"""Imperative verbs that are as often nouns ("deal value?", "forecast accuracy?"): they
open a command only before its object's determiner or pronoun ("Call the caterer?")."""


def _opens_with_imperative(words: list[str]) -> bool:
    """Whether the words open with an imperative verb and its object ("invite jordan
    reyes to the dinner?", "upgrade maya to vip?", "reschedule the call?"); a word that
    is as often a noun opens one only before a determiner or pronoun ("deal value?")."""
    while words and words[0].strip(",") in ("please", "pls", "ok", "okay", "so"):
        words = words[1:]
    if len(words) < 2:
        return False
    head = words[0].strip("¿¡,")
    if head not in IMPERATIVE_VERBS:
        return False
    following = words[1].strip("¿¡,\"'")
    return (
        head not in _ALSO_NOUNS or following in _OBJECT_START or any(c.isdigit() for c in following)
    )


BARE_QUESTION_WORDS = 6
"""The longest verbless question read as terse; a longer one without a question word is
a statement said with a rising tone, left to the other tests."""


def _is_remark(sentence: str) -> bool:
    """A worry, an impression or a passed-on question, with no verb of doing in it."""
    voiced = (
        _IMPRESSION.search(sentence)
        or _SEEMS.search(sentence)
        or _REPORTED_QUESTION.search(sentence)
    )
    return voiced is not None and not _ACTION_WORDS.search(sentence)
