"""What kind of answer a question asks for, read from its grammar rather than its topic.

The tool picker's topic words point at a subject ("sales", "revenue", "attendance"),
but several tools cover one subject and differ in what they say about it:

- ``future``: where a number will end up ("what will final sales be", "¿cuántas
  entradas vamos a vender?", "wie hoch wird der Umsatz am Ende sein?") is a forecast,
  not the figure so far;
- ``advice``: "what should we do", "que devrions-nous faire" asks for recommendations,
  even when it names the target it wants to reach ("to hit our attendance target");
- ``overview``: a casual "how's it looking today", "catch me up", "morning rundown"
  asks for the day's report;
- ``history``: whether we already reached someone ("did we already email her?", "have
  we ever contacted them", "¿ya les hemos escrito?", "a-t-on déjà contacté…", "haben wir
  sie schon angeschrieben?") asks what the record shows, not for the message to be sent.
- ``concerns``: "what should I be worried about", "any red flags" asks for the area's
  problems ranked by severity (the status report, the ranked recommendations).
- ``outcome``: whether a deal has come to an end ("has Clara Chen's company signed
  yet?", "¿ya firmaron?", "ob der Deal schon gewonnen ist") asks for the deal's state,
  not for the stage to be changed or a message sent.

These are grammatical cues (tense, modal verbs, a request to be brought up to date) in
English, Spanish, French and German, matched on the normalised request
(``adapters.offline.text.normal``). ``ANSWERED_BY`` names the tools that give each kind
of answer; the picker adds ``KIND_WEIGHT`` to a bound tool whose kind the question asks, and takes
it from a tool that only reports the figure so far when the question is about the future.
"""

from __future__ import annotations

import re
from typing import Literal

QuestionKind = Literal[
    "future", "advice", "overview", "history", "concerns", "outcome", "past_sponsorship"
]

KIND_WEIGHT = 1.5
"""About one job-naming trigger phrase: enough to choose between tools of one subject."""

_FUTURE = re.compile(
    r"\b(?:will|ll|going to|gonna|ends? up(?! (?:\w+ed|being|getting|gotten)\b)|land|"
    r"by the (?:event|end|day of)|"
    r"in the end|final|finish at|expected|"
    r"vamos a|va a|van a|terminara\w*|acabara\w*|sera|seran|al final|"
    r"allons|va|vont|finira\w*|seront|au final|a la fin|"
    r"wird|werden|am ende|schlussendlich|voraussichtlich)\b"
    r"|" + r"\b(?:reach|hit|make|meet|beat|miss|alcanz\w*|alcanc\w*|(?:llegar|llegu)\w* al?|"
    r"atteign\w*|atteind\w*|erreich\w*)"
    r" (?:the |our |that |this |el |la |nuestro |nuestra |l |notre |das |den |unser\w* )?"
    r"(?:\w+ ){0,2}(?:target|goal|objetivo|meta|objectif|\w*ziel)\b"
    r"|\b(?:target|goal|objetivo|objectif|ziel) (?:\w+ )?(?:erreich\w*|alcanz\w*|atteind\w*)"
)
"""Whether a target will be reached ("can we hit the 8000 target", "¿alcanzaremos el
objetivo?", "erreichen wir das Ziel") asks where the figure ends up: a forecast. "End up"
before a participle ("what share of orders end up refunded") tells what becomes of each
record, a share of the past, not where a total will land."""
_SO_FAR = re.compile(
    r"\b(?:so far|to date|until now|yet|already|last (?:week|month|year)|yesterday|"
    r"(?:have|did|has) we (?:reached|hit|made|met|beaten)|"
    r"hasta ahora|jusqu ici|bisher)\b"
)
_SET_AGAINST = re.compile(
    r"\b(?:vs|versus|compared (?:to|with)|against|as opposed to|next to|side by side|"
    r"frente a|comparado con|en comparacion con|par rapport a|compare a|face a|"
    r"gegenuber|verglichen mit|im vergleich zu)\b"
)
"""The figure so far set against where it will end up ("actual vs forecast"): the
forecast, which reports both, answers it."""
_ADVICE = re.compile(
    r"\b(?:should (?:we|i)|ought|what (?:would|do) you (?:recommend|suggest|advise)|"
    r"next (?:best )?moves?|how (?:do|can|could) we (?:improve|fix|boost|sell more|get more)|"
    r"any (?:advice|tips|ideas)|(?:a few|some|few|quick|couple of) (?:\w+ )?(?:ideas|tips)|"
    r"ideas (?:to|for|on how)|how (?:to|do we|can we) (?:push|boost|increase|grow|drive)|"
    r"ideas para|alguna idea|consejos|des idees|idees pour|astuces|ideen|tipps|vorschlage|"
    r"deberiamos|debemos|que hacemos|que hago|que recomiendas|"
    r"devrions|devons nous|que faire|que faut il|conseill\w*|"
    r"sollten wir|sollen wir|was tun|was schlagst du vor|empfiehlst)\b"
)
_OVERVIEW = re.compile(
    r"\b(?:how (?:is|s|are) (?:it|things|we|everything) (?:looking|going|doing)|"
    r"hows it (?:looking|going)|catch me up|"
    r"how (?:is |s |are )?(?:the |our |this )(?:summit|event|conference|show)(?: \w+)? "
    r"(?:looking|going|doing|tracking)|bring me up to (?:date|speed)|fill me in|"
    r"rundown|run down|round ?up|where (?:do )?(?:things|we) stand|"
    r"(?:daily|overall|big|full|general|whole) picture|state of play|lay of the land|"
    r"how did (?:we|today|yesterday) go|today s (?:numbers|update|summary)|"
    r"que tal va|comment ca se passe|point du jour|wie lauft es|tagesbericht)\b"
)
_REACHED = (
    r"(?:e ?mail\w*|mail\w*|contact\w*|write|written|wrote|reach\w* out|call\w*|phon\w*|ping\w*|"
    r"been in touch|spoken|spoke|talked|"
    r"escrito|contactado|llamado|mandado|enviado|"
    r"contacte\w*|ecrit|appele\w*|relance\w*|"
    r"geschrieben|angeschrieben|kontaktiert|angerufen|gemailt|gemeldet)"
)
_HISTORY = re.compile(
    r"\b(?:(?:did|have|has) (?:we|you|anyone|someone|somebody|anybody)(?: \w+)?"
    r" (?:already |ever |yet )?" + _REACHED + r"|"
    r"when did (?:we|you|anyone) last " + _REACHED + r"|"
    r"(?:ya )?(?:le |les |la |lo )?(?:hemos|habeis|has|ha) (?:ya )?" + _REACHED + r"|"
    r"(?:a t on|on a|avons nous|avez vous|as tu|a t il) (?:deja |bien )?" + _REACHED + r"|"
    r"(?:haben|hat|hast) (?:wir|ihr|du|jemand)\b.*\b(?:schon|bereits|je)\b.*\b" + _REACHED + r")\b"
)
_CONCERNS = re.compile(
    r"\b(?:worr(?:y|ies|ied|ying)|concern(?:ed|s|ing)?|red flags?|risks?|"
    r"keep(?:s|ing)? (?:me|us) up|on fire|what s (?:at risk|burning)|"
    r"preocup\w*|riesgos?|inquiet\w*|soucis?|risques?|"
    r"sorgen?|bedenk\w*|risiken|brennt)\b"
)
"""What to worry about ("what should I be worried about?", "any red flags?", "¿qué nos
debería preocupar?", "qu'est-ce qui est inquiétant ?", "worüber sollten wir uns Sorgen
machen?") asks for the problems ranked by severity across the area, not one figure."""
_OUTCOME = re.compile(
    r"\b(?:has|have|had|did|whether|if|is|are|was|were|will|ob|si|est ce que|ya)\b(?: \w+){0,8} "
    r"(?:signed|sign|won|lost|closed|committed|firmad[oa]s?|firmaron|firmo|ganad[oa]s?|"
    r"perdid[oa]s?|cerrad[oa]s?|signe\w*|gagne\w*|perdu\w*|conclu\w*|unterschrieben|"
    r"gewonnen|verloren|abgeschlossen|zugesagt|"
    # a deal's end in idiom: "come through", "pull out", "walk away", "back out", "go ahead"
    r"c[oa]me through|pull(?:ed|ing)? out|walk(?:ed|ing)? away|back(?:ed|ing)? out|"
    r"drop(?:ped|ping)? out|go(?:ing)? ahead|"
    r"(?:will|going to|gonna|ll|likely to|about to) (?:\w+ )?(?:close|sign|commit))\b"
)
"""A yes/no question (or one reported with "whether", "ob", "si") whose verb is a deal's
end: signed, won, lost, closed, in en/es/fr/de, or its idioms ("will they come through",
"did they pull out", "whether they'll walk away")."""
_PAST_SPONSORSHIP = re.compile(
    r"\b(?:(?:has|have|had|did)\b(?: \w+){0,4} (?:ever |already |previously )?sponsor(?:ed)?|"
    r"(?:was|were)\b(?: \w+){0,4} (?:ever |already |previously )?"
    r"(?:a |an |one of (?:our|the) )?(?:past |previous )?sponsors?|"
    r"sponsor(?:ed|s)? (?:\w+ ){0,3}(?:before|previously|in the past|last year|in 20\d\d)|"
    r"sponsorship history|(?:ha|han|habia) patrocinado|a (?:deja )?sponsorise|"
    r"hat (?:\w+ ){0,6}gesponsert)\b"
)
"""Whether a named party sponsored us before ("has Willow Data sponsored the summit
before?", "did they sponsor us last year?", "¿ha patrocinado...?"): its sponsorship
history, which the account's own record holds, not a search for new sponsors."""
_AUXILIARIES = frozenset({"has", "have", "had", "did", "was", "were"})
_NO_SUBJECT = frozenset({"ever", "already", "previously", "sponsor", "sponsored"})
"""Words right after the auxiliary that show the subject came before it ("Moss Bio has
sponsored us before")."""
_NOT_A_SPONSOR = frozenset(
    {
        *("that", "who", "which", "what", "whom", "whose", "any", "anyone", "anybody"),
        *("someone", "somebody", "some", "many", "most", "few", "other", "others", "we"),
        *("companies", "company", "sponsors", "brands", "firms", "businesses", "partners"),
        *("vendors", "exhibitors", "organisations", "organizations", "people", "teams"),
        *("events", "leads", "accounts", "prospects", "i", "you"),
    }
)
"""Subjects that name no one sponsor: "companies that have sponsored similar events
before" looks for sponsors, it asks no one's sponsorship history."""


def _asks_past_sponsorship(normalised: str) -> bool:
    """Whether a named sponsor (or a pronoun for one) is asked whether it sponsored us.

    The subject is the word after an opening auxiliary ("has Moss Bio ever sponsored"),
    else the word before the match ("Moss Bio sponsored us before"); a relative or a
    plural of the kind ("companies that have sponsored...") names none.
    """
    pos = 0
    while (match := _PAST_SPONSORSHIP.search(normalised, pos)) is not None:
        pos = match.start() + 1
        words = match.group(0).split()
        if words[0] in _AUXILIARIES and len(words) > 1 and words[1] not in _NO_SUBJECT:
            subject: str | None = words[1]
        elif words[0].startswith("sponsor") or words[0] in _AUXILIARIES:
            before = normalised[: match.start()].split()
            while before and (before[-1] in _AUXILIARIES or before[-1] in _NO_SUBJECT):
                before.pop()  # "... that have (ever) sponsored": the subject is further back
            subject = before[-1] if before else None
        else:
            return True  # the es/fr/de forms and "sponsorship history"
        if subject is not None and subject not in _NOT_A_SPONSOR:
            return True
    return False


ANSWERED_BY: dict[QuestionKind, frozenset[str]] = {
    "future": frozenset({"predict_attendance"}),
    "advice": frozenset({"recommend_actions"}),
    "overview": frozenset({"generate_report", "generate_status_report"}),
    "history": frozenset({"analyze_engagement"}),
    "concerns": frozenset({"generate_status_report", "recommend_actions"}),
    "outcome": frozenset({"qualify_lead"}),
    "past_sponsorship": frozenset({"research_company", "qualify_lead"}),
}
REACHING_OUT = frozenset({"send_email", "schedule_meeting"})
"""Tools that reach someone: a question whether we already did cannot be answered by
doing it again."""
NEW_PROSPECTS = frozenset({"search_sponsors"})
"""Tools that rank companies to approach next: they cannot say whether a named company
sponsored us before, however well "sponsor" names their topic."""
FIGURES_SO_FAR = frozenset({"query_database"})
"""Tools that report a figure as it stands today: they cannot answer a question about
where it will end up ("how many will we have sold by the event day"), however well its
topic words ("tickets sold") fill their arguments."""


def question_kinds(normalised: str) -> frozenset[QuestionKind]:
    """The kinds of answer ``normalised`` (a ``normal()`` request) asks for.

    Advice wins over the future ("what should we do so we will sell out" wants advice);
    a question about the figure so far is not about the future even when it says "will".
    """
    kinds: set[QuestionKind] = set()
    if _ADVICE.search(normalised):
        kinds.add("advice")
    elif _FUTURE.search(normalised) and (
        not _SO_FAR.search(normalised) or _SET_AGAINST.search(normalised)
    ):
        kinds.add("future")  # "sold so far vs where we'll end up": the forecast gives both
    if _OVERVIEW.search(normalised):
        kinds.add("overview")
    if _HISTORY.search(normalised):
        kinds.add("history")
    if _CONCERNS.search(normalised):
        kinds.add("concerns")
    if _OUTCOME.search(normalised):
        kinds.add("outcome")
    if _asks_past_sponsorship(normalised):
        kinds.add("past_sponsorship")
    return frozenset(kinds)


def kind_bonus(tool: str, kinds: frozenset[QuestionKind]) -> float:
    """What ``tool`` gains for answering the kinds of question asked."""
    if any(tool in ANSWERED_BY[kind] for kind in kinds):
        return KIND_WEIGHT
    if "history" in kinds and tool in REACHING_OUT:
        return -FUTURE_PENALTY
    if "past_sponsorship" in kinds and tool in NEW_PROSPECTS:
        return -KIND_WEIGHT
    return -FUTURE_PENALTY if "future" in kinds and tool in FIGURES_SO_FAR else 0.0


FUTURE_PENALTY = 2 * KIND_WEIGHT
"""What a figure-so-far tool loses on a question about the future: enough to outweigh its
filled arguments ("tickets" fills ``metric``) and a "how many" trigger, since whatever
it returns cannot answer where the figure will end up."""
