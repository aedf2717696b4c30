"""A queued run's job is rebuilt from its record alone (the sweep and promotions do this)."""

from __future__ import annotations

from domain.models import RunRecord
from server.services.next_runs import job_input, job_of


def test_an_agui_run_comes_back_as_an_agui_job_with_its_input() -> None:
    agui_input = {"threadId": "t1", "runId": "r1", "messages": [{"role": "user", "content": "hi"}]}
    context = {"tenant_id": "demo", "actor": "ada", "key_id": 3, "key_name": "k", "person": None}
    recorded = {"text": "hi", "via": "ag-ui"} | job_input(
        context, {"input": agui_input}, kind="agui"
    )
    run = RunRecord(id="r1", tenant_id="demo", thread_id="t1", kind="run", input=recorded)

    job = job_of(run)

    assert (job.kind, job.extra, job.context) == ("agui", {"input": agui_input}, context)


def test_a_rest_run_keeps_its_recorded_kind_and_text() -> None:
    run = RunRecord(
        id="r2", tenant_id="demo", thread_id="t2", kind="run", input={"text": "refund"}, actor="bo"
    )

    job = job_of(run)

    assert (job.kind, job.text, job.extra) == ("run", "refund", {})
    assert job.context == {"tenant_id": "demo", "actor": "bo"}
