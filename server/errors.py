"""A user's mistake is a 4xx with a sentence; only our own faults are 5xx."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from psycopg_pool import PoolTimeout
from sqlalchemy.exc import DataError
from sqlalchemy.exc import TimeoutError as PoolExhaustedError
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidArgumentError,
    NotFoundError,
    ServiceBusyError,
)
from server.schemas.common import ID_PATTERN, ID_RULE
from server.schemas.request_body import UNSTORABLE
from tools.registry import ToolArgumentError, UnknownToolError

log = logging.getLogger("switchboard.server")

POOL_RETRY_AFTER_SECONDS = 2
"""Retry-After of a 503 for an exhausted database pool."""


class ErrorResponse(JSONResponse):
    """A JSON error body that can always be written.

    An error may quote what the client sent (an id, a field name). When that holds a
    lone surrogate (a JSON ``"\\ud800"`` escape decodes to one), UTF-8 cannot encode it
    and the plain ``JSONResponse`` raised, turning a 422 into a 500; here such a
    character is written as ``?``.
    """

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.encode("utf-8", errors="replace")


def _error(
    status: int, message: str, headers: Mapping[str, str] | None = None, **extra: object
) -> JSONResponse:
    # ``detail`` repeats the sentence where LangGraph's SDKs (Python and JS) read it.
    body = {"error": message, "detail": message, **extra}
    return ErrorResponse(body, status_code=status, headers=headers)


def _validation_details(errors: list[Any]) -> list[dict[str, Any]]:
    """Pydantic's errors without the ``input`` they quote (it can be the whole body)."""
    details = []
    for error in errors:
        detail = {k: v for k, v in error.items() if k not in ("input", "url")}
        detail["loc"] = [p[:64] if isinstance(p, str) else p for p in error.get("loc", ())]
        if _is_bad_id(error):
            detail["msg"] = ID_RULE
        details.append(detail)
    return details


def _is_bad_id(error: Mapping[str, Any]) -> bool:
    return bool(
        error.get("type") == "string_pattern_mismatch"
        and (error.get("ctx") or {}).get("pattern") == ID_PATTERN
    )


def _sentence(request: Request, exc: StarletteHTTPException) -> str:
    """The exception's detail, or a sentence for the framework's bare reason phrases."""
    detail = str(exc.detail)
    route = f"{request.method} {request.url.path[:200]}"
    if exc.status_code == 404 and detail == "Not Found":
        return f"there is no {route} in this API; see /docs for its routes"
    if exc.status_code == 405 and detail == "Method Not Allowed":
        return f"{route} is not allowed; see /docs for the methods each route accepts"
    if exc.status_code == 400 and detail == "There was an error parsing the body":
        return "the body could not be read: send UTF-8 JSON"
    return detail


def install_error_handlers(app: FastAPI) -> None:
    """Map domain errors and malformed requests to clear 4xx answers."""

    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return _error(404, str(exc))

    @app.exception_handler(ForbiddenError)
    async def forbidden(_: Request, exc: ForbiddenError) -> JSONResponse:
        return _error(403, str(exc))

    @app.exception_handler(ConflictError)
    async def conflict(_: Request, exc: ConflictError) -> JSONResponse:
        return _error(409, str(exc))

    @app.exception_handler(InvalidArgumentError)
    async def invalid(_: Request, exc: InvalidArgumentError) -> JSONResponse:
        return _error(422, str(exc), argument=exc.argument)

    @app.exception_handler(ToolArgumentError)
    async def bad_tool_args(_: Request, exc: ToolArgumentError) -> JSONResponse:
        return _error(422, str(exc), argument=exc.argument)

    @app.exception_handler(UnknownToolError)
    async def unknown_tool(_: Request, exc: UnknownToolError) -> JSONResponse:
        return _error(404, str(exc))

    @app.exception_handler(DomainError)
    async def domain(_: Request, exc: DomainError) -> JSONResponse:
        return _error(422, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, _sentence(request, exc), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def malformed(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = _validation_details(list(exc.errors()))
        first = details[0] if details else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        message = str(first.get("msg", "invalid"))
        if first.get("type") not in UNSTORABLE:  # those name the place themselves
            message = f"{where}: {message}"
        return _error(422, message, details=jsonable_encoder(details))

    @app.exception_handler(ServiceBusyError)
    async def busy(_: Request, exc: ServiceBusyError) -> JSONResponse:
        return _error(503, str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(PoolExhaustedError)
    @app.exception_handler(PoolTimeout)
    async def pool_exhausted(request: Request, exc: Exception) -> JSONResponse:
        """No database connection came free in time: the server is overloaded, not broken.

        Run admission (``server.services.run_slots``) keeps runs from draining the pool;
        this answers whatever else still finds it empty with a retryable 503.
        """
        log.warning("database pool exhausted on %s %s: %s", request.method, request.url.path, exc)
        return _error(
            503,
            "the server has no free database connection right now; retry in a few seconds.",
            headers={"Retry-After": str(POOL_RETRY_AFTER_SECONDS)},
        )

    @app.exception_handler(DataError)
    async def unstorable(request: Request, exc: DataError) -> JSONResponse:
        """The database refused a value (SQLSTATE class 22: out of range, bad encoding...).

        Request validation should have caught it first; this keeps a value that slipped
        through a 4xx, and the log says where it came from.
        """
        log.warning(
            "database refused a value on %s %s", request.method, request.url.path, exc_info=exc
        )
        return _error(
            422, "a value in the request cannot be stored (out of range or not valid text)"
        )
