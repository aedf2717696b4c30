"""tenant row-level security (Postgres)

Every table with a ``tenant_id`` column (found at upgrade time, so tables added by
earlier migrations are covered without a list here) gets row-level security, enabled
and forced, with one policy: a row is visible and writable only when its ``tenant_id``
equals the transaction's ``app.tenant_id`` setting. ``tenants`` gets the same policy on
its ``id``. A NOLOGIN role (``switchboard_app`` unless the caller passes another through
``config.attributes["tenant_role"]``) receives the table privileges; tenant transactions
switch to it (``domain.db.tenant_transaction``) because superusers and BYPASSRLS roles,
such as the ``postgres`` role the default setup connects as, ignore even forced policies.

The role is cluster-wide and other databases on the server may use it, so the downgrade
revokes this database's grants and leaves the (then powerless) role in place.
SQLite has no row-level security: the migration does nothing there.

Revision ID: 0009
Revises: 0015
Create Date: 2026-12-05 01:20:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0009"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULT_ROLE = "switchboard_app"
POLICY = "tenant_isolation"
SETTING = "app.tenant_id"
SKIPPED_TABLES = ("alembic_version",)
"""Tables the tenant role gets no privileges on."""


def _role() -> str:
    role = str(context.config.attributes.get("tenant_role", DEFAULT_ROLE))
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", role):
        raise ValueError(f"tenant role {role!r} must be a lower-case SQL identifier")
    return role


def _quote(name: str) -> str:
    return op.get_bind().dialect.identifier_preparer.quote(name)


def _tenant_tables() -> list[str]:
    """Base tables of the current schema with a ``tenant_id`` column, sorted."""
    rows = op.get_bind().execute(
        sa.text(
            "select c.table_name from information_schema.columns c "
            "join information_schema.tables t "
            "  on t.table_schema = c.table_schema and t.table_name = c.table_name "
            "where c.table_schema = current_schema() and c.column_name = 'tenant_id' "
            "  and t.table_type = 'BASE TABLE' order by c.table_name"
        )
    )
    return [str(r[0]) for r in rows]


def _all_tables() -> list[str]:
    rows = op.get_bind().execute(
        sa.text("select tablename from pg_tables where schemaname = current_schema()")
    )
    return sorted(str(r[0]) for r in rows if r[0] not in SKIPPED_TABLES)


def _policy(table: str, column: str) -> None:
    check = f"{_quote(column)} = current_setting('{SETTING}', true)"
    name = _quote(table)
    op.execute(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY")
    op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
    op.execute(f"CREATE POLICY {POLICY} ON {name} USING ({check}) WITH CHECK ({check})")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    role = _role()
    # Parallel migrations of other databases may create the role at the same moment.
    op.execute(
        f"""
        DO $$
        BEGIN
            CREATE ROLE {_quote(role)} NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;
        """
    )
    # A non-superuser connecting role needs membership to SET ROLE to it.
    op.execute(
        f"""
        DO $$
        BEGIN
            IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
               AND NOT pg_has_role(current_user, '{role}', 'MEMBER') THEN
                EXECUTE format('GRANT %I TO %I', '{role}', current_user);
            END IF;
        END $$;
        """
    )
    schema = op.get_bind().execute(sa.text("select current_schema()")).scalar_one()
    who = _quote(role)
    op.execute(f"GRANT USAGE ON SCHEMA {_quote(schema)} TO {who}")
    for table in _all_tables():
        op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {_quote(table)} TO {who}")
    op.execute(f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {_quote(schema)} TO {who}")
    # Tables later migrations create get the privileges too; their policies they must
    # add themselves (tests/integration/test_row_security.py checks every tenant table).
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_quote(schema)} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {who}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_quote(schema)} "
        f"GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {who}"
    )
    for table in _tenant_tables():
        _policy(table, "tenant_id")
    _policy("tenants", "id")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    rows = op.get_bind().execute(
        sa.text(
            "select tablename from pg_policies "
            "where schemaname = current_schema() and policyname = :p"
        ),
        {"p": POLICY},
    )
    for (table,) in rows.all():
        name = _quote(str(table))
        op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {name}")
        op.execute(f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY")
    role = _role()
    exists = op.get_bind().execute(
        sa.text("select 1 from pg_roles where rolname = :r"), {"r": role}
    )
    if exists.first() is None:
        return
    schema = _quote(op.get_bind().execute(sa.text("select current_schema()")).scalar_one())
    who = _quote(role)
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {who}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"REVOKE USAGE, SELECT, UPDATE ON SEQUENCES FROM {who}"
    )
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {who}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {who}")
    op.execute(f"REVOKE USAGE ON SCHEMA {schema} FROM {who}")
