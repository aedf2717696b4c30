"""Named records the demo tenant always contains, one per escalation rule in the seeds.

The generator builds everything else from a seeded random stream; these are placed on
purpose so tests, evals and the README can name them. Day offsets are relative to the
tenant's snapshot date ("today" for the demo).
"""

from __future__ import annotations

from decimal import Decimal

TENANT_ID = "demo"
TENANT_NAME = "Northwind Events"
POSTAL_ADDRESS = (
    "Northwind Events Inc.\n548 Market Street, Suite 4120\nSan Francisco, CA 94104\nUSA"
)
"""The sender address CAN-SPAM requires in every outreach and campaign email."""
DEFAULT_SEED = 7

EVENT_SLUG = "ai-summit-2026"
EVENT_NAME = "Northwind AI Summit 2026"
EVENT_STARTS_IN_DAYS = 42
PAST_EVENT_SLUG = "ai-summit-2025"
PAST_EVENT_NAME = "Northwind AI Summit 2025"

# Support / refunds (seed 000: refund > $500 escalates).
ORDER_ABOVE_REFUND_THRESHOLD = "ORD-10500"
ORDER_ABOVE_REFUND_AMOUNT = Decimal("1250.00")
ORDER_BELOW_REFUND_THRESHOLD = "ORD-10501"
ORDER_BELOW_REFUND_AMOUNT = Decimal("349.00")
ORDER_BUYER_EMAIL = "maya.lindqvist@example.org"  # owner of ORD-10501, for lookups by email

# Sales (seed 000: deal value > $50,000 escalates; no stage change past negotiation).
BIG_DEAL_COMPANY = "Acme Cloud"
BIG_DEAL_VALUE = Decimal("75000.00")
BIG_DEAL_STAGE = "negotiation"

# Outreach (opt-outs are never contacted; bounced addresses fail verification).
OPTED_OUT_EMAIL = "jordan.reyes@globex.example"
BOUNCED_EMAIL = "sam.okafor@initech.example"

# Operations (seed 000 critical criteria).
OVERDUE_DELIVERABLE = "Final AV run sheet"
OVERDUE_DELIVERABLE_DAYS = 5
UNCONFIRMED_VENDOR = "Harbor Catering Co."
OVERRUN_BUDGET_LINE = "Venue & AV"
OVERRUN_PCT = Decimal("15")

# Marketing (seed 000: open < 25% -> subject test, click < 3% -> new CTA, conv > 5% -> scale).
UNDERPERFORMING_CAMPAIGN = "Early-bird email push"
HIGH_CONVERTING_CAMPAIGN = "Speaker spotlight retargeting"

# Analytics (one spike of cancellations).
CANCELLATION_SPIKE_DAYS_AGO = 12
