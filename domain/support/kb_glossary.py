"""Spanish, French and German question words mapped to the knowledge base's English terms.

The knowledge base is written in English and its keyword ranking matches English words,
so "¿Hay descuentos para grupos?" or "Gibt es Rabatte für Gruppen?" found nothing. The
search adds the English term of every word it recognises here to the query (the
attendee's own words stay, so nothing is lost). Words are matched on their start after
accents are folded ("descuent" covers descuento, descuentos), which keeps the list short.
Only attendee vocabulary of an event's help pages is listed: tickets, money, travel,
access and the event's services.
"""

from __future__ import annotations

import re
import unicodedata

from domain.language import Language, detect_language

_GLOSSARY: tuple[tuple[str, str], ...] = (
    # money
    ("reembols rembours erstatt devolucion remboursement geld zuruck", "refund"),
    ("descuent remise reduction rabatt ermassig", "discount"),
    ("factura facture rechnung quittung recibo recu", "invoice receipt"),
    (
        "coste costo cuesta precio cout prix kostet kosten gebuhr gratis gratuit kostenlos",
        "cost free",
    ),
    ("cancel annul storn abgesagt", "cancel"),
    # tickets and people
    ("entrada billet karte eintrittskart", "ticket"),
    ("transferir pasar ceder transferer ubertrag weitergeb", "transfer"),
    ("persona personne jemand anderen colega collegue kolleg", "someone else colleague"),
    ("nombre nom", "name"),
    ("grupo groupe gruppe equipo equipe team", "group team"),
    ("estudiant etudiant student", "student"),
    (
        "nino nina hijo hija bebe enfant fils fille kind sohn tochter familia famille familie",
        "children family",
    ),
    ("acreditacion badge ausweis namensschild abholen", "badge"),
    # venue and travel
    ("aparca estaciona parking parkplatz parken coche voiture", "parking car"),
    ("hotel alojamiento hebergement unterkunft", "hotel accommodation"),
    (
        "llegar lugar sede ubicacion direccion venir lieu adresse anfahrt veranstaltungsort",
        "venue directions",
    ),
    ("visado visa visum invitacion invitation einladung", "visa"),
    ("accesib accessib barrierefrei rollstuhl ruedas fauteuil", "accessibility wheelchair"),
    ("segurid securite sicherheit emergencia urgence notfall", "safety security"),
    ("salud sante gesundheit auxilios", "health first aid"),
    ("perdido perdu verloren fundburo", "lost found"),
    # programme and services
    ("agenda programa programme sesion seance vortrag zeitplan", "agenda sessions"),
    (
        "comida almuerzo repas dejeuner essen mittagessen alergia allergie vegano vegan",
        "food dietary allergy",
    ),
    ("cena diner abendessen", "dinner"),
    ("wifi internet wlan", "wifi"),
    ("streaming retransmision linea ligne online livestream", "livestream online"),
    ("grabacion enregistrement aufzeichnung video diapositiva folien", "recording slides"),
    ("foto photo filmar filmer filmen", "photo filming"),
    ("patrocin sponsor expositor exposant aussteller", "sponsor exhibitor"),
    ("privacidad datos confidentialite donnees datenschutz", "privacy data"),
    ("conducta conduite verhaltenskodex acoso harcelement belastigung", "conduct harassment"),
    ("soporte ayuda contacto assistance aide hilfe kontakt", "contact support help"),
    ("vip", "vip benefits"),
)

_ENTRIES: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    (tuple(words.split()), english) for words, english in _GLOSSARY
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def english_terms(query: str, language: Language | None = None) -> str:
    """The English knowledge-base terms for the non-English words of ``query`` ("" if none).

    Only a query in Spanish, French or German is read (an English one has the articles'
    own words); ``language`` is the query's when the caller already knows it. A listed
    stem of four letters or more matches the start of a word; shorter ones ("vip",
    "nom") must be the whole word.
    """
    if (language or detect_language(query)) == "en":
        return ""
    words = re.findall(r"[a-z]+", _fold(query))
    found: list[str] = []
    for stems, english in _ENTRIES:
        if any(_matches(word, stem) for stem in stems for word in words):
            found.append(english)
    return " ".join(found)


def _matches(word: str, stem: str) -> bool:
    return word.startswith(stem) if len(stem) >= 4 else word == stem
