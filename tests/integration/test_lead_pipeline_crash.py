"""A lead pipeline worker killed with SIGKILL mid-step, with real processes on Redis and Postgres.

``switchboard pipeline run`` is started with ``SWITCHBOARD_TEST_PAUSE_AT`` at one of two
points of a step: just after it read the event (nothing done), or after the step's
commit (not yet acknowledged). It is killed there; its event stays pending in the
consumer group. A second worker claims it after ``lead_claim_idle_seconds`` and the lead
ends with each of its four stages recorded once.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.lead_bus.redis_streams import RedisStreamsBus
from adapters.services import Services, build_services
from domain.demo import anchors
from domain.leads.events import STAGES
from switchboard.lead_pipeline import publish_event_for
from switchboard.settings import Settings
from tests.integration.test_rate_limits import redis_url
from tests.lead_helpers import new_lead, steps_of
from tests.process_helpers import Processes, cli_env, cli_processes, wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
TENANT = anchors.TENANT_ID


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Processes]:
    with cli_processes(tmp_path) as processes:
        yield processes


@pytest.fixture
def services(postgres_url: str, tmp_path: Path) -> Iterator[Services]:
    built = build_services(Settings(database_url=postgres_url, data_dir=tmp_path))
    yield built
    built.engine.dispose()


@pytest.fixture
def bus() -> Iterator[RedisStreamsBus]:
    import uuid

    opened = RedisStreamsBus(redis_url(), prefix=f"crash-{uuid.uuid4().hex[:8]}:")
    yield opened
    asyncio.run(_close(opened))


async def _close(bus: RedisStreamsBus) -> None:
    await bus.delete_streams()
    await bus.aclose()


def _pending(bus: RedisStreamsBus, stage: str) -> int:
    async def ask() -> int:
        fresh = RedisStreamsBus(redis_url(), prefix=bus.prefix)
        try:
            return await fresh.pending(stage)  # type: ignore[arg-type]
        finally:
            await fresh.aclose()

    return asyncio.run(ask())


@pytest.mark.parametrize("point", ["lead_step_read", "lead_step_committed"])
def test_a_worker_killed_mid_step_is_completed_by_another_once(
    point: str,
    procs: Processes,
    services: Services,
    bus: RedisStreamsBus,
    postgres_url: str,
    tmp_path: Path,
) -> None:
    common = {
        "redis_url": redis_url(),
        "lead_stream_prefix": bus.prefix,
        "lead_claim_idle_seconds": "1",
    }
    doomed = procs.start(
        cli_env(postgres_url, tmp_path, **common, test_pause_at=point, test_pause_seconds="60"),
        "pipeline",
        "run",
        "--consumer",
        "doomed",
    )
    lead = new_lead(services)

    async def publish() -> None:
        publisher = RedisStreamsBus(redis_url(), prefix=bus.prefix)
        try:
            await publisher.publish(publish_event_for(TENANT, lead))
        finally:
            await publisher.aclose()

    asyncio.run(publish())
    wait_until(lambda: f"test pause at {point}" in doomed.err_path.read_text(), timeout=60)
    assert doomed.kill9()

    before = steps_of(services, TENANT, lead)
    if point == "lead_step_read":
        assert sorted(before) == ["sourced"]  # it read the event and did nothing
    else:
        assert sorted(before) == ["enriched", "sourced"]  # committed, never acknowledged
        assert before["enriched"].consumer == "doomed"
    assert _pending(bus, "enriched") == 1

    rescuer = procs.start(
        cli_env(postgres_url, tmp_path, **common), "pipeline", "run", "--consumer", "rescuer"
    )
    steps = wait_until(
        lambda: (found := steps_of(services, TENANT, lead)) and "scored" in found and found,
        timeout=60,
    )
    assert sorted(steps) == sorted(STAGES)
    assert {(s.status, s.attempts) for s in steps.values()} == {("done", 1)}
    assert steps["enriched"].consumer == ("rescuer" if point == "lead_step_read" else "doomed")
    assert steps["scored"].consumer == "rescuer"
    wait_until(lambda: _pending(bus, "enriched") == 0 or None, timeout=10)

    rescuer.popen.send_signal(signal.SIGTERM)  # stops between steps
    assert rescuer.wait(timeout=30).returncode == 0
