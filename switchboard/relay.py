"""The outbox relay: mail every queued action through SMTP, each once.

One pass claims the due rows (one transaction), hands each message to the SMTP
server and marks it delivered in its own transaction, so a crash loses at most the mark
of the message in flight (see ``domain.mail.queue`` for what that means). The server
runs passes in the background when ``SWITCHBOARD_SMTP_URL`` is set; ``switchboard
relay`` runs them from the command line.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from urllib.parse import urlencode

from adapters.service_secret import service_secret
from adapters.services import Services
from adapters.smtp_transport import DeliveryError, SmtpTransport
from domain.base import utcnow
from domain.db import transaction
from domain.errors import InvalidArgumentError
from domain.mail.compose import compose, sender_domain
from domain.mail.queue import Claimed, claim_due, mark_delivered, mark_failed
from domain.mail.unsubscribe import make_token

log = logging.getLogger("switchboard.relay")


@dataclass
class RelayReport:
    """What one pass did."""

    claimed: int = 0
    delivered: int = 0
    retrying: int = 0
    failed: int = 0

    def as_json(self) -> dict[str, int]:
        return asdict(self)


def unsubscribe_url(services: Services, tenant_id: str, address: str) -> str:
    """The one-click unsubscribe link for ``address`` at ``tenant_id``."""
    token = make_token(service_secret(services.settings), tenant_id, address)
    base = services.settings.public_base_url.rstrip("/")
    return f"{base}/unsubscribe?{urlencode({'token': token})}"


def deliver_due(services: Services, *, limit: int = 50) -> RelayReport:
    """One pass: send what is due; a report of what happened.

    Raises:
        InvalidArgumentError: no SMTP server is configured, or its URL is malformed.
    """
    settings = services.settings
    if not settings.smtp_url:
        raise InvalidArgumentError("smtp_url", "set SWITCHBOARD_SMTP_URL to mail the outbox")
    transport = SmtpTransport(settings.smtp_url, timeout=settings.smtp_timeout)
    with transaction(services.sessions) as session:
        claimed = claim_due(
            session,
            now=utcnow(),
            lease=timedelta(seconds=settings.relay_lease_seconds),
            domain=sender_domain(settings.smtp_from),
            limit=limit,
        )
    report = RelayReport(claimed=len(claimed))
    with transport:
        for item in claimed:
            _send_one(services, transport, item, report)
    return report


def _send_one(
    services: Services, transport: SmtpTransport, item: Claimed, report: RelayReport
) -> None:
    settings = services.settings
    link = unsubscribe_url(services, item.tenant_id, item.recipient) if item.is_contact else None
    message = compose(item, sender=settings.smtp_from, unsubscribe_url=link)
    try:
        transport.send(message)
    except DeliveryError as exc:
        with transaction(services.sessions) as session:
            status = mark_failed(
                session,
                item.outbox_id,
                error=str(exc),
                permanent=exc.permanent,
                now=utcnow(),
                max_attempts=settings.relay_max_attempts,
                backoff=timedelta(seconds=settings.relay_retry_seconds),
            )
        log.warning("outbox %s to %s: %s (%s)", item.outbox_id, item.recipient, exc, status)
        if status == "failed":
            report.failed += 1
        else:
            report.retrying += 1
        return
    if settings.test_pause_after_send_seconds:  # crash tests kill the relay here
        time.sleep(settings.test_pause_after_send_seconds)
    with transaction(services.sessions) as session:
        mark_delivered(session, item.outbox_id, now=utcnow())
    report.delivered += 1
