"""SMTP delivery for the outbox relay (``SWITCHBOARD_SMTP_URL``), on the standard library.

``smtp://host:port`` speaks plain SMTP (``?starttls=true`` upgrades the connection),
``smtps://host:port`` implicit TLS; ``user:password@`` in the URL logs in. A failure is
permanent when the server refused the message or the recipient with a 5xx reply, and
transient otherwise (refused connection, timeout, 4xx), so the relay retries only what
may succeed later.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

from domain.errors import InvalidArgumentError


class DeliveryError(Exception):
    """A message was not accepted; ``permanent`` when retrying cannot help."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how to connect, parsed from the SMTP URL."""

    host: str
    port: int
    implicit_tls: bool
    starttls: bool
    username: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpTarget:
    """The target an ``smtp://`` / ``smtps://`` URL names.

    Raises:
        InvalidArgumentError: another scheme, or no host.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise InvalidArgumentError(
            "smtp_url", f"expected smtp://host[:port] or smtps://host[:port], got {url!r}"
        )
    implicit = parts.scheme == "smtps"
    query = parse_qs(parts.query)
    return SmtpTarget(
        host=parts.hostname,
        port=parts.port or (465 if implicit else 25),
        implicit_tls=implicit,
        starttls=query.get("starttls", ["false"])[0].lower() in ("1", "true", "yes"),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


class SmtpTransport:
    """One SMTP session for a batch of messages (``with transport: transport.send(...)``)."""

    def __init__(self, url: str, *, timeout: float = 30.0) -> None:
        self.target = parse_smtp_url(url)
        self.timeout = timeout
        self._client: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, message: EmailMessage) -> None:
        """Hand ``message`` to the server; returns once the server accepted it.

        Raises:
            DeliveryError: the server did not accept it (``permanent`` for 5xx refusals).
        """
        try:
            client = self._connected()
            refused = client.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            self.close()
            raise DeliveryError(f"recipient refused: {exc.recipients}", permanent=True) from None
        except smtplib.SMTPResponseException as exc:
            self.close()
            raw = exc.smtp_error
            detail = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw or "")
            raise DeliveryError(
                f"SMTP {exc.smtp_code}: {detail}", permanent=exc.smtp_code >= 500
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            self.close()
            raise DeliveryError(f"{type(exc).__name__}: {exc}", permanent=False) from None
        if refused:
            raise DeliveryError(f"recipient refused: {refused}", permanent=True)

    def close(self) -> None:
        """End the SMTP session (a no-op when none is open)."""
        client, self._client = self._client, None
        if client is not None:
            try:
                client.quit()
            except (OSError, smtplib.SMTPException):
                client.close()

    def _connected(self) -> smtplib.SMTP:
        if self._client is not None:
            return self._client
        target = self.target
        client: smtplib.SMTP
        if target.implicit_tls:
            client = smtplib.SMTP_SSL(
                target.host, target.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(target.host, target.port, timeout=self.timeout)
            if target.starttls:
                client.starttls(context=ssl.create_default_context())
        if target.username:
            client.login(target.username, target.password or "")
        self._client = client
        return client
