"""``freeze_startup_heap``: startup objects leave the collector's walk; later garbage does not."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from adapters import startup_heap
from adapters.startup_heap import freeze_startup_heap


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


@pytest.fixture
def unfrozen_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(startup_heap, "_frozen_once", False)
    yield
    gc.unfreeze()  # the rest of the test session collects as usual


def _tracked(obj: object) -> bool:
    return any(o is obj for o in gc.get_objects())


@pytest.mark.usefixtures("unfrozen_after")
def test_objects_alive_at_startup_are_frozen_and_later_ones_are_not() -> None:
    startup = _Node()
    assert _tracked(startup)

    frozen = freeze_startup_heap()

    assert frozen == gc.get_freeze_count() > 0
    assert not _tracked(startup)  # the collector no longer walks it
    later = _Node()
    assert _tracked(later)


@pytest.mark.usefixtures("unfrozen_after")
def test_startup_garbage_is_collected_before_freezing_and_later_garbage_after() -> None:
    startup_garbage = _Node()
    dead_before = weakref.ref(startup_garbage)
    del startup_garbage

    freeze_startup_heap()
    assert dead_before() is None  # collected, not frozen for the process's life

    later_garbage = _Node()
    dead_after = weakref.ref(later_garbage)
    del later_garbage
    gc.collect()
    assert dead_after() is None


@pytest.mark.usefixtures("unfrozen_after")
def test_only_the_first_call_in_a_process_freezes() -> None:
    freeze_startup_heap()
    built_later = _Node()  # a second app's startup, a test's leftovers

    freeze_startup_heap()

    assert _tracked(built_later)
