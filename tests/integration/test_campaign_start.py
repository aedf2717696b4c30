"""Starting a campaign (``create_campaign``): a draft record, no duplicates, live on its
first send; and the offline model's reading of "start the campaign" (issue 9 pattern 8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from adapters.offline.argspec import ArgSpec
from adapters.offline.fillers import FILLERS
from adapters.offline.providers import starts_a_campaign
from adapters.offline.request import Request
from domain.models import Campaign
from domain.scope import Scope
from tools import call_tool
from tools.registry import get_tool


def _campaigns(scope: Scope) -> int:
    return scope.session.scalar(select(func.count()).where(Campaign.tenant_id == scope.tenant_id))


def test_create_campaign_is_a_marketing_draft() -> None:
    tool = get_tool("create_campaign")
    assert tool.effect.value == "draft"
    assert tool.departments == ("marketing",)


def test_a_started_campaign_is_a_zero_budget_draft_until_the_event(scope: Scope) -> None:
    before = _campaigns(scope)
    started = call_tool("create_campaign", {"name": "VIP dinner"}, scope)

    campaign = scope.session.get(Campaign, started["campaign_id"])
    assert campaign is not None and _campaigns(scope) == before + 1
    assert (campaign.name, campaign.channel, campaign.status) == ("VIP dinner", "email", "draft")
    assert campaign.budget == Decimal(0)  # a person commits money, not the agent
    assert campaign.starts_on == scope.today and campaign.ends_on >= scope.today
    assert started["segment"] == "all" and started["existing"] is False


def test_starting_the_same_campaign_again_returns_it(scope: Scope) -> None:
    first = call_tool("create_campaign", {}, scope)
    before = _campaigns(scope)
    again = call_tool("create_campaign", {}, scope)

    assert again["campaign_id"] == first["campaign_id"] and again["existing"] is True
    assert _campaigns(scope) == before
    social = call_tool("create_campaign", {"channel": "social"}, scope)
    assert social["campaign_id"] != first["campaign_id"]  # another channel is another campaign


def test_the_first_send_makes_a_started_campaign_active(scope: Scope) -> None:
    started = call_tool("create_campaign", {"name": "Workshop day"}, scope)
    args = {
        "campaign_id": started["campaign_id"],
        "subject": "Workshops",
        "body": "Hi {first_name}, workshops are open.",
        "segment": started["segment"],
    }
    sent = call_tool("send_email_campaign", args, scope)

    assert sent["recipients"] > 0
    campaign = scope.session.get(Campaign, started["campaign_id"])
    assert campaign is not None and campaign.status == "active"


def test_only_a_request_to_begin_a_campaign_starts_one() -> None:
    for text in (
        "start the campaign",
        "Launch an email campaign about the workshops",
        "kick off a new campaign",
        "inicia la campaña de verano",
        "Lance la campagne",
        "Starte die Kampagne",
    ):
        assert starts_a_campaign(text), text
    for text in ("send the newsletter to past attendees", "what is our open rate", "resend it"):
        assert not starts_a_campaign(text), text


def _name(text: str) -> object:
    request = Request(text, None, date(2026, 12, 6))
    return FILLERS["name"](request, ArgSpec("create_campaign", "name", {}))


def test_a_new_campaign_is_named_after_what_it_is_for() -> None:
    assert _name("create a new campaign for the VIP dinner") == "VIP dinner"
    assert _name("set up a campaign called Spring Promo") == "Spring Promo"
    assert _name("Lance une campagne e-mail pour les ateliers.") == "Ateliers"
    assert _name("start the campaign") is None  # the tool names it after the event


def test_a_campaign_send_with_no_segment_named_goes_to_the_whole_audience() -> None:
    request = Request("send the Agenda launch newsletter campaign", None, date(2026, 12, 6))
    spec = ArgSpec("send_email_campaign", "segment", {})
    assert FILLERS["segment"](request, spec) == "all"  # on the card; the send can run
    named = Request("send it to engagement:high", None, date(2026, 12, 6))
    assert FILLERS["segment"](named, spec) == "engagement:high"
