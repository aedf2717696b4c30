"""A key's last use is stamped at most once a minute, so reads stay reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.api_keys import LAST_USED_RESOLUTION, authenticate_session
from domain.base import utcnow
from domain.models import ApiKey


class OneKey:
    """The one call ``authenticate_session`` makes of a session."""

    def __init__(self, key: ApiKey) -> None:
        self.key = key

    def get(self, _model: Any, key_id: int) -> ApiKey | None:
        return self.key if key_id == self.key.id else None


def test_a_recent_stamp_is_left_alone_and_a_stale_one_renewed() -> None:
    recent = utcnow() - timedelta(seconds=5)
    key = ApiKey(id=7, key_hash="h", name="ops", last_used_at=recent)
    session: Any = OneKey(key)

    assert authenticate_session(session, 7, "h") is key
    assert key.last_used_at == recent  # nothing to write: the request stays a read

    stale = utcnow() - LAST_USED_RESOLUTION - timedelta(seconds=1)
    key.last_used_at = stale
    assert authenticate_session(session, 7, "h") is key
    assert key.last_used_at is not None and key.last_used_at > stale

    key.last_used_at = None
    assert authenticate_session(session, 7, "h") is key
    assert key.last_used_at is not None
