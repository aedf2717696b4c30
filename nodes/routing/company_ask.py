"""What is asked about a company decides research or sales.

A company the tenant knows ("Kestrel Systems", "Ember Bio") is both departments'
business: research profiles it, sales works its deal. A short question about it often
holds no department word ("is Kestrel Systems still in the running?", "what's the deal
with Ember Bio? never heard of them"), and the classifier then reads the name's shape or
an idiom ("the deal with") instead of what is asked. ``company_ask`` reads what is asked:

- about the deal: its progress or terms (signing, closing, an offer or proposal, price,
  negotiation, paying, renewing, "still in the running", "next step", a sponsorship);
- about the company: who they are, what they do, their size, people, funding, news,
  reputation, background ("never heard of them", "what do they sell", "a qué se dedica",
  "leur taille", "wer steckt hinter").

Only one kind of cue decides; both or neither leave the reading as it is. The company's
own name is taken out first ("Iron Pay" is not a payment, "Atlas Analytics" not a
report). Used by ``named_reading`` when a text names a company record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.departments import DepartmentName
from nodes.routing.text import normalise

COMPANY_KINDS = frozenset({"company", "deal_company", "contact"})
"""Record kinds that are companies or their people (sales' and research's business
alike: "how much is Mateo Eriksson's deal worth", "what's his background")."""

_IDIOMS = re.compile(r"\bwhat(?:'s| is) the deal with\b|\bwhats the deal with\b")
""""What's the deal with X?" asks what X is about, not about a deal."""

_DEAL = re.compile(
    r"\b(?:deals?|clos(?:e|es|ed|ing)|sign(?:s|ed|ing)?|signature|contract|proposals?|offers?|"
    r"opportunit\w+|quotes?|terms|pric(?:e|es|ing)|discount|negotiat\w*|renew\w*|invoices?|"
    r"pa(?:y|ys|id|ying) (?:us|up|yet|the (?:invoice|deposit|balance|fee))|"
    r"pa(?:y|id)(?=[?.! ]*$)|payments?|"
    r"owe[sd]?|lands?|landing|in the running|still (?:in|on|alive|interested)|"
    r"commit(?:s|ted|ting)? (?:to (?:sponsor\w*|the (?:deal|package|sponsorship|contract|booth)|"
    r"(?:an?|the|our) \w+ (?:package|sponsorship|tier))|yet)|commit(?:s|ted)?(?=[?.! ]*$)|"
    r"next steps?|stage|pipeline|sponsor(?:s|ship\w*|ing)?|packages?|booth|"
    r"follow(?:ed|ing)?[ -]?up|chas\w+|"
    r"nudge|went quiet|gone quiet|ghost\w*|fell through|drop(?:ped)? out|pull(?:ed)? out|"
    r"back out|backed out|(?:get|getting|got|close to|closer to) a yes|say yes|said yes|"
    r"(?:lost|won|lose|win|losing|winning) (?:(?:the|this|that|our|their|a) )?"
    r"(?:deal|bid|sponsorship|contract|"
    r"account|business|pitch|tender)|lost (?:\w+ )?to (?:a |an |the )?(?:competitor|rival)|"
    r"we(?:'ve| have)? (?:lost|won)|crm|cerr\w+|firm(?:an|ar|aron|ado|amos|o|en)|contrato|"
    r"propuesta|oferta|negociacion|precio|descuento|renuev\w+|"
    r"renov\w+|factura|patrocin(?:io|ar|ador\w*)|paquete|sigue en pie|trato|acuerdo|"
    r"contrat|proposition|offre|devis|nego\w*|prix|remise|renouvel\w+|facture|parrainage|"
    r"affaire|accord|"
    r"abschluss|abschliess\w*|unterschr\w+|unterzeichn\w+|vertrag|angebot|verhandl\w+|preis|"
    r"rabatt|verlaeng\w+|verlang\w+|bezahl\w+|rechnung|paket|im rennen|abgesprungen|zusage|"
    r"zugesagt|absage|abgesagt)\b"
)
"""Cues that ask about the deal with the company (normalised text, accents dropped).

A word that is a deal's only in a deal's sense is a cue with the words that make it so:
"lost the bid" or "lost to a competitor" but not "lost their CEO", "paid us" or "pay the
invoice" but not "pay its drivers", "committed to sponsoring" but not "committed to
sustainability"."""

_PROFILE = re.compile(
    r"\b(?:who (?:is|are|runs|owns|founded|leads|started)|who(?:'s| is) behind|who are they|"
    r"never heard (?:of|about)|heard of them|never seen|"
    r"first time (?:i|we)(?:'ve)? (?:see|saw|seen|hear|heard)|"
    r"no idea who|who at|sponsored|patrocino|patrocinaron|patrocinado|gesponsert|sponsorise|"
    r"which (?:people|person)|what (?:do|does|did) (?:they|it|\w+) (?:do|sell|make|build|"
    r"offer)|what are they|background|backstory|history|founded|founders?|"
    r"leadership|executives?|who replaced|"
    r"(?:(?:their|its|a|new|former|old)|who(?:'s| is) (?:the|their)) (?:ceo|cfo|cto|coo)|"
    r"pa(?:y|ys) (?:its|their) (?:staff|people|employees|workers|drivers|engineers)|salar\w+|"
    r"wages?|sustainab\w+|esg|mission|values|culture|"
    r"headcount|employees|how big|big (?:outfit|company|player|firm)|"
    r"small (?:shop|outfit|company|firm)|size|hiring|layoffs?|funding|raised|fundrais\w*|"
    r"(?:raise|raising) (?:a |their |its )?(?:round|money|funds|capital)|investors?|"
    r"valuation|acquired|acquisition|got bought|merger|news|press|announc\w+|reputation|"
    r"reviews?|any good|(?<!to a )(?<!to )competitors?|industry|headquarter\w*|profile|"
    r"overview|brief on|"
    r"briefing|dossier|research\w*|look (?:into|up)|dig (?:into|up)|find out|investig\w+|"
    r"recherch\w+|who (?:should|do|can|could) we (?:talk|speak|reach|contact|approach|ask)|"
    r"which people|who(?:'s| is) the \w+ (?:person|contact|lead)|decision[- ]makers?|"
    r"con quien|a quien|qui (?:devrions|devons|faut|contacter)|contacter chez|mit wem|"
    r"ansprechpartner\w*|"
    r"quien(?:es)? (?:es|son|esta|estan|dirige)|a que se dedica\w*|que hacen?|fundador\w*|"
    r"director general|empleados|tamano|financiacion|noticias|prensa|adquiri\w+|"
    r"competidores|sector|perfil|que sabemos|"
    r"qui (?:est|sont|dirige)|que font|que fait|qu'est-ce qu'on sait|que sait-on|activite|"
    r"taille|effectif|fondat\w+|dirigeants?|pdg|levee de fonds|financement|actualit\w+|"
    r"presse|rachet\w+|concurrent\w*|profil|topo|fiche|"
    r"wer (?:ist|sind|steckt|leitet|fuhrt)|was macht|was (?:wissen|weiss) wir|hintergrund|"
    r"grunder|geschaftsfuhr\w+|mitarbeiter\w*|grosse|finanzierung|neues|nachrichten|"
    r"ubernomm\w+|wettbewerber|branche|steckbrief)\b"
)
"""Cues that ask about the company itself (normalised text, accents dropped). "Never
heard of them" asks who they are; "never heard back" is about our outreach, not them."""


def company_ask(text: str, name_spans: Iterable[tuple[int, int]]) -> DepartmentName | None:
    """Research or sales, as what ``text`` asks about the company it names; None when
    both kinds of cue or neither are there.

    Args:
        text: the request.
        name_spans: the character spans of the company names in ``text``, left out
            before the cues are read.
    """
    pieces: list[str] = []
    cursor = 0
    for start, end in sorted(name_spans):
        if start >= cursor:
            pieces.append(text[cursor:start])
            cursor = end
    pieces.append(text[cursor:])
    bare = normalise(" ".join(pieces))
    idiom = _IDIOMS.search(bare) is not None
    if idiom:
        bare = _IDIOMS.sub(" ", bare)
    deal = _DEAL.search(bare) is not None
    profile = _PROFILE.search(bare) is not None
    if deal and not profile:
        return "sales"
    if profile and not deal:
        return "research"
    return None
