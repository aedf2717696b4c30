"""The tenant's own settings: separation of duties, pause all automation."""

from __future__ import annotations

from pydantic import BaseModel, Field

from server.schemas.request_body import RequestBody


class TenantSettingsView(BaseModel):
    """Settings that apply to every agent and key of the tenant."""

    tenant_id: str
    require_distinct_approver: bool = Field(
        description="Separation of duties: an action can only be approved (or edited) by a "
        "key other than the one whose run requested it, held by another person."
    )
    automation_paused: bool = Field(
        description="All automation is paused: no cron fires and no follow-up is drafted."
    )


class TenantSettingsUpdate(RequestBody):
    """Settings to change; a missing or null field leaves it as it is."""

    require_distinct_approver: bool | None = Field(
        default=None, description="Turn separation of duties on or off."
    )
    automation_paused: bool | None = Field(
        default=None, description="Pause (true) or resume (false) all automation at once."
    )
