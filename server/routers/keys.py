"""``/keys``: the tenant's API keys, for admins: list, create, revoke, rotate.

Digests are never returned; a secret appears once, in the answer that created it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Path

from server.deps import AdminScopeDep
from server.schemas.common import BODY_ERRORS, MAX_ID, error_responses
from server.schemas.keys import KeyCreate, KeyIssued, KeyRotate, KeyView
from server.services import key_admin

router = APIRouter(prefix="/keys", tags=["keys"])
KeyIdPath = Annotated[int, Path(ge=1, le=MAX_ID, description="The key's id.")]


@router.get(
    "",
    response_model=list[KeyView],
    summary="List the tenant's API keys",
    responses=error_responses(),
)
def list_keys(scope: AdminScopeDep) -> list[KeyView]:
    """Every key, oldest first, with role, person, status and expiry (never the secret)."""
    return key_admin.list_views(scope)


@router.post(
    "",
    response_model=KeyIssued,
    status_code=201,
    summary="Create an API key",
    responses=error_responses(*BODY_ERRORS),
)
def create_key(body: KeyCreate, scope: AdminScopeDep) -> KeyIssued:
    """A new key of the caller's tenant; ``secret`` is shown in this answer only."""
    return key_admin.create(scope, body)


@router.post(
    "/{key_id}/revoke",
    response_model=KeyView,
    summary="Revoke an API key",
    responses=error_responses(404, 409),
)
def revoke_key(key_id: KeyIdPath, scope: AdminScopeDep) -> KeyView:
    """The key stops working at once (401 with a sentence); 409 if already revoked."""
    return key_admin.revoke(scope, key_id)


@router.post(
    "/{key_id}/rotate",
    response_model=KeyIssued,
    summary="Rotate an API key",
    responses=error_responses(404, 409, *BODY_ERRORS),
)
def rotate_key(
    key_id: KeyIdPath, scope: AdminScopeDep, body: Annotated[KeyRotate | None, Body()] = None
) -> KeyIssued:
    """A new secret with the same name, role and person; the old key is revoked."""
    return key_admin.rotate(scope, key_id, body)
