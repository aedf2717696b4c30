"""Impersonation of us and threats against people, with their object (en/es/fr/de).

"Posing as", "pretending to be", "se hace pasar por", "gibt sich als" are a security
matter only when what is posed as is us: our staff, the organiser, support, someone
"from" a company ("an Elvis impersonator", "posing as statues", "gibt sich als
Familienfest" are not). "amenaza", "menace", "bedroht" are a safety matter only when
people are threatened ("amenazó al personal", "menace le personnel", "bedroht unsere
Mitarbeiter"), not rain or a species ("la menace de pluie", "vom Aussterben bedroht").

The patterns read the normal form: lower case, accents removed, words separated by
single spaces (``normal_form``), and are bounded (no nested unbounded repetition).
"""

from __future__ import annotations

import re
import unicodedata

_US_EN = (
    r"(?:us|you|(?:your|our|the|an?|one of (?:your|our|the)) (?:\w+ )?"
    r"(?:staff|team|company|support|organi[sz]ers?|organi[sz]ation|agents?|employees?|crew|"
    r"box office|help ?desk|customer service|venue|security|stewards?|ticket office)|"
    r"staff|support|organi[sz]ers?|employees?|customer service|"
    r"(?:(?:someone|somebody) )?from \w+)"
)
_US_ES = (
    r"(?:nosotros|ustedes|usted|vosotros|nuestr\w+ \w+|su \w+|sus \w+|alguien de \w+|"
    r"(?:(?:el|la|los|las|un|una) )?(?:\w+ )?(?:organizador\w*|organizacion|personal|equipo|"
    r"soporte|emplead[oa]s?|staff|atencion al cliente|taquilla|seguridad))"
)
_US_FR = (
    r"(?:nous|vous|notre \w+|nos \w+|votre \w+|vos \w+|"
    r"(?:(?:le|la|les|l|un|une) )?(?:\w+ )?(?:organisat\w+|personnel|equipe|support|"
    r"service client|employes?|staff|billetterie|securite|membres?))"
)
_US_DE = (
    r"(?:uns|(?:(?:ihr|ihre|ihren|unser|unsere|unseren|euer|eure|der|die|den|ein|eine|einen) )?"
    r"(?:\w+ )?(?:veranstalter\w*|organisator\w*|support|personal|mitarbeiter\w*|team|"
    r"kundendienst|kundenservice|ticketservice|security))"
)
POSING_AS_US = (
    rf"(?:pretend(?:ing|ed|s)? to be|pos(?:ing|ed|es) as|impersonat(?:e|es|ed|ing)|"
    rf"impersonat(?:ion|ors?) of) {_US_EN}|"
    rf"(?:hace|hacen|haciendose|hizo|hicieron|hacia|hacian) pasar por {_US_ES}|"
    rf"(?:faisant|fait|font|faisait|faisaient) passer pour {_US_FR}|"
    rf"(?:gibt|geben|gab|gaben) sich (?:\w+ )?als {_US_DE}"
)
"""Someone posing as us (the usual phishing), with what is posed as."""

_PEOPLE_ES = (
    r"(?:personal|staff|equipo|emplead\w+|trabajador\w*|asistentes?|participantes?|gente|"
    r"personas?|nosotros|ninos|voluntari\w+|seguridad|camarer\w+|companer\w+|amig\w+|hij\w+|"
    r"novi\w+|mujer\w*|hombres?|chic\w+|client\w+|organizador\w*|taquiller\w+)"
)
_PEOPLE_FR = (
    r"(?:personnel|staff|equipe|employes?|agents?|benevoles?|participants?|spectateurs?|"
    r"clients?|organisat\w+|gens|personnes?|vigiles?|enfants?|femmes?|hommes?|amie?s?|"
    r"collegues?|securite|filles?|fils)"
)
_PEOPLE_DE = (
    r"(?:mitarbeiter\w*|personal|team|gaste?n?|besucher\w*|teilnehmer\w*|ordner\w*|kolleg\w*|"
    r"security|leute|personen|menschen|mich|uns|ihn|frau|mann|kind\w*|freund\w*)"
)
THREAT_TO_PEOPLE = (
    # es: "amenazó al personal", "la amenazó", "fui amenazado", "recibí amenazas"
    rf"amenaz\w* (?:a|al|a la|a los|a las|a mi|a mis|a un|a una|a nuestr\w+) (?:\w+ )?"
    rf"{_PEOPLE_ES}|(?:me|nos|te|le|les|la|lo|los|las) amenaz(?:o|aron|aba|aban|an|ando|ado)|"
    r"(?:fui|fue|fuimos|fueron|ha sido|han sido|siendo) amenazad\w*|amenazas|"
    # fr: "menace le personnel", "m'a menacé", "menaces de mort", "menace de me frapper"
    rf"menac\w* (?:le|la|les|l|nos|notre|mon|ma|mes|un|une|des|plusieurs) (?:\w+ )?{_PEOPLE_FR}|"
    r"(?:m|nous|t|l|les|vous) (?:a|ont|avait|avaient) menace\w*|"
    r"(?:ete|suis|sommes|etait|etaient) menace\w*|(?:des|recu|recoit|profere\w*) menaces|"
    r"menaces de mort|menac\w* de (?:me|nous|le|la|les|lui|leur|frapper|tuer|taper)|"
    # de: "bedroht unsere Mitarbeiter", "hat mich bedroht", "wurde bedroht"
    rf"bedroh\w* (?:\w+ )?{_PEOPLE_DE}|(?:hat|haben|hatte|hatten) (?:\w+ ){{0,4}}bedroht|"
    r"(?:wurde|wurden|werde|werden) (?:\w+ ){0,2}bedroht|(?:mord|bomben|todes)?drohung\w*"
)
"""A threat made against people, with who is threatened."""

_POSING = re.compile(rf"\b(?:{POSING_AS_US})\b")
_THREAT = re.compile(rf"\b(?:{THREAT_TO_PEOPLE})\b")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normal_form(text: str) -> str:
    """Lower case, accents removed, every run of other characters a single space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", plain).strip()


def poses_as_us(text: str) -> bool:
    """Whether ``text`` tells of someone posing as us (``POSING_AS_US``)."""
    return _POSING.search(normal_form(text)) is not None


def threatens_people(text: str) -> bool:
    """Whether ``text`` tells of a threat against people (``THREAT_TO_PEOPLE``)."""
    return _THREAT.search(normal_form(text)) is not None
