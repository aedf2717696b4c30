"""No route dependency runs on a worker thread: each would cost a thread hop per request.

FastAPI runs a sync dependency on anyio's worker threads. The route dependencies do no
blocking I/O themselves (database work goes through ``server.services.request_admission``
and an explicit hop), so each is ``async def``; a sync one would also be a hop taken
outside the request admission, the kind of thread use that let a burst stall the pool.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from fastapi.routing import iter_route_contexts

from server.app import create_app
from switchboard.settings import Settings


def _sync_dependencies(dependant: Any) -> list[str]:
    found = []
    for sub in dependant.dependencies:
        call = sub.call
        if call is not None and not (
            inspect.iscoroutinefunction(call) or inspect.isasyncgenfunction(call)
        ):
            found.append(f"{call.__module__}.{call.__qualname__}")
        found.extend(_sync_dependencies(sub))
    return found


def test_every_route_dependency_is_async(tmp_path: Path) -> None:
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}"))
    routes = [
        route
        for route in iter_route_contexts(app.routes)  # included routers stay nested
        if getattr(route, "dependant", None) is not None
    ]
    assert len(routes) > 50
    sync = {name for route in routes for name in _sync_dependencies(route.dependant)}
    assert not sync, sorted(sync)
