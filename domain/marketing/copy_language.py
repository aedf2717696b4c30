"""The words marketing copy wraps around the event's facts, in en/es/fr/de.

``generate_content`` writes its copy in the request's language: the templates are
``prompts/marketing_<kind>_<language>.md``, and the facts they quote are phrased here
(dates with the language's month names, the early-bird sentence, list joins, the default
audience). The facts themselves (event name, day numbers, prices, counts) are the same in
every language; only the words around them change, and prices and counts are written as
the language writes numbers (``$1,250`` is ``1.250 $`` in German, ``domain.number_format``).
Any other language is English.
"""

from __future__ import annotations

from datetime import date

from domain.language import LANGUAGES, Language, language_named

COPY_LANGUAGES: tuple[Language, ...] = LANGUAGES

_MONTH_NAMES: dict[Language, str] = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
    "diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
}
_MONTHS: dict[Language, list[str]] = {lang: names.split() for lang, names in _MONTH_NAMES.items()}
_AND: dict[Language, str] = {"en": "and", "es": "y", "fr": "et", "de": "und"}

PHRASES: dict[Language, dict[str, str]] = {
    "en": {
        "early_on": "Early-bird tickets are {early} ({left} left), then {standard}.",
        "early_off": "Early-bird pricing has ended; standard tickets are {standard}.",
        "hook_on": "early-bird tickets at {early}",
        "hook_off": "standard tickets at {standard}",
        "label_on": "the early-bird price",
        "label_off": "your ticket",
        "programme": "the programme",
        "audience": "data and AI leaders",
        "seniority_audience": "{seniority}-level leaders",
        "in_industries": "{who} in {industries}",
    },
    "es": {
        "early_on": "Las entradas early bird cuestan {early} (quedan {left}); después, {standard}.",
        "early_off": "El precio early bird ha terminado; las entradas estándar cuestan {standard}.",
        "hook_on": "entradas early bird a {early}",
        "hook_off": "entradas estándar a {standard}",
        "label_on": "el precio early bird",
        "label_off": "tu entrada",
        "programme": "el programa",
        "audience": "líderes de datos e IA",
        "seniority_audience": "líderes de nivel {seniority}",
        "in_industries": "{who} de {industries}",
    },
    "fr": {
        "early_on": "Les billets early bird sont à {early} (encore {left} disponibles), "
        "puis à {standard}.",
        "early_off": "Le tarif early bird est terminé ; les billets standard sont à {standard}.",
        "hook_on": "billets early bird à {early}",
        "hook_off": "billets standard à {standard}",
        "label_on": "le tarif early bird",
        "label_off": "votre billet",
        "programme": "le programme",
        "audience": "responsables data et IA",
        "seniority_audience": "dirigeants de niveau {seniority}",
        "in_industries": "{who} du secteur {industries}",
    },
    "de": {
        "early_on": "Frühbuchertickets kosten {early} (noch {left} verfügbar), danach {standard}.",
        "early_off": "Die Frühbucherphase ist vorbei; Standardtickets kosten {standard}.",
        "hook_on": "Frühbuchertickets für {early}",
        "hook_off": "Standardtickets für {standard}",
        "label_on": "den Frühbucherpreis",
        "label_off": "Ihr Ticket",
        "programme": "das Programm",
        "audience": "Data- und KI-Verantwortliche",
        "seniority_audience": "Führungskräfte der Ebene {seniority}",
        "in_industries": "{who} aus {industries}",
    },
}
"""The sentences and phrases around the facts; ``{name}`` slots take the facts."""

SENIORITY_WORDS: dict[Language, dict[str, str]] = {
    "en": {
        "c_level": "C-level",
        "vp": "VP",
        "director": "director",
        "manager": "manager",
        "ic": "practitioner",
    },
    "es": {
        "c_level": "C",
        "vp": "VP",
        "director": "director",
        "manager": "mánager",
        "ic": "técnico",
    },
    "fr": {
        "c_level": "C",
        "vp": "VP",
        "director": "directeur",
        "manager": "manager",
        "ic": "expert",
    },
    "de": {
        "c_level": "C",
        "vp": "VP",
        "director": "Director",
        "manager": "Manager",
        "ic": "Fachkraft",
    },
}


def copy_language(value: str | None) -> Language:
    """The copy language a caller named ("es", "es-ES", "Spanish", "Deutsch"); English
    when it is missing or not one Switchboard writes in."""
    if not value:
        return "en"
    cleaned = value.strip().lower().replace("_", "-")
    code = cleaned.split("-", 1)[0]
    if code in COPY_LANGUAGES:
        return code
    return language_named(cleaned) or "en"


def phrase(language: Language, key: str, **values: str) -> str:
    """One of ``PHRASES`` in ``language`` with its slots filled."""
    return PHRASES.get(language, PHRASES["en"])[key].format(**values)


def join(items: list[str], language: Language = "en") -> str:
    """ "a, b and c" with the language's "and"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_AND.get(language, 'and')} {items[-1]}"


def date_range(start: date, end: date, language: Language = "en") -> str:
    """The event's dates as the language writes them ("13–14 October 2026",
    "13–14 de octubre de 2026", "13–14 octobre 2026", "13.–14. Oktober 2026")."""
    months = _MONTHS.get(language, _MONTHS["en"])

    def day(d: date) -> str:
        return f"{d.day}." if language == "de" else str(d.day)

    def day_month(d: date) -> str:
        return (
            f"{day(d)} de {months[d.month - 1]}"
            if language == "es"
            else (f"{day(d)} {months[d.month - 1]}")
        )

    year = f" de {end.year}" if language == "es" else f" {end.year}"
    if start == end:
        return day_month(end) + year
    if (start.year, start.month) == (end.year, end.month):
        return f"{day(start)}–{day_month(end)}{year}"
    return f"{day_month(start)} – {day_month(end)}{year}"
