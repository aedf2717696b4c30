"""``switchboard run`` on the queue never reports a finished run as still going.

The command follows the run's event log and then read the outcome from the run's record
only. A worker that could not record the run's end (the database did not answer for
all its tries) still closes the log with the ``end`` event, so the command's stream
ended while the record said ``running``, and the command printed ``status: running``
as the run's result, with no answer. The outcome now comes from the ``end`` event when
the record still says the run goes; a record that ended is kept as the truth.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from adapters.services import Services
from domain import runs
from graphs.context import Context
from switchboard.cli.queued_run import _outcome

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
