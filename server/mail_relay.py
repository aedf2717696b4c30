"""The outbox relay as a background task of the server, when SMTP is configured."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from adapters.services import Services
from switchboard.relay import deliver_due

log = logging.getLogger("switchboard.server.relay")


def start_relay(services: Services) -> asyncio.Task[None] | None:
    """Start mailing the outbox every few seconds; None when no SMTP server is set."""
    if not services.settings.smtp_url:
        return None
    return asyncio.create_task(_loop(services), name="switchboard-mail-relay")


async def stop_relay(task: asyncio.Task[None] | None) -> None:
    """Stop the relay between passes (a message being sent is finished first)."""
    if task is None:
        return
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _loop(services: Services) -> None:
    while True:
        try:
            await asyncio.shield(asyncio.to_thread(deliver_due, services))
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed pass is logged; the next one tries again
            log.exception("mail relay pass failed")
        await asyncio.sleep(services.settings.relay_interval_seconds)
