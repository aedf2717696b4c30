"""``switchboard keys create|list|revoke|rotate`` as processes, then the keys used over HTTP.

The console script runs against a private copy of the demo database (SQLite); the app
is then served on the same file, so what the CLI did is checked by what the server does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from domain.models import AuditEvent
from tests.api_helpers import serve

PERSON = "Ada <ada@example.com>"


Cli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(fresh_demo_url: str, tmp_path: Path) -> Cli:
    script = Path(sys.executable).parent / "switchboard"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    env.update(SWITCHBOARD_DATABASE_URL=fresh_demo_url, SWITCHBOARD_DATA_DIR=str(tmp_path))

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(script), "keys", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            stdin=subprocess.DEVNULL,
            check=False,
        )

    return run


def _listed(cli: Cli) -> dict[str, dict[str, Any]]:
    listed = cli("list", "--tenant", "demo", "--json")
    assert listed.returncode == 0, listed.stderr
    return {f"{k['name']}#{k['id']}": k for k in json.loads(listed.stdout)}


async def test_create_list_rotate_revoke_then_serve(
    cli: Cli, fresh_demo_url: str, tmp_path: Path
) -> None:
    made = cli(
        "create", "--tenant", "demo", "--name", "ada", "--person", PERSON, "--expires-in", "30d"
    )
    assert made.returncode == 0, made.stderr
    assert "Created viewer key" in made.stdout  # least privilege without --role
    ada_secret = made.stdout.strip().splitlines()[-1]
    root = cli("create", "--tenant", "demo", "--name", "root", "--role", "admin")
    assert root.returncode == 0, root.stderr
    root_secret = root.stdout.strip().splitlines()[-1]

    keys = _listed(cli)
    assert ada_secret not in json.dumps(keys) and "key_hash" not in json.dumps(keys)
    (ada,) = [k for k in keys.values() if k["name"] == "ada"]
    assert (ada["role"], ada["person"], ada["status"]) == ("viewer", PERSON, "active")
    lifetime = datetime.fromisoformat(str(ada["expires_at"])) - datetime.fromisoformat(
        str(ada["created_at"])
    )
    assert abs(lifetime - timedelta(days=30)) < timedelta(seconds=5)

    rotated = cli("rotate", "ada", "--tenant", "demo")
    assert rotated.returncode == 0, rotated.stderr
    new_secret = rotated.stdout.strip().splitlines()[-1]
    assert new_secret.startswith("sb_") and new_secret != ada_secret
    after = {k["id"]: k for k in _listed(cli).values()}
    old, new = after[ada["id"]], after[after[ada["id"]]["replaced_by_id"]]
    assert old["status"] == "revoked"
    assert (new["name"], new["role"], new["person"], new["status"]) == (
        "ada",
        "viewer",
        PERSON,
        "active",
    )

    revoked = cli("revoke", "root", "--tenant", "demo")
    assert revoked.returncode == 0, revoked.stderr
    (root_row,) = [k for k in after.values() if k["name"] == "root"]
    twice = cli("revoke", str(root_row["id"]), "--tenant", "demo")
    assert (twice.returncode, twice.stderr) == (
        3,
        f"API key {root_row['id']} ('root') is already revoked\n",
    )
    by_name = cli("revoke", "root", "--tenant", "demo")
    assert (by_name.returncode, by_name.stderr) == (
        1,
        "no live API key named 'root' for this tenant (key)\n",
    )
    bad = cli("create", "--tenant", "demo", "--expires-in", "3x")
    assert bad.returncode == 2
    assert (
        bad.stderr == "--expires-in '3x' is not a lifetime; write a number and a unit: "
        "90m, 12h, 30d, 2w\n"
    )

    async with serve(fresh_demo_url, tmp_path / "data") as api:
        async with (
            api.client(new_secret) as rotated_client,
            api.client(ada_secret) as old_client,
            api.client(root_secret) as root_client,
        ):
            assert (await rotated_client.get("/agents")).status_code == 200
            assert (
                await rotated_client.patch("/agents/sales", json={"tone": "casual"})
            ).status_code == 403
            stale = await old_client.get("/agents")
            assert stale.status_code == 401 and "was rotated" in stale.json()["error"]
            gone = await root_client.get("/agents")
            assert gone.status_code == 401 and "was revoked" in gone.json()["error"]
        with api.sessions() as session:
            events = list(
                session.scalars(
                    select(AuditEvent.event)
                    .where(AuditEvent.event.like("key_%"))
                    .order_by(AuditEvent.id)
                )
            )
    assert events == ["key_created", "key_created", "key_rotated", "key_revoked"]
