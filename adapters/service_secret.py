"""The service's secrets: ``SWITCHBOARD_SECRET_KEY``, else a random key on disk.

The embedded default needs no setup, so a 256-bit key is created once in
``data_dir/secret.key`` (readable by its owner only). Several machines serving one
database must share the key, so there it is set explicitly.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import lru_cache
from pathlib import Path

from switchboard.settings import Settings


def service_secret(settings: Settings) -> bytes:
    """The key that signs unsubscribe links."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value().encode()
    return _key_file(settings.data_dir.resolve())


def privacy_key(settings: Settings) -> bytes:
    """The key of erased people's pseudonyms and the suppression list.

    ``SWITCHBOARD_PRIVACY_KEY`` when set; else derived from the service secret (a
    separate key per purpose), never a published default: a keyed hash of an email
    address under a known key can be reversed by hashing candidate addresses.
    """
    explicit = settings.privacy_key_bytes()
    if explicit:
        return explicit
    return hmac.new(service_secret(settings), b"privacy-pseudonyms", hashlib.sha256).digest()


def session_key(settings: Settings) -> bytes:
    """The key that signs console session cookies (derived: a separate key per purpose)."""
    return hmac.new(service_secret(settings), b"console-sessions", hashlib.sha256).digest()


@lru_cache(maxsize=8)
def _key_file(folder: Path) -> bytes:
    path = folder / "secret.key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first; read theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()
