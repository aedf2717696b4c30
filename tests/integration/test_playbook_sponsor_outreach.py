"""The sponsor outreach playbook end to end on a fresh demo database, with a scripted writer."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from langchain_core.messages import AIMessage
from langgraph.checkpoint.memory import InMemorySaver
from sqlalchemy import select

from adapters.services import Services
from domain import outbox
from domain.demo import anchors
from domain.models import (
    AgentConfig,
    AgentMessage,
    Contact,
    FollowUp,
    Opportunity,
    OutboxMessage,
    OutreachDraft,
    Proposal,
)
from graphs.context import Context
from graphs.state import DepartmentResult, PlanStep
from nodes.playbooks.sponsor_outreach import NEXT_STEP, build
from nodes.playbooks.sponsor_outreach_steps import parse_email, requested_top_n
from tests.fakes import ScriptedChatModel
from tests.playbook_helpers import writing_prompt
from tools import call_tool

WRITTEN = "Scripted text from the writer."
REQUEST = "Run a sponsor outreach campaign for the upcoming conference"


def writer() -> ScriptedChatModel:
    """A model that writes the same text for every task and records the prompts."""
    return ScriptedChatModel(messages=itertools.cycle([AIMessage(WRITTEN)]), prompts=[])


def run(services: Services, request: str = REQUEST) -> DepartmentResult:
    graph = build(services).compile(checkpointer=InMemorySaver())
    step = PlanStep(
        id="s1", department="sales", task=request, playbook="sponsor_outreach", depends_on=[]
    )
    output = graph.invoke(
        {"step": step, "inputs": {}, "request": request},
        {"configurable": {"thread_id": "t"}},
        context=Context(),
    )
    assert set(output) == {"result"}
    result: DepartmentResult = output["result"]
    return result


def expected_ranking(services: Services) -> list[dict[str, Any]]:
    """search_sponsors then qualify_lead, ranked by lead score (ties: search order)."""
    with services.scope("demo", actor="test") as scope:
        found = call_tool("search_sponsors", {"limit": 20}, scope)
        ranked = []
        for p in found["prospects"]:
            deal = p["open_opportunity"]
            target = {"opportunity_id": deal["opportunity_id"]} if deal else {}
            lead = call_tool("qualify_lead", target or {"company_id": p["company_id"]}, scope)
            ranked.append((-lead["score"], p["rank"], p["name"], lead, deal))
    ranked.sort(key=lambda r: (r[0], r[1]))
    return [{"company": r[2], "score": r[3]["score"], "deal": r[4]} for r in ranked]


def _offline_model_available() -> bool:
    try:
        from adapters.models import build_chat_model  # noqa: F401
    except ImportError:
        return False
    return True


def contact_id(services: Services, email: str) -> int:
    with services.sessions() as session:
        found = session.scalar(select(Contact.id).where(Contact.email == email))
    assert found is not None
    return found


def test_outreach_ranks_proposes_drafts_and_plans_follow_ups(make_services: Callable) -> None:
    model = writer()
    services = make_services(model)
    ranking = expected_ranking(services)[:10]

    result = run(services)

    data = result["data"]
    assert [p["company"] for p in data["prospects"]] == [r["company"] for r in ranking]
    assert [p["company"] for p in data["prospects"]][:3] == [
        "Vector Health",
        "Flux Robotics",
        anchors.BIG_DEAL_COMPANY,
    ]
    assert [p["score"] for p in data["prospects"]] == [r["score"] for r in ranking]
    assert (data["top_n"], data["considered"], result["summary"]) == (10, 20, WRITTEN)
    assert result["tools_used"] == [
        "search_sponsors",
        "qualify_lead",
        "generate_proposal",
        "find_contacts",
        "update_crm",
    ]
    assert result["status"] == "done" and data["errors"] == []
    assert len(json.dumps(data)) < 5000

    with_deal = [r for r in ranking if r["deal"]]
    assert len(data["proposals"]) == len(with_deal)
    acme_proposal = data["proposals"][[r["company"] for r in with_deal].index("Acme Cloud")]
    assert (acme_proposal["package"], acme_proposal["amount"]) == ("Platinum", 75000.0)

    actions = result["pending_actions"]
    assert [a["tool"] for a in actions] == ["send_email"] * 10
    assert anchors.OPTED_OUT_EMAIL not in {a["args"]["to"] for a in actions}
    assert anchors.BOUNCED_EMAIL not in {a["args"]["to"] for a in actions}
    big = {
        a["facts"]["company"]: a["facts"]["deal_value"]
        for a in actions
        if "deal_value" in a["facts"]
    }
    assert big == {
        r["company"]: r["deal"]["value"] for r in with_deal if r["deal"]["value"] > 50000
    }
    assert big["Acme Cloud"] == 75000.0
    acme = next(a for a in actions if a["facts"]["company"] == "Acme Cloud")
    assert acme["args"]["to"] == "mateo.schmidt@acmecloud.example"
    assert acme["args"]["proposal_id"] == acme_proposal["id"]
    assert acme["args"]["opportunity_id"] == 1
    assert acme["args"]["subject"] == (
        "Northwind AI Summit 2026: Platinum sponsorship for Acme Cloud"
    )
    assert acme["args"]["body"] == WRITTEN

    # The writer got the facts, not the decisions: Acme's email facts.
    emails = [
        json.loads(p[1].content)
        for p in model.prompts
        if p[0].content.endswith("Task: outreach_email")
    ]
    assert len(emails) == 10
    acme_facts = next(f for f in emails if f["company"] == "Acme Cloud")
    assert {
        k: acme_facts[k] for k in ("first_name", "package", "amount", "event_city", "tone")
    } == {
        "first_name": "Mateo",
        "package": "Platinum",
        "amount": "$75,000",
        "event_city": "Lisbon",
        "tone": "professional",
    }
    assert acme_facts["event_dates"] == "13–14 October 2026"

    with services.sessions() as session:
        drafts = session.scalars(select(OutreachDraft).order_by(OutreachDraft.id)).all()
        assert [d.id for d in drafts] == [a["facts"]["draft_id"] for a in actions]
        assert {d.status for d in drafts} == {"pending_approval"}
        assert all(d.created_by == "sales" and d.personalization["company"] for d in drafts)
        followups = session.scalars(select(FollowUp).order_by(FollowUp.id)).all()
        assert [f.contact_id for f in followups] == [a["args"]["contact_id"] for a in actions]
        assert {f.scheduled_for.date() for f in followups} == {date(2026, 9, 4)}
        assert {(f.followup_type, f.attempt) for f in followups} == {("reminder", 1)}
        assert [f.original_draft_id for f in followups] == [d.id for d in drafts]
        [message] = session.scalars(select(AgentMessage)).all()
        assert (message.from_agent, message.to_agent, message.message_type) == (
            "sales",
            "followup",
            "notification",
        )
        assert message.payload["summary"] == "contacted 10, follow up in 3 days"
        assert message.read_at is not None and data["message_ids"] == [message.id]
        assert message.thread_id == "t"
        for opportunity_id in data["crm_updated"]:
            assert session.get(Opportunity, opportunity_id).next_step == NEXT_STEP
        assert sorted(data["crm_updated"]) == sorted(r["deal"]["opportunity_id"] for r in with_deal)
        assert session.scalars(select(OutboxMessage)).all() == []  # nothing was sent
    assert data["followups_scheduled"] == 10 and data["followup_dates"] == ["2026-09-04"]


def test_daily_cap_limits_the_sends_proposed(make_services: Callable) -> None:
    services = make_services(writer())
    with services.scope("demo", actor="sales") as scope:
        config = scope.session.scalars(
            select(AgentConfig).where(AgentConfig.tenant_id == "demo", AgentConfig.agent == "sales")
        ).one()
        config.max_daily_outreach = 3
        call_tool(  # one outreach email already went out today
            "send_email",
            {"to": "emma.rossi@acmecloud.example", "subject": "Hello", "body": "Earlier today."},
            scope,
        )

    result = run(services)

    assert len(result["pending_actions"]) == 2
    assert result["data"]["cap"] == {
        "max_daily_outreach": 3,
        "sent_today": 1,
        "awaiting_approval_today": 0,
        "proposed_sends": 2,
        "deferred": 8,
    }
    statuses = [d["status"] for d in result["data"]["drafts"]]
    assert statuses == ["pending_approval"] * 2 + ["draft"] * 8
    assert result["data"]["followups_scheduled"] == 2
    with services.sessions() as session:
        [message] = session.scalars(select(AgentMessage)).all()
        assert message.payload["summary"] == "contacted 2, follow up in 3 days"
        assert len(session.scalars(select(FollowUp)).all()) == 2


def test_already_sent_today_counts_only_sent_emails(make_services: Callable) -> None:
    """Issue 9, pattern 7: an email awaiting approval is not one "already sent today"."""
    model = writer()
    services = make_services(model)
    with services.scope("demo", actor="sales") as scope:
        config = scope.session.scalars(
            select(AgentConfig).where(AgentConfig.tenant_id == "demo", AgentConfig.agent == "sales")
        ).one()
        config.max_daily_outreach = 4
        call_tool(
            "send_email",
            {"to": "emma.rossi@acmecloud.example", "subject": "Hi", "body": "Sent this morning."},
            scope,
        )
        outbox.propose(  # proposed in an earlier run, still waiting for a human
            scope,
            key="earlier-run:a1",
            kind="email",
            recipient="liam.chen@acmecloud.example",
            subject="Sponsorship",
            agent="sales",
        )

    result = run(services)

    cap = result["data"]["cap"]
    assert (cap["sent_today"], cap["awaiting_approval_today"]) == (1, 1)
    assert cap["proposed_sends"] == 2  # the cap of 4 still counts both earlier emails
    note = writing_prompt(model, "outreach_summary")["cap_note"]
    assert "1 already sent today, 1 earlier email(s) awaiting approval" in note


def test_top_n_from_the_request_and_opted_out_contacts_are_skipped(
    make_services: Callable,
) -> None:
    services = make_services(writer())
    mateo = contact_id(services, "mateo.schmidt@acmecloud.example")
    with services.scope("demo") as scope:
        scope.session.get(Contact, mateo).opted_out = True

    result = run(services, "Find sponsors: reach out to the top 5 prospects")

    data = result["data"]
    assert data["top_n"] == 5 and len(data["prospects"]) == 5
    assert {"contact_id": mateo, "name": "Mateo Schmidt", "reason": "opted out"} | {
        "company": "Acme Cloud"
    } in data["skipped_contacts"]
    recipients = {a["args"]["to"] for a in result["pending_actions"]}
    assert "mateo.schmidt@acmecloud.example" not in recipients
    assert "emma.rossi@acmecloud.example" in recipients  # the next contact at Acme
    assert len(result["pending_actions"]) == 5


def test_request_parsing_and_email_splitting() -> None:
    assert requested_top_n("Run outreach to the top five sponsors") == 5
    assert requested_top_n("campaign", "top 7 please") == 7
    assert requested_top_n("top 50 prospects") == 20
    assert requested_top_n("sponsor outreach") == 10
    assert parse_email("Subject: Hello there\n\nHi Ana,\nBody.", "fallback") == (
        "Hello there",
        "Hi Ana,\nBody.",
    )
    assert parse_email("Hi Ana, no subject line.", "fallback") == (
        "fallback",
        "Hi Ana, no subject line.",
    )


@pytest.mark.skipif(
    not _offline_model_available(),
    reason="adapters.models.build_chat_model (the offline model) is not in the tree yet",
)
def test_outreach_with_the_offline_model(make_services: Callable) -> None:
    from adapters.models import build_chat_model

    services = make_services(writer())
    services.model = build_chat_model(services.settings, services)

    result = run(services)

    acme = next(a for a in result["pending_actions"] if a["facts"]["company"] == "Acme Cloud")
    assert acme["args"]["subject"] == (
        "Northwind AI Summit 2026: Platinum sponsorship for Acme Cloud"
    )
    body = acme["args"]["body"]
    assert body.startswith("Hi Mateo,")
    assert "Platinum sponsorship proposal for Acme Cloud at $75,000" in body
    assert "Lisbon on 13–14 October 2026" in body
    assert "$" not in body.replace("$75,000", "")  # every placeholder was filled
    assert result["summary"].startswith("Ranked 20 sponsor prospects for Northwind AI Summit 2026")
    assert "Vector Health 71.8 (B)" in result["summary"]


def test_a_second_run_keeps_the_first_runs_proposals_and_says_so(
    make_services: Callable,
) -> None:
    """Issue 9, pattern 7: a repeated campaign does not draft the same proposals again."""
    from adapters.models import build_chat_model

    services = make_services(writer())
    services.model = build_chat_model(services.settings, services)

    def proposals() -> int:
        with services.sessions() as session:
            return len(session.scalars(select(Proposal)).all())

    first = run(services)
    after_first = proposals()
    second = run(services)

    first_ids = {p["id"] for p in first["data"]["proposals"]}
    assert first_ids and not any(p["reused"] for p in first["data"]["proposals"])
    assert {p["id"] for p in second["data"]["proposals"]} == first_ids
    assert all(p["reused"] for p in second["data"]["proposals"])
    assert "Drafted 0 new proposal(s) worth $0 (" in second["summary"]
    assert (
        f"{len(first_ids)} drafted by an earlier run kept, not drafted again" in second["summary"]
    )
    assert proposals() == after_first


def test_a_second_campaign_run_does_not_queue_the_same_contacts_again(
    make_services: Callable,
) -> None:
    """Issue 9, pattern 7: the first run's emails wait for approval; the second run,
    through the supervisor and its approval gate, proposes none of them again and says
    who was left out and why."""
    from langchain_core.messages import HumanMessage
    from langchain_core.runnables import RunnableConfig

    from adapters.models import build_chat_model
    from graphs.supervisor import compile_supervisor

    services = make_services(None)
    services.model = build_chat_model(services.settings, services)
    graph = compile_supervisor(services, checkpointer=InMemorySaver())

    def campaign(thread: str) -> dict[str, Any]:
        config: RunnableConfig = {"configurable": {"thread_id": thread}}
        graph.invoke({"messages": [HumanMessage(REQUEST)]}, config, context=Context())
        return dict(graph.get_state(config).values)

    first = campaign("first")
    [first_result] = first["results"].values()
    queued = {a["args"]["to"] for a in first_result["pending_actions"]}
    assert len(queued) == 10

    second = campaign("second")
    [second_result] = second["results"].values()
    assert second_result["pending_actions"] == []
    again = [s for s in second_result["data"]["skipped_contacts"] if s.get("already_contacted")]
    assert len(again) == 10
    assert {s["reason"] for s in again} == {"an email awaiting approval"}
    assert "Not emailed again (10 contacted by an earlier run)" in second["answer"]


def test_already_contacted_counts_waiting_and_recent_emails_not_rejected_or_old(
    make_services: Callable,
) -> None:
    from datetime import UTC, datetime, timedelta

    from domain.sales.outreach_drafts import RECONTACT_AFTER_DAYS, already_contacted

    services = make_services(writer())
    with services.scope("demo", actor="sales") as scope:
        outbox.propose(scope, key="k:wait", kind="email", recipient="Wait@X.example", agent="sales")
        outbox.propose(scope, key="k:no", kind="email", recipient="no@x.example", agent="sales")
        outbox.reject(scope, "k:no")
        call_tool("send_email", {"to": "sent@x.example", "subject": "s", "body": "b"}, scope)
        call_tool("send_email", {"to": "old@x.example", "subject": "s", "body": "b"}, scope)
        old = scope.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "old@x.example")
        ).one()
        old.created_at = datetime.combine(scope.today, datetime.min.time(), UTC) - timedelta(
            days=RECONTACT_AFTER_DAYS + 1
        )
        scope.session.flush()

        found = already_contacted(
            scope,
            "sales",
            ["wait@x.example", "no@x.example", "sent@x.example", "old@x.example", "new@x.example"],
        )

        assert found == {
            "wait@x.example": "an email awaiting approval",
            "sent@x.example": f"emailed on {scope.today.isoformat()}",
        }
        assert already_contacted(scope, "marketing", ["wait@x.example"]) == {}
