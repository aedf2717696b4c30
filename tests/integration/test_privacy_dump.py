"""No trace of an erased person in a full dump of the business and checkpoint databases.

Through the real API: Maya is planted in every kind of table, a refund request for her
order runs (its checkpoints hold her name from the order lookup; departments save no
checkpoints of their own, so the lookup's raw rows with her address are not kept) and so
does one for another buyer's order. After ``POST /privacy/erase`` the databases are
dumped whole (``pg_dump`` on Postgres; the raw file bytes, WAL included, on SQLite) and
searched for her email, name and phone, as text and as the hex that bytea and msgpack
blobs are dumped in. The other buyer's rows and conversation must still be there.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url

from adapters.checkpoints import setup_checkpointer
from domain.models import Order, ThreadRecord
from switchboard.settings import Settings
from tests.api_helpers import Api, serve
from tests.privacy_helpers import EMAIL, NAME, ORDER, OTHER_ORDER, PHONE, plant_person
from tests.process_helpers import cloned_database
from tests.services import scratch_postgres_database

NEEDLES = (EMAIL, NAME, "Lindqvist", PHONE, "46701234567", "+46-70-1234567")


def _spellings(needle: str) -> list[bytes]:
    """The needle's UTF-8 bytes (as written and lower case) and their hex, as dumps show them."""
    raw = [needle.encode(), needle.lower().encode()]
    return [*raw, *(r.hex().encode() for r in raw)]


def traces(dump: bytes, needles: tuple[str, ...] = NEEDLES) -> list[str]:
    """The needles found in ``dump`` (case-insensitive for text, exact for hex)."""
    lowered = dump.lower()
    return [n for n in needles if any(s.lower() in lowered for s in _spellings(n))]


@dataclass
class Backend:
    """Where the app keeps its data and how to read all of it back as bytes."""

    business_url: str
    checkpoint_url: str | None
    dump: Callable[[], dict[str, bytes]]


def _pg_dump(url: str) -> bytes:
    server = "/usr/lib/postgresql/15/bin/pg_dump"
    binary = server if Path(server).exists() else shutil.which("pg_dump")
    if binary is None:
        pytest.fail("pg_dump is not installed")
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run(
        [binary, "--no-owner", "--dbname", libpq], capture_output=True, check=True, timeout=120
    )
    return done.stdout


@pytest.fixture
def postgres_backend(postgres_engine: Engine) -> Iterator[Backend]:
    postgres_engine.dispose()  # a template must have no open connections while copied
    template = postgres_engine.url.render_as_string(hide_password=False)
    with cloned_database(template) as business, scratch_postgres_database("sb_ckpt") as ckpt:
        setup_checkpointer(Settings(checkpoint_url=ckpt))
        yield Backend(
            business, ckpt, lambda: {"business": _pg_dump(business), "checkpoints": _pg_dump(ckpt)}
        )


@pytest.fixture
def sqlite_backend(fresh_demo_url: str, tmp_path: Path) -> Backend:
    business_file = Path(make_url(fresh_demo_url).database or "")

    def read_files() -> dict[str, bytes]:
        """Each database's files (main, -wal, -shm) concatenated."""
        groups = {
            "business": business_file.parent.glob(f"{business_file.name}*"),
            "checkpoints": (tmp_path / "data").glob("checkpoints.sqlite*"),
        }
        return {
            name: b"".join(f.read_bytes() for f in sorted(files)) for name, files in groups.items()
        }

    return Backend(fresh_demo_url, None, read_files)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def api_on(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[tuple[Api, Backend]]:
    backend: Backend = request.getfixturevalue(f"{request.param}_backend")
    async with serve(
        backend.business_url, tmp_path / "data", checkpoint_url=backend.checkpoint_url
    ) as api:
        yield api, backend


def _revenue(api: Api) -> Decimal:
    with api.sessions() as session:
        return Decimal(session.scalar(select(func.sum(Order.amount))) or 0)


async def test_no_trace_remains_in_a_full_dump(api_on: tuple[Api, Backend]) -> None:
    api, backend = api_on
    with api.sessions.begin() as session:
        planted = plant_person(session)
    hers = await api.run(f"Hi, I want a refund for order {ORDER}, I cannot come")
    theirs = await api.run(f"Hi, I want a refund for order {OTHER_ORDER}, I cannot come")
    assert hers["status"] == theirs["status"] == "interrupted"
    before = backend.dump()
    found = traces(b"".join(before.values()))  # the search can fail:
    assert {EMAIL, NAME, PHONE, "+46-70-1234567"} <= set(found)
    assert NAME in traces(before["checkpoints"])
    revenue = _revenue(api)

    response = await api.a.post("/privacy/erase", json={"email": EMAIL, "phones": [PHONE]})

    assert response.status_code == 200, response.text
    receipt = response.json()
    assert receipt["threads"] == [hers["thread_id"]]
    assert receipt["rows"]["checkpoint_threads"] == 1 and receipt["rows"]["contacts"] == 1
    assert not traces(response.content)
    after = backend.dump()
    for name, content in after.items():
        assert traces(content) == [], f"{name} still holds the erased person"

    # Everyone else survived: the other buyer's rows and their thread's checkpoints.
    everything = b"".join(after.values())
    assert traces(everything, (planted.other_name, planted.other_email)) == [
        planted.other_name,
        planted.other_email,
    ]
    state = (await api.a.get(f"/threads/{theirs['thread_id']}/state")).json()
    assert state["next"] == ["approval_gate"] and state["interrupts"]
    mine = (await api.a.get(f"/threads/{hers['thread_id']}")).json()
    assert mine["status"] == "erased"
    assert _revenue(api) == revenue  # her order still counts
    export = (await api.a.get("/privacy/export", params={"email": EMAIL})).json()
    assert (export["row_count"], export["suppressed"], export["conversations"]) == (0, True, [])


async def test_export_and_the_requests_erasure_refuses(api_on: tuple[Api, Backend]) -> None:
    api, _ = api_on
    with api.sessions.begin() as session:
        plant_person(session)
    run = await api.run(f"Hi, I want a refund for order {ORDER}, I cannot come")
    response = await api.a.get("/privacy/export", params={"email": EMAIL, "phone": PHONE})
    assert response.status_code == 200, response.text
    data = response.json()
    assert {"contacts", "orders", "support_cases", "audit_log"} <= set(data["tables"])
    assert [c["thread_id"] for c in data["conversations"]] == [run["thread_id"]]
    (talk,) = data["conversations"]
    assert talk["messages"] and any(NAME in text for text in talk["mentions"])
    for params in ({"email": "not-an-address"}, {"email": "a\x00@b.co"}):
        bad = await api.a.get("/privacy/export", params=params)
        assert bad.status_code == 422 and "not an email address" in bad.json()["error"]
    junk = await api.a.get("/privacy/export", params={"email": EMAIL, "phone": "e"})
    assert junk.status_code == 422 and "not a phone number" in junk.json()["error"]
    none = await api.a.post("/privacy/erase", json={})
    assert none.status_code == 422 and "email" in none.json()["error"]

    with api.sessions.begin() as session:  # a run is writing to her thread right now
        session.get(ThreadRecord, run["thread_id"]).status = "busy"  # type: ignore[union-attr]
    busy = await api.a.post("/privacy/erase", json={"email": EMAIL})
    assert busy.status_code == 409 and "is running" in busy.json()["error"]
    again = (await api.a.get("/privacy/export", params={"email": EMAIL})).json()
    assert again["tables"] == data["tables"]  # nothing was erased
