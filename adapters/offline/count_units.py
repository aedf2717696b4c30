"""Counted nouns in es/fr/de, and number words past three, so "tres publicaciones",
"drei Betreffzeilen" or "cinq idées" set how many variants or items to draft or list.

The English units stay next to their fillers; these are added to them. Nouns are written
folded (lower case, no accents), as ``extract.count_before`` compares folded text.
"""

from __future__ import annotations

MORE_NUMBER_WORDS = {
    "cuatro": 4,
    "cinco": 5,
    "quatre": 4,
    "cinq": 5,
    "vier": 4,
    "funf": 5,
}

VARIANT_UNITS = (
    # es
    "variantes",
    "versiones",
    "opciones",
    "ideas",
    "publicaciones",
    "correos",
    "borradores",
    "titulares",
    "asuntos",
    "lineas de asunto",
    # fr
    "versions",
    "idees",
    "publications",
    "courriels",
    "e-mails",
    "brouillons",
    "titres",
    "objets",
    "lignes d'objet",
    "accroches",
    # de
    "varianten",
    "versionen",
    "optionen",
    "ideen",
    "beitrage",
    "entwurfe",
    "betreffzeilen",
    "uberschriften",
    "mails",
)

LIST_UNITS = (
    "empresas",
    "patrocinadores",
    "contactos",
    "entreprises",
    "sponsors",
    "societes",
    "contacts",
    "firmen",
    "unternehmen",
    "sponsoren",
    "kontakte",
)
