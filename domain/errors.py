"""Errors a caller can act on. Their message is one sentence naming what was wrong."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a request the business rules cannot satisfy."""


class NotFoundError(DomainError):
    """A referenced record (order, contact, campaign...) does not exist for this tenant."""

    def __init__(self, kind: str, key: object, *, argument: str | None = None) -> None:
        self.kind = kind
        self.key = key
        self.argument = argument
        where = f" ({argument})" if argument else ""
        super().__init__(f"no {kind} {key!r} for this tenant{where}")


class InvalidArgumentError(DomainError):
    """An argument is well-typed but not acceptable (a refund above the amount paid...)."""

    def __init__(self, argument: str, message: str) -> None:
        self.argument = argument
        super().__init__(f"{argument}: {message}")


class ConflictError(DomainError):
    """The record is in a state that forbids the change (already refunded...)."""


class RunTakenOverError(ConflictError):
    """A queued run's record no longer names this attempt's worker: the attempt is stale.

    A sweep put the run back on the queue (its worker's heartbeat had lapsed) and
    another attempt may have claimed it; the stale attempt records nothing.
    """


class ForbiddenError(DomainError):
    """The caller may not do this (a rule about who, not about the data): HTTP 403."""


class ServiceBusyError(Exception):
    """The service is at capacity for now (not the caller's fault): HTTP 503.

    ``retry_after`` is the number of seconds after which a retry is likely to be served.
    It is not a ``DomainError``: those are the caller's mistakes (4xx).
    """

    def __init__(self, message: str, *, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(message)
