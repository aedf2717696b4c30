"""Which connectors are configured (never their secrets)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class Connector(BaseModel):
    """One connector and how it is set up."""

    name: str
    kind: Literal["model", "checkpoints", "database", "email", "queue"]
    configured: bool = Field(description="False when the embedded default (or nothing) is used.")
    backend: str = Field(description="What serves it, e.g. offline, sqlite, postgresql.")
    detail: str


class IntegrationsReport(BaseModel):
    """The service's connectors."""

    connectors: list[Connector]
