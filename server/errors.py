"""A user's mistake is a 4xx with a sentence; only our own faults are 5xx."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from domain.errors import (
    ConflictError,
    DomainError,
    ForbiddenError,
    InvalidArgumentError,
    NotFoundError,
)
from tools.registry import ToolArgumentError, UnknownToolError

log = logging.getLogger("switchboard.server")


def _error(
    status: int, message: str, headers: Mapping[str, str] | None = None, **extra: object
) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status, headers=headers)


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
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _error(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def malformed(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        return _error(
            422, f"{where}: {first.get('msg', 'invalid')}", details=jsonable_encoder(exc.errors())
        )
