"""Flatten nested data into template values: ``{"company": {"name": x}}`` gives ``company_name``.

Used for writing tasks (facts from a node) and for answers (tool results). Numbers are
printed, never computed: floats get thousands separators and at most two decimals,
0-1 rates also appear as ``<key>_pct`` percentages.
"""

from __future__ import annotations

from typing import Any

MAX_ITEMS = 10
LABEL_FIELDS = (
    "name",
    "title",
    "company",
    "summary",
    "order_number",
    "subject",
    "category",
    "group",
    "slug",
    "event",
)


def format_value(value: Any) -> str:
    """One value as text: yes/no, plain ints, floats with separators and 2 decimals at most."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return f"{value:,.0f}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return join_words([format_value(v) for v in value if not isinstance(v, (dict, list))])
    return str(value)


def join_words(words: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def label(item: dict[str, Any]) -> str:
    """A short name for a dict: its name/title/... field, else its scalar fields."""
    for key in LABEL_FIELDS:
        if isinstance(item.get(key), (str, int, float)) and not isinstance(item.get(key), bool):
            return format_value(item[key])
    scalars = [
        f"{k}: {format_value(v)}" for k, v in item.items() if not isinstance(v, (dict, list))
    ]
    return "; ".join(scalars[:4])


def flatten(value: Any, prefix: str = "", out: dict[str, str] | None = None) -> dict[str, str]:
    """Template values for ``value`` (dicts joined with ``_``, lists indexed and summarised).

    Besides the indexed items, a list gives ``<key>_count``, ``<key>_names`` (first three
    labels), ``<key>_list`` (scalars joined) and ``<key>`` itself: scalars joined, or one
    line per item (``- label``) for a list of dicts. ``None`` values are left out.
    """
    out = {} if out is None else out
    if isinstance(value, dict):
        for key, item in value.items():
            flatten(item, f"{prefix}_{key}" if prefix else str(key), out)
        return out
    if isinstance(value, list):
        if prefix:
            _summarise_list(value, prefix, out)
        for index, item in enumerate(value[:MAX_ITEMS]):
            flatten(item, f"{prefix}_{index}" if prefix else str(index), out)
        return out
    if value is None or not prefix:
        return out
    out.setdefault(prefix, format_value(value))
    if isinstance(value, float) and prefix.endswith("rate") and 0 <= value <= 1:
        out.setdefault(f"{prefix}_pct", f"{value * 100:.1f}%")
    return out


def _summarise_list(items: list[Any], prefix: str, out: dict[str, str]) -> None:
    out.setdefault(f"{prefix}_count", str(len(items)))
    dicts = [i for i in items if isinstance(i, dict)]
    if dicts:
        out.setdefault(f"{prefix}_names", join_words([label(i) for i in dicts[:3]]))
        out.setdefault(prefix, "\n".join(f"- {label(i)}" for i in dicts[:MAX_ITEMS]))
    else:
        text = format_value(items[:MAX_ITEMS])
        out.setdefault(f"{prefix}_list", text)
        out.setdefault(prefix, text)
