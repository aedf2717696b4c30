"""On whose behalf something happens: the key and the person behind a request.

A ``Scope``'s ``actor`` says *what* writes a row (``policy``, ``sales``, ``key:ops``);
its ``caller`` says *for whom*: the API key (id and name) and the person it was issued
to. Graph nodes get it from the run's ``Context``, so audit rows written inside a run
name the key that started or resumed it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Caller:
    """The identity a request acts for; ``key_id`` is None for the local CLI."""

    actor: str
    key_id: int | None = None
    key_name: str | None = None
    person: str | None = None
