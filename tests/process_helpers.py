"""Real `switchboard` processes for crash tests: start, wait, kill -9, clean up.

Each process runs the installed console script in its own session (so a test can kill
it without touching anything else), with only the ``SWITCHBOARD_*`` variables the test
gives it, in a scratch working folder (no stray ``.env`` is read). Output goes to files,
not pipes, so a process that is never read from cannot block on a full pipe.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import psycopg
import pytest
from sqlalchemy.engine import URL, Engine, make_url

from switchboard.settings import Settings

T = TypeVar("T")


def console_script() -> str:
    """The installed ``switchboard`` script beside this Python (or on PATH)."""
    beside_python = Path(sys.executable).parent / "switchboard"
    found = str(beside_python) if beside_python.exists() else shutil.which("switchboard")
    if found is None:
        pytest.fail("the `switchboard` console script is not installed; run `make setup`")
    return found


REPO_ROOT = Path(__file__).resolve().parents[1]
"""The checkout these tests belong to."""


def cli_env(database_url: str, data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment for a CLI process: business data and checkpoints on ``database_url``.

    ``settings`` are extra Switchboard settings by field name, e.g.
    ``test_pause_after_action_seconds="30"``.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    # The code under test, not whichever checkout the shared venv was installed from
    # (its editable install points at one; a git worktree's processes would run that).
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["SWITCHBOARD_DATABASE_URL"] = database_url
    env["SWITCHBOARD_CHECKPOINT_URL"] = database_url
    env["SWITCHBOARD_DATA_DIR"] = str(data_dir)
    for name, value in settings.items():
        env[f"SWITCHBOARD_{name.upper()}"] = value
    return env


@dataclass(frozen=True)
class Finished:
    """How a process ended: exit code (negative: killed by that signal) and its output."""

    returncode: int
    stdout: str
    stderr: str


@dataclass
class CliProcess:
    """One running ``switchboard`` command."""

    argv: list[str]
    popen: subprocess.Popen[bytes]
    out_path: Path
    err_path: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        """Still running."""
        return self.popen.poll() is None

    def kill9(self) -> bool:
        """``kill -9`` the process if it still runs; True when the signal was sent."""
        if not self.alive():
            return False
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            return False
        self.popen.wait(timeout=10)
        return True

    def wait(self, timeout: float) -> Finished:
        """Wait for the exit (kill -9 and fail the test after ``timeout`` seconds)."""
        try:
            code = self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill9()
            pytest.fail(f"`switchboard {' '.join(self.argv)}` ran longer than {timeout} s")
        return Finished(code, self.out_path.read_text(), self.err_path.read_text())


@dataclass
class Processes:
    """Starts CLI processes in a folder and kills any still running when the test ends."""

    folder: Path
    started: list[CliProcess] = field(default_factory=list)

    def start(self, env: dict[str, str], *argv: str) -> CliProcess:
        """Start ``switchboard ARGV...`` in its own session."""
        name = uuid.uuid4().hex[:8]
        out_path, err_path = self.folder / f"{name}.out", self.folder / f"{name}.err"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            popen = subprocess.Popen(
                [console_script(), *argv],
                env=env,
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        process = CliProcess(list(argv), popen, out_path, err_path)
        self.started.append(process)
        return process

    def run(self, env: dict[str, str], *argv: str, timeout: float = 60) -> Finished:
        """Start a command and wait for it."""
        return self.start(env, *argv).wait(timeout)

    def kill_all(self) -> None:
        """kill -9 every process this test started that is still running."""
        for process in self.started:
            process.kill9()


@contextmanager
def cli_processes(folder: Path) -> Iterator[Processes]:
    """A process starter whose leftovers are killed when the block ends."""
    processes = Processes(folder)
    try:
        yield processes
    finally:
        processes.kill_all()


def wait_until(check: Callable[[], T | None], *, timeout: float, interval: float = 0.02) -> T:
    """Call ``check`` until it returns something truthy; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout} s for {getattr(check, '__name__', 'a condition')}")
        time.sleep(interval)


def _libpq(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def cloned_database(template_url: str) -> Iterator[str]:
    """A new database copied from ``template_url`` (CREATE DATABASE ... TEMPLATE); dropped after.

    Copying a seeded database takes a fraction of a second where seeding takes seconds.
    Nothing may be connected to the template while it is copied.
    """
    template = make_url(template_url)
    name = f"{template.database}_{uuid.uuid4().hex[:6]}"
    admin = _libpq(template.set(database="postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"')
    try:
        yield template.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def demo_postgres_copy(template: Engine) -> Iterator[str]:
    """A private copy of the session's seeded demo database (the ``postgres_engine``
    fixture) with checkpoint tables; dropped after.

    It replaces migrating and seeding a database of one's own (about five seconds, where
    the copy takes a fraction of one); the copy has the template's planner statistics.
    """
    from adapters.checkpoints import setup_checkpointer

    template.dispose()  # a template must have no open connections while copied
    with cloned_database(template.url.render_as_string(hide_password=False)) as url:
        setup_checkpointer(Settings(checkpoint_url=url))
        yield url
