"""Managing the tenant's API keys over REST: every change is written to the audit log."""

from __future__ import annotations

from domain import api_keys
from domain.approvals import audit
from domain.models import ApiKey
from domain.scope import Scope
from server.schemas.keys import KeyCreate, KeyIssued, KeyRotate, KeyView


def key_view(key: ApiKey) -> KeyView:
    """A key without its digest."""
    return KeyView(
        id=key.id,
        name=key.name,
        role=key.role,
        person=key.person,
        prefix=key.prefix,
        status=api_keys.key_status(key),
        created_at=key.created_at,
        last_used_at=key.last_used_at,
        expires_at=key.expires_at,
        revoked_at=key.revoked_at,
        replaced_by_id=key.replaced_by_id,
    )


def _described(key: ApiKey) -> dict[str, object]:
    return {"key": key.id, "name": key.name, "role": key.role, "person": key.person}


def list_views(scope: Scope) -> list[KeyView]:
    """The tenant's keys, oldest first."""
    return [key_view(k) for k in api_keys.list_keys(scope.session, scope.tenant_id)]


def create(scope: Scope, body: KeyCreate) -> KeyIssued:
    """A new key; its secret is in the answer only."""
    lifetime = api_keys.parse_lifetime(body.expires_in) if body.expires_in else None
    key, secret = api_keys.create_key(
        scope.session,
        scope.tenant_id,
        body.name,
        role=body.role,
        person=body.person,
        expires_in=lifetime,
    )
    audit(scope, "key_created", detail=_described(key))
    return KeyIssued(key=key_view(key), secret=secret)


def revoke(scope: Scope, key_id: int) -> KeyView:
    """Revoke a key; requests with it get 401 from now on."""
    key = api_keys.revoke_key(scope.session, scope.tenant_id, key_id)
    audit(scope, "key_revoked", detail=_described(key))
    return key_view(key)


def rotate(scope: Scope, key_id: int, body: KeyRotate | None) -> KeyIssued:
    """A new secret for the key's name, role and person; the old one stops working."""
    expires_in = body.expires_in if body else None
    lifetime = api_keys.parse_lifetime(expires_in) if expires_in else None
    key, secret = api_keys.rotate_key(scope.session, scope.tenant_id, key_id, expires_in=lifetime)
    audit(scope, "key_rotated", detail={**_described(key), "replaces": key_id})
    return KeyIssued(key=key_view(key), secret=secret)
