"""The list of playbooks; each module declares its own ``PLAYBOOK``."""

from __future__ import annotations

from nodes.playbooks import (
    campaign_optimisation,
    daily_insights,
    daily_operations,
    due_followups,
    research_brief,
    sponsor_outreach,
    support_request,
)
from nodes.playbooks.catalog import Playbook

PLAYBOOKS: tuple[Playbook, ...] = (
    sponsor_outreach.PLAYBOOK,
    campaign_optimisation.PLAYBOOK,
    daily_operations.PLAYBOOK,
    support_request.PLAYBOOK,
    daily_insights.PLAYBOOK,
    research_brief.PLAYBOOK,
    due_followups.PLAYBOOK,
)
