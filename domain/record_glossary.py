"""Spanish, French and German words for the English words event budget lines and
deliverables are named with.

A tenant names its records in English ("Security", "Insurance certificate", "Book VIP
transfers"); a request in another language names them in its own words ("el presupuesto
de seguridad", "la visite d'accessibilité", "das Marketingbudget"). ``english_words``
reads a request's folded tokens as the English words they stand for, so the name
matcher can find the record. Only words of event operations are here (budget
categories and the nouns of tasks): a small glossary, not a translator. Keys are folded
(lower case, no accents) as ``adapters.offline.text.tokens`` gives them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

GLOSSARY: dict[str, str] = {
    # budget categories
    "seguridad": "security",
    "securite": "security",
    "sicherheit": "security",
    "restauracion": "catering",
    "restauration": "catering",
    "comida": "catering",
    "verpflegung": "catering",
    "bewirtung": "catering",
    "imprevistos": "contingency",
    "imprevus": "contingency",
    "contingencia": "contingency",
    "notfallreserve": "contingency",
    "publicidad": "marketing",
    "mercadotecnia": "marketing",
    "ponentes": "speakers",
    "oradores": "speakers",
    "intervenants": "speakers",
    "conferenciers": "speakers",
    "redner": "speakers",
    "referenten": "speakers",
    "sprecher": "speakers",
    "viajes": "travel",
    "viaje": "travel",
    "voyages": "travel",
    "deplacements": "travel",
    "reisen": "travel",
    "reise": "travel",
    "reisekosten": "travel",
    "produccion": "production",
    "produktion": "production",
    "voluntarios": "volunteers",
    "benevoles": "volunteers",
    "freiwillige": "volunteers",
    "helfer": "volunteers",
    "impresion": "printing",
    "imprenta": "printing",
    "impression": "printing",
    "druck": "printing",
    "senaletica": "signage",
    "senalizacion": "signage",
    "signaletique": "signage",
    "beschilderung": "signage",
    "lugar": "venue",
    "sede": "venue",
    "recinto": "venue",
    "lieu": "venue",
    "salle": "venue",
    "veranstaltungsort": "venue",
    # the nouns of deliverables
    "certificado": "certificate",
    "certificat": "certificate",
    "attestation": "certificate",
    "zertifikat": "certificate",
    "nachweis": "certificate",
    "seguro": "insurance",
    "assurance": "insurance",
    "versicherung": "insurance",
    "traslados": "transfers",
    "traslado": "transfers",
    "transferts": "transfers",
    "transfert": "transfers",
    "visita": "walkthrough",
    "recorrido": "walkthrough",
    "visite": "walkthrough",
    "begehung": "walkthrough",
    "accesibilidad": "accessibility",
    "accessibilite": "accessibility",
    "barrierefreiheit": "accessibility",
    "iluminacion": "lighting",
    "eclairage": "lighting",
    "beleuchtung": "lighting",
    "almuerzo": "lunch",
    "dejeuner": "lunch",
    "mittagessen": "lunch",
    "diapositivas": "slides",
    "transparents": "slides",
    "folien": "slides",
    "pancartas": "banners",
    "banderoles": "banners",
    "banner": "banners",
    "logotipos": "logos",
    "horario": "timetable",
    "horaires": "timetable",
    "fahrplan": "timetable",
    "lanzadera": "shuttle",
    "navette": "shuttle",
    "interpretes": "interpreters",
    "dolmetscher": "interpreters",
    "cabinas": "booths",
    "cabines": "booths",
    "kabinen": "booths",
    "moderadores": "moderators",
    "moderateurs": "moderators",
    "moderatoren": "moderators",
    "acreditaciones": "badge",
    "acreditacion": "badge",
    "badges": "badge",
    "plano": "plan",
    "lageplan": "plan",
    "capacidades": "capacities",
    "capacites": "capacities",
    "kapazitaten": "capacities",
    "cafe": "coffee",
    "kaffee": "coffee",
}
"""Folded es/fr/de word: the English word budget lines and deliverables are named with."""

LINKING_WORDS = frozenset(
    [
        "de",
        "del",
        "d",
        "du",
        "des",
        "la",
        "le",
        "les",
        "los",
        "las",
        "el",
        "al",
        "au",
        "aux",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "vom",
        "von",
    ]
)
"""Articles and "of" that join a foreign compound's parts ("certificado del seguro",
"visite d'accessibilité"): English names have none between their words."""

AMBIGUOUS = frozenset({"seguro", "lugar", "lieu", "cafe", "kaffee", "reise", "plano"})
"""Glossary words that are more often common words: "seguro" is "sure" ("no estoy
seguro"), "en lugar de" / "au lieu de" is "instead of", "un cafe con el proveedor" is a
coffee, "Reise-Pauschale" a flat travel rate, "plano" is "flat". Such a word names a
budget line or deliverable only beside a word that says so (``MARKERS``)."""
MARKERS = frozenset(
    {
        "presupuesto",
        "presupuestos",
        "partida",
        "linea",
        "rubro",
        "certificado",
        "certificados",
        "budget",
        "budgets",
        "line",
        "item",
        "poste",
        "ligne",
        "certificat",
        "attestation",
        "zertifikat",
        "nachweis",
        "posten",
        "kosten",
        "certificate",
    }
)
"""Words that say a budget line or deliverable is meant ("el presupuesto del lugar",
"certificado del seguro")."""
MARKER_REACH = 3
"""How many tokens away a marker may stand from the ambiguous word it vouches for."""

COMPOUND_HEADS = ("budgets", "budget", "kosten", "posten")
"""What a German compound naming a budget line ends in ("Sicherheitsbudget",
"Marketingkosten"): the part before it names the line."""
COMPOUND_HEAD_ENGLISH = "budget"
COMPOUND_PREFIX_MIN = 4
MAX_WORD = 40
"""Longer tokens are no words of a name; they are left as they are (bounded work)."""


def english_words(words: Sequence[str]) -> list[tuple[str, int]]:
    """``words`` (folded tokens) as the English words they stand for, each with the
    position of the token it came from; linking words are left out.

    A glossary word becomes its English word ("seguridad": "security"); a German
    compound ending in "budget" is read as its two parts ("sicherheitsbudget":
    "security", "budget"; the linking "s" dropped), and so is one of two glossary words
    ("versicherungszertifikat"); every other word stays as it is.
    Linear in the number of words.
    """
    out: list[tuple[str, int]] = []
    marked = _marker_counts(words)
    for position, word in enumerate(words):
        if word in LINKING_WORDS:
            continue
        if word in AMBIGUOUS and not _near_marker(marked, position):
            out.append((word, position))  # a common word here ("no estoy seguro")
            continue
        if word in GLOSSARY:
            out.append((GLOSSARY[word], position))
            continue
        parts = _glossary_compound(word)
        if parts is not None:
            out.extend((GLOSSARY[part], position) for part in parts)
            continue
        head = _compound_head(word)
        if head is None:
            out.append((word, position))
            continue
        prefix = word[: -len(head)]
        if prefix not in GLOSSARY and prefix.endswith("s") and prefix[:-1] in GLOSSARY:
            prefix = prefix[:-1]  # the linking "s" of "Sicherheitsbudget"
        out.append((GLOSSARY.get(prefix, prefix), position))
        out.append((COMPOUND_HEAD_ENGLISH, position))
    return out


def _marker_counts(words: Sequence[str]) -> list[int]:
    """Running count of marker words: ``counts[i]`` markers among ``words[:i]``; a
    German compound ending in a budget word counts as one."""
    counts = [0]
    for word in words:
        is_marker = word in MARKERS or _compound_head(word) is not None
        counts.append(counts[-1] + int(is_marker))
    return counts


def _near_marker(counts: list[int], position: int) -> bool:
    """Whether a marker stands within ``MARKER_REACH`` tokens of ``position``."""
    last = len(counts) - 1
    start, end = max(0, position - MARKER_REACH), min(last, position + MARKER_REACH + 1)
    return counts[end] - counts[start] > 0


def _glossary_compound(word: str) -> tuple[str, str] | None:
    """A German compound of two glossary words ("versicherungszertifikat": "versicherung"
    and "zertifikat", the linking "s" dropped), or None."""
    if not 2 * COMPOUND_PREFIX_MIN <= len(word) <= MAX_WORD:
        return None
    for cut in range(COMPOUND_PREFIX_MIN, len(word) - COMPOUND_PREFIX_MIN + 1):
        first, rest = word[:cut], word[cut:]
        if first in GLOSSARY and rest in GLOSSARY:
            return first, rest
        if first in GLOSSARY and rest.startswith("s") and rest[1:] in GLOSSARY:
            return first, rest[1:]
    return None


def _compound_head(word: str) -> str | None:
    """The budget word ``word`` ends in, when something of its own comes before it."""
    if len(word) > MAX_WORD:
        return None
    for head in COMPOUND_HEADS:
        if word.endswith(head) and len(word) - len(head) >= COMPOUND_PREFIX_MIN:
            return head
    return None


def translated(words: Sequence[str]) -> bool:
    """Whether any of ``words`` is read as another word by ``english_words``."""
    return any(
        w in GLOSSARY or _compound_head(w) is not None or _glossary_compound(w) is not None
        for w in words
    )


def translated_spans(
    words: Sequence[str], names: Callable[[tuple[str, ...]], bool], longest: int
) -> list[tuple[tuple[str, ...], int, int]]:
    """English name keys found in ``words`` read in English, with the token span each
    covers (start, end), longest at each position first.

    ``names`` says whether a key is a name of the kind searched; ``longest`` is the
    longest name's word count (the window is bounded by it, so the scan is linear).
    """
    if not translated(words):
        return []
    english = english_words(words)
    found: list[tuple[tuple[str, ...], int, int]] = []
    for start in range(len(english)):
        for size in range(min(longest, len(english) - start), 0, -1):
            window = english[start : start + size]
            keys = [tuple(w for w, _ in window)]
            if size == 2:
                keys.append((window[1][0], window[0][0]))  # "certificado del seguro"
            key = next((k for k in keys if names(k)), None)
            if key is not None and any(w != words[p] for w, p in window):
                found.append((key, window[0][1], window[-1][1] + 1))
                break
    return found
