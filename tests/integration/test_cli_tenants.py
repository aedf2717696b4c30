"""`switchboard tenants create|list` through the installed console script, on real Postgres."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.db import make_engine, session_factory, system_transaction
from domain.models import AgentConfig, Department
from tests.services import scratch_postgres_database

pytestmark = pytest.mark.postgres


def _run(
    url: str, data_dir: Path, *argv: str, tenant: str = "demo"
) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).parent / "switchboard"
    found = str(script) if script.exists() else shutil.which("switchboard")
    if found is None:
        pytest.fail("the `switchboard` console script is not installed; run `make setup`")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    env.update(
        SWITCHBOARD_DATABASE_URL=url, SWITCHBOARD_DATA_DIR=str(data_dir), SWITCHBOARD_TENANT=tenant
    )
    return subprocess.run(
        [found, *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def test_create_list_and_refuse_duplicates_and_bad_ids(tmp_path: Path) -> None:
    with scratch_postgres_database("sb_tenants") as url:
        unmigrated = _run(url, tmp_path, "tenants", "list")
        assert unmigrated.returncode == 1
        assert "has no tables yet; run `switchboard db upgrade` first" in unmigrated.stderr

        assert _run(url, tmp_path, "db", "upgrade").returncode == 0
        created = _run(url, tmp_path, "tenants", "create", "acme", "--name", "Acme Events")
        assert created.returncode == 0, created.stderr
        assert created.stdout.startswith("Created tenant 'acme' (Acme Events) with agents: ")

        again = _run(url, tmp_path, "tenants", "create", "acme")
        assert (again.returncode, again.stderr) == (
            1,
            "cannot create the tenant: tenant 'acme' already exists\n",
        )
        bad = _run(url, tmp_path, "tenants", "create", "Acme Events")
        assert bad.returncode == 2
        assert bad.stderr.startswith("cannot create the tenant: tenant_id: 'Acme Events' is not")
        assert "Traceback" not in bad.stderr + again.stderr

        listed = _run(url, tmp_path, "tenants", "list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert json.loads(listed.stdout) == [
            {"id": "acme", "name": "Acme Events", "agents": 6, "api_keys": 0, "demo_snapshot": None}
        ]

        # The new tenant is usable by tenant-scoped commands (row-level security applies).
        pending = _run(url, tmp_path, "approvals", "--json", tenant="acme")
        assert (pending.returncode, pending.stdout.strip()) == (0, "[]"), pending.stderr

        engine = make_engine(url)
        try:
            with system_transaction(session_factory(engine)) as session:
                agents = set(session.scalars(select(AgentConfig.agent)))
        finally:
            engine.dispose()
        assert agents == {d.value for d in Department}
