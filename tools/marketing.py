"""Marketing tools: content, social scheduling, campaign analysis, email sends, A/B tests,
timing, segmentation and monitoring. Thin: validate, call ``domain.marketing``, return data."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator

from domain.marketing import (
    ab_testing,
    analysis,
    campaign_setup,
    content,
    email_send,
    posting,
    segments,
    timing,
)
from domain.marketing.copy_language import copy_language
from domain.models import Department
from domain.scope import Scope
from prompts.loader import template_text
from tools.common import EventArgs, ToolArgs
from tools.registry import Effect, action_key, register

MARKETING = Department.MARKETING
CampaignId = Field(gt=0, description="Campaign id (see monitor_metrics for the event's campaigns).")
Dimension = Literal["seniority", "industry", "region", "engagement", "speaker", "past_attendee"]


@cache
def _templates(language: str = "en") -> dict[str, str]:
    """The marketing writing templates from ``prompts/marketing_<kind>.md``, or
    ``marketing_<kind>_<language>.md`` for Spanish, French and German copy."""
    suffix = "" if language == "en" else f"_{language}"
    return {kind: template_text(f"marketing_{kind}{suffix}") for kind in content.KINDS}


CopyLanguage: Any = Field(
    default=None,
    max_length=20,
    description="Language to write the copy in: the request's, as en, es, fr or de. "
    "Omitted or any other language: English.",
)
"""The ``language`` argument of the tools that write copy (the offline model fills it
from the request, ``adapters.offline.drafting``)."""


class AudienceFilterArgs(ToolArgs):
    """Audience rules; every given rule must match, an empty list means any."""

    seniority: list[Literal["ic", "manager", "director", "vp", "c_level"]] = Field(default=[])
    industry: list[str] = Field(default=[], description="Company industries, e.g. 'Fintech'.")
    region: list[Literal["Americas", "EMEA", "APAC"]] = Field(default=[])
    engagement: list[Literal["high", "medium", "low", "none"]] = Field(default=[])
    speaker: bool | None = Field(default=None, description="Only speakers (true) or non-speakers.")
    past_attendee: bool | None = Field(default=None, description="Attended a past edition.")

    def rules(self) -> segments.AudienceFilter:
        """As the domain's filter."""
        return segments.AudienceFilter(
            seniority=tuple(self.seniority),
            industry=tuple(self.industry),
            region=tuple(self.region),
            engagement=tuple(self.engagement),
            speaker=self.speaker,
            past_attendee=self.past_attendee,
        )


class GenerateContentArgs(EventArgs):
    campaign_id: int | None = Field(default=None, gt=0, description="Campaign the copy is for.")
    kind: Literal["email", "social", "landing", "cta", "subject"]
    variants: int = Field(default=1, ge=1, le=5, description="Number of variants (A..E).")
    audience: str | None = Field(
        default=None, max_length=200, description="Who it speaks to; default from the campaign."
    )
    optimization_goal: (
        Literal["awareness", "increase_opens", "increase_clicks", "increase_conversions"] | None
    ) = None
    language: str | None = CopyLanguage


@register(
    "generate_content",
    departments=MARKETING,
    effect=Effect.DRAFT,
    args=GenerateContentArgs,
    description="""Draft marketing copy (email, social post, landing section, call to
action or subject line) for a campaign or event, in 1-5 variants with different angles, filled
with the event's real dates, city, topics, ticket prices, days left and early-bird status.
Use optimization_goal='increase_clicks' with kind='cta' for new calls to action. Saves drafts
(nothing is sent) and returns them with ids.""",
)
def generate_content(scope: Scope, args: GenerateContentArgs) -> dict[str, Any]:
    language = copy_language(args.language)
    return content.generate_content(
        scope,
        templates=_templates(language),
        kind=args.kind,
        variants=args.variants,
        campaign_id=args.campaign_id,
        event_id=args.event_id,
        audience=args.audience,
        goal=args.optimization_goal,
        language=language,
    )


class SchedulePostArgs(ToolArgs):
    platform: Literal["linkedin", "x", "facebook", "instagram"]
    text: str = Field(min_length=1, max_length=3000, description="Post text; X allows 280.")
    at: datetime | Literal["optimal"] = Field(
        description="ISO datetime in the future (UTC if no offset), or 'optimal'."
    )
    campaign_id: int | None = Field(default=None, gt=0)
    content_id: int | None = Field(default=None, gt=0, description="Draft the text came from.")

    @field_validator("text")
    @classmethod
    def _fits_platform(cls, text: str, info: ValidationInfo) -> str:
        limit = posting.PLATFORM_LIMITS.get(info.data.get("platform", ""), 3000)
        if len(text) > limit:
            raise ValueError(f"{len(text)} characters; {info.data['platform']} allows {limit}")
        return text

    @field_validator("at", mode="before")
    @classmethod
    def _parse_at(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() != "optimal":
            try:
                return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
            except ValueError:
                raise ValueError("must be an ISO datetime or 'optimal'") from None
        return value.strip().lower() if isinstance(value, str) else value


@register(
    "schedule_post",
    departments=MARKETING,
    effect=Effect.EXTERNAL,
    args=SchedulePostArgs,
    description="""Schedule a social media post on LinkedIn, X, Facebook or Instagram at a
future time, or at='optimal' for the best weekday and hour from engagement data. Records the
post in the outbox once (a retry does not post twice). Returns the scheduled post.""",
)
def schedule_post(scope: Scope, args: SchedulePostArgs) -> dict[str, Any]:
    return posting.schedule_post(
        scope,
        key=action_key(scope, "schedule_post", args),
        platform=args.platform,
        text=args.text,
        at=None if args.at == "optimal" else args.at,
        campaign_id=args.campaign_id,
        content_id=args.content_id,
    )


class CampaignArgs(ToolArgs):
    campaign_id: int = CampaignId


@register(
    "analyze_campaign",
    departments=MARKETING,
    effect=Effect.READ,
    args=CampaignArgs,
    description="""Analyse one campaign's performance from its daily metrics: totals, open/
click/conversion/unsubscribe/engagement rates, CPA and ROAS, last-7-days trend, the success
criteria (open > 30%, click > 5%, conversion > 2%, engagement > 8%) and the optimisations they
trigger (subject-line A/B test, new CTA, budget x1.5). Rates are per delivered email (per
impression for social): open = opens/delivered, click = clicks/delivered, conversion =
conversions/delivered.""",
)
def analyze_campaign(scope: Scope, args: CampaignArgs) -> dict[str, Any]:
    return analysis.analyze_campaign(scope, args.campaign_id)


class CreateCampaignArgs(EventArgs):
    name: str | None = Field(
        default=None,
        max_length=200,
        description="Campaign name; default '<event name> <channel> campaign'.",
    )
    channel: Literal["email", "social"] = "email"
    goal: str | None = Field(
        default=None, max_length=200, description="What it is for; default 'ticket sales'."
    )


@register(
    "create_campaign",
    departments=MARKETING,
    effect=Effect.DRAFT,
    args=CreateCampaignArgs,
    description="""Start a new campaign for an event (the next upcoming one by default):
records it as a draft with a $0 budget (a person sets the budget), running from today until
the event, with every CRM contact as its audience. Nothing is sent; its first
send_email_campaign makes it active. Creating the same event, name and channel again returns
the existing campaign (existing=true). Returns campaign_id.""",
)
def create_campaign(scope: Scope, args: CreateCampaignArgs) -> dict[str, Any]:
    return campaign_setup.create_campaign(
        scope, event_id=args.event_id, name=args.name, channel=args.channel, goal=args.goal
    )


class SendEmailCampaignArgs(ToolArgs):
    campaign_id: int = CampaignId
    subject: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=20000, description="{first_name} is a merge tag.")
    segment: str | None = Field(
        default=None,
        max_length=100,
        description="Segment name from segment_audience, e.g. "
        "'engagement:high', 'seniority:vp', 'cluster:4-1'.",
    )
    filter: AudienceFilterArgs | None = None
    variant: str = Field(default="A", pattern="^[A-E]$", description="A/B variant label.")


@register(
    "send_email_campaign",
    departments=MARKETING,
    effect=Effect.EXTERNAL,
    args=SendEmailCampaignArgs,
    description="""Send an email campaign's message to a
segment and/or audience filter, with per-recipient open/click tracking. Opted-out, bounced and
unsubscribed contacts are always excluded and counted. Recorded once in the outbox; a retry
sends nothing new. Returns recipients and exclusions.""",
)
def send_email_campaign(scope: Scope, args: SendEmailCampaignArgs) -> dict[str, Any]:
    return email_send.send_email_campaign(
        scope,
        key=action_key(scope, "send_email_campaign", args),
        campaign_id=args.campaign_id,
        subject=args.subject,
        body=args.body,
        segment=args.segment,
        rules=args.filter.rules() if args.filter else None,
        variant=args.variant,
    )


class AbTestArgs(ToolArgs):
    mode: Literal["design", "analyze"]
    campaign_id: int = CampaignId
    test_type: Literal["subject_line", "cta"] = "subject_line"
    variants: int = Field(default=2, ge=2, le=4, description="Arms to design (design mode).")
    baseline_rate: float | None = Field(
        default=None, gt=0, lt=1, description="Control rate; default the campaign's."
    )
    minimum_detectable_effect: float = Field(
        default=0.05, gt=0, lt=0.5, description="Absolute lift to detect, 0.05 = 5 pts."
    )
    language: str | None = CopyLanguage


@register(
    "ab_test",
    departments=MARKETING,
    effect=Effect.DRAFT,
    args=AbTestArgs,
    description="""A/B test subject lines or CTAs. mode='design' drafts 2-4 variants and
computes the sample size per arm (two-proportion power, alpha 0.05, power 0.8) and an equal
split; mode='analyze' reads the campaign's sends by variant and reports rates, the z-test
p-value and the winner (p < 0.05). Design saves drafts only; analyze changes nothing.""",
)
def ab_test(scope: Scope, args: AbTestArgs) -> dict[str, Any]:
    if args.mode == "analyze":
        return ab_testing.analyze_ab_test(
            scope, campaign_id=args.campaign_id, test_type=args.test_type
        )
    language = copy_language(args.language)
    return ab_testing.design_ab_test(
        scope,
        templates=_templates(language),
        language=language,
        campaign_id=args.campaign_id,
        test_type=args.test_type,
        variants=args.variants,
        baseline_rate=args.baseline_rate,
        minimum_detectable_effect=args.minimum_detectable_effect,
    )


class OptimizeTimingArgs(EventArgs):
    campaign_id: int | None = Field(default=None, gt=0, description="Default: the event's.")
    channel: Literal["email", "social"] = "email"
    min_sample: int = Field(default=30, ge=1, le=10000, description="Min sends per slot.")


@register(
    "optimize_timing",
    departments=MARKETING,
    effect=Effect.READ,
    args=OptimizeTimingArgs,
    description="""Find the best weekday and hour to send email or post on social, from
past sends' open and click rates per slot (UTC and the audience's majority timezone) and
social engagement by weekday. Returns the best slot, the top slots and opens by hour.""",
)
def optimize_timing(scope: Scope, args: OptimizeTimingArgs) -> dict[str, Any]:
    return timing.optimize_timing(
        scope,
        campaign_id=args.campaign_id,
        event_id=args.event_id,
        channel=args.channel,
        min_sample=args.min_sample,
    )


class SegmentAudienceArgs(ToolArgs):
    method: Literal["rules", "kmeans"] = "rules"
    group_by: list[Dimension] = Field(default=["engagement"], min_length=1)
    k: int = Field(default=4, ge=2, le=8, description="Clusters for method='kmeans'.")
    filter: AudienceFilterArgs | None = None
    samples: int = Field(default=5, ge=0, le=50, description="Sample contact ids per segment.")


@register(
    "segment_audience",
    departments=MARKETING,
    effect=Effect.READ,
    args=SegmentAudienceArgs,
    description="""Segment contacts by rules (seniority,
industry, region, engagement level, speaker, past attendee) or by k-means clusters on
engagement. Returns each segment's name (usable as send_email_campaign's segment), size,
mailable count (excluding opted-out, bounced, unsubscribed), defining features and sample ids.""",
)
def segment_audience(scope: Scope, args: SegmentAudienceArgs) -> dict[str, Any]:
    return segments.segment_audience(
        scope,
        group_by=args.group_by,
        rules=args.filter.rules() if args.filter else None,
        method=args.method,
        k=args.k,
        samples=args.samples,
    )


class MonitorMetricsArgs(EventArgs):
    campaign_id: int | None = Field(
        default=None, gt=0, description="One campaign; default all active ones of the event."
    )
    days: int = Field(default=7, ge=1, le=90, description="Window ending yesterday.")


@register(
    "monitor_metrics",
    departments=MARKETING,
    effect=Effect.READ,
    args=MonitorMetricsArgs,
    description="""Monitor open, click, conversion and engagement rates of the event's
active campaigns (or one) over the last N days against the targets, with alerts (critical below
25% open or 3% click, warning below target, info above 5% conversion) and the recommended
optimisation for each.""",
)
def monitor_metrics(scope: Scope, args: MonitorMetricsArgs) -> dict[str, Any]:
    return analysis.monitor_metrics(
        scope, event_id=args.event_id, campaign_id=args.campaign_id, days=args.days
    )
