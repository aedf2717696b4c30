"""Reach the real Postgres the integration tests need, or skip/fail with instructions."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest

from switchboard.settings import Settings, normalise_database_url

HOW_TO_RUN = (
    "start Postgres (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main "
    "start`) or point SWITCHBOARD_TEST_POSTGRES_URL at a server with trust auth"
)


def postgres_admin_url() -> str:
    """The server URL, checked to answer; skips (or fails under CI) when it does not."""
    settings = Settings()
    url = settings.test_postgres_url
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("select 1")
    except psycopg.OperationalError as exc:
        message = f"Postgres not reachable at {url}: {exc}. To run these tests, {HOW_TO_RUN}."
        if settings.test_require_services:
            pytest.fail(message)
        pytest.skip(message)
    return url


@contextmanager
def scratch_postgres_database(prefix: str = "sb_test") -> Iterator[str]:
    """Create an empty database on the test server, yield its SQLAlchemy URL, drop it."""
    admin = postgres_admin_url()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin.rpartition("/")
    try:
        yield normalise_database_url(f"{base}/{name}")
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
