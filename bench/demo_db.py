"""Private demo databases for a benchmark run: built once, copied per system."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from domain.db import make_engine, session_factory, transaction
from domain.demo import anchors, build_demo
from domain.migrate import upgrade
from switchboard.settings import Settings

DEMO_SNAPSHOT = date(2026, 9, 1)
"""The demo's business 'today' (the same day the tests and evals use)."""


def seed_template(path: Path) -> None:
    """Migrate a new SQLite file at ``path`` and seed the demo tenant into it.

    The benchmarks' smoke tests replace this with a copy of the test session's seeded
    demo (the same migrations, demo and day), so that each tiny run does not seed again.
    """
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
        with transaction(session_factory(engine)) as session:
            build_demo(session, tenant_id=anchors.TENANT_ID, snapshot=DEMO_SNAPSHOT)
    finally:
        engine.dispose()  # folds the WAL into the file before it is copied


class DemoCopies:
    """Hands out fresh copies of one migrated, seeded SQLite demo database."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.db"
        seed_template(self.template)

    def settings(self, name: str) -> Settings:
        """Settings for a new private copy named ``name`` (the offline model is not used)."""
        path = self.folder / f"{name}.db"
        shutil.copyfile(self.template, path)
        return Settings(
            database_url=f"sqlite:///{path}",
            data_dir=self.folder,
            model="offline",
            rate_limit_enabled=False,  # benchmarks repeat runs faster than a user may
        )


@contextmanager
def demo_copies() -> Iterator[DemoCopies]:
    """A temporary folder with the demo template; removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="switchboard-bench-") as folder:
        yield DemoCopies(Path(folder))
