"""``switchboard run`` on the queue never reports a finished run as still going.

The command follows the run's event log and then read the outcome from the run's record
only. A worker that could not record the run's end (the database did not answer for
all its tries) still closes the log with the ``end`` event, so the command's stream
ended while the record said ``running``, and the command printed ``status: running``
as the run's result, with no answer. The outcome now comes from the ``end`` event when
the record still says the run goes; a record that ended is kept as the truth. A log
that cannot be read (Redis gone) made the command fail with a traceback while the run
went on; it now says so and waits for the record to tell how the run ended.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import select

from adapters.services import Services, build_services
from domain import runs
from domain.db import transaction
from domain.models import RunRecord
from graphs.context import Context
from graphs.supervisor import compile_supervisor
from switchboard.cli import queued_run
from switchboard.cli.queued_run import _outcome, run_on_queue
from switchboard.runs import Progress
from switchboard.settings import Settings
from tests.integration.test_rate_limits import redis_url

END = {
    "run_id": "r",
    "status": "done",
    "agents": ["sales"],
    "answer": "The pipeline is worth $42,000.",
}


def started(services: Services, context: Context) -> tuple[str, str]:
    run_id, thread_id = uuid.uuid4().hex, f"cli-{uuid.uuid4().hex[:8]}"
    with services.scope(context.tenant_id, actor=context.actor) as scope:
        runs.start_run(
            scope, run_id=run_id, thread_id=thread_id, kind="run", run_input={"text": "hi"}
        )
    return run_id, thread_id


def test_a_stale_running_record_gives_way_to_the_logs_end_event(
    make_services: Callable[[Any], Services],
) -> None:
    services, context = make_services(None), Context()
    run_id, thread_id = started(services, context)

    outcome = _outcome(services, context, run_id, thread_id, dict(END))

    assert (outcome.status, outcome.answer, outcome.agents) == (
        "done",
        END["answer"],
        ["sales"],
    )
    assert outcome.run_id == run_id


def test_a_recorded_end_is_kept_over_the_logs_end_event(
    make_services: Callable[[Any], Services],
) -> None:
    services, context = make_services(None), Context()
    run_id, thread_id = started(services, context)
    with services.scope(context.tenant_id, actor=context.actor) as scope:
        runs.finish_run(scope, run_id, status="error", output=None, error="it broke")

    outcome = _outcome(services, context, run_id, thread_id, dict(END))

    assert (outcome.status, outcome.error, outcome.answer) == ("error", "it broke", "")


class UnreadableLog:
    """A run event log whose reads fail, as Redis's do when it goes away mid-run."""

    def __init__(self, real: Any) -> None:
        self.real = real

    async def read(self, run_id: str, after: str | None = None) -> AsyncIterator[Any]:
        raise ConnectionError("Redis went away")
        yield  # an async generator, as the real log's read is

    async def read_batches(self, run_id: str, after: str | None = None) -> AsyncIterator[Any]:
        raise ConnectionError("Redis went away")
        yield

    async def aclose(self) -> None:
        await self.real.aclose()


@pytest.mark.redis
def test_a_log_that_cannot_be_read_leaves_the_command_waiting_on_the_record(
    fresh_demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It said nothing and ended in a traceback while the run went on on its worker."""
    settings = Settings(
        database_url=fresh_demo_url,
        data_dir=tmp_path,
        redis_url=redis_url(),
        run_queue="redis",
        run_queue_name=f"switchboard:test-cli-{uuid.uuid4().hex[:8]}",  # no worker takes it
        stream_idle_check_seconds=0.2,
    )
    services = build_services(settings)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    real_open = queued_run.open_run_events
    monkeypatch.setattr(queued_run, "open_run_events", lambda s: UnreadableLog(real_open(s)))
    thread_id = f"cli-{uuid.uuid4().hex[:8]}"

    def the_worker_finishes() -> None:  # what a worker records, seen through the database
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with transaction(services.sessions) as session:
                run = session.scalars(
                    select(RunRecord).where(
                        RunRecord.thread_id == thread_id, RunRecord.status == "queued"
                    )
                ).first()
                if run is not None:
                    run.status, run.output = "done", {"answer": "Done on the worker."}
                    return
            time.sleep(0.05)

    finisher = threading.Thread(target=the_worker_finishes, daemon=True)
    finisher.start()
    said: list[Progress] = []
    try:
        outcome = run_on_queue(
            services, graph, Context(), "hi", thread_id=thread_id, on_progress=said.append
        )
    finally:
        finisher.join(60)
        services.engine.dispose()

    assert (outcome.status, outcome.answer) == ("done", "Done on the worker.")
    assert any("cannot be read (ConnectionError)" in p.detail for p in said), said
