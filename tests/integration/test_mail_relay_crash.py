"""An approved email across a relay crash, with real processes on Postgres.

The whole path runs through the CLI: a request proposes an email, a human approves
it, and ``switchboard relay`` mails it to a real SMTP server on localhost. The relay is
killed with SIGKILL after the server accepted the message and before it was marked
delivered, which is the one window SMTP cannot close: the next relay sends it again
with the same Message-ID, so the receiver can drop the duplicate. A relay that was not
killed sends once, and later passes send nothing.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from domain.db import make_engine
from domain.models import OutboxMessage
from tests.process_helpers import (
    Processes,
    cli_env,
    cli_processes,
    wait_until,
)
from tests.smtp_server import Inbox, smtp_server

pytestmark = pytest.mark.postgres

REQUEST = "Email Emma Rossi about sponsoring the AI Summit"


@pytest.fixture
def db_url(postgres_url: str) -> str:
    """A private copy of the session's seeded demo database, with checkpoint tables."""
    return postgres_url


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Processes]:
    with cli_processes(tmp_path) as processes:
        yield processes


@pytest.fixture
def mail() -> Iterator[tuple[str, Inbox]]:
    with smtp_server() as running:
        yield running


def approved_email(procs: Processes, env: dict[str, str], db_url: str) -> OutboxMessage:
    """Propose the email, approve it; its outbox row (recorded, queued for mail)."""
    ran = procs.run(env, "run", REQUEST, "--json", timeout=120)
    assert ran.returncode == 0, ran.stderr
    outcome = json.loads(ran.stdout)
    assert outcome["status"] == "interrupted", outcome
    resumed = procs.run(
        env, "resume", outcome["thread_id"], "--decision", "approve", "--json", timeout=120
    )
    assert resumed.returncode == 0, resumed.stderr
    engine = make_engine(db_url)
    try:
        return only_email(engine)
    finally:
        engine.dispose()


def only_email(engine: Engine) -> OutboxMessage:
    with engine.connect() as conn:
        [row] = conn.execute(select(OutboxMessage).where(OutboxMessage.kind == "email")).all()
    return row  # type: ignore[no-any-return]


def test_relay_killed_after_the_send_resends_with_the_same_message_id(
    procs: Processes, db_url: str, tmp_path: Path, mail: tuple[str, Inbox]
) -> None:
    url, inbox = mail
    env = cli_env(db_url, tmp_path, smtp_url=url)
    row = approved_email(procs, env, db_url)
    assert (row.status, row.delivery_status) == ("recorded", "queued")
    slow = cli_env(
        db_url,
        tmp_path,
        smtp_url=url,
        relay_lease_seconds="1",
        test_pause_after_send_seconds="30",
    )
    first = procs.start(slow, "relay", "--once")
    wait_until(lambda: inbox.received(), timeout=60)
    assert first.kill9()
    engine = make_engine(db_url)
    try:
        assert only_email(engine).delivery_status == "sending"  # accepted, never marked
        time.sleep(1.2)  # the dead relay's lease runs out
        again = procs.run(env, "relay", "--once", timeout=60)
        assert again.returncode == 0, again.stderr
        assert json.loads(again.stdout)["delivered"] == 1
        final = only_email(engine)
    finally:
        engine.dispose()
    assert (final.delivery_status, final.delivery_attempts) == ("delivered", 2)
    received = inbox.received()
    assert len(received) == 2
    assert {m["Message-ID"] for m in received} == {final.message_id}
    assert procs.run(env, "relay", "--once", timeout=60).stdout.strip().startswith('{"claimed": 0')
    assert len(inbox.received()) == 2
