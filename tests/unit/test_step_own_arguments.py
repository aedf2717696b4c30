"""Issue 9 (dev_e2e_y): in a request of written steps, a step that names its own record
is run on that record, not on the one the request named first."""

from __future__ import annotations

from datetime import date

import tools  # noqa: F401  (registers every tool)
from adapters.offline.entities import Catalog, Entity
from adapters.offline.planner import make_plan, next_call
from adapters.offline.request import Request
from tests.offline_pickers import department_picker

TODAY = date(2026, 9, 1)
CATALOG = Catalog(
    "t",
    "Tenant",
    TODAY,
    None,
    {
        "campaign": [
            Entity("campaign", 3, "Agenda launch newsletter"),
            Entity("campaign", 4, "LinkedIn community buzz"),
        ]
    },
)


def _draft_call(text: str) -> dict[str, object]:
    picker = department_picker("marketing")
    req = Request(text, CATALOG, TODAY)
    plan = make_plan(picker, req)
    assert "generate_content" in plan.steps
    executed = [t for t in plan.steps[: plan.steps.index("generate_content")]]
    call = next_call(picker, plan, req, executed)
    assert call.tool == "generate_content"
    return call.filled.args


def test_a_later_step_naming_its_own_campaign_uses_it() -> None:
    args = _draft_call(
        "how many people opened the Agenda launch newsletter? then draft a LinkedIn post "
        "about the agenda for the LinkedIn community buzz campaign"
    )
    assert args["campaign_id"] == 4


def test_a_step_naming_no_record_keeps_the_requests_campaign() -> None:
    args = _draft_call(
        "how many people opened the Agenda launch newsletter? then draft a social post about it"
    )
    assert args.get("campaign_id") == 3
