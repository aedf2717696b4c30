"""Keep what a long-lived process built at startup out of the garbage collector's way.

A server or worker starts by importing every module, loading the router's sentence
model and compiling the graph: about 330,000 objects that live as long as the process.
CPython's full (oldest-generation) collection walks every one of them each time it
runs, and under streaming load it ran about once every sixty runs at some 190 ms of CPU,
about 3 ms a run, for objects that can never be garbage. ``gc.freeze()`` moves them to a
permanent generation the collector skips; the young generations, where a run's own
garbage dies, are collected as before.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger("switchboard.startup_heap")

_frozen_once = False


def freeze_startup_heap() -> int:
    """Collect startup garbage, then exempt every surviving object from later collections.

    Call when startup is done and before serving. Objects created later are collected
    normally; a frozen object that becomes unreachable is freed by reference counting as
    usual, only a cycle among frozen objects is never reclaimed (startup builds
    long-lived objects, so there is little of that to lose). Only the first call in a
    process freezes: a process that builds apps again and again (a test session) would
    otherwise freeze each earlier app's leftovers for good.

    Returns:
        How many objects are frozen now.
    """
    global _frozen_once
    if not _frozen_once:
        _frozen_once = True
        gc.collect()
        gc.freeze()
    frozen = gc.get_freeze_count()
    log.debug("froze %d startup objects", frozen)
    return frozen
