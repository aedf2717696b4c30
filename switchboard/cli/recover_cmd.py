"""``switchboard recover``: finish every thread a dead process left with approved work."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from adapters.thread_locks import thread_lock
from domain.errors import ConflictError
from switchboard.cli.context import fail
from switchboard.cli.graph_session import supervisor_session
from switchboard.recovery import Recovery, recover_all, recover_thread


def recover(
    thread: Annotated[
        str | None, typer.Option("--thread", help="Only this thread (any tenant).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON list.")] = False,
) -> None:
    """Finish approved actions and steps that a dead process left, once each.

    Every tenant's threads are looked at (the server does the same at start-up);
    threads a live process is running are left to it.
    """
    with supervisor_session() as (services, graph, _context):
        if thread is None:
            done = recover_all(services, graph)
        else:
            try:
                with thread_lock(services.engine, thread):
                    one = recover_thread(services, graph, thread)
            except ConflictError as exc:
                fail(f"conflict: {exc}", 3)
            done = [one] if one is not None else []
    _print(done, as_json=as_json)


def _print(done: list[Recovery], *, as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps([r.as_json() for r in done]))
        return
    for recovery in done:
        typer.echo(recovery.sentence())
    typer.echo(f"recovered {len(done)} thread(s)")
