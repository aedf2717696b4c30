"""``/crons`` over REST, the server's own scheduler, and scheduled runs in the console views.

The server's scheduler loop runs with a short tick; a cron made due (its next_run_at
moved into the past) is fired by it within a tick or two, and the run it starts shows
in /runs, /activity and /approvals with the schedule that started it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import update

from domain.base import utcnow
from domain.models import Cron
from tests.api_helpers import Api, serve, serve_demo_copy


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data", scheduler_tick_seconds=0.1) as running:
        yield running


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def shared_api(
    demo_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[Api]:
    """One app for the refused creations: a 4xx writes nothing, so they can share it."""
    async with serve_demo_copy(demo_sqlite_template, tmp_path_factory.mktemp("crons")) as running:
        yield running


async def test_create_list_get_patch_delete(api: Api) -> None:
    made = await api.a.post("/crons", json={"name": "ops", "kind": "daily_operations"})
    assert made.status_code == 201, made.text
    cron = made.json()
    assert (cron["schedule"], cron["timezone"], cron["paused"]) == ("0 8 * * *", "UTC", False)
    assert cron["request_text"] == "Run the daily operations check"
    assert cron["next_run_at"].endswith("T08:00:00Z")
    listed = (await api.a.get("/crons")).json()
    assert [c["name"] for c in listed["items"]] == ["ops"] and listed["total"] == 1

    paused = await api.a.patch(f"/crons/{cron['id']}", json={"paused": True})
    assert paused.json()["paused"] is True
    retimed = await api.a.patch(
        f"/crons/{cron['id']}",
        json={"paused": False, "schedule": "30 6 * * 1-5", "timezone": "Europe/Paris"},
    )
    assert retimed.status_code == 200, retimed.text
    assert (retimed.json()["schedule"], retimed.json()["timezone"]) == (
        "30 6 * * 1-5",
        "Europe/Paris",
    )
    assert (await api.a.get(f"/crons/{cron['id']}")).json() == retimed.json()
    assert (await api.a.get(f"/crons/{cron['id']}/fires")).json() == []

    gone = await api.a.delete(f"/crons/{cron['id']}")
    assert gone.status_code == 200 and gone.json()["name"] == "ops"
    assert (await api.a.get(f"/crons/{cron['id']}")).status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"name": "x", "kind": "daily_insights", "schedule": "61 * * * *"}, 422, "schedule:"),
        ({"name": "x", "kind": "daily_insights", "schedule": "every day"}, 422, "five fields"),
        ({"name": "x", "kind": "daily_insights", "timezone": "Mars/Olympus"}, 422, "time zone"),
        ({"name": "x", "kind": "request", "schedule": "0 9 * * *"}, 422, "request_text"),
        ({"name": "x", "kind": "request", "request_text": "hi"}, 422, "default schedule"),
        ({"name": "x", "kind": "hourly"}, 422, "kind"),
        ({"name": "Not A Name", "kind": "daily_insights"}, 422, "name"),
        ({"name": "x", "kind": "request", "request_text": "   "}, 422, "empty"),
        ({"kind": "daily_insights"}, 422, "name"),
    ],
)
@pytest.mark.asyncio(loop_scope="module")
async def test_bad_crons_get_a_4xx_sentence(
    shared_api: Api, body: dict[str, Any], status: int, says: str
) -> None:
    response = await shared_api.a.post("/crons", json=body)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert says in error and " " in error, error
    assert (await shared_api.a.get("/crons")).json()["total"] == 0  # nothing was made


async def test_duplicates_unknown_ids_and_bad_patches(api: Api) -> None:
    body = {"name": "insights", "kind": "daily_insights"}
    cron = (await api.a.post("/crons", json=body)).json()
    twice = await api.a.post("/crons", json=body)
    assert twice.status_code == 409 and "already has a cron named" in twice.json()["error"]
    bad = await api.a.patch(f"/crons/{cron['id']}", json={"schedule": "* *"})
    assert bad.status_code == 422 and "five fields" in bad.json()["error"]
    missing = await api.a.patch("/crons/999999", json={"paused": True})
    assert missing.status_code == 404 and "no cron" in missing.json()["error"]
    zero = await api.a.get("/crons/0")
    assert zero.status_code == 422


async def wait_for(check: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = await check()
        if found:
            return found
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def test_the_server_fires_a_due_cron_and_its_run_shows_everywhere(api: Api) -> None:
    cron = (await api.a.post("/crons", json={"name": "ops", "kind": "daily_operations"})).json()
    with api.sessions.begin() as session:
        session.execute(
            update(Cron)
            .where(Cron.id == cron["id"])
            .values(next_run_at=utcnow() - timedelta(minutes=3))
        )

    async def fired() -> list[dict[str, Any]]:
        fires = (await api.a.get(f"/crons/{cron['id']}/fires")).json()
        return [f for f in fires if f["run_id"]]

    [fire] = await wait_for(fired)
    run = await api.wait_run(fire["run_id"])
    assert run["cron_id"] == cron["id"] and run["actor"] == "cron:ops"
    assert run["input"]["via"] == "cron" and run["agents"] == ["operations"]
    assert run["status"] == "interrupted"  # reminders are external: they wait for a human
    assert fire["status"] == "started" and fire["thread_id"] == run["thread_id"]
    again = (await api.a.get(f"/crons/{cron['id']}")).json()
    assert again["last_run_id"] == run["id"]
    assert again["next_run_at"] > utcnow().isoformat()[:19]

    runs = (await api.a.get("/runs")).json()["items"]
    assert [r["cron_id"] for r in runs if r["id"] == run["id"]] == [cron["id"]]
    activity = (await api.a.get("/activity")).json()["items"]
    [item] = [i for i in activity if i["id"] == f"run:{run['id']}"]
    assert "scheduled by cron ops" in item["summary"] and item["detail"]["cron_id"] == cron["id"]
    approvals = (await api.a.get("/approvals", params={"thread_id": run["thread_id"]})).json()
    assert approvals["items"] and {a["requested_by"] for a in approvals["items"]} == {"cron:ops"}

    decided = [
        (await api.a.post(f"/approvals/{a['id']}/reject", json={"message": "not now"})).json()
        for a in approvals["items"]
    ]
    resumed = decided[-1]["run_id"]
    assert resumed and resumed != run["id"]
    resume = await api.wait_run(resumed)
    assert (resume["kind"], resume["cron_id"]) == ("resume", cron["id"])  # inherited


async def test_pause_all_stops_the_server_scheduler(api: Api) -> None:
    paused = await api.a.patch("/tenant/settings", json={"automation_paused": True})
    assert paused.json()["automation_paused"] is True
    cron = (await api.a.post("/crons", json={"name": "insights", "kind": "daily_insights"})).json()
    assert cron["automation_paused"] is True
    with api.sessions.begin() as session:
        session.execute(
            update(Cron)
            .where(Cron.id == cron["id"])
            .values(next_run_at=utcnow() - timedelta(minutes=1))
        )

    async def skipped() -> list[dict[str, Any]]:
        return list((await api.a.get(f"/crons/{cron['id']}/fires")).json())

    [fire] = await wait_for(skipped)
    assert (fire["status"], fire["run_id"]) == ("skipped", None)
    assert "paused all automation" in fire["detail"]
    assert (await api.a.get("/runs")).json()["total"] == 0
