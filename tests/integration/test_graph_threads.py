"""Synchronous graph calls of the server never wait on threads they themselves fill.

On Postgres the async checkpointer's synchronous methods block their thread until a
coroutine on the serving loop ends, and that coroutine needs a default-executor thread
(``adapters.graph_threads``). A request's recovery (``recover_thread``) and an approval's
resume ran in the default executor; with every one of its threads blocked so (a burst of
runs, each recovering its thread), nothing ran the checkpointer's work and the process
froze for good (a CI run, 80 minutes). Here the default executor has one thread: the
same starvation, on demand. Before the fix each request below never answered.

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
