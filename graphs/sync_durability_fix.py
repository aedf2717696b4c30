"""Let a ``checkpointer=False`` subgraph run inside a ``durability="sync"`` run.

langgraph 1.2.24 fails such a subgraph with ``AttributeError: 'SyncPregelLoop' object
has no attribute '_put_checkpoint_fut'`` (``AsyncPregelLoop`` likewise): the subgraph
inherits ``sync`` from its parent's config, and after each step ``Pregel.stream`` waits
on ``loop._put_checkpoint_fut``, which only a loop with a checkpointer ever sets. Our
runs all use ``sync`` (``switchboard.runs``, the server) and the department subgraphs
save no checkpoints (``graphs.department``), so every department run hit it.

The fix gives both loop classes a settled stand-in for "the previous save": waiting on
it returns at once, so a loop without a checkpointer has nothing to wait for, and a loop
with one chains its first save after it exactly as after ``None``. Once langgraph no
longer reads the attribute unset, this is harmless;
``tests/unit/test_sync_durability_fix.py`` fails when it is needed and missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langgraph.pregel._loop import AsyncPregelLoop, SyncPregelLoop


class _Settled:
    """A save that already finished: ``.result()`` (sync loop) and ``await`` (async loop)."""

    def result(self, timeout: float | None = None) -> None:
        return None

    def __await__(self) -> Iterator[Any]:
        return iter(())


SETTLED = _Settled()


def allow_sync_durability_without_checkpointer() -> None:
    """Install the stand-in on both loop classes (idempotent)."""
    for loop in (SyncPregelLoop, AsyncPregelLoop):
        if getattr(loop, "_put_checkpoint_fut", None) is None:
            setattr(loop, "_put_checkpoint_fut", SETTLED)  # noqa: B010 (private attribute)
