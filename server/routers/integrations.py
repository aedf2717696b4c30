"""``/integrations``: which connectors are configured (never their secrets)."""

from __future__ import annotations

from fastapi import APIRouter

from server.deps import PrincipalDep, RuntimeDep
from server.schemas.common import error_responses
from server.schemas.integrations import IntegrationsReport
from server.services.integrations import integrations

router = APIRouter(prefix="/integrations", tags=["integrations"])


@router.get(
    "",
    response_model=IntegrationsReport,
    summary="Configured connectors",
    responses=error_responses(),
)
def get_integrations(runtime: RuntimeDep, _principal: PrincipalDep) -> IntegrationsReport:
    """Model provider (and whether it is offline), checkpoint store, business database
    dialect, email transport and queue; hosts and names only, never credentials."""
    return integrations(runtime.services.settings, runtime.services.engine)
