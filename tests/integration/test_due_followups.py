"""Due follow-ups: drafted once, stopped on reply / opt-out / bounce / the maximum.

Runs the due follow-ups playbook (offline writer) and the whole supervisor on a fresh
demo database, SQLite and Postgres. The demo's business day is pinned (conftest's
SNAPSHOT), so "due" is decided by that clock, not by sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import select, update

from adapters.services import Services, build_services
from domain.demo import anchors
from domain.models import (
    Activity,
    AgentConfig,
    AgentMessage,
    Contact,
    FollowUp,
    OutboxMessage,
    OutreachDraft,
    Tenant,
)
from domain.sales.due_followups import claim_due_followups
from graphs.context import Context
from graphs.state import DepartmentResult, PlanStep
from graphs.supervisor import compile_supervisor
from nodes.playbooks.due_followups import build
from switchboard.settings import Settings

TENANT = anchors.TENANT_ID
REQUEST = "send the due follow-ups"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def services(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Services]:
    """Services with the offline model on a private demo copy (SQLite or Postgres)."""
    if request.param == "sqlite":
        url: str = request.getfixturevalue("fresh_demo_url")
    else:
        url = request.getfixturevalue("postgres_url")
    made = build_services(Settings(database_url=url, data_dir=tmp_path))
    yield made
    made.engine.dispose()


def quiet_contact(services: Services) -> int:
    """A contactable demo contact who never replied, emailed three days ago."""
    with services.scope(TENANT, actor="test") as scope:
        replied = select(Activity.contact_id).where(
            Activity.tenant_id == TENANT,
            Activity.contact_id.is_not(None),
            (Activity.replied.is_(True)) | (Activity.direction == "inbound"),
        )
        contact = scope.session.scalars(
            select(Contact)
            .where(
                Contact.tenant_id == TENANT,
                Contact.opted_out.is_(False),
                Contact.email_status != "bounced",
                Contact.outreach_status == "none",
                Contact.id.not_in(replied),
            )
            .order_by(Contact.id)
            .limit(1)
        ).one()
        scope.session.add(
            Activity(
                tenant_id=TENANT,
                contact_id=contact.id,
                company_id=contact.company_id,
                kind="email",
                direction="outbound",
                subject="Sponsoring the summit",
                body="first email",
                occurred_at=scope.now - timedelta(days=3),
                created_by="sales",
            )
        )
        return contact.id


def due_followup(services: Services, contact_id: int, *, attempt: int = 1) -> int:
    with services.scope(TENANT, actor="test") as scope:
        row = FollowUp(
            tenant_id=TENANT,
            contact_id=contact_id,
            scheduled_for=scope.now - timedelta(hours=1),
            followup_type={1: "reminder", 2: "value_add"}.get(attempt, "check_in"),
            attempt=attempt,
            status="scheduled",
        )
        scope.session.add(row)
        scope.session.flush()
        return row.id


def run_playbook(services: Services, thread: str = "t") -> DepartmentResult:
    graph = build(services).compile(checkpointer=InMemorySaver())
    step = PlanStep(id="s1", department="sales", task=REQUEST, playbook="due_followups",
                    depends_on=[])  # fmt: skip
    output = graph.invoke(
        {"step": step, "inputs": {}, "request": REQUEST},
        {"configurable": {"thread_id": thread}},
        context=Context(tenant_id=TENANT),
    )
    result: DepartmentResult = output["result"]
    return result


def followup(services: Services, followup_id: int) -> FollowUp:
    with services.scope(TENANT, actor="test") as scope:
        row = scope.session.get(FollowUp, followup_id)
        assert row is not None
        return row


def test_a_due_followup_is_drafted_once_and_the_next_is_scheduled(services: Services) -> None:
    contact_id = quiet_contact(services)
    fid = due_followup(services, contact_id)

    first = run_playbook(services)
    row = followup(services, fid)
    assert row.status == "executed" and row.executed_at is not None
    assert row.message_draft and "drafted outreach draft" in (row.outcome or "")
    [action] = first["pending_actions"]
    assert action["tool"] == "send_email"
    assert action["args"]["contact_id"] == contact_id
    assert action["args"]["subject"] == "Re: Sponsoring the summit"
    assert action["facts"]["followup_id"] == fid
    [drafted] = first["data"]["drafted"]
    assert drafted["followup_type"] == "reminder"
    [following] = first["data"]["next_scheduled"]
    assert following["attempt"] == 2 and following["followup_type"] == "value_add"

    executed_at = row.executed_at
    second = run_playbook(services, thread="t2")
    assert second["pending_actions"] == [] and second["data"]["drafted"] == []
    assert followup(services, fid).executed_at == executed_at
    with services.scope(TENANT, actor="test") as scope:
        drafts = scope.session.scalars(
            select(OutreachDraft).where(OutreachDraft.contact_id == contact_id)
        ).all()
    assert len(drafts) == 1


@pytest.mark.parametrize(
    ("make_stop", "status", "reason"),
    [
        ("reply", "cancelled", "stopped: the contact replied"),
        ("opt_out", "cancelled", "stopped: the contact opted out"),
        ("bounce", "cancelled", "stopped: the contact's address bounced"),
    ],
)
def test_a_followup_stops_on_reply_opt_out_or_bounce(
    services: Services, make_stop: str, status: str, reason: str
) -> None:
    contact_id = quiet_contact(services)
    fid = due_followup(services, contact_id)
    with services.scope(TENANT, actor="test") as scope:
        contact = scope.session.get(Contact, contact_id)
        assert contact is not None
        if make_stop == "reply":
            scope.session.add(
                Activity(
                    tenant_id=TENANT,
                    contact_id=contact_id,
                    kind="email",
                    direction="inbound",
                    subject="Re: Sponsoring the summit",
                    occurred_at=scope.now - timedelta(days=1),
                )
            )
        elif make_stop == "opt_out":
            contact.opted_out = True
        else:
            contact.email_status = "bounced"

    result = run_playbook(services)

    assert result["pending_actions"] == []
    row = followup(services, fid)
    assert (row.status, row.outcome) == (status, reason)
    assert row.executed_at is not None and row.message_draft is None
    assert result["data"]["next_scheduled"] == []
    assert reason.removeprefix("stopped: ") in result["summary"]


def test_a_reply_before_the_next_attempt_stops_the_chain(services: Services) -> None:
    contact_id = quiet_contact(services)
    due_followup(services, contact_id)
    first = run_playbook(services)
    next_id = first["data"]["next_scheduled"][0]["followup_id"]
    with services.scope(TENANT, actor="test") as scope:
        scope.session.add(
            Activity(
                tenant_id=TENANT,
                contact_id=contact_id,
                kind="email",
                direction="inbound",
                occurred_at=scope.now,
            )
        )
        scope.session.execute(
            update(FollowUp)
            .where(FollowUp.id == next_id)
            .values(scheduled_for=scope.now - timedelta(minutes=1))
        )
    second = run_playbook(services, thread="t2")
    assert second["pending_actions"] == []
    assert followup(services, next_id).outcome == "stopped: the contact replied"


def test_past_the_maximum_the_user_is_asked_instead(services: Services) -> None:
    contact_id = quiet_contact(services)
    with services.scope(TENANT, actor="test") as scope:
        scope.session.execute(
            update(AgentConfig)
            .where(AgentConfig.tenant_id == TENANT, AgentConfig.agent == "sales")
            .values(max_followups=2)
        )
    fid = due_followup(services, contact_id, attempt=3)

    result = run_playbook(services)

    assert result["pending_actions"] == []
    row = followup(services, fid)
    assert row.status == "skipped"
    assert row.outcome is not None and "maximum of 2 follow-ups" in row.outcome
    with services.scope(TENANT, actor="test") as scope:
        escalation = scope.session.scalars(
            select(AgentMessage).where(
                AgentMessage.tenant_id == TENANT,
                AgentMessage.to_agent == "user",
                AgentMessage.message_type == "escalation",
                AgentMessage.from_agent == "followup",
            )
        ).one()
    assert escalation.payload["followup_id"] == fid


def test_nothing_is_claimed_while_automation_is_paused(services: Services) -> None:
    fid = due_followup(services, quiet_contact(services))
    with services.scope(TENANT, actor="test") as scope:
        scope.session.execute(
            update(Tenant).where(Tenant.id == TENANT).values(automation_paused=True)
        )

    result = run_playbook(services)

    assert result["data"]["paused"] is True and result["pending_actions"] == []
    assert "paused" in result["summary"]
    row = followup(services, fid)
    assert row.status == "scheduled" and row.executed_at is None


def test_racing_runs_execute_a_followup_once(services: Services) -> None:
    """Eight threads claim at once (own sessions): each due row goes to exactly one."""
    contact_id = quiet_contact(services)
    ids = [due_followup(services, contact_id) for _ in range(4)]
    won: list[int] = []
    barrier = threading.Barrier(8)
    lock = threading.Lock()

    def claim(n: int) -> None:
        barrier.wait()
        with services.scope(TENANT, actor="test") as scope:
            got = claim_due_followups(scope, now=scope.now, thread_id=f"racer-{n}")
        with lock:
            won.extend(f.followup_id for f in got.to_draft)
            won.extend(s["followup_id"] for s in got.stopped)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(won) == sorted(ids)  # every row once, none twice


def test_a_scheduled_followup_run_reaches_the_outbox_in_full_auto(services: Services) -> None:
    """Through the supervisor: the policy allows the send (full_auto), the outbox queues it."""
    contact_id = quiet_contact(services)
    fid = due_followup(services, contact_id)
    with services.scope(TENANT, actor="test") as scope:
        scope.session.execute(
            update(AgentConfig)
            .where(AgentConfig.tenant_id == TENANT, AgentConfig.agent == "sales")
            .values(autonomy_mode="full_auto")
        )
    graph = compile_supervisor(services, checkpointer=InMemorySaver())
    config: dict[str, Any] = {"configurable": {"thread_id": "cron-thread"}}
    graph.invoke(
        {"messages": [HumanMessage(REQUEST)]},
        config,  # type: ignore[arg-type]
        context=Context(tenant_id=TENANT, actor="cron:followups"),
        durability="sync",
    )
    state = graph.get_state(config)  # type: ignore[arg-type]
    assert not state.interrupts
    [outcome] = state.values["actions"].values()
    assert outcome["status"] == "executed", outcome
    with services.scope(TENANT, actor="test") as scope:
        [sent] = scope.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.tenant_id == TENANT, OutboxMessage.kind == "email",
                OutboxMessage.payload["contact_id"].as_integer() == contact_id,
            )
        ).all()  # fmt: skip
    assert sent.status == "recorded" and sent.delivery_status == "queued"
    assert sent.subject == "Re: Sponsoring the summit"
    assert followup(services, fid).status == "executed"
