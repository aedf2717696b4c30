"""Synchronous graph calls of the server never wait on threads they themselves fill.

On Postgres the async checkpointer's synchronous methods block their thread until a
coroutine on the serving loop ends, and that coroutine needs a default-executor thread
(``adapters.graph_threads``). A request's recovery (``recover_thread``) and an approval's
resume ran in the default executor; with every one of its threads blocked so (a burst of
runs, each recovering its thread), nothing ran the checkpointer's work and the process
froze for good (a CI run, 80 minutes). Here the default executor has one thread (the
same starvation, on demand), or CI's six with the saver's lock held while a burst
recovers its threads (the frozen burst, held still). Before the fix each request below
never answered, and in the burst nothing the default executor was given ever ran.

Every wait is bounded: a regression fails with a sentence instead of hanging.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

from tests.api_helpers import REFUND_REQUEST, Api, serve, sse_events

pytestmark = pytest.mark.postgres

BOUND = 30.0
"""Seconds a request may take before the test fails (each takes a few at most)."""
QUESTION = "Which sponsors have not paid their invoices and what is our pipeline value?"


@pytest.fixture
async def api(postgres_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(postgres_url, tmp_path / "data", checkpoint_url=postgres_url) as running:
        yield running


@contextmanager
def one_default_thread() -> Iterator[None]:
    """The loop's default executor with one thread, as when the others are all blocked.

    On leaving, work still queued there is cancelled, which unblocks a thread waiting on
    it (a failed test must not leave the loop stuck for the fixtures' teardown).
    """
    loop = asyncio.get_running_loop()
    narrow = ThreadPoolExecutor(1, thread_name_prefix="one-default")
    loop.set_default_executor(narrow)
    try:
        yield
    finally:
        loop.set_default_executor(ThreadPoolExecutor(thread_name_prefix="default"))
        narrow.shutdown(wait=False, cancel_futures=True)


async def answered(request: asyncio.Future[httpx.Response], what: str) -> httpx.Response:
    """The response, or a failure naming the starvation (the request is abandoned)."""
    done, _ = await asyncio.wait({request}, timeout=BOUND)
    if request not in done:
        request.cancel()
        pytest.fail(f"{what} did not answer in {BOUND:.0f} s: the default executor starved")
    return request.result()


async def test_a_run_on_a_thread_with_checkpoints_starts_with_one_default_thread(
    api: Api,
) -> None:
    thread_id = await api.new_thread()
    path = f"/threads/{thread_id}/runs/stream"
    first = await api.a.post(path, json={"text": QUESTION})
    assert sse_events(first.text)[-1][0] == "end", first.text  # the thread has checkpoints

    with one_default_thread():
        second = await answered(
            asyncio.ensure_future(api.a.post(path, json={"text": QUESTION})), "a second run"
        )
    assert second.status_code == 200, second.text
    name, data = sse_events(second.text)[-1]
    assert (name, json.loads(data)["status"]) == ("end", "done")


async def test_an_approval_resumes_its_thread_with_one_default_thread(api: Api) -> None:
    run = await api.run(REFUND_REQUEST)
    approval = await api.pending_approval(run["thread_id"])

    with one_default_thread():
        decided = await answered(
            asyncio.ensure_future(api.a.post(f"/approvals/{approval['id']}/approve")),
            "an approval",
        )
    assert decided.status_code == 200, decided.text
    assert decided.json()["thread_status"] == "done"


CI_DEFAULT_THREADS = 6
"""asyncio's default executor on the 2-core CI runner (cpu + 4)."""


async def test_a_burst_recovering_its_threads_leaves_the_checkpointer_a_default_thread(
    api: Api,
) -> None:
    """The frozen CI burst, held still: the saver's lock is taken (as a run's checkpoint
    write holds it) while more runs than default threads recover their threads; the
    holder then needs a default thread, as that write's ``asyncio.to_thread`` does."""
    loop = asyncio.get_running_loop()
    loop.set_default_executor(ThreadPoolExecutor(CI_DEFAULT_THREADS, thread_name_prefix="ci"))
    saver = api.app.state.runtime.graph.checkpointer
    assert isinstance(saver, AsyncPostgresSaver)
    threads = [await api.new_thread() for _ in range(CI_DEFAULT_THREADS + 1)]

    async with saver.lock:
        streams = [
            asyncio.ensure_future(api.a.post(f"/threads/{t}/runs/stream", json={"text": QUESTION}))
            for t in threads
        ]
        for _ in range(int(BOUND / 0.01)):  # until the recoveries wait for the saver
            if len(saver.lock._waiters or ()) >= CI_DEFAULT_THREADS:
                break
            await asyncio.sleep(0.01)
        else:
            pytest.fail(f"the runs' recoveries never all waited: {saver.lock._waiters}")
        writing = asyncio.ensure_future(asyncio.to_thread(lambda: None))
        done, _ = await asyncio.wait({writing}, timeout=BOUND)
    assert writing in done, "every default thread waits on the checkpointer's lock holder"

    for stream in streams:
        response = await answered(stream, "a run of the burst")
        assert response.status_code == 200, response.text
        assert sse_events(response.text)[-1][0] == "end"
