"""Marketing tools on the demo tenant, through ``call_tool``, on SQLite and Postgres."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from domain.demo import anchors
from domain.marketing.stats import sample_size_per_arm, two_proportion_z_test
from domain.models import (
    Campaign,
    CampaignDailyMetric,
    CampaignSend,
    Contact,
    ContentItem,
    OutboxMessage,
    ScheduledPost,
)
from domain.scope import Scope
from tools import call_tool
from tools.registry import ToolArgumentError, get_tool


def _campaign(scope: Scope, name: str) -> Campaign:
    return scope.session.scalars(
        select(Campaign).where(Campaign.tenant_id == scope.tenant_id, Campaign.name == name)
    ).one()


def _actions(report: dict[str, Any]) -> list[str]:
    return [r["action"] for r in report["recommendations"]]


def _outbox_count(scope: Scope, kind: str) -> int:
    return scope.session.scalar(
        select(func.count()).where(
            OutboxMessage.tenant_id == scope.tenant_id, OutboxMessage.kind == kind
        )
    )


def _sends(scope: Scope, campaign_id: int) -> list[CampaignSend]:
    return list(
        scope.session.scalars(select(CampaignSend).where(CampaignSend.campaign_id == campaign_id))
    )


def test_tools_are_registered_for_marketing_with_their_effects() -> None:
    effects = {
        name: get_tool(name).effect.value
        for name in (
            "generate_content",
            "schedule_post",
            "analyze_campaign",
            "send_email_campaign",
            "ab_test",
            "optimize_timing",
            "segment_audience",
            "monitor_metrics",
        )
    }
    assert effects == {
        "generate_content": "draft",
        "schedule_post": "external",
        "analyze_campaign": "read",
        "send_email_campaign": "external",
        "ab_test": "draft",
        "optimize_timing": "read",
        "segment_audience": "read",
        "monitor_metrics": "read",
    }
    assert all(get_tool(n).departments == ("marketing",) for n in effects)


def test_analyze_underperformer_recommends_subject_test_and_new_cta(scope: Scope) -> None:
    campaign = _campaign(scope, anchors.UNDERPERFORMING_CAMPAIGN)
    report = call_tool("analyze_campaign", {"campaign_id": campaign.id}, scope)
    opens, delivered, clicks = scope.session.execute(
        select(
            func.sum(CampaignDailyMetric.opens),
            func.sum(CampaignDailyMetric.delivered),
            func.sum(CampaignDailyMetric.clicks),
        ).where(CampaignDailyMetric.campaign_id == campaign.id)
    ).one()
    assert report["rates"]["open_rate"] == pytest.approx(opens / delivered, abs=1e-4)
    assert report["rates"]["click_rate"] == pytest.approx(clicks / delivered, abs=1e-4)
    assert report["rates"]["open_rate"] < 0.25
    assert report["rates"]["click_rate"] < 0.03
    assert _actions(report) == ["subject_line_ab_test", "new_call_to_action"]
    assert report["recommendations"][0]["arguments"]["test_type"] == "subject_line"
    assert report["recommendations"][1]["arguments"]["optimization_goal"] == "increase_clicks"
    unmet = {c["metric"] for c in report["success_criteria"] if not c["met"]}
    assert unmet == {"open_rate", "click_rate", "conversion_rate"}
    assert report["trend"]["window"]["last_7d"] == ["2026-08-25", "2026-08-31"]
    assert report["trend"]["window"]["previous_7d"] == ["2026-08-18", "2026-08-24"]
    assert report["days"]["count"] == 60


def test_analyze_high_converter_proposes_scaling_budget(scope: Scope) -> None:
    campaign = _campaign(scope, anchors.HIGH_CONVERTING_CAMPAIGN)
    report = call_tool("analyze_campaign", {"campaign_id": campaign.id}, scope)
    assert report["rates"]["conversion_rate"] > 0.05
    assert _actions(report) == ["scale_budget"]
    scale = report["recommendations"][0]
    assert scale["proposed_budget"] == float(campaign.budget * Decimal("1.5"))
    assert scale["requires_approval"] is True
    spend, revenue = scope.session.execute(
        select(func.sum(CampaignDailyMetric.spend), func.sum(CampaignDailyMetric.revenue)).where(
            CampaignDailyMetric.campaign_id == campaign.id
        )
    ).one()
    assert report["economics"]["roas"] == pytest.approx(float(revenue / spend), abs=0.01)


def test_analyze_unknown_campaign_names_the_argument(scope: Scope) -> None:
    with pytest.raises(ToolArgumentError, match="argument 'campaign_id'"):
        call_tool("analyze_campaign", {"campaign_id": 999_999}, scope)


def test_monitor_metrics_alerts_and_recommends_per_campaign(scope: Scope) -> None:
    report = call_tool("monitor_metrics", {"days": 14}, scope)
    assert report["window"] == {"start": "2026-08-18", "end": "2026-08-31", "days": 14}
    by_name = {c["campaign"]["name"]: c for c in report["campaigns"]}
    assert len(by_name) == 4
    weak = by_name[anchors.UNDERPERFORMING_CAMPAIGN]
    assert {(a["metric"], a["severity"]) for a in weak["alerts"]} >= {
        ("open_rate", "critical"),
        ("click_rate", "critical"),
    }
    assert _actions(weak) == ["subject_line_ab_test", "new_call_to_action"]
    strong = by_name[anchors.HIGH_CONVERTING_CAMPAIGN]
    assert [(a["metric"], a["severity"]) for a in strong["alerts"]] == [("conversion_rate", "info")]
    assert _actions(strong) == ["scale_budget"]
    assert report["alert_counts"]["critical"] == 2
    with pytest.raises(ToolArgumentError, match="argument 'days'"):
        call_tool("monitor_metrics", {"days": 0}, scope)


def test_generate_content_fills_event_facts_and_reuses_identical_drafts(scope: Scope) -> None:
    campaign = _campaign(scope, anchors.UNDERPERFORMING_CAMPAIGN)
    args = {
        "campaign_id": campaign.id,
        "kind": "cta",
        "variants": 3,
        "optimization_goal": "increase_clicks",
    }
    first = call_tool("generate_content", args, scope)
    assert [(i["variant"], i["angle"]) for i in first["items"]] == [
        ("A", "urgency"),
        ("B", "value"),
        ("C", "personal"),
    ]
    assert first["items"][0]["body"].startswith(f"{anchors.EVENT_STARTS_IN_DAYS} days to go")
    stored = scope.session.get(ContentItem, first["items"][0]["id"])
    assert (stored.kind, stored.status, stored.created_by) == ("cta", "draft", "test")
    again = call_tool("generate_content", args, scope)
    assert [i["id"] for i in again["items"]] == [i["id"] for i in first["items"]]
    assert all(i["reused"] for i in again["items"])
    email = call_tool("generate_content", {"kind": "email", "variants": 1}, scope)["items"][0]
    assert "Lisbon" in email["body"] and "13–14 October 2026" in email["body"]
    assert "{first_name}" in email["body"]  # merge tag left for the send
    with pytest.raises(ToolArgumentError, match="argument 'variants'"):
        call_tool("generate_content", {"kind": "email", "variants": 6}, scope)
    with pytest.raises(ToolArgumentError, match="argument 'campaign_id'"):
        call_tool("generate_content", {"kind": "email", "campaign_id": 999_999}, scope)


def test_schedule_post_is_idempotent_and_validates_text_and_time(scope: Scope) -> None:
    at = (scope.now + timedelta(days=2)).replace(microsecond=0)
    args = {"platform": "linkedin", "text": "See you in Lisbon!", "at": at.isoformat()}
    first = call_tool("schedule_post", args, scope)
    assert first["duplicate"] is False
    assert datetime.fromisoformat(first["scheduled_for"]) == at
    again = call_tool("schedule_post", args, scope)
    assert (again["duplicate"], again["id"]) == (True, first["id"])
    assert _outbox_count(scope, "social_post") == 1
    assert scope.session.get(ScheduledPost, first["id"]).outbox_id == first["outbox_id"]
    with pytest.raises(ToolArgumentError, match=r"argument 'text'.*281 characters"):
        call_tool("schedule_post", {**args, "platform": "x", "text": "a" * 281}, scope)
    past = (scope.now - timedelta(hours=1)).isoformat()
    with pytest.raises(ToolArgumentError, match=r"argument 'at'.*not in the future"):
        call_tool("schedule_post", {**args, "at": past}, scope)
    with pytest.raises(ToolArgumentError, match="argument 'at'"):
        call_tool("schedule_post", {**args, "at": "next tuesday"}, scope)


def test_schedule_post_at_optimal_uses_the_best_social_slot(scope: Scope) -> None:
    best = call_tool("optimize_timing", {"channel": "social"}, scope)["best"]
    post = call_tool("schedule_post", {"platform": "x", "text": "Hi", "at": "optimal"}, scope)
    when = datetime.fromisoformat(post["scheduled_for"])
    assert post["timing"] == "optimal"
    assert (when.weekday(), when.hour) == (best["weekday_index"], best["hour_utc"])
    assert scope.now < when <= scope.now + timedelta(days=7)


def test_send_email_campaign_excludes_opted_out_and_is_idempotent(scope: Scope) -> None:
    campaign = _campaign(scope, "Agenda launch newsletter")
    before = len(_sends(scope, campaign.id))
    args = {
        "campaign_id": campaign.id,
        "subject": "The agenda is live",
        "body": "Hi {first_name}, the agenda is live.",
        "segment": "all",
    }
    result = call_tool("send_email_campaign", args, scope)
    opted_out = scope.session.scalar(
        select(func.count()).where(Contact.tenant_id == scope.tenant_id, Contact.opted_out)
    )
    assert result["excluded"]["opted_out"] == opted_out
    assert result["recipients"] + result["excluded_total"] == 600
    new_sends = _sends(scope, campaign.id)[before:]
    assert len(new_sends) == result["recipients"]
    excluded_ids = set(
        scope.session.scalars(
            select(Contact.id).where(
                Contact.email.in_([anchors.OPTED_OUT_EMAIL, anchors.BOUNCED_EMAIL])
            )
        )
    )
    assert len(excluded_ids) == 2
    assert excluded_ids.isdisjoint(s.contact_id for s in new_sends)
    message = scope.session.get(OutboxMessage, result["outbox_id"])
    assert (message.kind, message.payload["recipients"]) == ("email_campaign", result["recipients"])
    again = call_tool("send_email_campaign", args, scope)
    assert again["duplicate"] is True and again["recipients"] == result["recipients"]
    assert len(_sends(scope, campaign.id)) == before + result["recipients"]
    assert _outbox_count(scope, "email_campaign") == 1


def test_send_email_campaign_to_a_segment_matches_segment_audience(scope: Scope) -> None:
    campaign = _campaign(scope, "Agenda launch newsletter")
    segments = call_tool("segment_audience", {"group_by": ["engagement"]}, scope)["segments"]
    high = next(s for s in segments if s["name"] == "engagement:high")
    args = {"campaign_id": campaign.id, "subject": "S", "body": "B", "segment": "engagement:high"}
    result = call_tool("send_email_campaign", args, scope)
    assert result["recipients"] == high["mailable"]
    assert result["excluded"] == high["excluded"]


def test_send_email_campaign_bad_arguments_name_the_argument(scope: Scope) -> None:
    social = _campaign(scope, "LinkedIn community buzz")
    base = {"subject": "S", "body": "B", "segment": "all"}
    with pytest.raises(ToolArgumentError, match=r"argument 'campaign_id'.*not email"):
        call_tool("send_email_campaign", {**base, "campaign_id": social.id}, scope)
    with pytest.raises(ToolArgumentError, match="argument 'campaign_id'"):
        call_tool("send_email_campaign", {**base, "campaign_id": 999_999}, scope)
    email = _campaign(scope, "Agenda launch newsletter").id
    with pytest.raises(ToolArgumentError, match="argument 'segment'"):
        call_tool("send_email_campaign", {**base, "campaign_id": email, "segment": "age:40"}, scope)
    with pytest.raises(ToolArgumentError, match="argument 'segment'"):
        call_tool("send_email_campaign", {"campaign_id": email, "subject": "S", "body": "B"}, scope)


def test_ab_test_analyze_gives_the_z_test_p_value(scope: Scope) -> None:
    campaign = _campaign(scope, anchors.HIGH_CONVERTING_CAMPAIGN)
    report = call_tool("ab_test", {"mode": "analyze", "campaign_id": campaign.id}, scope)
    rows = _sends(scope, campaign.id)
    counts = {
        v: (
            sum(1 for r in rows if r.variant == v and r.opened_at is not None),
            sum(1 for r in rows if r.variant == v),
        )
        for v in ("A", "B")
    }
    expected = two_proportion_z_test(*counts["A"], *counts["B"])
    assert report["variants"]["A"]["sends"] == counts["A"][1]
    assert report["leader"] == "B"
    assert report["comparisons"][0]["z"] == pytest.approx(expected.z, abs=1e-4)
    assert float(report["p_value_text"]) == pytest.approx(expected.p_value, rel=1e-2)
    assert report["winner"] == ("B" if expected.p_value < 0.05 else None)
    weak = _campaign(scope, anchors.UNDERPERFORMING_CAMPAIGN)
    weak_report = call_tool("ab_test", {"mode": "analyze", "campaign_id": weak.id}, scope)
    assert 0.0 < weak_report["p_value"] <= 1.0


def test_ab_test_design_sizes_the_test_and_drafts_variants(scope: Scope) -> None:
    campaign = _campaign(scope, anchors.UNDERPERFORMING_CAMPAIGN)
    args = {
        "mode": "design",
        "campaign_id": campaign.id,
        "test_type": "subject_line",
        "variants": 3,
        "baseline_rate": 0.2,
        "minimum_detectable_effect": 0.05,
    }
    design = call_tool("ab_test", args, scope)
    assert design["sample_size_per_arm"] == 1094 == sample_size_per_arm(0.2, 0.05)
    assert design["total_sample"] == 3 * 1094
    assert design["split"] == {"A": 0.3333, "B": 0.3333, "C": 0.3333}
    assert [v["angle"] for v in design["variants"]] == ["curiosity", "personal", "urgency"]
    kinds = {scope.session.get(ContentItem, v["id"]).kind for v in design["variants"]}
    assert kinds == {"subject"}
    social = _campaign(scope, "LinkedIn community buzz")
    with pytest.raises(ToolArgumentError, match=r"argument 'campaign_id'.*0 variant"):
        call_tool("ab_test", {"mode": "analyze", "campaign_id": social.id}, scope)
    with pytest.raises(ToolArgumentError, match="argument 'variants'"):
        call_tool("ab_test", {**args, "variants": 5}, scope)


def test_optimize_timing_picks_the_best_slot_with_a_sample_guard(scope: Scope) -> None:
    result = call_tool("optimize_timing", {"min_sample": 30}, scope)
    best = result["best"]
    assert best["basis"] == "weekday_hour" and best["sends"] >= 30
    assert best == result["top_slots"][0]
    assert all(best["open_rate"] >= s["open_rate"] for s in result["top_slots"])
    assert result["sends_analysed"] == scope.session.scalar(
        select(func.count()).select_from(CampaignSend)
    )
    assert best["local"]["timezone"] == result["majority_timezone"]
    coarse = call_tool("optimize_timing", {"min_sample": 200}, scope)["best"]
    assert coarse["basis"] == "hour" and coarse["sends"] >= 200
    with pytest.raises(ToolArgumentError, match="argument 'channel'"):
        call_tool("optimize_timing", {"channel": "sms"}, scope)


def test_segment_audience_rules_and_kmeans(scope: Scope) -> None:
    rules = call_tool("segment_audience", {"group_by": ["engagement", "speaker"]}, scope)
    engagement = [s for s in rules["segments"] if s["name"].startswith("engagement:")]
    assert sum(s["size"] for s in engagement) == 600
    assert sum(s["mailable"] for s in engagement) == rules["base_mailable"]
    unsubscribed = select(CampaignSend.contact_id).where(CampaignSend.unsubscribed)
    unreachable = scope.session.scalar(
        select(func.count()).where(
            Contact.tenant_id == scope.tenant_id,
            Contact.opted_out | (Contact.email_status == "bounced") | Contact.id.in_(unsubscribed),
        )
    )
    assert rules["base_mailable"] == 600 - unreachable
    speakers = scope.session.scalar(
        select(func.count()).where(Contact.tenant_id == scope.tenant_id, Contact.is_speaker)
    )
    assert next(s for s in rules["segments"] if s["name"] == "speaker:yes")["size"] == speakers
    filtered = call_tool("segment_audience", {"filter": {"speaker": True}}, scope)
    assert filtered["base_size"] == speakers
    clusters = call_tool("segment_audience", {"method": "kmeans", "k": 4}, scope)
    assert clusters == call_tool("segment_audience", {"method": "kmeans", "k": 4}, scope)
    assert [s["name"] for s in clusters["segments"]] == [f"cluster:4-{i}" for i in range(1, 5)]
    points = [s["defining_features"]["points"] for s in clusters["segments"]]
    assert points == sorted(points, reverse=True)
    assert sum(s["size"] for s in clusters["segments"]) == 600
    with pytest.raises(ToolArgumentError, match="argument 'k'"):
        call_tool("segment_audience", {"method": "kmeans", "k": 1}, scope)
    with pytest.raises(ToolArgumentError, match=r"argument 'group_by\.0'"):
        call_tool("segment_audience", {"group_by": ["age"]}, scope)


def test_email_send_timestamps_are_utc_on_both_backends(scope: Scope) -> None:
    campaign = _campaign(scope, "Agenda launch newsletter")
    call_tool(
        "send_email_campaign",
        {"campaign_id": campaign.id, "subject": "S", "body": "B", "segment": "speaker:yes"},
        scope,
    )
    latest = scope.session.scalars(
        select(CampaignSend).order_by(CampaignSend.id.desc()).limit(1)
    ).one()
    sent = latest.sent_at if latest.sent_at.tzinfo else latest.sent_at.replace(tzinfo=UTC)
    assert sent == scope.now
