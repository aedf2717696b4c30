"""A queue cluster for multi-process tests: API processes and workers on a queue of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import redis
from sqlalchemy import Engine

from domain.demo import anchors
from tests.agui_client.driver import free_ports, new_key, start_servers
from tests.integration.test_queue_workers import Cluster
from tests.integration.test_rate_limits import redis_url
from tests.process_helpers import cli_env, cli_processes


@contextmanager
def queue_cluster(
    folder: Path,
    database_url: str,
    engine: Engine,
    *,
    apis: int = 2,
    workers: int = 2,
    **settings: str,
) -> Iterator[Cluster]:
    """``apis`` servers and ``workers`` workers; support in ``full_auto``; the queue's
    Redis keys deleted at the end. ``settings`` are extra Switchboard settings."""
    queue = f"sbtest-{uuid.uuid4().hex[:8]}:runs"
    env = cli_env(
        database_url,
        folder,
        redis_url=redis_url(),
        run_queue_name=queue,
        worker_heartbeat_seconds="3",
        run_retry_seconds="0.2",
        **settings,
    )
    key = new_key(engine, anchors.TENANT_ID)
    with cli_processes(folder) as procs:
        cluster = Cluster(procs, env, start_servers(procs, env, free_ports(apis)), key, [])
        with cluster.api(0) as api:
            answer = api.patch("/agents/support", json={"autonomy_mode": "full_auto"})
            assert answer.status_code == 200, answer.text
        cluster.start_workers(workers)
        yield cluster
    keys = redis.Redis.from_url(redis_url())
    for pattern in (f"{queue}*", f"arq:*:{queue}:*"):  # the queue, heartbeats, cancels, jobs
        for found in keys.scan_iter(match=pattern):
            keys.delete(found)
    keys.close()
