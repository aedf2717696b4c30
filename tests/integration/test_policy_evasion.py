"""Attempts to get around the approval policy, on SQLite and Postgres.

Splitting a refund across requests, orders or a run; writing an opted-out or bounced
address another way; splitting the outreach cap; editing an approval twice or to an
absurd amount. Each must end at a human, a denial or a 4xx with a sentence.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from adapters.checkpoints import setup_checkpointer
from domain.demo import anchors
from domain.errors import InvalidArgumentError
from domain.models import (
    AgentConfig,
    Approval,
    AuditEvent,
    Company,
    Contact,
    Opportunity,
    Order,
    OutboxMessage,
    Refund,
)
from domain.policy import decide
from domain.sales.outreach import send_email
from domain.scope import Scope
from switchboard.cli.main import app
from switchboard.settings import Settings, get_settings
from tests.api_helpers import Api, serve
from tests.process_helpers import cloned_database

ABOVE = anchors.ORDER_ABOVE_REFUND_THRESHOLD  # $1,250.00
BELOW = anchors.ORDER_BELOW_REFUND_THRESHOLD  # $349.00, bought by anchors.ORDER_BUYER_EMAIL


def one(scope: Scope, model: Any, *where: Any) -> Any:
    return scope.session.scalars(
        select(model).where(model.tenant_id == scope.tenant_id, *where)
    ).one()


def order(scope: Scope, number: str) -> Order:
    found: Order = one(scope, Order, Order.number == number)
    return found


def refunded(scope: Scope, number: str, amount: str) -> None:
    """A refund processed on the order today."""
    scope.session.add(
        Refund(
            tenant_id=scope.tenant_id,
            order_id=order(scope, number).id,
            amount=Decimal(amount),
            reason="earlier",
            status="processed",
            requested_at=scope.now,
            processed_at=scope.now,
        )
    )
    scope.session.flush()


def approved_not_run(scope: Scope, n: int, tool: str, agent: str, args: dict[str, Any]) -> None:
    """An action a human approved whose run has not executed it yet."""
    thread = f"evasion-{n}"
    scope.session.add(
        Approval(
            tenant_id=scope.tenant_id,
            thread_id=thread,
            action_id="a1",
            agent=agent,
            tool=tool,
            args=args,
            summary=tool,
            reasons=[],
            status="approved",
            decision={"type": "approve"},
            decided_by="reviewer",
        )
    )
    scope.session.add(
        OutboxMessage(
            tenant_id=scope.tenant_id,
            idempotency_key=f"{thread}:a1",
            kind="refund" if tool == "process_refund" else "email",
            agent=agent,
            recipient="",
            status="pending_approval",
            created_at=scope.now,
        )
    )
    scope.session.flush()


def refund(scope: Scope, number: str, amount: str, **kw: Any) -> Any:
    return decide(
        scope,
        agent="support",
        tool="process_refund",
        effect="external",
        args={"order_number": number, "amount": amount},
        mode="full_auto",
        **kw,
    )


def email(scope: Scope, to: str, **kw: Any) -> Any:
    return decide(
        scope,
        agent="sales",
        tool="send_email",
        effect="external",
        args={"to": to, "subject": "AI Summit 2026", "body": "Shall we meet?"},
        **kw,
    )


def config(scope: Scope, agent: str, **values: Any) -> None:
    row = one(scope, AgentConfig, AgentConfig.agent == agent)
    for name, value in values.items():
        setattr(row, name, value)
    scope.session.flush()


# --- refunds split on one order ---------------------------------------------------------


def test_three_refunds_of_499_on_one_order_reach_a_human(scope: Scope) -> None:
    assert refund(scope, ABOVE, "499.00").outcome == "allow"
    refunded(scope, ABOVE, "499.00")
    second = refund(scope, ABOVE, "499.00")
    assert second.rules == ("order_refunds_over_limit",)
    approved_not_run(scope, 1, "process_refund", "support", {"order_number": ABOVE, "amount": 499})
    third = refund(scope, ABOVE, "252.00")
    assert third.outcome == "require_approval"
    assert [r.message for r in third.reasons] == [
        "$998.00 already refunded or approved ($499.00 refunded, $499.00 approved and not yet "
        f"refunded) on {ABOVE}; with this $252.00 the order total is $1,250.00, above the "
        "$500.00 limit"
    ]
    facts = third.as_json()["facts"]
    assert (facts["order_refunded"], facts["order_refunds_in_flight"]) == (499.0, 499.0)
    assert facts["order_refund_total"] == 1250.0


def test_an_approved_refund_whose_execution_failed_no_longer_counts(scope: Scope) -> None:
    approved_not_run(scope, 5, "process_refund", "support", {"order_number": ABOVE, "amount": 400})
    assert refund(scope, ABOVE, "200.00").rules == ("order_refunds_over_limit",)
    row = one(scope, Approval, Approval.thread_id == "evasion-5")
    scope.session.add(
        AuditEvent(
            tenant_id=scope.tenant_id,
            approval_id=row.id,
            thread_id=row.thread_id,
            action_id=row.action_id,
            actor="support",
            event="failed",
            detail={},
        )
    )
    scope.session.flush()
    assert refund(scope, ABOVE, "200.00").outcome == "allow"


def test_refunds_split_inside_one_run_are_added_up(scope: Scope) -> None:
    earlier = [
        {
            "tool": "process_refund",
            "department": "support",
            "args": {"order_number": ABOVE.lower(), "amount": "300"},
        }
    ]
    decision = refund(scope, ABOVE, "300.00", earlier=earlier)
    assert decision.rules == ("order_refunds_over_limit",)
    assert (
        "an earlier action of this run"
        in decision.as_json()["facts"]["order_refunds_in_flight_from"]
    )


def test_a_refund_above_what_remains_is_denied(scope: Scope) -> None:
    approved_not_run(scope, 2, "process_refund", "support", {"order_number": ABOVE, "amount": 1000})
    decision = refund(scope, ABOVE, "250.01")
    assert decision.outcome == "deny"
    assert decision.reasons[0].message == (
        f"Refund of $250.01 exceeds the $250.00 still refundable on {ABOVE} once $1,000.00 "
        "already approved is refunded (the event's full refund rule)"
    )
    assert refund(scope, ABOVE, "999999").rules[0] == "refund_exceeds_refundable"


# --- refunds split across one customer's orders -----------------------------------------


def test_refunds_across_a_customers_orders_count_per_day(scope: Scope) -> None:
    order(scope, ABOVE).buyer_email = " MAYA.Lindqvist+vip@Example.org "  # Maya again
    refunded(scope, BELOW, "349.00")
    decision = refund(scope, ABOVE, "200.00")
    assert decision.rules == ("customer_daily_refunds_over_limit",)
    assert decision.reasons[0].message == (
        f"$349.00 already refunded today for maya.lindqvist@example.org (orders {ABOVE}, "
        f"{BELOW}); with this $200.00 on {ABOVE} the customer's total today is $549.00, "
        "above the $500.00 daily limit per customer"
    )
    config(scope, "support", max_daily_refund_per_customer=Decimal("600.00"))
    assert refund(scope, ABOVE, "200.00").outcome == "allow"


def test_another_customers_refunds_do_not_count(scope: Scope) -> None:
    refunded(scope, BELOW, "349.00")  # Maya's; ORD-10500 is someone else's
    assert refund(scope, ABOVE, "200.00").outcome == "allow"


# --- recipients written another way -------------------------------------------------------


@pytest.mark.parametrize(
    "alias",
    [
        "jordan.reyes+summit@globex.example",
        "JORDAN.Reyes@Globex.Example",
        "  jordan.reyes@globex.example\t",
        "Jordan Reyes <jordan.reyes+x@globex.example>",
    ],
)
def test_opted_out_aliases_are_denied_with_auto_approve(scope: Scope, alias: str) -> None:
    config(scope, "sales", autonomy_mode="full_auto", auto_approve=True)
    decision = email(scope, alias, mode=None)
    assert decision.outcome == "deny"
    assert decision.rules == ("opted_out_contact",)


def test_bounced_alias_is_denied(scope: Scope) -> None:
    decision = email(scope, "Sam.Okafor+events@initech.example", mode="full_auto")
    assert decision.rules == ("bounced_address",)


def gmail_contact(scope: Scope, **values: Any) -> Contact:
    company = one(scope, Company, Company.name == anchors.BIG_DEAL_COMPANY)
    contact = Contact(
        tenant_id=scope.tenant_id,
        company_id=company.id,
        first_name="Pat",
        last_name="Gmail",
        email="pat.gmail.tester@gmail.com",
        email_status="verified",
        title="Founder",
        department="partnerships",
        seniority="c_level",
        **values,
    )
    scope.session.add(contact)
    scope.session.flush()
    return contact


@pytest.mark.parametrize(
    "alias", ["patgmailtester@gmail.com", "P.A.T.Gmail.Tester+x@GoogleMail.com"]
)
def test_gmail_dots_and_googlemail_reach_the_opted_out_contact(scope: Scope, alias: str) -> None:
    gmail_contact(scope, opted_out=True)
    assert email(scope, alias, mode="full_auto").rules == ("opted_out_contact",)


def test_dots_matter_on_other_domains(scope: Scope) -> None:
    decision = email(scope, "jordanreyes@globex.example", mode="full_auto")
    assert "opted_out_contact" not in decision.rules


def test_the_send_tool_refuses_an_alias_of_an_opted_out_contact(scope: Scope) -> None:
    with pytest.raises(InvalidArgumentError, match="opted out of outreach"):
        send_email(
            scope,
            key="evasion-send",
            to="jordan.reyes+summit@globex.example",
            subject="Hello",
            body="Hi",
        )
    assert (
        scope.session.scalars(
            select(OutboxMessage).where(OutboxMessage.idempotency_key == "evasion-send")
        ).all()
        == []
    )


# --- the outreach cap split across runs -------------------------------------------------


def sent(scope: Scope, count: int) -> None:
    for n in range(count):
        scope.session.add(
            OutboxMessage(
                tenant_id=scope.tenant_id,
                idempotency_key=f"evasion-sent-{n}",
                kind="email",
                agent="sales",
                recipient=f"s{n}@example.org",
                status="recorded",
                created_at=scope.now,
            )
        )
    scope.session.flush()


def test_the_cap_counts_approved_emails_not_sent_yet(scope: Scope) -> None:
    config(scope, "sales", max_daily_outreach=3)
    sent(scope, 2)
    assert email(scope, "new.person@example.org", mode="full_auto").outcome == "allow"
    approved_not_run(scope, 3, "send_email", "sales", {"to": "other@example.org"})
    decision = email(scope, "new.person@example.org", mode="full_auto")
    assert decision.rules == ("daily_outreach_cap",)
    assert decision.reasons[0].message == (
        "The sales agent already sent 2 emails today and 1 more approved and not sent yet; "
        "the daily outreach cap is 3"
    )


def test_the_cap_counts_emails_earlier_in_the_same_run(scope: Scope) -> None:
    config(scope, "sales", max_daily_outreach=3)
    sent(scope, 2)
    earlier = [{"tool": "send_email", "department": "sales", "args": {"to": "a@example.org"}}]
    decision = email(scope, "b@example.org", mode="full_auto", earlier=earlier)
    assert decision.rules == ("daily_outreach_cap",)


# --- a deal's value on its way -----------------------------------------------------------


def test_an_approved_value_change_counts_for_the_deal(scope: Scope) -> None:
    company = one(scope, Company, Company.name == anchors.BIG_DEAL_COMPANY)
    deal = one(scope, Opportunity, Opportunity.company_id == company.id)
    deal.value = Decimal("40000.00")
    scope.session.flush()
    args = {"opportunity_id": deal.id, "stage": "negotiation"}
    crm = {"agent": "sales", "tool": "update_crm", "effect": "draft", "mode": "full_auto"}
    assert decide(scope, args=args, **crm).outcome == "allow"
    approved_not_run(scope, 4, "update_crm", "sales", {"opportunity_id": deal.id, "value": "60000"})
    decision = decide(scope, args=args, **crm)
    assert decision.rules == ("deal_over_limit",)
    assert decision.reasons[0].message.startswith("Deal value set by approval ")
    assert decision.reasons[0].message.endswith(
        "(not yet run) of $60,000.00 is above the $50,000.00 limit"
    )


# --- edits over REST, on both backends ----------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, fresh_demo_url: str
) -> Iterator[tuple[str, str | None]]:
    if request.param == "sqlite":
        yield fresh_demo_url, None
        return
    engine: Engine = request.getfixturevalue("postgres_engine")
    engine.dispose()
    with cloned_database(engine.url.render_as_string(hide_password=False)) as url:
        setup_checkpointer(Settings(checkpoint_url=url))
        yield url, url


@pytest.fixture
async def api(database_url: tuple[str, str | None], tmp_path: Path) -> AsyncIterator[Api]:
    url, checkpoints = database_url
    extra = {"checkpoint_url": checkpoints} if checkpoints else {}
    async with serve(url, tmp_path / "data", **extra) as running:
        yield running


def refunds_of(api: Api, number: str) -> list[Decimal]:
    with api.sessions() as session:
        return list(
            session.scalars(
                select(Refund.amount)
                .join(Order, Order.id == Refund.order_id)
                .where(Order.tenant_id == anchors.TENANT_ID, Order.number == number)
            )
        )


async def refund_and_escalation(api: Api) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """A thread waiting on two actions: the $1,250 refund and the escalation."""
    run = await api.run(f"Hi, I want a refund for order {ABOVE}, I can't come")
    listed = await api.a.get("/approvals", params={"thread_id": run["thread_id"]})
    first, second = listed.json()["items"]
    assert (first["tool"], second["tool"]) == ("process_refund", "escalate_to_human")
    return run["thread_id"], first, second


async def test_a_second_edit_replaces_the_first_before_anything_runs(api: Api) -> None:
    _, refund_row, escalation = await refund_and_escalation(api)
    path = f"/approvals/{refund_row['id']}/edit"
    args = dict(refund_row["args"])
    first = await api.a.post(path, json={"args": {**args, "amount": 100}})
    assert first.status_code == 200
    assert first.json()["thread_status"] == "waiting_for_other_approvals"
    second = await api.a.post(path, json={"args": {**args, "amount": 200}})
    assert second.status_code == 200, second.text
    assert second.json()["approval"]["decision"]["args"]["amount"] == 200.0
    again = await api.a.post(path, json={"args": {**args, "amount": 200}})  # a replay
    assert again.status_code == 200

    done = await api.a.post(f"/approvals/{escalation['id']}/reject")
    assert done.json()["thread_status"] == "done"
    assert refunds_of(api, ABOVE) == [Decimal("200.00")]
    with api.sessions() as session:
        events = session.scalars(
            select(AuditEvent.event).where(AuditEvent.approval_id == refund_row["id"])
        ).all()
    assert events.count("re-edited") == 1

    late = await api.a.post(path, json={"args": {**args, "amount": 300}})
    assert late.status_code == 409
    assert late.json()["error"].startswith(
        f"action {refund_row['action_id']} (approval {refund_row['id']}) was already edited by "
    )
    assert '"amount": 200.0' in late.json()["error"]
    assert refunds_of(api, ABOVE) == [Decimal("200.00")]


async def test_absurd_or_denied_edits_are_refused_when_decided(api: Api) -> None:
    _, refund_row, _ = await refund_and_escalation(api)
    path = f"/approvals/{refund_row['id']}/edit"
    args = dict(refund_row["args"])
    huge = await api.a.post(path, json={"args": {**args, "amount": 999999}})
    assert huge.status_code == 422
    assert huge.json()["error"] == (
        "args: the edited action is denied: Refund of $999,999.00 exceeds the $1,250.00 still "
        f"refundable on {ABOVE} (the event's full refund rule)"
    )
    for nonsense in ("lots", 0, -1, "1e400"):
        response = await api.a.post(path, json={"args": {**args, "amount": nonsense}})
        assert response.status_code == 422, (nonsense, response.text)
        assert response.json()["error"].startswith("args: ")
    assert (await api.a.get(f"/approvals/{refund_row['id']}")).json()["status"] == "pending"

    # An edit that still needs a human is this reviewer's explicit decision: accepted,
    # with the policy's verdict kept beside it.
    raised = await api.a.post(path, json={"args": {**args, "amount": 900}})
    assert raised.status_code == 200, raised.text
    verdict = raised.json()["approval"]["decision"]["policy"]
    assert verdict["outcome"] == "require_approval"
    assert [r["rule"] for r in verdict["reasons"]] == ["refund_over_limit", "external_default"]
    # Re-editing past the remainder is refused, and the first edit stands.
    worse = await api.a.post(path, json={"args": {**args, "amount": 1250.01}})
    assert worse.status_code == 422
    assert (await api.a.get(f"/approvals/{refund_row['id']}")).json()["decision"]["args"][
        "amount"
    ] == 900.0


# --- edits from the CLI (SQLite) ----------------------------------------------------------


@pytest.fixture
def cli(fresh_demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", fresh_demo_url)
    monkeypatch.setenv("SWITCHBOARD_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def resume(thread: str, *argv: str) -> Any:
    return CliRunner().invoke(app, ["resume", thread, *argv, "--json"])


@pytest.mark.usefixtures("cli")
def test_cli_edits_are_checked_when_decided_and_never_ignored() -> None:
    started = CliRunner().invoke(
        app, ["run", f"Refund order {ABOVE} please, I can't come", "--thread", "t-cli", "--json"]
    )
    assert started.exit_code == 0, started.output
    [waiting] = json.loads(started.stdout)["interrupts"]
    refund_id, _escalation_id = waiting["action_ids"]
    edit = ["--decision", "edit", "--action", refund_id, "--args"]

    huge = resume("t-cli", *edit, json.dumps({"order_number": ABOVE, "amount": 999999}))
    assert huge.exit_code == 2
    assert "exceeds the $1,250.00 still refundable on ORD-10500" in huge.stderr
    assert resume("t-cli", *edit, json.dumps({"order_number": ABOVE, "amount": 100})).exit_code == 0
    assert resume("t-cli", *edit, json.dumps({"order_number": ABOVE, "amount": 150})).exit_code == 0
    finished = resume("t-cli", "--decision", "reject", "--message", "no escalation needed")
    assert finished.exit_code == 0, finished.output

    late = resume("t-cli", *edit, json.dumps({"order_number": ABOVE, "amount": 200}))
    assert late.exit_code == 3
    assert late.stderr.startswith(f"conflict: action {refund_id} (approval ")
    assert '"amount": 150.0' in late.stderr
