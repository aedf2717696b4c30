"""Thread locks and the sweep claim across processes sharing one SQLite file.

A CLI run and the server (with its periodic recovery sweep) share the embedded database;
the server must see the CLI's live run as live, and a killed process's lock must go with
it, as it does on Postgres.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from adapters.thread_locks import SWEEP_LOCK_KEY, held_threads, lock_key, sweep_claim, thread_lock
from domain.db import make_engine
from domain.errors import ConflictError

HOLDER = textwrap.dedent(
    """
    import sys, time
    from adapters.file_locks import locks_for
    from domain.db import make_engine
    locks = locks_for(make_engine(sys.argv[1]))
    for key in sys.argv[2:]:
        assert locks.try_lock(key), key
    print("held", flush=True)
    time.sleep(600)
    """
)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'switchboard.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def holder(engine: Engine) -> Iterator[subprocess.Popen[str]]:
    """Another process holding thread t-1's lock and the sweep claim, as a CLI run would."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(engine.url), lock_key("t-1"), SWEEP_LOCK_KEY],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    yield process
    if process.poll() is None:
        process.kill()
    process.wait()


def test_a_lock_another_process_holds_is_seen_refused_and_freed_when_it_dies(
    engine: Engine, holder: subprocess.Popen[str]
) -> None:
    assert held_threads(engine, ["t-1", "t-2"]) == {"t-1"}
    with pytest.raises(ConflictError, match="busy in another process"), thread_lock(engine, "t-1"):
        pass
    with thread_lock(engine, "t-2"):  # other threads are free
        assert held_threads(engine, ["t-2"]) == {"t-2"}
    with sweep_claim(engine) as mine:
        assert mine is False

    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert held_threads(engine, ["t-1"]) == set()
    with thread_lock(engine, "t-1"):
        pass
    with sweep_claim(engine) as mine:
        assert mine is True


def test_a_released_lock_is_free_again_and_in_process_exclusion_still_holds(
    engine: Engine,
) -> None:
    with thread_lock(engine, "t-3"), pytest.raises(ConflictError), thread_lock(engine, "t-3"):
        pass
    with thread_lock(engine, "t-3"):
        pass
    assert held_threads(engine, ["t-3"]) == set()
