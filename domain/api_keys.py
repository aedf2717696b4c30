"""Tenant API keys: created once, shown once, stored as a SHA-256 digest.

Keys are 256-bit random tokens, so a fast digest is enough (no password-hashing
stretch is needed for secrets nobody chose); lookups are by digest, constant time.
Each key has a role (``domain.roles``), an optional person and expiry. Rotating a key
issues a new secret with the same name, role and person and revokes the old one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.base import utcnow
from domain.errors import ConflictError, InvalidArgumentError, NotFoundError
from domain.models import ApiKey, Tenant
from domain.roles import DEFAULT_ROLE, Role

KEY_PREFIX = "sb_"
_LIFETIME = re.compile(r"^\s*(\d{1,5})\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
MAX_LIFETIME = timedelta(days=3660)


def digest(plaintext: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def parse_lifetime(text: str) -> timedelta:
    """``30d``, ``12h``, ``90m`` or ``2w`` as a duration (at most ten years).

    Raises:
        InvalidArgumentError: anything else.
    """
    match = _LIFETIME.match(text)
    if match is None or int(match.group(1)) == 0:
        raise InvalidArgumentError(
            "expires_in",
            f"{text!r} is not a lifetime; write a number and a unit: 90m, 12h, 30d, 2w",
        )
    lifetime = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if lifetime > MAX_LIFETIME:
        raise InvalidArgumentError("expires_in", f"{text!r} is longer than ten years")
    return lifetime


def _aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive UTC timestamps."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def create_key(
    session: Session,
    tenant_id: str,
    name: str = "default",
    *,
    role: Role | str = DEFAULT_ROLE,
    person: str | None = None,
    expires_in: timedelta | None = None,
) -> tuple[ApiKey, str]:
    """A new key for ``tenant_id`` (the tenant is created if missing); returns it once."""
    if session.get(Tenant, tenant_id) is None:
        session.add(Tenant(id=tenant_id, name=tenant_id))
        session.flush()
    plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        tenant_id=tenant_id,
        name=name,
        prefix=plaintext[:10],
        key_hash=digest(plaintext),
        role=Role(role).value,
        person=person or None,
        expires_at=utcnow() + expires_in if expires_in else None,
    )
    session.add(key)
    session.flush()
    return key, plaintext


LAST_USED_RESOLUTION = timedelta(minutes=1)
"""How fresh ``last_used_at`` is kept. Stamping it on every request made every read a
write: on the embedded SQLite database a console polling beside a run then waited for
the run's write lock ("database is locked"). A minute is all an admin reading the
key list needs."""


@dataclass(frozen=True)
class Refusal:
    """Why a presented key does not let its holder in (one sentence)."""

    reason: str


def authenticate(session: Session, plaintext: str) -> ApiKey | Refusal:
    """The live key matching ``plaintext`` with its last use stamped, or why not."""
    if not plaintext.startswith(KEY_PREFIX):
        return Refusal("unknown API key (Switchboard keys start with 'sb_')")
    key = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest(plaintext))).first()
    if key is None:
        return Refusal("unknown API key")
    return _live(key)


def authenticate_session(session: Session, key_id: int, key_hash: str) -> ApiKey | Refusal:
    """The live key a console session was made from, or why not.

    A session names its key by id and by the key's stored digest, so the session ends
    with the key: revoked, rotated (a new secret, a new row) or expired.
    """
    key = session.get(ApiKey, key_id)
    if key is None or not hmac.compare_digest(key.key_hash, key_hash):
        return Refusal("this session's API key no longer exists; sign in again")
    return _live(key)


def _live(key: ApiKey) -> ApiKey | Refusal:
    if key.revoked_at is not None:
        when = f"{_aware(key.revoked_at):%Y-%m-%d %H:%M} UTC"
        if key.replaced_by_id is not None:
            return Refusal(f"API key '{key.name}' was rotated at {when}; use its new secret")
        return Refusal(f"API key '{key.name}' was revoked at {when}")
    expires_at = _aware(key.expires_at)
    if expires_at is not None and expires_at <= utcnow():
        return Refusal(
            f"API key '{key.name}' expired at {expires_at:%Y-%m-%d %H:%M} UTC; ask an admin "
            "to rotate it or create a new one"
        )
    now = utcnow()
    last = _aware(key.last_used_at)
    if last is None or now - last >= LAST_USED_RESOLUTION:
        key.last_used_at = now
    return key


def key_status(key: ApiKey, now: datetime | None = None) -> Literal["active", "revoked", "expired"]:
    """Whether the key lets its holder in, and if not why (rotated keys are revoked)."""
    if key.revoked_at is not None:
        return "revoked"
    expires_at = _aware(key.expires_at)
    if expires_at is not None and expires_at <= (now or utcnow()):
        return "expired"
    return "active"


def list_keys(session: Session, tenant_id: str, *, include_revoked: bool = True) -> list[ApiKey]:
    """The tenant's keys, oldest first."""
    query = select(ApiKey).where(ApiKey.tenant_id == tenant_id)
    if not include_revoked:
        query = query.where(ApiKey.revoked_at.is_(None))
    return list(session.scalars(query.order_by(ApiKey.id)))


def get_key(session: Session, tenant_id: str, key_id: int) -> ApiKey:
    """One of the tenant's keys (another tenant's is not found)."""
    key = session.get(ApiKey, key_id)
    if key is None or key.tenant_id != tenant_id:
        raise NotFoundError("API key", key_id, argument="key_id")
    return key


def find_key(session: Session, tenant_id: str, ident: str) -> ApiKey:
    """A key by id, or by name when exactly one live key has it (the CLI's argument)."""
    if ident.isdigit():
        return get_key(session, tenant_id, int(ident))
    named = [k for k in list_keys(session, tenant_id, include_revoked=False) if k.name == ident]
    if not named:
        raise NotFoundError("live API key named", ident, argument="key")
    if len(named) > 1:
        ids = ", ".join(str(k.id) for k in named)
        raise InvalidArgumentError(
            "key", f"{len(named)} live keys are named {ident!r}; give an id ({ids})"
        )
    return named[0]


def revoke_key(session: Session, tenant_id: str, key_id: int) -> ApiKey:
    """Revoke a live key (ConflictError if it already was)."""
    key = get_key(session, tenant_id, key_id)
    if key.revoked_at is not None:
        raise ConflictError(f"API key {key_id} ('{key.name}') is already revoked")
    key.revoked_at = utcnow()
    return key


def rotate_key(
    session: Session, tenant_id: str, key_id: int, *, expires_in: timedelta | None = None
) -> tuple[ApiKey, str]:
    """A new secret with the old key's name, role and person; the old key is revoked.

    The new key lives as long as the old one was issued for, unless ``expires_in`` says
    otherwise. Returns the new key and its plaintext (shown once).
    """
    old = get_key(session, tenant_id, key_id)
    if old.revoked_at is not None:
        raise ConflictError(
            f"API key {key_id} ('{old.name}') is revoked; create a new key instead of rotating"
        )
    if expires_in is None and old.expires_at is not None:
        expires_in = _aware(old.expires_at) - _aware(old.created_at)  # type: ignore[operator]
    new, plaintext = create_key(
        session, tenant_id, old.name, role=old.role, person=old.person, expires_in=expires_in
    )
    old.revoked_at = utcnow()
    old.replaced_by_id = new.id
    return new, plaintext
