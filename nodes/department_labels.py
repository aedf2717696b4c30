"""Department names as section labels of a multi-department answer, in the reply's language.

"Research: Initech es una empresa..." mixed an English label into a Spanish answer; the
label now follows the language the request was written in (English otherwise).
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "es": {
        "sales": "Ventas",
        "marketing": "Marketing",
        "support": "Atención al cliente",
        "operations": "Operaciones",
        "analytics": "Analítica",
        "research": "Investigación",
    },
    "fr": {
        "sales": "Ventes",
        "marketing": "Marketing",
        "support": "Support",
        "operations": "Opérations",
        "analytics": "Analyse",
        "research": "Recherche",
    },
    "de": {
        "sales": "Vertrieb",
        "marketing": "Marketing",
        "support": "Kundenservice",
        "operations": "Betrieb",
        "analytics": "Analyse",
        "research": "Recherche",
    },
}


def department_label(department: str, language: str) -> str:
    """The section label for ``department`` in ``language`` ("Research" in English)."""
    return LABELS.get(language, {}).get(department, department.title())
