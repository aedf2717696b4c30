"""Results of the marketing tools the campaign optimisation reads."""

from __future__ import annotations

from typing_extensions import TypedDict

from tools.results import TypedTool


class EventName(TypedDict):
    """The event a marketing result is about."""

    id: int
    name: str


class CampaignRef(TypedDict):
    """A campaign as the marketing tools describe it."""

    id: int
    name: str
    channel: str
    status: str
    starts_on: str
    ends_on: str
    budget: float
    goal: str


class CampaignTotals(TypedDict):
    """Counts over the window."""

    impressions: int
    sent: int
    delivered: int
    opens: int
    clicks: int
    engagements: int
    conversions: int
    unsubscribes: int


class CampaignRates(TypedDict):
    """Rates over the window; None where the channel has no denominator."""

    open_rate: float | None
    click_rate: float | None
    conversion_rate: float | None
    unsubscribe_rate: float | None
    engagement_rate: float | None


class CampaignEconomics(TypedDict):
    """Spend against revenue; cost per acquisition and return on ad spend when defined."""

    spend: float
    revenue: float
    cpa: float | None
    roas: float | None


class MonitoredCampaign(TypedDict):
    """One campaign's last days in ``monitor_metrics``."""

    campaign: CampaignRef
    totals: CampaignTotals
    rates: CampaignRates
    economics: CampaignEconomics


class CampaignMetrics(TypedDict):
    """``monitor_metrics``: every active campaign over the window ending yesterday."""

    event: EventName
    campaigns: list[MonitoredCampaign]


class RateChange(TypedDict):
    """How a rate moved between the previous and the last seven days."""

    points: float
    direction: str


class CampaignTrend(TypedDict):
    """The week-on-week change per rate (None when a week has no data)."""

    change: dict[str, RateChange | None]


class CampaignAnalysis(TypedDict):
    """``analyze_campaign``: the whole run of one campaign, with its trend."""

    campaign: CampaignRef
    totals: CampaignTotals
    rates: CampaignRates
    economics: CampaignEconomics
    trend: CampaignTrend


class TimingSlot(TypedDict, total=False):
    """The best send slot; which figures it carries depends on the channel's evidence."""

    basis: str
    weekday: str | None
    weekday_index: int | None
    hour_utc: int | None
    sends: int
    open_rate: float
    click_rate: float
    engagement_rate: float | None


class TimingAdvice(TypedDict):
    """``optimize_timing``: the best slot for a channel (None without enough sends)."""

    channel: str
    best: TimingSlot | None


class ContentItem(TypedDict):
    """One drafted piece of content (a variant)."""

    id: int
    variant: str
    angle: str
    title: str
    body: str
    status: str
    reused: bool


class GeneratedContent(TypedDict):
    """``generate_content``: the drafted variants."""

    kind: str
    items: list[ContentItem]


class AbTestDesign(TypedDict):
    """``ab_test`` in design mode: the arms drafted and the sample they need."""

    campaign_id: int
    test_type: str
    sample_size_per_arm: int
    mailable_contacts: int
    feasible: bool
    variants: list[ContentItem]


class CampaignCreated(TypedDict):
    """``create_campaign``: the new (or existing) campaign and the audience it sends to."""

    campaign_id: int
    campaign: CampaignRef
    segment: str
    existing: bool


MONITOR_METRICS = TypedTool("monitor_metrics", CampaignMetrics)
ANALYZE_CAMPAIGN = TypedTool("analyze_campaign", CampaignAnalysis)
OPTIMIZE_TIMING = TypedTool("optimize_timing", TimingAdvice)
GENERATE_CONTENT = TypedTool("generate_content", GeneratedContent)
AB_TEST = TypedTool("ab_test", AbTestDesign)
CREATE_CAMPAIGN = TypedTool("create_campaign", CampaignCreated)
