"""Approvals: actions waiting for a human, and the decisions on them."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from server.schemas.common import MAX_ID, UtcDateTime
from server.schemas.request_body import RequestBody

ApprovalStatus = Literal["pending", "approved", "edited", "rejected", "responded"]
ApprovalFilter = Literal["pending", "approved", "edited", "rejected", "responded", "any"]


class ApprovalView(BaseModel):
    """One action and its decision."""

    id: int
    thread_id: str
    action_id: str
    agent: str
    tool: str
    args: dict[str, Any]
    summary: str
    reasons: list[Any] = Field(description="Why the policy asked a human.")
    status: ApprovalStatus | str
    decision: dict[str, Any] | None
    requested_by: str | None = Field(
        default=None, description="Actor (key) of the run that proposed the action."
    )
    requested_key_id: int | None = Field(default=None, description="That run's API key.")
    requested_person: str | None = Field(default=None, description="Who holds that key.")
    decided_by: str | None
    decided_at: UtcDateTime | None
    executed_at: UtcDateTime | None
    result: dict[str, Any] | None
    created_at: UtcDateTime


class DecisionNote(RequestBody):
    """An optional note kept with the decision (a rejection's reason teaches the agent)."""

    message: str | None = Field(default=None, max_length=2000)


class EditDecision(RequestBody):
    """Run the action with these arguments instead (checked like the agent's own)."""

    args: dict[str, Any] = Field(description="The tool's full arguments as they should run.")
    message: str | None = Field(default=None, max_length=2000)


class BulkDecision(RequestBody):
    """One decision for several approvals."""

    ids: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field(min_length=1, max_length=100)
    decision: Literal["approve", "reject"]
    message: str | None = Field(default=None, max_length=2000)


ThreadOutcome = Literal[
    "waiting_for_other_approvals", "done", "interrupted", "error", "cancelled", "queued", "running"
]


class DecisionOutcome(BaseModel):
    """The decided approval and what became of its thread's run."""

    approval: ApprovalView
    thread_status: ThreadOutcome = Field(
        description="waiting_for_other_approvals while more of the thread's actions wait; "
        "else how the resumed run ended (with queue workers: queued or running while it "
        "had not ended when the response was sent; follow run_id)."
    )
    run_id: str | None = Field(description="The resumed run, when the thread was resumed.")
    answer: str
    error: str | None = None


class BulkItem(BaseModel):
    """The outcome for one id of a bulk decision."""

    id: int
    ok: bool
    status_code: int = Field(description="The HTTP status a single decision would have had.")
    approval_status: str | None = None
    thread_status: ThreadOutcome | None = None
    run_id: str | None = None
    error: str | None = None


class BulkOutcome(BaseModel):
    """Per-id outcomes, in the order the ids were sent."""

    results: list[BulkItem]
    decided: int
    failed: int
