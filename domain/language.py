"""Which of the languages Switchboard answers in a request is written in (en, es, fr, de).

Cheap and deterministic: a count of each language's common function words, plus a few
spellings only one of them uses. English is the answer unless another language clearly
leads (at least two marks and more than English), so a terse "Refund ORD-10501" or a
request full of company names stays English.
"""

from __future__ import annotations

import re
import unicodedata

Language = str
LANGUAGES: tuple[Language, ...] = ("en", "es", "fr", "de")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WORDS: dict[Language, frozenset[str]] = {
    "en": _words(
        "the a an and or to of for in on with is are was be it this that my our your please "
        "can could would what how when which who do does don't not send check show"
    ),
    "es": _words(
        "el la los las un una unos unas y o de del al en con por para es son está están que "
        "qué cómo cuándo cuál mi mis nuestro nuestra su sus no lo le les se pero todavía "
        "pedido entradas envíes envía manda reembolso quiero puedes favor hola gracias "
        "investiga busca revisa dame muéstrame empresa dime hazme podrías puedo hay este esta "
        "estos estas sobre cuánto cuántos cuántas también nuestros nuestras"
    ),
    "fr": _words(
        "le la les un une des et ou de du au aux en avec pour est sont que qui quoi comment "
        "quand mon ma mes notre nos votre vos ne pas n'envoie envoie envoyez remboursement "
        "commande billets je veux pouvez merci bonjour s'il plaît encore il ils elle dans sur "
        "cette ces leur leurs nous vous avons avez eu été recherche vérifie relance fais "
        "montre donne entreprise société peux pourrais pourriez faites dis moi ce par quel "
        "quelle quels quelles combien"
    ),
    "de": _words(
        "der die das den dem des ein eine einen und oder zu von für mit ist sind nicht noch "
        "was wie wann welche mein meine unser unsere ihr ihre bitte senden schick schicke "
        "bestellung tickets erstattung ich möchte kannst können danke hallo nur keine "
        "recherchiere prüfe zeig gib firma unternehmen über du gibt mir uns wir im auf bei "
        "wegen mal schon laufen läuft"
    ),
}
_MARKS: dict[Language, re.Pattern[str]] = {
    "es": re.compile(r"[ñ¿¡]|ción\b|[áéíóú]"),
    "fr": re.compile(r"\b(?:[ldnsjc]|qu)'\w|[àâçèêëîïôûù]|œ|\w-t-(?:il|elle|on)\b"),
    "de": re.compile(r"[äöüß]|\b\w+(?:ung|keit|lich)\b"),
}
_TOKEN = re.compile(r"[\w']+")


def _folded_apostrophes(text: str) -> str:
    return unicodedata.normalize("NFC", text.lower().replace("\u2019", "'"))


def detect_language(text: str) -> Language:
    """``en``, ``es``, ``fr`` or ``de`` for ``text``; English when unsure."""
    lowered = _folded_apostrophes(text)
    words = _TOKEN.findall(lowered)
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _WORDS.items()}
    for lang, pattern in _MARKS.items():
        scores[lang] += min(len(pattern.findall(lowered)), 3)
    best = max(("es", "fr", "de"), key=lambda lang: (scores[lang], -LANGUAGES.index(lang)))
    if scores[best] >= 2 and scores[best] > scores["en"]:
        return best
    return "en"
