"""The outbox relay against a real SMTP server: each approved email arrives once.

The server is aiosmtpd on localhost; the relay is the production code path
(``switchboard.relay.deliver_due`` over ``smtplib``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from adapters.service_secret import service_secret
from adapters.services import Services, build_services
from domain import outbox
from domain.demo import anchors
from domain.mail.queue import message_id
from domain.mail.unsubscribe import make_token
from domain.models import Contact, OutboxMessage
from switchboard.relay import deliver_due
from switchboard.settings import Settings
from tests.smtp_server import Inbox, smtp_server

EMMA = "emma.rossi@acmecloud.example"


@pytest.fixture
def mail() -> Iterator[tuple[str, Inbox]]:
    with smtp_server() as running:
        yield running


@pytest.fixture
def services(fresh_demo_url: str, tmp_path: Path, mail: tuple[str, Inbox]) -> Iterator[Services]:
    settings = Settings(
        database_url=fresh_demo_url,
        data_dir=tmp_path / "data",
        smtp_url=mail[0],
        smtp_from="Switchboard <events@northwind.example>",
        public_base_url="http://switchboard.test",
        relay_retry_seconds=0,
    )
    built = build_services(settings)
    yield built
    built.engine.dispose()


def record_email(services: Services, key: str, to: str = EMMA, kind: str = "email") -> int:
    with services.scope(anchors.TENANT_ID, actor="sales") as scope:
        done = outbox.record(
            scope, key=key, kind=kind, recipient=to, subject="Sponsoring", body="Hello there"
        )
        return done.message.id


def row(services: Services, outbox_id: int) -> OutboxMessage:
    with services.sessions() as session:
        found = session.get(OutboxMessage, outbox_id)
        assert found is not None
        return found


def test_an_email_is_delivered_once_with_its_headers(
    services: Services, mail: tuple[str, Inbox]
) -> None:
    _, inbox = mail
    outbox_id = record_email(services, "thread-1:a1")
    first = deliver_due(services)
    again = deliver_due(services)
    assert (first.claimed, first.delivered, again.claimed) == (1, 1, 0)
    [received] = inbox.received()
    assert received["To"] == EMMA
    assert received["From"] == "Northwind Events <events@northwind.example>"
    assert received["Message-ID"] == message_id(
        anchors.TENANT_ID, "thread-1:a1", "northwind.example"
    )
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = received["List-Unsubscribe"].strip("<>")
    assert link.startswith("http://switchboard.test/unsubscribe?token=")
    assert link in received.get_payload(decode=True).decode()
    stored = row(services, outbox_id)
    assert (stored.delivery_status, stored.delivery_attempts) == ("delivered", 1)
    assert stored.delivered_at is not None


def test_transactional_mail_has_no_unsubscribe_and_other_kinds_are_not_mailed(
    services: Services, mail: tuple[str, Inbox]
) -> None:
    record_email(services, "t:resend", to=anchors.ORDER_BUYER_EMAIL, kind="ticket_resend")
    refund = record_email(services, "t:refund", to=anchors.ORDER_BUYER_EMAIL, kind="refund")
    assert deliver_due(services).delivered == 1
    [received] = mail[1].received()
    assert received["List-Unsubscribe"] is None
    assert received["Subject"] == "Sponsoring"
    assert row(services, refund).delivery_status is None


def test_an_opted_out_recipient_gets_nothing(services: Services, mail: tuple[str, Inbox]) -> None:
    with services.sessions.begin() as session:
        contact = session.scalars(select(Contact).where(Contact.email == EMMA)).one()
        contact.opted_out = True
    outbox_id = record_email(services, "t:after-opt-out")
    report = deliver_due(services)
    assert (report.claimed, mail[1].received()) == (0, [])
    assert row(services, outbox_id).delivery_status == "suppressed"


def test_transient_failures_retry_and_refusals_fail(
    services: Services, mail: tuple[str, Inbox]
) -> None:
    _, inbox = mail
    down = Settings(**{**services.settings.model_dump(), "smtp_url": "smtp://127.0.0.1:9"})
    retry_id = record_email(services, "t:retry")
    unreachable = Services(down, services.sessions, services.model)
    assert deliver_due(unreachable).retrying == 1
    assert row(services, retry_id).delivery_status == "retry"
    assert deliver_due(services).delivered == 1  # retry_seconds=0: due again at once
    inbox.refuse.add("nobody@acmecloud.example")
    refused = record_email(services, "t:refused", to="nobody@acmecloud.example")
    assert deliver_due(services).failed == 1
    stored = row(services, refused)
    assert stored.delivery_status == "failed" and "refused" in (stored.delivery_error or "")
    assert len(inbox.received()) == 1


def test_unsubscribe_link_opts_out_through_the_service(
    services: Services, mail: tuple[str, Inbox]
) -> None:
    from fastapi.testclient import TestClient

    from server.app import create_app

    record_email(services, "t:first")
    deliver_due(services)
    link = mail[1].received()[0]["List-Unsubscribe"].strip("<>")
    token = parse_qs(urlsplit(link).query)["token"][0]
    rival = make_token(service_secret(services.settings), "rival", EMMA)
    with TestClient(create_app(services.settings)) as client:
        assert client.post("/unsubscribe", params={"token": rival}).status_code == 200
        with services.sessions() as session:  # another tenant's link opts out nobody here
            assert not session.scalars(select(Contact.opted_out).where(Contact.email == EMMA)).one()
        page = client.get("/unsubscribe", params={"token": token})
        assert page.status_code == 200 and EMMA in page.text
        with services.sessions() as session:  # looking is not unsubscribing
            assert not session.scalars(select(Contact.opted_out).where(Contact.email == EMMA)).one()
        forged = client.post("/unsubscribe", params={"token": token[:-4] + "AAAA"})
        assert forged.status_code == 422 and "not valid" in forged.json()["error"]
        done = client.post(
            "/unsubscribe", params={"token": token}, data={"List-Unsubscribe": "One-Click"}
        )
        assert done.status_code == 200
        assert client.post("/unsubscribe", params={"token": token}).status_code == 200
    with services.sessions() as session:
        assert session.scalars(select(Contact.opted_out).where(Contact.email == EMMA)).one()
    later = record_email(services, "t:second")
    assert deliver_due(services).claimed == 0
    assert row(services, later).delivery_status == "suppressed"
    assert len(mail[1].received()) == 1


def test_an_alias_of_an_opted_out_mailbox_is_suppressed(
    services: Services, mail: tuple[str, Inbox]
) -> None:
    with services.sessions.begin() as session:
        contact = session.scalars(select(Contact).where(Contact.email == EMMA)).one()
        contact.opted_out = True
    alias = "Emma.Rossi+summit@acmecloud.example"
    outbox_id = record_email(services, "t:alias", to=alias)
    assert deliver_due(services).claimed == 0
    assert row(services, outbox_id).delivery_status == "suppressed"
    assert mail[1].received() == []
