"""Sales tools on the demo tenant, on SQLite and Postgres, through ``call_tool``."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from icalendar import Calendar
from sqlalchemy import func, select

from domain.demo import anchors
from domain.lookups import resolve_event
from domain.models import (
    Activity,
    Company,
    Contact,
    Opportunity,
    OutboxMessage,
    Proposal,
    Sponsor,
    SponsorshipPackage,
)
from domain.scope import Scope
from tools import call_tool
from tools.registry import ToolArgumentError


def _company(scope: Scope, **overrides: Any) -> Company:
    fields: dict[str, Any] = {
        "tenant_id": scope.tenant_id,
        "name": "Testbed Analytics",
        "domain": "testbed.example",
        "industry": "Retail",
        "size_band": "51-200",
        "employees": 100,
        "annual_revenue": Decimal(1_000_000),
        "region": "EMEA",
        "country": "Germany",
        "hq_city": "Berlin",
        "funding_stage": "Seed",
        "description": "",
        "signals": [],
        "marketing_budget": Decimal(0),
    }
    company = Company(**(fields | overrides))
    scope.session.add(company)
    scope.session.flush()
    return company


def _contact(scope: Scope, company: Company, **overrides: Any) -> Contact:
    fields: dict[str, Any] = {
        "tenant_id": scope.tenant_id,
        "company_id": company.id,
        "first_name": "Tess",
        "last_name": "Bed",
        "email": f"tess@{company.domain}",
        "email_status": "verified",
        "title": "VP Marketing",
        "department": "marketing",
        "seniority": "vp",
    }
    contact = Contact(**(fields | overrides))
    scope.session.add(contact)
    scope.session.flush()
    return contact


def _acme_deal(scope: Scope) -> Opportunity:
    acme = scope.session.scalars(
        select(Company).where(
            Company.tenant_id == scope.tenant_id, Company.name == anchors.BIG_DEAL_COMPANY
        )
    ).one()
    return scope.session.scalars(select(Opportunity).where(Opportunity.company_id == acme.id)).one()


def _error(name: str, args: dict[str, Any], scope: Scope) -> str:
    with pytest.raises(ToolArgumentError) as caught:
        call_tool(name, args, scope)
    return str(caught.value)


# search_sponsors ----------------------------------------------------------------------


def test_search_sponsors_scores_a_known_company_exactly(scope: Scope) -> None:
    event = resolve_event(scope)
    industry, topics = event.audience_industries[0], event.topics[:2]
    company = _company(
        scope,
        industry=industry,
        description=f"Tools for {topics[0]} and {topics[1]}.",
        employees=10_000,
        annual_revenue=Decimal(1_000_000_000),
        marketing_budget=Decimal(10_000_000),
        is_target_account=True,
        signals=[
            {
                "type": "funding",
                "date": str(scope.today - timedelta(days=45)),
                "detail": "Raised a Series C",
            }
        ],
    )
    result = call_tool("search_sponsors", {"industry": industry, "limit": 100}, scope)
    mine = next(p for p in result["prospects"] if p["company_id"] == company.id)
    # industry 30 + capacity 25 + history 0 + momentum 15 * 0.5 + target 10
    assert mine["score"] == 72.5
    assert mine["components"] == {
        "industry": 30.0,
        "capacity": 25.0,
        "history": 0.0,
        "momentum": 7.5,
        "target": 10.0,
    }
    assert "flagged as a target account" in mine["reasons"]
    assert all(p["industry"] == industry for p in result["prospects"])


def test_search_sponsors_ranks_and_excludes_confirmed_sponsors(scope: Scope) -> None:
    event = resolve_event(scope)
    result = call_tool("search_sponsors", {"limit": 100}, scope)
    scores = [p["score"] for p in result["prospects"]]
    assert scores == sorted(scores, reverse=True)
    assert [p["rank"] for p in result["prospects"]] == list(range(1, len(scores) + 1))
    confirmed = set(
        scope.session.scalars(
            select(Sponsor.company_id).where(
                Sponsor.event_id == event.id, Sponsor.status == "confirmed"
            )
        ).all()
    )
    assert confirmed and result["excluded_confirmed"] == len(confirmed)
    assert not confirmed & {p["company_id"] for p in result["prospects"]}
    for prospect in result["prospects"]:
        assert sum(prospect["components"].values()) == pytest.approx(prospect["score"], abs=0.3)


def test_search_sponsors_credits_last_years_satisfaction(scope: Scope) -> None:
    deal = _acme_deal(scope)
    past = scope.session.scalars(
        select(Sponsor).where(Sponsor.company_id == deal.company_id, Sponsor.status == "past")
    ).one()
    result = call_tool("search_sponsors", {"limit": 100}, scope)
    acme = next(p for p in result["prospects"] if p["name"] == anchors.BIG_DEAL_COMPANY)
    assert acme["components"]["history"] == 10 + 2 * past.satisfaction
    assert acme["components"]["target"] == 10.0
    assert acme["open_opportunity"]["value"] == 75000.0


def test_search_sponsors_min_score_limit_and_bad_limit(scope: Scope) -> None:
    result = call_tool("search_sponsors", {"limit": 5, "min_score": 60}, scope)
    assert len(result["prospects"]) == 5
    assert all(p["score"] >= 60 for p in result["prospects"])
    assert "'limit'" in _error("search_sponsors", {"limit": 0}, scope)
    assert "'event_id'" in _error("search_sponsors", {"event_id": 99999}, scope)


# qualify_lead -------------------------------------------------------------------------


def test_qualify_lead_shows_the_75k_acme_deal(scope: Scope) -> None:
    deal = _acme_deal(scope)
    result = call_tool("qualify_lead", {"opportunity_id": deal.id}, scope)
    assert result["lead"]["value"] == float(anchors.BIG_DEAL_VALUE)
    assert result["lead"]["stage"] == anchors.BIG_DEAL_STAGE
    weighted = sum(c["score"] * c["weight"] for c in result["components"].values())
    assert result["score"] == pytest.approx(weighted, abs=0.1)
    assert set(result["bant"]) == {"budget", "authority", "need", "timeline"}
    assert len(result["meddic"]) == 6


def test_qualify_lead_bant_and_meddic_from_recorded_evidence(scope: Scope) -> None:
    deal = _acme_deal(scope)
    deal.bant = {
        "budget": 80000,
        "authority": True,
        "need": "Launch visibility",
        "timeline": str(scope.today + timedelta(days=10)),
    }
    deal.meddic = dict.fromkeys(
        (
            "metrics",
            "economic_buyer",
            "decision_criteria",
            "decision_process",
            "identify_pain",
            "champion",
        ),
        True,
    )
    scope.session.flush()
    result = call_tool("qualify_lead", {"opportunity_id": deal.id}, scope)
    assert {k: v["status"] for k, v in result["bant"].items()} == dict.fromkeys(
        ("budget", "authority", "need", "timeline"), "met"
    )
    assert result["bant"]["budget"]["evidence"] == "budget $80,000 covers deal value $75,000"
    assert result["qualification"] == {"stage": 80.0, "bant": 100.0, "meddic": 100.0}
    assert result["components"]["qualification"]["score"] == 92.0
    deal.bant = {"budget": 30000}
    deal.meddic = {}
    scope.session.flush()
    weaker = call_tool("qualify_lead", {"opportunity_id": deal.id}, scope)
    assert weaker["bant"]["budget"]["status"] == "partial"
    assert weaker["score"] < result["score"]


def test_qualify_lead_for_a_company_without_a_deal(scope: Scope) -> None:
    company = _company(scope)
    result = call_tool("qualify_lead", {"company_id": company.id}, scope)
    assert result["lead"]["opportunity_id"] is None
    assert result["components"]["engagement"]["score"] == 0.0
    assert result["score"] == round(0.35 * result["components"]["fit"]["score"], 1)
    assert result["grade"] == "D"
    assert "'opportunity_id'" in _error("qualify_lead", {}, scope)
    assert "'opportunity_id'" in _error("qualify_lead", {"opportunity_id": 99999}, scope)


# generate_proposal --------------------------------------------------------------------


def _packages(scope: Scope, event_id: int) -> dict[str, SponsorshipPackage]:
    rows = scope.session.scalars(
        select(SponsorshipPackage).where(SponsorshipPackage.event_id == event_id)
    ).all()
    return {p.name: p for p in rows}


def test_generate_proposal_picks_the_package_nearest_the_budget(scope: Scope) -> None:
    deal = _acme_deal(scope)
    packages = _packages(scope, deal.event_id)
    deal.bant = {**deal.bant, "budget": float(packages["Gold"].price) + 1000}
    scope.session.flush()
    result = call_tool("generate_proposal", {"opportunity_id": deal.id}, scope)
    assert result["package"]["name"] == "Gold"
    assert result["amount"] == float(packages["Gold"].price)
    assert result["customised"] is False
    assert result["customisation_reason"] is None
    assert result["body"].startswith("Dear ")
    assert anchors.BIG_DEAL_COMPANY in result["body"] and "$" not in result["title"]
    assert "Gold" in result["title"]
    row = scope.session.get(Proposal, result["proposal_id"])
    assert row is not None and row.status == "draft" and row.body == result["body"]


def test_generate_proposal_twice_keeps_one_draft(scope: Scope) -> None:
    """Issue 9, pattern 7: the same proposal asked for again is the existing draft."""
    deal = _acme_deal(scope)

    def drafts() -> int:
        where = Proposal.opportunity_id == deal.id
        return len(scope.session.scalars(select(Proposal).where(where)).all())

    before = drafts()
    first = call_tool("generate_proposal", {"opportunity_id": deal.id}, scope)
    again = call_tool("generate_proposal", {"opportunity_id": deal.id}, scope)
    other = call_tool("generate_proposal", {"opportunity_id": deal.id, "discount_pct": 5}, scope)

    assert (first["reused"], again["reused"], other["reused"]) == (False, True, False)
    assert again["proposal_id"] == first["proposal_id"] != other["proposal_id"]
    assert again["body"] == first["body"] and again["amount"] == first["amount"]
    assert drafts() == before + 2


def test_generate_proposal_discount_and_terms_are_a_customisation(scope: Scope) -> None:
    deal = _acme_deal(scope)
    platinum = _packages(scope, deal.event_id)["Platinum"]
    result = call_tool(
        "generate_proposal",
        {
            "opportunity_id": deal.id,
            "package_id": platinum.id,
            "discount_pct": 10,
            "custom_terms": "Net 60 payment",
        },
        scope,
    )
    assert result["amount"] == float(platinum.price) * 0.9
    assert result["customised"] is True
    assert "10% discount" in result["customisation_reason"]
    assert "custom terms" in result["customisation_reason"]
    assert "Net 60 payment" in result["body"]
    assert "'discount_pct'" in _error(
        "generate_proposal", {"opportunity_id": deal.id, "discount_pct": 35}, scope
    )
    assert "'opportunity_id'" in _error("generate_proposal", {"opportunity_id": 99999}, scope)


# send_email ---------------------------------------------------------------------------


def test_send_email_is_recorded_once(scope: Scope) -> None:
    contact = _contact(scope, _company(scope))
    args = {"to": contact.email, "subject": "Sponsoring the summit", "body": "Hello Tess"}
    first = call_tool("send_email", args, scope)
    contact.opted_out = True  # a replay reports the earlier send instead of failing
    second = call_tool("send_email", args, scope)
    assert first["duplicate"] is False and second["duplicate"] is True
    assert "'to'" in _error("send_email", args | {"subject": "Another"}, scope)
    assert second["outbox_id"] == first["outbox_id"]
    assert (
        scope.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.idempotency_key == first["idempotency_key"])
        )
        == 1
    )
    activities = scope.session.scalars(
        select(Activity).where(Activity.contact_id == contact.id)
    ).all()
    assert [(a.kind, a.created_by) for a in activities] == [("email", "test")]
    assert contact.outreach_status == "contacted"
    message = scope.session.get(OutboxMessage, first["outbox_id"])
    assert message is not None and message.kind == "email"
    assert message.payload["activity_id"] == activities[0].id


def test_send_email_refuses_opted_out_and_bounced(scope: Scope) -> None:
    opted = _error(
        "send_email", {"to": anchors.OPTED_OUT_EMAIL, "subject": "Hi", "body": "x"}, scope
    )
    assert "'to'" in opted and "opted out" in opted
    bounced = _error(
        "send_email", {"to": anchors.BOUNCED_EMAIL, "subject": "Hi", "body": "x"}, scope
    )
    assert "'to'" in bounced and "bounced" in bounced
    assert scope.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_send_email_rejects_malformed_or_mismatched_addresses(scope: Scope) -> None:
    assert "'to'" in _error("send_email", {"to": "jordan@", "subject": "Hi", "body": "x"}, scope)
    contact = _contact(scope, _company(scope))
    assert "'to'" in _error(
        "send_email",
        {"to": "other@testbed.example", "subject": "Hi", "body": "x", "contact_id": contact.id},
        scope,
    )
    assert "'proposal_id'" in _error(
        "send_email",
        {"to": contact.email, "subject": "Hi", "body": "x", "proposal_id": 99999},
        scope,
    )


# schedule_meeting ---------------------------------------------------------------------


def test_schedule_meeting_records_a_parseable_invite(scope: Scope) -> None:
    contact = _contact(scope, _company(scope))
    start = scope.now + timedelta(days=2)
    result = call_tool(
        "schedule_meeting",
        {
            "contact_id": contact.id,
            "start": start.isoformat(),
            "duration_minutes": 45,
            "title": "Sponsorship review",
            "agenda": "Packages and timing",
        },
        scope,
    )
    ics = result["ics"]
    assert "BEGIN:VEVENT" in ics and "DTSTART:" in ics
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert event["DTSTART"].dt == start
    assert event["DTEND"].dt == start + timedelta(minutes=45)
    assert str(event["ATTENDEE"]) == f"mailto:{contact.email}"
    message = scope.session.get(OutboxMessage, result["outbox_id"])
    assert message is not None and message.kind == "meeting_invite"
    assert message.payload["ics"] == ics
    meeting = scope.session.get(Activity, result["activity_id"])
    assert meeting is not None and meeting.kind == "meeting"
    assert contact.outreach_status == "meeting"
    again = call_tool(
        "schedule_meeting",
        {
            "contact_id": contact.id,
            "start": start.isoformat(),
            "duration_minutes": 45,
            "title": "Sponsorship review",
            "agenda": "Packages and timing",
        },
        scope,
    )
    assert again["duplicate"] is True and again["outbox_id"] == result["outbox_id"]


def test_schedule_meeting_bad_arguments(scope: Scope) -> None:
    contact = _contact(scope, _company(scope))
    base = {"contact_id": contact.id, "title": "Chat"}
    past = (scope.now - timedelta(hours=1)).isoformat()
    assert "'start'" in _error("schedule_meeting", base | {"start": past}, scope)
    future = (scope.now + timedelta(days=1)).isoformat()
    assert "'duration_minutes'" in _error(
        "schedule_meeting", base | {"start": future, "duration_minutes": 10}, scope
    )
    assert "'attendee_email'" in _error(
        "schedule_meeting", {"title": "Chat", "start": future}, scope
    )
    opted = _error(
        "schedule_meeting",
        {"title": "Chat", "start": future, "attendee_email": anchors.OPTED_OUT_EMAIL},
        scope,
    )
    assert "'attendee_email'" in opted and "opted out" in opted


# update_crm ---------------------------------------------------------------------------


def test_update_crm_applies_changes_and_logs_a_note(scope: Scope) -> None:
    deal = _acme_deal(scope)
    result = call_tool(
        "update_crm",
        {
            "opportunity_id": deal.id,
            "next_step": "Send contract",
            "probability": 80,
            "notes": "Legal reviewing terms",
        },
        scope,
    )
    assert result["changes"]["probability"] == {"from": 65, "to": 80}
    assert result["changes"]["next_step"]["to"] == "Send contract"
    assert deal.notes.endswith("[2026-09-01 test] Legal reviewing terms")
    assert result["requires_human"] is False and result["stage_change"] is None
    note = scope.session.get(Activity, result["activity_id"])
    assert note is not None and note.kind == "note" and "probability: 65 -> 80" in note.body


def test_update_crm_closing_requires_a_human_and_cannot_reopen_as_prospect(scope: Scope) -> None:
    deal = _acme_deal(scope)
    result = call_tool("update_crm", {"opportunity_id": deal.id, "stage": "closed_won"}, scope)
    assert result["stage_change"] == {"from": "negotiation", "to": "closed_won"}
    assert result["requires_human"] is True
    assert result["reason"] == "stage change past negotiation"
    assert deal.probability == 100
    message = _error("update_crm", {"opportunity_id": deal.id, "stage": "prospect"}, scope)
    assert "'stage'" in message and "back to prospect" in message
    assert "'stage'" in _error("update_crm", {"opportunity_id": deal.id, "stage": "won"}, scope)
    assert "'value'" in _error("update_crm", {"opportunity_id": deal.id, "value": -5}, scope)
    assert "'stage'" in _error("update_crm", {"opportunity_id": deal.id}, scope)


# find_contacts ------------------------------------------------------------------------


def test_find_contacts_ranks_buyers_and_hides_opt_outs(scope: Scope) -> None:
    company = _company(scope)
    _contact(
        scope,
        company,
        email="eng@testbed.example",
        title="VP Engineering",
        department="engineering",
        seniority="vp",
        last_name="Eng",
    )
    _contact(
        scope,
        company,
        email="events@testbed.example",
        title="Director of Events",
        department="events",
        seniority="director",
        last_name="Events",
    )
    _contact(
        scope,
        company,
        email="cmo@testbed.example",
        title="Chief Marketing Officer",
        department="marketing",
        seniority="c_level",
        last_name="Cmo",
        opted_out=True,
    )
    result = call_tool("find_contacts", {"company": "testbed analytics"}, scope)
    assert [c["email"] for c in result["contacts"]] == [
        "events@testbed.example",
        "eng@testbed.example",
    ]
    assert [c["relevance"] for c in result["contacts"]] == [80, 50]
    assert result["excluded_opted_out"] == 1
    everyone = call_tool(
        "find_contacts", {"company_id": company.id, "include_opted_out": True}, scope
    )
    assert everyone["contacts"][0]["email"] == "cmo@testbed.example"
    assert everyone["contacts"][0]["email_status"] == "verified"


def test_find_contacts_leaves_out_the_opted_out_anchor(scope: Scope) -> None:
    result = call_tool("find_contacts", {"company": "Globex"}, scope)
    assert anchors.OPTED_OUT_EMAIL not in [c["email"] for c in result["contacts"]]
    assert "'company'" in _error("find_contacts", {"company": "No Such Co"}, scope)
    assert "'company'" in _error("find_contacts", {}, scope)


# analyze_engagement -------------------------------------------------------------------


def test_analyze_engagement_counts_scores_and_trend(scope: Scope) -> None:
    company = _company(scope)
    contact = _contact(scope, company)
    rows = [
        ("email", 2, 3, 1, True),
        ("web_visit", 10, 0, 0, False),
        ("download", 40, 0, 0, False),
        ("meeting", 45, 0, 0, False),
        ("email", 200, 1, 0, False),  # outside the window
    ]
    for kind, days, opens, clicks, replied in rows:
        scope.session.add(
            Activity(
                tenant_id=scope.tenant_id,
                contact_id=contact.id,
                company_id=company.id,
                kind=kind,
                occurred_at=scope.now - timedelta(days=days),
                opens=opens,
                clicks=clicks,
                replied=replied,
            )
        )
    scope.session.flush()
    result = call_tool("analyze_engagement", {"contact_id": contact.id}, scope)
    assert {
        k: result[k] for k in ("opens", "clicks", "replies", "meetings", "web_visits", "downloads")
    } == {"opens": 3, "clicks": 1, "replies": 1, "meetings": 1, "web_visits": 1, "downloads": 1}
    points = 14 * 0.5 ** (2 / 30) + 2 * 0.5 ** (10 / 30) + 4 * 0.5 ** (40 / 30) + 12 * 0.5**1.5
    assert result["engagement_points"] == pytest.approx(points, abs=0.01)
    assert result["engagement_score"] == round(100 * (1 - math.exp(-points / 25)), 1)
    assert (result["points_last_30d"], result["points_prior_30d"]) == (16.0, 16.0)
    assert result["trend"] == "flat"
    assert result["last_touch"]["kind"] == "email"
    assert result["recommended_next_action"].startswith("Met already")
    by_company = call_tool("analyze_engagement", {"company_id": company.id, "days": 30}, scope)
    assert (by_company["opens"], by_company["meetings"]) == (3, 0)
    assert "'contact_id'" in _error("analyze_engagement", {}, scope)
    assert "'days'" in _error("analyze_engagement", {"company_id": company.id, "days": 0}, scope)
