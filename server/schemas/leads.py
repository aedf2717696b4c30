"""Leads in seed 002's pipeline: sourcing one, its steps, the error queue."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator
from pydantic_core import PydanticCustomError

from server.schemas.common import MAX_ID, UtcDateTime
from server.schemas.request_body import RequestBody


class LeadSource(RequestBody):
    """A new lead at one of the tenant's companies, or an existing contact to put through."""

    contact_id: int | None = Field(
        default=None, ge=1, le=MAX_ID, description="An existing contact (nothing else needed)."
    )
    company_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="The company.")
    email: str | None = Field(
        default=None, min_length=3, max_length=254, examples=["nina.park@initech.example"]
    )
    first_name: str = Field(default="", max_length=100)
    last_name: str = Field(default="", max_length=100)
    title: str = Field(default="", max_length=200, description="Seniority is derived from it.")

    @model_validator(mode="after")
    def _one_lead(self) -> LeadSource:
        if self.contact_id is None and (self.company_id is None or not self.email):
            raise PydanticCustomError(
                "no_lead", "give contact_id, or company_id and email (with the person's names)"
            )
        return self


class LeadAccepted(BaseModel):
    """The event published; the stages run in the background (``GET /leads/{id}/steps``)."""

    contact_id: int
    created: bool = Field(description="A new contact was created.")
    event: str = Field(description="The event published: lead.sourced, or a retried stage's input.")
    bus: Literal["redis", "in-process"]


class LeadStepView(BaseModel):
    """One stage of one lead: done, or failed (in the error queue) with its error."""

    id: int
    contact_id: int
    stage: str = Field(description="sourced | enriched | verified | scored")
    status: str = Field(description="done | failed")
    advance: bool = Field(description="The lead goes on to the next stage.")
    attempts: int
    result: dict[str, Any]
    error: str | None
    consumer: str = Field(description="The worker that did (or last failed) it.")
    updated_at: UtcDateTime


class LeadSteps(BaseModel):
    """A lead's steps in pipeline order."""

    contact_id: int
    steps: list[LeadStepView]
