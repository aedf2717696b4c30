"""Wiring for unbounded-consumption limits: rate limits, budget errors, their 429 docs.

``install_usage_limits`` is called once by ``create_app`` after the routers are in.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from domain.budgets import BudgetExceededError
from server.rate_limits import UNLIMITED_PREFIX, RateLimit, rate_limits_from_settings
from switchboard.settings import Settings

TOO_MANY: dict[str, Any] = {
    "description": "Too many requests for this API key (Retry-After says when to try "
    "again), or a daily budget of the tenant is spent (runs, model calls, tokens, cost).",
    "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}},
}


def install_usage_limits(app: FastAPI, settings: Settings) -> None:
    """Add the rate limiter (unless disabled), the 429 for spent budgets and its docs."""
    if settings.rate_limit_enabled:
        app.add_middleware(RateLimit, limits=rate_limits_from_settings(settings))

    @app.exception_handler(BudgetExceededError)
    async def budget_spent(_: Request, exc: BudgetExceededError) -> JSONResponse:
        return JSONResponse(
            {"error": str(exc), "argument": exc.metric},
            status_code=429,
            headers={"Retry-After": str(_seconds_to_midnight_utc())},
        )

    build_schema = app.openapi

    def openapi_with_429() -> dict[str, Any]:
        """The app's schema, with the 429 every limited operation can answer."""
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build_schema()
        for path, operations in schema.get("paths", {}).items():
            if path.startswith(UNLIMITED_PREFIX):
                continue
            for operation in operations.values():
                operation.setdefault("responses", {}).setdefault("429", TOO_MANY)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi_with_429  # type: ignore[method-assign]


def _seconds_to_midnight_utc() -> int:
    """Budgets are daily (UTC): a spent one is worth retrying after midnight UTC."""
    now = datetime.now(UTC)
    midnight = datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=UTC)
    return max(1, int((midnight - now).total_seconds()))
