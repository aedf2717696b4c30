"""The run records of background runs: ownership, start and end (sync; called in threads)."""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from domain import runs
from graphs.context import Context
from server.runtime import AppRuntime


def check_owner(runtime: AppRuntime, context: Context, thread_id: str) -> None:
    """NotFoundError unless the thread is the caller's tenant's."""
    with runtime.services.scope(
        context.tenant_id, actor=context.actor, caller=context.caller
    ) as scope:
        runs.owned_thread(scope, thread_id)


def record_start(
    runtime: AppRuntime,
    context: Context,
    run_id: str,
    thread_id: str,
    kind: str,
    run_input: dict[str, Any],
    cron_id: int | None = None,
) -> None:
    """Record the run as running (the caller holds the thread's lock)."""
    with runtime.services.scope(
        context.tenant_id, actor=context.actor, caller=context.caller
    ) as scope:
        runs.start_run(
            scope,
            run_id=run_id,
            thread_id=thread_id,
            kind=kind,
            run_input=run_input,
            cron_id=cron_id,
        )


def record_end(
    runtime: AppRuntime,
    context: Context,
    run_id: str,
    ending: dict[str, Any],
    tokens_in: int,
    tokens_out: int,
    locks: ExitStack,
    worker_id: str | None = None,
    while_status: str | None = None,
) -> None:
    """Record how the run ended, then release the thread's lock (even if recording fails).

    ``worker_id``: a queue worker's attempt, which records only while the run is its;
    ``while_status``: record only while the run still has that status
    (``domain.runs.finish_run`` raises ``RunTakenOverError`` otherwise).
    """
    try:
        with runtime.services.scope(
            context.tenant_id, actor=context.actor, caller=context.caller
        ) as scope:
            runs.finish_run(
                scope,
                run_id,
                status=ending["status"],
                output=ending["output"],
                error=ending["error"],
                agents=ending["agents"],
                input_tokens=tokens_in,
                output_tokens=tokens_out,
                worker_id=worker_id,
                while_status=while_status,
            )
    finally:
        locks.close()
