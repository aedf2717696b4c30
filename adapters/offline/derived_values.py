"""Template values worked out from a tool's result, beyond its flattened fields.

``flatten`` gives a result's own fields (``issues_0_summary``, ``vendors_count``...). A
question about one slice of a list ("which vendors haven't confirmed?") needs that slice
named in full, which no indexed field gives: ``derived_values`` adds such slices, each
from the result alone (no numbers are made up), under names the answer blocks use.
"""

from __future__ import annotations

from typing import Any


def _names(items: Any, **where: str) -> str:
    """The ``name`` of every item whose fields equal ``where``, comma-joined (any language)."""
    if not isinstance(items, list):
        return ""
    chosen = [
        str(item["name"])
        for item in items
        if isinstance(item, dict)
        and item.get("name")
        and all(item.get(key) == value for key, value in where.items())
    ]
    return ", ".join(chosen)


def derived_values(tool: str, result: Any) -> dict[str, str]:
    """Extra template values for ``tool``'s ``result`` (empty when none apply)."""
    if not isinstance(result, dict):
        return {}
    values: dict[str, str] = {}
    if tool == "generate_status_report":
        vendors = (result.get("sections") or {}).get("vendors") or {}
        pending = _names(vendors.get("vendors"), status="pending")
        if pending:
            values["pending_vendors"] = pending
    return values
