"""``/tenant/settings``: the caller's tenant's settings; admins change them."""

from __future__ import annotations

from fastapi import APIRouter

from domain.approvals import audit
from domain.errors import NotFoundError
from domain.models import Tenant
from domain.scope import Scope
from server.deps import AdminScopeDep, ScopeDep
from server.schemas.common import BODY_ERRORS, error_responses
from server.schemas.tenant_settings import TenantSettingsUpdate, TenantSettingsView

router = APIRouter(prefix="/tenant", tags=["tenant"])


def _tenant(scope: Scope) -> Tenant:
    tenant = scope.session.get(Tenant, scope.tenant_id)
    if tenant is None:  # the scope was opened for it; only a concurrent delete gets here
        raise NotFoundError("tenant", scope.tenant_id)
    return tenant


def _view(tenant: Tenant) -> TenantSettingsView:
    return TenantSettingsView(
        tenant_id=tenant.id,
        require_distinct_approver=tenant.require_distinct_approver,
        automation_paused=tenant.automation_paused,
    )


@router.get(
    "/settings",
    response_model=TenantSettingsView,
    summary="The tenant's settings",
    responses=error_responses(),
)
def get_settings(scope: ScopeDep) -> TenantSettingsView:
    """Whether separation of duties is required and whether automation is paused."""
    return _view(_tenant(scope))


@router.patch(
    "/settings",
    response_model=TenantSettingsView,
    summary="Change the tenant's settings",
    responses=error_responses(*BODY_ERRORS),
)
def update_settings(body: TenantSettingsUpdate, scope: AdminScopeDep) -> TenantSettingsView:
    """Change the settings given in the body; each change is written to the audit log."""
    tenant = _tenant(scope)
    changes = {
        name: [getattr(tenant, name), value]
        for name, value in body.model_dump(exclude_none=True).items()
        if getattr(tenant, name) != value
    }
    for name, (_, value) in changes.items():
        setattr(tenant, name, value)
    if changes:
        audit(scope, "settings_changed", detail={"changes": changes})
    return _view(tenant)
