"""Keyed hashes of an address: the suppression entry and the ``erased:<hmac>`` pseudonym.

A keyed hash (HMAC-SHA256 with the deployment's ``SWITCHBOARD_PRIVACY_KEY``), not a
plain one: an address list can be hashed by anyone, so a plain digest of an email is
reversible by guessing. The tenant id is part of the message, so the same person has
unrelated pseudonyms in two tenants.
"""

from __future__ import annotations

import hashlib
import hmac

PSEUDONYM_PREFIX = "erased:"
ERASED_TEXT = "[erased]"
"""What replaces a name, a phone number or free text written by or about the person."""


def normalise_email(email: str) -> str:
    """The form addresses are compared and hashed in: trimmed, lower case."""
    return email.strip().lower()


def email_hash(key: bytes, tenant_id: str, email: str) -> str:
    """HMAC-SHA256 (hex) of the tenant and the normalised address."""
    message = f"{tenant_id}\x00{normalise_email(email)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def pseudonym(key: bytes, tenant_id: str, email: str) -> str:
    """The stable stand-in for an erased person: ``erased:`` and 20 hex digits of the hash."""
    return f"{PSEUDONYM_PREFIX}{email_hash(key, tenant_id, email)[:20]}"
