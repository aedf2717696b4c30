"""The service's signing secret: ``SWITCHBOARD_SECRET_KEY``, else a random key on disk.

The embedded default needs no setup, so a 256-bit key is created once in
``data_dir/secret.key`` (readable by its owner only). Several machines serving one
database must share the key, so there it is set explicitly.
"""

from __future__ import annotations

import os
import secrets

from switchboard.settings import Settings


def service_secret(settings: Settings) -> bytes:
    """The key that signs unsubscribe links."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value().encode()
    path = settings.data_dir / "secret.key"
    if not path.exists():
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first; read theirs
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()
