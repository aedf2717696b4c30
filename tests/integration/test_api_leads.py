"""The lead pipeline over REST, embedded default: the server's own worker does the stages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.models import Event
from tests.api_helpers import TENANT_B, Api, serve
from tests.lead_helpers import unenriched_company

NEW_LEAD = {
    "company_id": 3,
    "email": "nina.park@initech.example",
    "first_name": "Nina",
    "last_name": "Park",
    "title": "VP Partnerships",
}


@pytest.fixture
async def api(fresh_demo_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    async with serve(fresh_demo_url, tmp_path / "data", lead_retry_seconds=0.01) as running:
        yield running


async def steps_when(
    client: httpx.AsyncClient, contact_id: int, done: Any, timeout: float = 30
) -> list[dict[str, Any]]:
    """Poll the lead's steps until ``done(steps)``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        response = await client.get(f"/leads/{contact_id}/steps")
        assert response.status_code == 200, response.text
        steps: list[dict[str, Any]] = response.json()["steps"]
        if done(steps):
            return steps
        assert loop.time() < deadline, steps
        await asyncio.sleep(0.05)


async def test_a_sourced_lead_is_enriched_verified_and_scored_by_the_server(api: Api) -> None:
    accepted = await api.a.post("/leads", json=NEW_LEAD)
    assert accepted.status_code == 202, accepted.text
    body = accepted.json()
    assert (body["created"], body["event"], body["bus"]) == (True, "lead.sourced", "in-process")

    steps = await steps_when(api.a, body["contact_id"], lambda s: len(s) == 4)
    assert [(s["stage"], s["status"], s["attempts"]) for s in steps] == [
        ("sourced", "done", 1),
        ("enriched", "done", 1),
        ("verified", "done", 1),
        ("scored", "done", 1),
    ]
    assert steps[1]["result"]["seniority"] == "vp"
    again = await api.a.post("/leads", json=NEW_LEAD)  # the same mailbox: the same lead
    assert (again.json()["contact_id"], again.json()["created"]) == (body["contact_id"], False)
    assert (await api.a.get("/errors/leads")).json()["total"] == 0


async def test_bad_leads_get_a_sentence(api: Api) -> None:
    missing = await api.a.post("/leads", json={"title": "CMO"})
    assert missing.status_code == 422
    assert "give contact_id, or company_id and email" in missing.text
    malformed = await api.a.post("/leads", json={**NEW_LEAD, "email": "not an address"})
    assert malformed.status_code == 422 and "is not an email address" in malformed.text
    nowhere = await api.a.post("/leads", json={**NEW_LEAD, "company_id": 999_999})
    assert nowhere.status_code == 404 and "no company 999999" in nowhere.text


async def test_a_step_that_keeps_failing_is_listed_and_its_retry_completes_it(api: Api) -> None:
    with api.sessions.begin() as session:  # the rival tenant has a company and no event
        company = unenriched_company(TENANT_B)
        session.add(company)
        session.flush()
        company_id = company.id
    lead = {**NEW_LEAD, "company_id": company_id, "email": "ana.li@umbrella.example"}
    contact_id = (await api.b.post("/leads", json=lead)).json()["contact_id"]
    steps = await steps_when(api.b, contact_id, lambda s: any(x["status"] == "failed" for x in s))
    assert steps[-1]["stage"] == "scored" and "no event 'upcoming'" in steps[-1]["error"]

    queue = (await api.b.get("/errors/leads")).json()
    assert queue["total"] == 1
    [failed] = queue["items"]
    assert (failed["contact_id"], failed["stage"], failed["attempts"]) == (contact_id, "scored", 3)
    assert (await api.a.get("/errors/leads")).json()["total"] == 0  # the demo tenant's is empty
    assert (await api.a.post(f"/errors/leads/{failed['id']}/retry")).status_code == 404

    with api.sessions.begin() as session:
        session.add(
            Event(
                tenant_id=TENANT_B,
                name="Data Summit",
                slug="data-summit",
                starts_on=date(2027, 5, 10),
                ends_on=date(2027, 5, 11),
                sales_open_on=date(2026, 11, 1),
                venue="Messe",
                city="Berlin",
                capacity=800,
                ticket_target=700,
                revenue_target=Decimal(400_000),
                budget_total=Decimal(150_000),
            )
        )
    retried = await api.b.post(f"/errors/leads/{failed['id']}/retry")
    assert retried.status_code == 202, retried.text
    assert retried.json()["event"] == "lead.verified"
    steps = await steps_when(api.b, contact_id, lambda s: s[-1]["status"] == "done")
    assert (steps[-1]["stage"], steps[-1]["attempts"], steps[-1]["error"]) == ("scored", 4, None)
    assert (await api.b.get("/errors/leads")).json()["total"] == 0
