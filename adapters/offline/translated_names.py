"""Budget lines and deliverables named in Spanish, French or German.

"¿Qué porcentaje del presupuesto de seguridad llevamos gastado?" names the Security
budget line; "qui pilote la visite d'accessibilité ?" the Accessibility walkthrough. The
request's words are read as the English words they stand for
(``domain.record_glossary``) and looked up among the English names. Spanish and French
put the qualifier after the noun ("certificado del seguro" is the insurance
certificate), so a two-word name is also found with its words swapped. A match covers the
request's own tokens, as any other.
"""

from __future__ import annotations

from domain.record_glossary import translated_spans

__all__ = ["TRANSLATED_KINDS", "translated_spans"]

TRANSLATED_KINDS = frozenset({"budget_line", "deliverable"})
"""Kinds of record named with everyday English words a request may translate."""
