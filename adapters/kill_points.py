"""Settings-gated pauses where crash tests kill -9 a real process (never set in production).

A test starts a process with ``SWITCHBOARD_TEST_PAUSE_AT=<point>``, waits for the line
``switchboard: test pause at <point> thread=<id>`` on its stderr (for a lead
pipeline step the id is ``tenant/contact/stage``), and kills it while it sleeps, so
the crash happens on the real code path rather than in a monkeypatched one.
"""

from __future__ import annotations

import sys
import time

from switchboard.settings import KillPoint, Settings


def pause_at(settings: Settings, point: KillPoint, thread_id: str = "") -> None:
    """Sleep ``test_pause_seconds`` when ``point`` is the configured kill point."""
    if settings.test_pause_at != point:
        return
    sys.stderr.write(f"switchboard: test pause at {point} thread={thread_id}\n")
    sys.stderr.flush()
    time.sleep(settings.test_pause_seconds)
