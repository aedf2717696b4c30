"""The REST API on Postgres: business data and checkpoints in Postgres, advisory thread locks.

Each test runs on a copy of the seeded demo database (CREATE DATABASE ... TEMPLATE), with
the checkpoint tables created as ``switchboard db upgrade`` makes them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.demo import anchors
from domain.models import Order, Refund
from tests.api_helpers import REFUND_REQUEST, Api, SlowModels, serve

pytestmark = pytest.mark.postgres


@pytest.fixture
async def api(postgres_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(postgres_url, tmp_path / "data", checkpoint_url=postgres_url) as running:
        yield running


async def test_run_state_approve_and_records_on_postgres(api: Api) -> None:
    run = await api.run(REFUND_REQUEST)
    assert (run["status"], run["agents"]) == ("interrupted", ["support"])
    thread_id = run["thread_id"]
    state = (await api.a.get(f"/threads/{thread_id}/state")).json()
    assert state["next"] == ["approval_gate"] and state["interrupts"]
    history = (await api.a.get(f"/threads/{thread_id}/history")).json()
    assert history[0]["checkpoint_id"] == state["checkpoint_id"]

    approval = await api.pending_approval(thread_id)
    outcome = (await api.a.post(f"/approvals/{approval['id']}/approve")).json()
    assert (outcome["approval"]["status"], outcome["thread_status"]) == ("approved", "done")
    again = await api.a.post(f"/approvals/{approval['id']}/approve")
    assert again.status_code == 409
    with api.sessions() as session:
        refunds = session.scalars(
            select(Refund.amount)
            .join(Order, Order.id == Refund.order_id)
            .where(Order.number == anchors.ORDER_BELOW_REFUND_THRESHOLD)
        ).all()
    assert refunds == [Decimal("349.00")]

    runs = (await api.a.get(f"/threads/{thread_id}/runs")).json()["items"]
    assert [(r["kind"], r["status"]) for r in runs] == [("resume", "done"), ("run", "interrupted")]
    activity = (await api.a.get("/activity", params={"agent": "support"})).json()
    assert [i["event"] for i in activity["items"]][:2] == ["executed", "done"]
    assert (await api.b.get(f"/threads/{thread_id}")).status_code == 404
    assert (await api.b.get("/approvals", params={"status": "approved"})).json()["total"] == 0


@pytest.fixture
def slow() -> SlowModels:
    return SlowModels(delay=1.0)


@pytest.fixture
async def slow_api(postgres_url: str, tmp_path: Path, slow: SlowModels) -> AsyncIterator[Api]:
    async with serve(
        postgres_url, tmp_path / "data", checkpoint_url=postgres_url, model=slow
    ) as running:
        yield running


async def test_busy_and_cancel_with_the_advisory_lock(slow_api: Api, slow: SlowModels) -> None:
    thread_id = await slow_api.new_thread()
    text = "Which sponsors have not paid their invoices and what is our pipeline value?"
    started = await slow_api.a.post(f"/threads/{thread_id}/runs", json={"text": text})
    run_id = started.json()["run_id"]
    busy = await slow_api.a.post(f"/threads/{thread_id}/runs", json={"text": "daily insights"})
    assert busy.status_code == 409
    for _ in range(300):
        if slow.model is not None and slow.model.calls:
            break
        await asyncio.sleep(0.01)
    cancelled = (await slow_api.a.post(f"/runs/{run_id}/cancel")).json()
    assert cancelled["status"] == "cancelled"
    assert slow.model is not None and slow.model.calls == 1
    after = await slow_api.run("daily insights", thread_id=thread_id)  # the lock was released
    assert after["status"] == "done"
