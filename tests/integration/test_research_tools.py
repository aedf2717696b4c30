"""Research tools on the demo tenant, on SQLite and Postgres, through ``call_tool``."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from domain.demo import anchors
from domain.models import (
    Activity,
    Company,
    Contact,
    ExternalEvent,
    ExternalEventAttendance,
)
from domain.scope import Scope
from tools import call_tool
from tools.registry import ToolArgumentError


def _company(scope: Scope, **overrides: Any) -> Company:
    fields: dict[str, Any] = {
        "tenant_id": scope.tenant_id,
        "name": "Quillon Data",
        "domain": "quillon.example",
        "industry": "Data Platforms",
        "size_band": "51-200",
        "employees": 120,
        "annual_revenue": Decimal(20_000_000),
        "region": "EMEA",
        "country": "Germany",
        "hq_city": "Berlin",
        "funding_stage": "Series A",
        "description": "",
        "signals": [],
        "marketing_budget": Decimal(80_000),
    }
    company = Company(**(fields | overrides))
    scope.session.add(company)
    scope.session.flush()
    return company


def _contact(scope: Scope, company: Company, **overrides: Any) -> Contact:
    fields: dict[str, Any] = {
        "tenant_id": scope.tenant_id,
        "company_id": company.id,
        "first_name": "Quinn",
        "last_name": "Lee",
        "email": f"quinn@{company.domain}",
        "email_status": "verified",
        "title": "Director of Events",
        "department": "events",
        "seniority": "director",
    }
    contact = Contact(**(fields | overrides))
    scope.session.add(contact)
    scope.session.flush()
    return contact


def _by_name(scope: Scope, name: str) -> Company:
    return scope.session.scalars(
        select(Company).where(Company.tenant_id == scope.tenant_id, Company.name == name)
    ).one()


def _error(name: str, args: dict[str, Any], scope: Scope) -> str:
    with pytest.raises(ToolArgumentError) as caught:
        call_tool(name, args, scope)
    return str(caught.value)


# research_contact ---------------------------------------------------------------------


def test_research_contact_profiles_events_and_talking_points(scope: Scope) -> None:
    company = _company(
        scope, signals=[{"type": "funding", "date": "2026-08-20", "detail": "Raised a Series B"}]
    )
    contact = _contact(scope, company, is_speaker=True, speaker_topics=["MLOps", "knitting"])
    soon = ExternalEvent(
        tenant_id=scope.tenant_id,
        name="Test Expo",
        city="Oslo",
        topic="MLOps",
        starts_on=scope.today + timedelta(days=9),
    )
    talk = ExternalEvent(
        tenant_id=scope.tenant_id,
        name="Old Conf",
        city="Rome",
        topic="data engineering",
        starts_on=scope.today - timedelta(days=40),
    )
    scope.session.add_all([soon, talk])
    scope.session.flush()
    scope.session.add_all(
        [
            ExternalEventAttendance(
                tenant_id=scope.tenant_id,
                external_event_id=e.id,
                contact_id=contact.id,
                company_id=company.id,
                role=role,
            )
            for e, role in ((soon, "attendee"), (talk, "speaker"))
        ]
    )
    scope.session.add(
        Activity(
            tenant_id=scope.tenant_id,
            contact_id=contact.id,
            company_id=company.id,
            kind="email",
            opens=1,
            clicks=1,
            occurred_at=scope.now - timedelta(days=3),
        )
    )
    scope.session.flush()
    result = call_tool("research_contact", {"email": contact.email.upper()}, scope)
    assert result["contact_id"] == contact.id
    assert result["company"]["name"] == "Quillon Data"
    assert [(e["event"], e["role"]) for e in result["external_events"]] == [
        ("Test Expo", "attendee"),
        ("Old Conf", "speaker"),
    ]
    assert len(result["recent_activity"]) == 1
    assert result["talking_points"] == [
        "Speaks on MLOps — a fit for a speaking slot at Northwind AI Summit 2026.",
        f"Will be at Test Expo (Oslo, {soon.starts_on:%d %b}) as attendee — propose meeting there.",
        "Spoke at Old Conf on data engineering — reference the talk.",
        "Recent Quillon Data news: Raised a Series B (2026-08-20).",
        "Clicked our recent emails — follow up on what they clicked.",
    ]


def test_research_contact_flags_the_opted_out_anchor(scope: Scope) -> None:
    result = call_tool("research_contact", {"email": anchors.OPTED_OUT_EMAIL}, scope)
    assert result["opted_out"] is True
    assert result["talking_points"][0] == "Opted out of outreach: do not contact."
    assert "'contact_id'" in _error("research_contact", {"contact_id": 99999}, scope)
    assert "'email'" in _error("research_contact", {"email": "nobody@nowhere.example"}, scope)


# research_company ---------------------------------------------------------------------


def test_research_company_for_the_big_deal_account(scope: Scope) -> None:
    result = call_tool("research_company", {"name": "acme cloud"}, scope)
    acme = _by_name(scope, anchors.BIG_DEAL_COMPANY)
    assert result["company_id"] == acme.id and result["is_target_account"] is True
    assert [o["value"] for o in result["open_opportunities"]] == [75000.0]
    assert result["open_opportunities"][0]["stage"] == "negotiation"
    staff = scope.session.scalars(
        select(Contact.seniority).where(Contact.company_id == acme.id)
    ).all()
    assert {k: v for k, v in result["contacts_by_seniority"].items() if v} == dict(Counter(staff))
    assert list(result["contacts_by_seniority"]) == ["c_level", "vp", "director", "manager", "ic"]
    dates = [s["date"] for s in result["signals"]]
    assert dates == sorted(dates, reverse=True)
    assert [h["event"] for h in result["sponsorship_history"]] == ["Northwind AI Summit 2025"]


def test_research_company_why_now_from_recent_signals(scope: Scope) -> None:
    company = _company(
        scope,
        signals=[
            {"type": "hiring", "date": str(scope.today - timedelta(days=200)), "detail": "Old"},
            {
                "type": "funding",
                "date": str(scope.today - timedelta(days=5)),
                "detail": "Raised a Series B",
            },
        ],
    )
    result = call_tool("research_company", {"company_id": company.id}, scope)
    assert [s["detail"] for s in result["signals"]] == ["Raised a Series B", "Old"]
    day = scope.today - timedelta(days=5)
    assert result["why_now"] == (
        f"Quillon Data: Raised a Series B ({day:%d %b %Y}). "
        "Lead with fresh budget to spend on visibility."
    )
    quiet = _company(scope, name="Silent Co", domain="silent.example")
    assert call_tool("research_company", {"company_id": quiet.id}, scope)["why_now"].startswith(
        "No signals on Silent Co"
    )
    assert "'company'" in _error("research_company", {"name": "Labs"}, scope)
    assert "'company_id'" in _error("research_company", {"company_id": 99999}, scope)


# enrich_lead --------------------------------------------------------------------------


def test_enrich_lead_fixes_company_size_band_and_region(scope: Scope) -> None:
    company = _company(scope, employees=7_500, size_band="", region="", country="Japan")
    result = call_tool("enrich_lead", {"company_id": company.id}, scope)
    assert [(c["field"], c["before"], c["after"]) for c in result["changes"]] == [
        ("size_band", "", "5001-10000"),
        ("region", "", "APAC"),
    ]
    assert (company.size_band, company.region) == ("5001-10000", "APAC")
    assert call_tool("enrich_lead", {"company_id": company.id}, scope)["changes"] == []


def test_enrich_lead_fills_contact_gaps_from_title_and_evidence(scope: Scope) -> None:
    company = _company(scope)
    contact = _contact(
        scope,
        company,
        title="VP Partnerships",
        seniority="",
        department="",
        timezone="UTC",
        email_status="unknown",
    )
    result = call_tool("enrich_lead", {"contact_id": contact.id}, scope)
    assert {c["field"]: c["after"] for c in result["changes"]} == {
        "seniority": "vp",
        "department": "partnerships",
        "timezone": "Europe/Berlin",
        "email_status": "unverified",
    }
    scope.session.add(
        Activity(
            tenant_id=scope.tenant_id,
            contact_id=contact.id,
            kind="email",
            opens=2,
            occurred_at=scope.now - timedelta(days=1),
        )
    )
    scope.session.flush()
    again = call_tool("enrich_lead", {"contact_id": contact.id}, scope)
    assert again["changes"] == [
        {
            "field": "email_status",
            "before": "unverified",
            "after": "verified",
            "source": "delivery proven by opens, clicks or replies on record",
        }
    ]
    assert "'company_id'" in _error("enrich_lead", {}, scope)
    assert "'contact_id'" in _error("enrich_lead", {"contact_id": 99999}, scope)


# verify_email -------------------------------------------------------------------------


def test_verify_email_known_bounce_is_invalid(scope: Scope) -> None:
    result = call_tool("verify_email", {"email": anchors.BOUNCED_EMAIL}, scope)
    assert result["status"] == "invalid"
    assert result["known_bounce"] is True and result["contactable"] is False
    assert result["reasons"] == ["a previous message to this address bounced"]


def test_verify_email_opted_out_valid_and_malformed(scope: Scope) -> None:
    opted = call_tool("verify_email", {"email": anchors.OPTED_OUT_EMAIL}, scope)
    assert opted["opted_out"] is True and opted["contactable"] is False
    company = _company(scope)
    _contact(scope, company)
    good = call_tool("verify_email", {"email": "quinn@quillon.example"}, scope)
    assert (good["status"], good["domain_consistent"], good["contactable"]) == ("valid", True, True)
    _contact(scope, company, email="quinn@gmail.com", email_status="unverified")
    off = call_tool("verify_email", {"email": "quinn@gmail.com"}, scope)
    assert off["status"] == "risky" and off["domain_consistent"] is False
    assert "free-mail domain, not a company address" in off["reasons"]
    bad = call_tool("verify_email", {"email": "quinn@@quillon"}, scope)
    assert (bad["status"], bad["syntax_ok"]) == ("invalid", False)
    assert "'email'" in _error("verify_email", {"email": ""}, scope)
    assert "'email'" in _error("verify_email", {}, scope)


# find_event_attendance ----------------------------------------------------------------


def test_find_event_attendance_groups_target_accounts_by_event(scope: Scope) -> None:
    result = call_tool("find_event_attendance", {}, scope)
    targets = scope.session.scalars(
        select(Company.id).where(
            Company.tenant_id == scope.tenant_id, Company.is_target_account.is_(True)
        )
    ).all()
    assert result["accounts_tracked"] == len(targets)
    counts = [e["account_count"] for e in result["events"]]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    expected = scope.session.execute(
        select(ExternalEventAttendance.external_event_id, ExternalEventAttendance.company_id)
        .where(ExternalEventAttendance.company_id.in_(targets))
        .distinct()
    ).all()
    assert sum(counts) == len(expected)
    for event in result["events"]:
        assert len(event["accounts"]) == event["account_count"]


def test_find_event_attendance_for_given_accounts_in_a_window(scope: Scope) -> None:
    company = _company(scope)
    contact = _contact(scope, company)
    events = [
        ExternalEvent(
            tenant_id=scope.tenant_id,
            name=name,
            city="Oslo",
            topic="MLOps",
            starts_on=scope.today + timedelta(days=days),
        )
        for name, days in (("Near Fest", 5), ("Far Fest", 90), ("Past Fest", -5))
    ]
    scope.session.add_all(events)
    scope.session.flush()
    scope.session.add_all(
        ExternalEventAttendance(
            tenant_id=scope.tenant_id,
            external_event_id=e.id,
            contact_id=contact.id,
            company_id=company.id,
            role="sponsor",
        )
        for e in events
    )
    scope.session.flush()
    result = call_tool(
        "find_event_attendance", {"company_ids": [company.id], "within_days": 30}, scope
    )
    assert [e["name"] for e in result["events"]] == ["Near Fest"]
    assert result["events"][0]["accounts"] == [
        {
            "company_id": company.id,
            "name": "Quillon Data",
            "roles": ["sponsor"],
            "contacts": [
                {
                    "contact_id": contact.id,
                    "name": "Quinn Lee",
                    "title": "Director of Events",
                    "role": "sponsor",
                }
            ],
        }
    ]
    everything = call_tool("find_event_attendance", {"company_ids": [company.id]}, scope)
    assert [e["name"] for e in everything["events"]] == ["Past Fest", "Near Fest", "Far Fest"]
    assert "'company_ids'" in _error("find_event_attendance", {"company_ids": [99999]}, scope)
    assert "'within_days'" in _error("find_event_attendance", {"within_days": 0}, scope)
