"""``switchboard keys create|list|revoke|rotate``: the tenant API keys of the HTTP service.

The CLI is the operator's local shell: whoever can run it can read the database, so it
needs no key and is not bound by roles; it is how the first admin key comes to exist.
Every change is written to the audit log with actor ``cli``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from domain import api_keys
from domain.approvals import audit
from domain.clock import business_today
from domain.db import session_factory, system_transaction
from domain.errors import ConflictError, DomainError, InvalidArgumentError, NotFoundError
from domain.models import ApiKey, Tenant
from domain.roles import DEFAULT_ROLE, Role
from domain.scope import Scope
from switchboard.cli.context import CLI_ACTOR, configured_engine, fail, first_line
from switchboard.settings import get_settings

keys_app = typer.Typer(help="Tenant API keys for the HTTP service.", no_args_is_help=True)

TenantOption = Annotated[
    str | None,
    typer.Option("--tenant", help="Tenant whose keys to manage (default: SWITCHBOARD_TENANT)."),
]
KeyArgument = Annotated[
    str, typer.Argument(help="The key's id, or its name if one live key has it.")
]
ExpiresOption = Annotated[
    str | None,
    typer.Option("--expires-in", help="Lifetime: a number and m, h, d or w (90m, 12h, 30d, 2w)."),
]


def _tenant(tenant: str | None) -> str:
    name = (tenant if tenant is not None else get_settings().tenant).strip()
    if not name or len(name) > 64:
        fail("--tenant must be 1 to 64 characters", 2)
    return name


def _lifetime(text: str | None) -> timedelta | None:
    if text is None:
        return None
    try:
        return api_keys.parse_lifetime(text)
    except InvalidArgumentError as exc:
        fail(f"--expires-in {str(exc).removeprefix('expires_in: ')}", 2)


def _domain_failure(exc: DomainError) -> NoReturn:
    if isinstance(exc, NotFoundError):
        fail(str(exc), 1)
    if isinstance(exc, ConflictError):
        fail(str(exc), 3)
    fail(str(exc), 2)


@contextmanager
def _session() -> Iterator[Session]:
    """A transaction on the configured database; one line (exit 1) if it is not usable."""
    with configured_engine(get_settings()) as engine:
        try:
            with system_transaction(session_factory(engine)) as session:
                yield session
        except SQLAlchemyError as exc:
            fail(f"cannot use the database: {first_line(exc)}; run `switchboard db upgrade` first")


def _audit(session: Session, tenant_id: str, event: str, key: ApiKey, **extra: Any) -> None:
    tenant = session.get(Tenant, tenant_id)
    assert tenant is not None  # the key belongs to it
    scope = Scope(
        session=session,
        tenant_id=tenant_id,
        today=business_today(get_settings().today, tenant.snapshot_date),
        actor=CLI_ACTOR,
    )
    detail = {"key": key.id, "name": key.name, "role": key.role, "person": key.person, **extra}
    audit(scope, event, detail=detail)


def _row(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.id,
        "name": key.name,
        "role": key.role,
        "person": key.person,
        "prefix": key.prefix,
        "status": api_keys.key_status(key),
        "created_at": key.created_at.isoformat(),
        "expires_at": key.expires_at.isoformat() if key.expires_at else None,
        "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None,
        "replaced_by_id": key.replaced_by_id,
    }


@keys_app.command("create")
def create(
    tenant: Annotated[str, typer.Option("--tenant", help="Tenant the key acts for.")],
    role: Annotated[
        Role, typer.Option("--role", help="What the key may do (least privilege by default).")
    ] = DEFAULT_ROLE,
    name: Annotated[str, typer.Option("--name", help="A label to tell keys apart.")] = "default",
    person: Annotated[
        str | None, typer.Option("--person", help="Who holds it: 'Ada <ada@example.com>'.")
    ] = None,
    expires_in: ExpiresOption = None,
) -> None:
    """Create an API key; it is printed once, on the last line."""
    tenant = _tenant(tenant)
    if not name.strip() or len(name) > 100:
        fail("--name must be 1 to 100 characters", 2)
    if person is not None and len(person) > 200:
        fail("--person must be at most 200 characters", 2)
    lifetime = _lifetime(expires_in)
    with _session() as session:
        key, plaintext = api_keys.create_key(
            session, tenant, name.strip(), role=role, person=person, expires_in=lifetime
        )
        _audit(session, tenant, "key_created", key)
        prefix = key.prefix
    typer.echo(
        f"Created {role} key {prefix}… '{name.strip()}' for tenant '{tenant}' "
        "(shown once; store it now):"
    )
    typer.echo(plaintext)


@keys_app.command("list")
def list_keys(
    tenant: TenantOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON list.")] = False,
    live: Annotated[bool, typer.Option("--live", help="Only keys not revoked.")] = False,
) -> None:
    """List the tenant's keys: id, name, role, person, status, expiry (never a secret)."""
    tenant = _tenant(tenant)
    with _session() as session:
        rows = [_row(k) for k in api_keys.list_keys(session, tenant, include_revoked=not live)]
    if as_json:
        typer.echo(json.dumps(rows))
        return
    table = Table("id", "name", "role", "person", "prefix", "status", "expires", "last used")
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["name"],
            row["role"],
            row["person"] or "",
            row["prefix"],
            row["status"],
            (row["expires_at"] or "never")[:16],
            (row["last_used_at"] or "never")[:16],
        )
    Console(width=160).print(table)


@keys_app.command("revoke")
def revoke(key: KeyArgument, tenant: TenantOption = None) -> None:
    """Revoke a key: requests with it get 401 from now on."""
    tenant = _tenant(tenant)
    with _session() as session:
        try:
            found = api_keys.find_key(session, tenant, key)
            api_keys.revoke_key(session, tenant, found.id)
        except DomainError as exc:
            _domain_failure(exc)
        _audit(session, tenant, "key_revoked", found)
        key_id, name = found.id, found.name
    typer.echo(f"Revoked key {key_id} '{name}' of tenant '{tenant}'.")


@keys_app.command("rotate")
def rotate(key: KeyArgument, tenant: TenantOption = None, expires_in: ExpiresOption = None) -> None:
    """A new secret with the same name, role and person; the old key stops working.

    The new key is printed once, on the last line.
    """
    tenant = _tenant(tenant)
    lifetime = _lifetime(expires_in)
    with _session() as session:
        try:
            old = api_keys.find_key(session, tenant, key)
            new, plaintext = api_keys.rotate_key(session, tenant, old.id, expires_in=lifetime)
        except DomainError as exc:
            _domain_failure(exc)
        _audit(session, tenant, "key_rotated", new, replaces=old.id)
        old_id, new_id, name, role = old.id, new.id, new.name, new.role
    typer.echo(
        f"Rotated key {old_id} '{name}' ({role}) of tenant '{tenant}': it is revoked; "
        f"the new key {new_id} is shown once, store it now:"
    )
    typer.echo(plaintext)
