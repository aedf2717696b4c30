"""``switchboard worker``: take queued runs from Redis and run them (see switchboard.worker)."""

from __future__ import annotations

import logging
from typing import Annotated

import typer

from switchboard.cli.errors import fail
from switchboard.settings import WORKER_MAX_JOBS_LIMIT, get_settings


def worker(
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            min=1,
            max=WORKER_MAX_JOBS_LIMIT,
            help="Runs at once (default: worker_max_jobs).",
        ),
    ] = None,
) -> None:
    """Run queued runs (needs SWITCHBOARD_REDIS_URL); SIGTERM drains, then stops."""
    from switchboard.worker.process import build_worker

    settings = get_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    try:
        process = build_worker(settings, max_jobs=jobs)
    except ValueError as exc:
        fail(str(exc))
    process.run()
