"""A test that hangs says where: its threads' stacks and its event loops' pending tasks.

A server-side run that never ends leaves its test waiting for ever (over
``httpx.ASGITransport`` no client timeout applies), and CI then stops at its time limit
with nothing to read. ``timeout`` in ``pyproject.toml`` (pytest-timeout) fails such a
test with its threads' stacks; those stacks show an idle event loop, not what it waits
for. So a watchdog thread writes, ``HANG_REPORT_SECONDS`` into a test, every thread's
stack and every pending task of the event loops pytest-asyncio made (recorded by the
loop policy below), with where each task waits, to the terminal: pytest's capture is
suspended for it, so the report shows at once even if the run is then killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import os
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Iterator

import pytest

HANG_REPORT_SECONDS = float(os.environ.get("SWITCHBOARD_TEST_HANG_REPORT_SECONDS", "480"))
"""Well over the slowest test (about 2 minutes on a loaded 2-core machine) and under
pytest-timeout's limit, so the report comes before the test is failed."""

_loops: weakref.WeakSet[asyncio.AbstractEventLoop] = weakref.WeakSet()


class RecordingLoopPolicy(asyncio.DefaultEventLoopPolicy):
    """The default policy, keeping a weak reference to each loop it makes."""

    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        loop = super().new_event_loop()
        _loops.add(loop)
        return loop


class Watchdog:
    """Reports the test that has run longer than ``after`` seconds, once."""

    def __init__(self, after: float) -> None:
        self.after = after
        self.config: pytest.Config | None = None
        self._test: tuple[str, float] | None = None
        self._lock = threading.Lock()

    def started(self, nodeid: str) -> None:
        with self._lock:
            self._test = (nodeid, time.monotonic())

    def ended(self) -> None:
        with self._lock:
            self._test = None

    def run(self) -> None:
        while True:
            time.sleep(min(5.0, self.after))
            with self._lock:
                test = self._test
                due = test is not None and time.monotonic() - test[1] > self.after
                if due:
                    self._test = None  # once per test
            if due and test is not None:
                self.write(report(test[0], self.after))

    def write(self, text: str) -> None:
        """Write to the real stderr, past pytest's capture of the running test."""
        capman = self.config.pluginmanager.getplugin("capturemanager") if self.config else None
        with capman.global_and_fixture_disabled() if capman else contextlib.nullcontext():
            sys.stderr.write(text)
            sys.stderr.flush()


def report(nodeid: str, after: float) -> str:
    """Every thread's stack and every pending task of the recorded loops."""
    out = io.StringIO()
    out.write(f"\n=== {nodeid} has run for over {after:.0f} s: threads and tasks ===\n")
    names = {t.ident: t.name for t in threading.enumerate()}
    for ident, frame in sys._current_frames().items():
        out.write(f"--- thread {names.get(ident, ident)}\n")
        out.write("".join(traceback.format_stack(frame)))
    for loop in list(_loops):
        for task in _tasks(loop):
            out.write(f"--- {task!r}\n")
            task.print_stack(file=out)
    return out.getvalue()


def _tasks(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[object]]:
    """The loop's pending tasks, read from this (another) thread: retried if it changes."""
    for _ in range(5):
        try:
            return [t for t in asyncio.all_tasks(loop) if not t.done()]
        except RuntimeError:  # the task set changed while it was read
            continue
    return []


_watchdog = Watchdog(HANG_REPORT_SECONDS)


def start(config: pytest.Config) -> None:
    """Start the watchdog thread (a daemon: it never keeps pytest alive)."""
    _watchdog.config = config
    threading.Thread(target=_watchdog.run, name="hang-report", daemon=True).start()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    _watchdog.started(item.nodeid)
    yield
    _watchdog.ended()
