"""Tenant API keys: created once, shown once, stored as a SHA-256 digest.

Keys are 256-bit random tokens, so a fast digest is enough (no password-hashing
stretch is needed for secrets nobody chose); lookups are by digest, constant time.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.base import utcnow
from domain.models import ApiKey, Tenant

KEY_PREFIX = "sb_"


def digest(plaintext: str) -> str:
    """The stored form of a key."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_key(session: Session, tenant_id: str, name: str = "default") -> tuple[ApiKey, str]:
    """A new key for ``tenant_id`` (the tenant is created if missing); returns it once."""
    if session.get(Tenant, tenant_id) is None:
        session.add(Tenant(id=tenant_id, name=tenant_id))
        session.flush()
    plaintext = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(tenant_id=tenant_id, name=name, prefix=plaintext[:10], key_hash=digest(plaintext))
    session.add(key)
    session.flush()
    return key, plaintext


def authenticate(session: Session, plaintext: str) -> ApiKey | None:
    """The live key matching ``plaintext``, with its last use stamped; None otherwise."""
    if not plaintext.startswith(KEY_PREFIX):
        return None
    key = session.scalars(select(ApiKey).where(ApiKey.key_hash == digest(plaintext))).first()
    if key is None or key.revoked_at is not None:
        return None
    key.last_used_at = utcnow()
    return key
