"""Seed 002's lead pipeline on Postgres, on Redis Streams and on the in-process bus alike.

Each behaviour runs on both buses: an event moves through every stage once (and a
duplicate of it changes nothing); a consumer that read an event and died leaves it
pending, another claims and completes it; one that died after its commit is not redone;
a step that keeps failing lands in the error queue and its retry completes it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from adapters.lead_bus import LeadBus
from adapters.services import Services, build_services
from domain.base import utcnow
from domain.db import system_transaction
from domain.demo import anchors
from domain.leads.events import STAGES, LeadEvent
from domain.leads.steps import failed_steps
from domain.leads.sweep import stalled_leads
from domain.models import Contact
from switchboard.lead_pipeline import (
    PipelineWorker,
    publish_event_for,
    republish_stalled,
    retry_event,
    run_until_idle,
)
from switchboard.settings import Settings
from tests.integration.test_rate_limits import redis_url
from tests.lead_helpers import add_event, new_lead, open_bus, steps_of, tenant_without_events

pytestmark = pytest.mark.postgres
TENANT = anchors.TENANT_ID


@pytest.fixture(params=["in-process", pytest.param("redis", marks=pytest.mark.redis)])
async def bus(request: pytest.FixtureRequest) -> AsyncIterator[LeadBus]:
    url = redis_url() if request.param == "redis" else None
    async with open_bus(request.param, url) as opened:
        yield opened


@pytest.fixture
def services(postgres_url: str, tmp_path: Path) -> Iterator[Services]:
    settings = Settings(
        database_url=postgres_url,
        data_dir=tmp_path,
        lead_claim_idle_seconds=0.3,
        lead_retry_seconds=0.01,
        lead_max_attempts=3,
    )
    built = build_services(settings)
    yield built
    built.engine.dispose()


class Seen:
    """What the worker's observer saw: (stage, contact, result) per acknowledged delivery."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int, str]] = []

    def __call__(self, stage: str, event: LeadEvent, result: str) -> None:
        self.events.append((stage, event.contact_id, result))

    def of(self, contact_id: int) -> list[tuple[str, str]]:
        return [(s, r) for s, c, r in self.events if c == contact_id]


async def test_an_event_published_once_moves_through_all_four_stages_once(
    services: Services, bus: LeadBus
) -> None:
    lead = new_lead(services)
    await bus.publish(publish_event_for(TENANT, lead))
    seen = Seen()
    assert await run_until_idle(services, bus, timeout=30, observer=seen)

    assert seen.of(lead) == [("enriched", "done"), ("verified", "done"), ("scored", "done")]
    steps = steps_of(services, TENANT, lead)
    assert sorted(steps) == sorted(STAGES)
    assert {(s.status, s.attempts, s.advance) for s in steps.values()} == {("done", 1, True)}
    enriched = steps["enriched"].result
    assert (enriched["seniority"], enriched["department"]) == ("vp", "partnerships")
    assert enriched["email_status"] == "unverified" and enriched["industry"]
    assert steps["verified"].result["contactable"] is True
    assert steps["scored"].result["grade"] in {"A", "B", "C", "D"}
    with services.scope(TENANT) as scope:
        contact = scope.session.get(Contact, lead)
        assert contact is not None and contact.seniority == "vp"  # enrichment wrote it

    await bus.publish(publish_event_for(TENANT, lead))  # the same event again
    assert await run_until_idle(services, bus, timeout=30, observer=seen)
    assert seen.of(lead)[3:] == [
        ("enriched", "skipped"),
        ("verified", "skipped"),
        ("scored", "skipped"),
    ]
    again = steps_of(services, TENANT, lead)
    assert {(s.stage, s.attempts, s.updated_at) for s in again.values()} == {
        (s.stage, s.attempts, s.updated_at) for s in steps.values()
    }


async def test_an_opted_out_lead_stops_at_verification(services: Services, bus: LeadBus) -> None:
    lead = new_lead(services)
    with services.scope(TENANT) as scope:
        contact = scope.session.get(Contact, lead)
        assert contact is not None
        contact.opted_out = True
    await bus.publish(publish_event_for(TENANT, lead))
    assert await run_until_idle(services, bus, timeout=30)
    steps = steps_of(services, TENANT, lead)
    assert sorted(steps) == ["enriched", "sourced", "verified"]
    assert steps["verified"].advance is False
    assert "opted out" in " ".join(steps["verified"].result["reasons"])


async def test_a_consumer_that_read_and_died_leaves_it_pending_and_another_completes_it(
    services: Services, bus: LeadBus
) -> None:
    lead = new_lead(services)
    await bus.ensure_group("enriched")
    await bus.publish(publish_event_for(TENANT, lead))
    [taken] = await bus.read("enriched", "dead-consumer", count=10, block=2)
    assert taken.event.contact_id == lead and await bus.pending("enriched") == 1

    seen = Seen()
    assert await run_until_idle(services, bus, timeout=30, observer=seen)
    assert seen.of(lead) == [("enriched", "done"), ("verified", "done"), ("scored", "done")]
    steps = steps_of(services, TENANT, lead)
    assert sorted(steps) == sorted(STAGES)
    assert {(s.status, s.attempts) for s in steps.values()} == {("done", 1)}
    assert steps["enriched"].consumer != "dead-consumer"
    assert await bus.pending("enriched") == 0


async def test_a_consumer_that_died_after_its_commit_is_not_redone(
    services: Services, bus: LeadBus
) -> None:
    lead = new_lead(services)
    await bus.ensure_group("enriched")
    await bus.publish(publish_event_for(TENANT, lead))
    [taken] = await bus.read("enriched", "dead-consumer", count=10, block=2)
    dead = PipelineWorker(services, bus, consumer="dead-consumer")
    assert dead._process("enriched", taken).result == "done"  # committed; never published, acked

    seen = Seen()
    assert await run_until_idle(services, bus, timeout=30, observer=seen)
    assert seen.of(lead) == [("enriched", "skipped"), ("verified", "done"), ("scored", "done")]
    steps = steps_of(services, TENANT, lead)
    assert steps["enriched"].consumer == "dead-consumer"
    assert {(s.status, s.attempts) for s in steps.values()} == {("done", 1)}
    assert sorted(steps) == sorted(STAGES)


async def test_a_failing_step_lands_in_the_error_queue_and_its_retry_completes_it(
    services: Services, bus: LeadBus
) -> None:
    tenant, company_id = tenant_without_events(services)
    lead = new_lead(services, tenant=tenant, company_id=company_id, domain="umbrella.example")
    await bus.publish(publish_event_for(tenant, lead))
    seen = Seen()
    assert await run_until_idle(services, bus, timeout=30, observer=seen)
    assert seen.of(lead) == [("enriched", "done"), ("verified", "done"), ("scored", "failed")]

    with services.scope(tenant) as scope:
        [queued] = failed_steps(scope)
    assert (queued.contact_id, queued.stage, queued.attempts) == (lead, "scored", 3)
    assert queued.error is not None and "no event 'upcoming'" in queued.error
    assert await bus.pending("scored") == 0  # in the error queue, not stuck in the stream
    with services.scope(TENANT) as other:
        assert all(row.contact_id != lead for row in failed_steps(other))

    add_event(services, tenant)  # what the step lacked
    event = retry_event(services, tenant, queued.id)
    assert (event.name, event.retry_of) == ("lead.verified", queued.id)
    await bus.publish(event)
    assert await run_until_idle(services, bus, timeout=30, observer=seen)
    assert seen.of(lead)[3:] == [("scored", "done")]
    scored = steps_of(services, tenant, lead)["scored"]
    assert (scored.status, scored.attempts, scored.error) == ("done", 4, None)
    assert scored.result["event"] == "Data Summit"
    with services.scope(tenant) as scope:
        assert failed_steps(scope) == []


async def test_two_workers_share_the_groups_and_each_lead_is_done_once(
    services: Services, bus: LeadBus
) -> None:
    leads = [new_lead(services) for _ in range(12)]
    seen = Seen()
    # No one dies here: a claim idle far above a batch's time keeps live workers' events theirs.
    patient = build_services(services.settings.model_copy(update={"lead_claim_idle_seconds": 30}))
    workers = [
        PipelineWorker(
            patient, bus, consumer=f"w{i}", batch=1, block=0.05, sweep=False, observer=seen
        )
        for i in range(2)
    ]
    tasks = [asyncio.create_task(w.run()) for w in workers]
    try:
        for lead in leads:
            await bus.publish(publish_event_for(TENANT, lead))
        deadline = asyncio.get_running_loop().time() + 60
        while sum(1 for s, _, _ in seen.events if s == "scored") < len(leads):
            assert asyncio.get_running_loop().time() < deadline, seen.events
            await asyncio.sleep(0.05)
    finally:
        for worker in workers:
            worker.stop.set()
        await asyncio.gather(*tasks)
        patient.engine.dispose()
    assert sorted(seen.events) == sorted(
        (stage, lead, "done") for lead in leads for stage in ("enriched", "verified", "scored")
    )
    consumers = {
        row.consumer for lead in leads for row in steps_of(services, TENANT, lead).values()
    }
    assert {"w0", "w1"} <= consumers  # both took part; no event went to both


async def test_the_sweep_republishes_a_lead_whose_event_was_lost(
    services: Services, bus: LeadBus
) -> None:
    lead = new_lead(services)  # committed as sourced; its lead.sourced was never published
    assert await republish_stalled(services, bus, older_than=0) >= 1
    assert await run_until_idle(services, bus, timeout=30)
    assert sorted(steps_of(services, TENANT, lead)) == sorted(STAGES)
    assert all(
        (tenant, contact) != (TENANT, lead)
        for tenant, contact, _ in await asyncio.to_thread(_stalled_now, services)
    )


def _stalled_now(services: Services) -> list[tuple[str, int, str]]:
    with system_transaction(services.sessions) as session:
        return [(t, c, s) for t, c, s in stalled_leads(session, before=utcnow() + timedelta(1))]
