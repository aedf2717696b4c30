"""The OpenAPI document names the role each operation needs, and its 403.

Roles are enforced by dependencies (``server.deps``); this reads them off each route's
dependency tree, so the document cannot drift from what is enforced.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant

from domain.roles import Role
from server.auth import principal_from_request

FORBIDDEN_ERROR = {
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
}


def _walk(dependant: Dependant) -> tuple[bool, list[Role], list[str]]:
    """(needs a key, roles required, notes) over a dependency tree."""
    keyed = dependant.call is principal_from_request
    roles: list[Role] = []
    notes: list[str] = []
    role = getattr(dependant.call, "required_role", None)
    if role is not None:
        roles.append(role)
    note = getattr(dependant.call, "role_note", None)
    if note:
        notes.append(note)
    for sub in dependant.dependencies:
        sub_keyed, sub_roles, sub_notes = _walk(sub)
        keyed = keyed or sub_keyed
        roles += sub_roles
        notes += sub_notes
    return keyed, roles, notes


def _routes(app: FastAPI) -> list[Any]:
    """Every route with its full path (FastAPI ≥ 0.165 keeps included routers nested)."""
    contexts = getattr(routing, "iter_route_contexts", None)
    return list(contexts(app.routes)) if contexts else list(app.routes)


def _annotate(schema: dict[str, Any], app: FastAPI) -> None:
    paths = schema.get("paths", {})
    for route in _routes(app):
        dependant = getattr(route, "dependant", None)
        if dependant is None or getattr(route, "path", None) not in paths:
            continue
        keyed, roles, notes = _walk(dependant)
        if not keyed:
            continue
        needed = max(roles, key=lambda r: r.rank, default=Role.VIEWER)
        for method in route.methods or ():
            operation = paths[route.path].get(method.lower())
            if operation is None:
                continue
            operation["x-required-role"] = needed.value
            sentence = f"Needs an API key with the `{needed}` role or above"
            sentence += f" ({'; '.join(notes)})." if notes else "."
            operation["description"] = f"{operation.get('description', '').rstrip()}\n\n{sentence}"
            if needed != Role.VIEWER or notes:
                operation["responses"]["403"] = {
                    "description": "The key's role is below the one this operation needs.",
                    **FORBIDDEN_ERROR,
                }


def document_roles(app: FastAPI) -> None:
    """Make ``app.openapi()`` name each operation's role (``x-required-role``) and its 403."""
    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _annotate(original(), app)
        return app.openapi_schema  # type: ignore[return-value]  # set by original()

    app.openapi = openapi  # type: ignore[method-assign]
