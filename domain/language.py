"""Which of the languages Switchboard answers in a request is written in (en, es, fr, de).

Cheap and deterministic: a count of each language's common function words and request
verbs, plus a few spellings only one of them uses. English is the answer unless another
language clearly leads (at least two marks and more than English), so a terse "Refund
ORD-10501" or a request full of company names stays English.

Spanish and French share many short words (de, la, un, que, en), so between them the
letters decide: é is common to both and counts for neither, while ñ ¿ ¡ á í ó ú are
Spanish and à â ç è ê ë î ï ô û ù œ French. A tie on the count goes to the language with
more of its own letters, and only then to the order of ``LANGUAGES``.
"""

from __future__ import annotations

import re
import unicodedata

Language = str
LANGUAGES: tuple[Language, ...] = ("en", "es", "fr", "de")
NAMES: dict[Language, str] = {"en": "English", "es": "Spanish", "fr": "French", "de": "German"}
"""Each language's English name, as a reply line ("Reply in Spanish.") writes it."""
OWN_NAMES: dict[Language, tuple[str, ...]] = {
    "en": ("english",),
    "es": ("español", "espanol", "castellano"),
    "fr": ("français", "francais"),
    "de": ("deutsch",),
}
"""What each language calls itself (with the unaccented spellings), lower-case."""


def language_named(name: str) -> Language | None:
    """The language ``name`` names, in English or in its own words ("Spanish", "Deutsch"),
    or None."""
    wanted = name.strip().lower()
    for language in LANGUAGES:
        if wanted == NAMES[language].lower() or wanted in OWN_NAMES[language]:
            return language
    return None


_NAMED_IN: dict[Language, tuple[str, ...]] = {
    "en": ("english", "englisch", "ingles", "anglais"),
    "es": ("spanish", "spanisch", "espagnol", "espanol", "castellano"),
    "fr": ("french", "franzosisch", "frances", "francais"),
    "de": ("german", "deutsch", "aleman", "allemand"),
}
"""Each language's name as the four languages write it, lower-case and unaccented."""
_NAME_TO_LANGUAGE = {name: code for code, names in _NAMED_IN.items() for name in names}
_WRITTEN_IN = re.compile(
    r"\b(?:in|en|auf|into|to)\s+(?:(?:the|la|el|le)\s+)?("
    + "|".join(sorted(_NAME_TO_LANGUAGE, key=len, reverse=True))
    + r")\b"
)


def language_asked_for(text: str) -> Language | None:
    """The language ``text`` asks something to be written in, or None.

    "three subject lines in Spanish", "zwei E-Mail-Texte auf Französisch", "un post en
    allemand", "translate it to German": the named language, whatever language the
    request itself is written in. A request that names none gets None.
    """
    folded = "".join(
        ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch)
    )
    match = _WRITTEN_IN.search(folded)
    return _NAME_TO_LANGUAGE[match.group(1)] if match else None


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
        "estos estas sobre cuánto cuántos cuántas también nuestros nuestras "
        # request verbs and words a terse or unaccented request still has
        "haz prepara crea lanza escribe redacta encuentra calcula reembolsa reenvía reenvia "
        "envia cancela muestra muestrame campaña campañas evento eventos patrocinio "
        "patrocinadores correo ingresos presupuesto semana hoy ayer cuanto cuantos cuantas "
        "cuando cual como porfa sin ya muy"
    ),
    "fr": _words(
        "le la les un une des et ou de du au aux en avec pour est sont que qui quoi comment "
        "quand mon ma mes notre nos votre vos ne pas n'envoie envoie envoyez remboursement "
        "commande billets je veux pouvez merci bonjour s'il plaît encore il ils elle dans sur "
        "cette ces leur leurs nous vous avons avez eu été recherche vérifie relance fais "
        "montre donne entreprise société peux pourrais pourriez faites dis moi ce par quel "
        "quelle quels quelles combien "
        # request verbs and words a terse or unaccented request still has
        "prépare crée écris rédige trouve calcule rembourse renvoie annule verifie cree "
        "ecris redige campagne campagnes événement evenement salle semaine mois hier "
        "aujourd'hui demain stp svp sans tout tous toutes très tres aussi déjà deja chez "
        "pourquoi pourrait quelqu'un regarder regarde peu beaucoup"
    ),
    "de": _words(
        "der die das den dem des ein eine einen und oder zu von für mit ist sind nicht noch "
        "was wie wann welche mein meine unser unsere ihr ihre bitte senden schick schicke "
        "bestellung tickets erstattung ich möchte kannst können danke hallo nur keine "
        "recherchiere prüfe zeig gib firma unternehmen über du gibt mir uns wir im auf bei "
        "wegen mal schon laufen läuft "
        # request verbs and words a terse or unaccented request still has
        "erstelle bereite schreib schreibe finde berechne erstatte storniere starte bestell "
        "bestelle pruefe prufe fuer ueber kampagne veranstaltung umsatz einnahmen woche "
        "heute gestern morgen alle sehr auch ohne viele wieviel "
        # auxiliaries and demonstratives a German question is built on
        "werden wird wurde wurden haben hatte hatten diesen dieser dieses diese monat "
        "monats jahr nächste nächsten naechste nachste letzte letzten sich kein wer warum"
        # function words of questions and negations ("In welcher Phase steht der Deal?",
        # "kein Angebot", "warum hängt es fest?"): a short German request has few others
        "kein keinen keiner keines welcher welches welchem welchen warum wieso weshalb wo "
        "wer wem wen steht stehen gerade eigentlich hat haben wird werden dass jetzt bis "
        "wieder doch denn wenn ob sich man dieser dieses diesen diesem"
    ),
}
_MARKS: dict[Language, re.Pattern[str]] = {
    "es": re.compile(r"[ñ¿¡áíóú]|ción\b"),
    "fr": re.compile(r"\b(?:[ldnsjc]|qu)'\w|[àâçèêëîïôûù]|œ|\w-t-(?:il|elle|on)\b"),
    "de": re.compile(r"[äöüß]|\b\w{3,}(?:ung|keit|lich)\b"),
}
"""Spellings only one language uses (é is French and Spanish alike, so it is in neither)."""
_TOKEN = re.compile(r"[\w']+")


def _folded_apostrophes(text: str) -> str:
    return unicodedata.normalize("NFC", text.lower().replace("\u2019", "'"))


_QUOTED = re.compile(
    r'"[^"]{3,}"|\u201c[^\u201d]{3,}\u201d|\u201e[^\u201c\u201d]{3,}[\u201c\u201d]|'
    r"\u00ab[^\u00bb]{3,}\u00bb|(?<!\w)'(?:[^']|(?<=\w)'(?=\w)){3,}'(?!\w)"
)
"""A quotation: "...", \u201c...\u201d, \u201e...\u201c, \u00ab...\u00bb, or '...' (an apostrophe
inside a word, as in 'je n'ai rien reçu', does not close it)."""
_OWN_WORDS_MIN = 4
"""Fewer words than this outside the quotations: the quotation is the request itself."""


def _unquoted(text: str) -> str:
    """``text`` without the words it quotes, when enough of its own words are left.

    "A customer wrote 'je voudrais un remboursement' - please refund ORD-11456" is an
    English request quoting French: the reply is for the one who asks, in their language.
    """
    outside = _QUOTED.sub(" ", text)
    return outside if len(_TOKEN.findall(outside)) >= _OWN_WORDS_MIN else text


def detect_language(text: str) -> Language:
    """``en``, ``es``, ``fr`` or ``de`` for ``text``, quotations set aside
    (``_unquoted``); English when unsure."""
    lowered = _folded_apostrophes(_unquoted(text))
    words = _TOKEN.findall(lowered)
    scores = {lang: sum(w in vocab for w in words) for lang, vocab in _WORDS.items()}
    letters = {lang: len(pattern.findall(lowered)) for lang, pattern in _MARKS.items()}
    for lang, count in letters.items():
        scores[lang] += min(count, 3)
    best = max(
        ("es", "fr", "de"),
        key=lambda lang: (scores[lang], letters[lang], -LANGUAGES.index(lang)),
    )
    if scores[best] >= 2 and scores[best] > scores["en"]:
        return best
    return "en"
