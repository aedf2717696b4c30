"""Fixtures shared by the multi-process integration tests (queue workers, crash recovery)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from domain.db import make_engine
from tests.process_helpers import demo_postgres_copy


@pytest.fixture(scope="module")
def database_url(postgres_engine: Engine) -> Iterator[str]:
    """A demo-seeded Postgres database of the test module's own, dropped after the module.

    Module scoped: the module's processes (API servers, workers) are started once on it.
    A module that needs another database defines its own ``database_url``.
    """
    with demo_postgres_copy(postgres_engine) as url:
        yield url


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on the module's ``database_url``, for the test's own reads and writes."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()
