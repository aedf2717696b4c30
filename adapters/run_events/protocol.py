"""What a run's event log offers: append, close, read from any point, and whether it is there.

The rules both implementations keep (Redis Streams' own):

- a run has one log; each appended event gets an id, and ids sort in the order the
  events were appended (``"<ms>-<seq>"``, Redis Stream ids; the in-process log counts
  ``"0-1"``, ``"0-2"``...);
- ``close`` appends an end-of-stream marker; a reader stops there. The closed log stays
  readable for a retention period, then it expires (so a client that reconnects a little
  late still gets the rest);
- ``read`` yields the events after ``after`` (all of them when None), waits for new ones,
  and returns at the marker, however late it started; ``read_batches`` yields the same
  events as lists: each one every event the log holds at that moment, never waiting for
  more (a stream writes each list in one send).

Events are JSON-able dicts, ``{"event": name, "data": {...}}``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncGenerator, AsyncIterator, Sequence
from typing import Any, Literal, Protocol

from domain.errors import InvalidArgumentError

EVENT_ID = re.compile(r"^[0-9]{1,20}-[0-9]{1,20}$")
"""An event id as the logs write it and clients send it back (``Last-Event-ID``)."""


def check_event_id(value: str | None, argument: str = "Last-Event-ID") -> str | None:
    """``value`` when it is an event id (None stays None); 422 naming ``argument`` if not.

    Raises:
        InvalidArgumentError: ``value`` is not of the ``<number>-<number>`` form.
    """
    if value is None or EVENT_ID.match(value):
        return value
    raise InvalidArgumentError(
        argument,
        f"{value[:40]!r} is not an event id; send back the id: of the last event received "
        "(e.g. '1733446200000-0')",
    )


def id_key(event_id: str) -> tuple[int, int]:
    """An event id as a tuple that sorts in the log's order."""
    first, _, second = event_id.partition("-")
    return int(first), int(second or 0)


Logged = tuple[str, dict[str, Any]]
"""An event read from a log: its id and the event."""


async def one_by_one(batches: AsyncIterator[list[Logged]]) -> AsyncIterator[Logged]:
    """The events of ``read_batches`` one at a time (what ``read`` yields).

    Closes ``batches`` when it ends or is closed, so a reader that stops early leaves the
    log at once, not when the generator is collected.
    """
    try:
        async for batch in batches:
            for item in batch:
                yield item
    finally:
        if isinstance(batches, AsyncGenerator):
            await batches.aclose()


class RunEventLog(Protocol):
    """Append a run's events, close its log, and read it from any point, in order."""

    kind: Literal["redis", "in-process"]

    async def append(self, run_id: str, event: dict[str, Any]) -> str:
        """Add ``event`` to the run's log; its id."""
        ...

    async def extend(self, run_id: str, events: Sequence[dict[str, Any]]) -> list[str]:
        """Add ``events`` in order (one round trip on Redis); their ids."""
        ...

    async def close(self, run_id: str, events: Sequence[dict[str, Any]] = ()) -> str:
        """Append ``events``, then the end-of-stream marker (its id), in one round trip.

        The log expires after the retention.
        """
        ...

    def read(
        self, run_id: str, after: str | None = None
    ) -> AsyncIterator[tuple[str, dict[str, Any]]]:
        """``(id, event)`` after ``after`` (from the start when None) until the marker."""
        ...

    def read_batches(
        self, run_id: str, after: str | None = None
    ) -> AsyncIterator[list[tuple[str, dict[str, Any]]]]:
        """What ``read`` yields, as lists: every event there is each time, at least one."""
        ...

    async def exists(self, run_id: str) -> bool:
        """Whether the run's log is there (open, or closed and not yet expired)."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...
