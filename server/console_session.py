"""Console sign-in: a person's API key becomes a signed, HttpOnly session cookie.

The browser never holds the key after signing in: the cookie is HttpOnly (scripts cannot
read it), SameSite=Strict (other sites' pages cannot send it) and carries no secret of
its own, only the key's id and stored digest, signed with the service secret and
timestamped (``itsdangerous``). Every request checks the key again, so revoking,
rotating or expiring the key ends its sessions.

The CopilotKit runtime (``web/server/runtime.mjs``) cannot see the cookie's owner; the
``/copilotkit`` proxy hands it the same token in ``X-Switchboard-Session``, the one
header the runtime is configured to forward to ``POST /agui``.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from adapters.service_secret import session_key
from domain.models import ApiKey
from switchboard.settings import Settings

COOKIE = "switchboard_session"
HEADER = "x-switchboard-session"
_SALT = "switchboard.console-session.v1"


@dataclass(frozen=True)
class SessionClaim:
    """Which key a session was made from."""

    key_id: int
    key_hash: str


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(session_key(settings), salt=_SALT)


def max_age_seconds(settings: Settings) -> int:
    """How long a session lasts, in seconds."""
    return int(settings.session_hours * 3600)


def issue(settings: Settings, key: ApiKey) -> str:
    """A session token for ``key``."""
    token: str = _serializer(settings).dumps({"k": key.id, "h": key.key_hash})
    return token


def read(settings: Settings, token: str) -> SessionClaim | None:
    """The claim a token makes, or None when it is forged, mangled or too old."""
    try:
        data = _serializer(settings).loads(token, max_age=max_age_seconds(settings))
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    key_id, key_hash = data.get("k"), data.get("h")
    if not isinstance(key_id, int) or not isinstance(key_hash, str):
        return None
    return SessionClaim(key_id=key_id, key_hash=key_hash)


def token_from(request: Request) -> str | None:
    """The session token a request carries: the cookie, or the runtime's forwarded header."""
    return request.cookies.get(COOKIE) or request.headers.get(HEADER) or None


def set_cookie(response: Response, settings: Settings, token: str, *, secure: bool) -> None:
    """Put the session on ``response`` as an HttpOnly, SameSite=Strict cookie."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=max_age_seconds(settings),
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )


def clear_cookie(response: Response, *, secure: bool) -> None:
    """End the browser's session."""
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=secure)
