"""Which addresses reach the same mailbox: the one comparison for opt-outs, bounces and lookups.

``Jordan.Reyes+summit@Globex.example`` and ``jordan.reyes@globex.example`` land in the
same inbox, so an opt-out or a bounce recorded for one must stop the other. Every
place that compares recipients (the policy's opt-out and bounce facts, the outreach
tools' contactability check, contact and customer lookups by email) goes through
``canonical_mailbox``.

What counts as the same mailbox:

- case and surrounding whitespace are ignored, and a display form
  (``Jordan <jordan@x.example>``) is reduced to the address;
- a ``+tag`` after the local part is dropped for every domain (sub-addressing is
  near-universal, and for opt-outs erring towards "same person" is the safe side);
- dots in the local part are ignored, and ``googlemail.com`` is ``gmail.com``, only for
  the domains that deliver that way (``DOTLESS_DOMAINS``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal_column, or_

DOTLESS_DOMAINS: dict[str, str] = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}
"""Domains that ignore dots in the local part, mapped to the domain they deliver to."""


def canonical_mailbox(address: str) -> str:
    """The mailbox ``address`` delivers to, in one spelling (see the module docstring).

    Text without an ``@`` is returned trimmed and lower-cased (it matches only itself).

    >>> canonical_mailbox("  Jordan.Reyes+Summit@Globex.example ")
    'jordan.reyes@globex.example'
    >>> canonical_mailbox("J.O.R.D.A.N+x@GoogleMail.com")
    'jordan@gmail.com'
    """
    text = address.strip()
    if "<" in text and text.endswith(">"):
        text = text[text.rindex("<") + 1 : -1].strip()
    text = text.lower()
    local, at, domain = text.rpartition("@")
    if not at or not local:
        return text
    domain = domain.rstrip(".")
    local = local.split("+", 1)[0] or local
    if domain in DOTLESS_DOMAINS:
        domain = DOTLESS_DOMAINS[domain]
        local = local.replace(".", "") or local
    return f"{local}@{domain}"


def same_mailbox(first: str | None, second: str | None) -> bool:
    """Both addresses are given and reach the same mailbox."""
    if not first or not second:
        return False
    return canonical_mailbox(first) == canonical_mailbox(second)


def delivering_domains(address: str) -> tuple[str, ...]:
    """Every domain an address equivalent to ``address`` may be written with."""
    domain = canonical_mailbox(address).rpartition("@")[2]
    aliases = tuple(d for d, target in DOTLESS_DOMAINS.items() if target == domain)
    return aliases or (domain,)


def mailbox_candidates(column: Any, address: str) -> ColumnElement[bool]:
    """A SQL filter that keeps every row of ``column`` that may be ``address``'s mailbox.

    It narrows by domain only (cheap, index-friendly enough); callers then keep the rows
    for which ``same_mailbox`` holds.
    """
    stored = func.lower(func.trim(column))
    return or_(*(stored.endswith(f"@{d}", autoescape=True) for d in delivering_domains(address)))


def mailbox_domain(column: Any) -> ColumnElement[str]:
    """``column``'s domain in SQL: what follows the last ``@`` of its lower-cased text.

    Built from ``replace`` and ``rtrim`` alone (``rtrim(x, <x without its @s>)`` is ``x`` up
    to and including its last ``@``), which SQLite and Postgres compute alike, so both can
    index it (``ix_orders_tenant_buyer_domain``; ``rtrim``, unlike ``trim``, reads back from
    Postgres as written, so the index compares equal to the model's). Trailing spaces are
    dropped first; leading ones never follow an ``@``. Text without an ``@`` is its own
    domain. The literals are inlined: SQLite uses an indexed expression only for a query
    that spells it with the same literals.
    """
    stored = func.lower(func.rtrim(column))
    at: ColumnElement[str] = literal_column("'@'")
    empty: ColumnElement[str] = literal_column("''")
    return func.replace(stored, func.rtrim(stored, func.replace(stored, at, empty)), empty)


def indexed_mailbox_candidates(column: Any, address: str) -> ColumnElement[bool]:
    """``mailbox_candidates``, with a condition an index on ``mailbox_domain(column)`` serves.

    The same rows: a stored address whose trimmed text ends in ``@domain`` has ``domain``
    after its last ``@`` (no delivering domain contains one), so the added
    ``mailbox_domain(column) IN (...)`` only lets the database find them without reading
    every row.
    """
    domains = delivering_domains(address)
    return and_(mailbox_domain(column).in_(domains), mailbox_candidates(column, address))
