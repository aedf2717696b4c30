"""``/privacy``: data-subject access (export) and erasure, for the caller's tenant.

Both act only on the tenant of the API key. They are meant for administrators (the
role check is added with API roles).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

from fastapi import APIRouter, Query

from server.deps import AdminDep, RuntimeDep
from server.schemas.common import BODY_ERRORS, MAX_ID, error_responses
from server.schemas.privacy import ErasureReceiptView, ErasureRequest, PrivacyExport
from switchboard.privacy import erase_person, export_person

router = APIRouter(prefix="/privacy", tags=["privacy"])


@router.get(
    "/export",
    response_model=PrivacyExport,
    summary="Everything held about a person (data-subject access request)",
    responses=error_responses(404),
)
async def export(
    runtime: RuntimeDep,
    principal: AdminDep,
    email: Annotated[str | None, Query(max_length=254, description="The person's address.")] = None,
    contact_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Their contact id.")
    ] = None,
    phone: Annotated[
        list[str] | None, Query(max_length=10, description="Phone numbers to search text for.")
    ] = None,
) -> dict[str, Any]:
    """Rows per table that hold or reference the person, and conversations mentioning them.

    422 without an email or contact id, or with a malformed address; 404 for a contact
    id the tenant does not have.
    """
    services = runtime.services

    def opener() -> Any:
        return services.scope(principal.tenant_id, actor=principal.actor)

    return await asyncio.to_thread(
        export_person,
        services.settings,
        opener,
        email=email,
        contact_id=contact_id,
        phones=tuple(phone or ()),
    )


@router.post(
    "/erase",
    response_model=ErasureReceiptView,
    summary="Erase a person everywhere (right to erasure); returns the receipt",
    responses=error_responses(404, 409, *BODY_ERRORS),
)
async def erase(runtime: RuntimeDep, principal: AdminDep, body: ErasureRequest) -> dict[str, Any]:
    """Anonymise the person's rows, pseudonymise the audit log, delete the checkpoints of
    threads that mention them, and put their address's hash on the do-not-contact list.

    Cannot be undone. 422 without an email or contact id; 404 for an unknown contact id;
    409 while a thread that mentions the person is running (nothing is erased).
    """
    services = runtime.services

    def opener() -> Any:
        return services.scope(principal.tenant_id, actor=principal.actor)

    return await asyncio.to_thread(
        erase_person,
        services.settings,
        opener,
        email=body.email,
        contact_id=body.contact_id,
        phones=tuple(body.phones),
    )
