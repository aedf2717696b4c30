"""Moving a deal to a named stage updates the CRM (even when the stage is "qualified"),
and sending a campaign "out" is a campaign send, not a draft."""

from __future__ import annotations

import pytest

from tests.unit.test_sales_support_question_tools import _best


@pytest.mark.parametrize(
    "text",
    [
        "move Helix Health to qualified",
        "bump the Beacon Health deal into negotiation please",
        "set Granite Labs as closed lost",
    ],
)
def test_moving_a_deal_to_a_stage_updates_the_crm(text: str) -> None:
    assert _best("sales", text) == "update_crm"


def test_asking_whether_a_lead_is_qualified_still_qualifies() -> None:
    assert _best("sales", "is Helix Health qualified?") == "qualify_lead"


@pytest.mark.parametrize(
    "text",
    ["blast the speaker spotlight retargeting out tonight", "push the agenda newsletter out"],
)
def test_sending_a_campaign_out_is_a_campaign_send(text: str) -> None:
    assert _best("marketing", text) == "send_email_campaign"
