"""CAN-SPAM: outreach and campaign emails carry the sender's postal address, or are refused."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from domain import policy
from domain.commercial_email import sender_footer, with_sender_footer
from domain.demo import anchors
from domain.models import Campaign, Contact, OutboxMessage, Tenant
from domain.scope import Scope
from tools.registry import ToolArgumentError, call_tool

ADDRESS_LINES = anchors.POSTAL_ADDRESS.splitlines()


def _mailable(scope: Scope) -> Contact:
    return scope.session.scalars(
        select(Contact).where(
            Contact.tenant_id == scope.tenant_id,
            Contact.opted_out.is_(False),
            Contact.email_status == "verified",
        )
    ).first() or pytest.fail("the demo has a verified contact")


def _email_campaign(scope: Scope) -> Campaign:
    return scope.session.scalars(
        select(Campaign).where(Campaign.tenant_id == scope.tenant_id, Campaign.channel == "email")
    ).first() or pytest.fail("the demo has an email campaign")


def _without_address(scope: Scope) -> None:
    tenant = scope.session.get(Tenant, scope.tenant_id)
    assert tenant is not None and tenant.postal_address == anchors.POSTAL_ADDRESS
    tenant.postal_address = None
    scope.session.flush()


def test_outreach_and_campaign_emails_carry_the_postal_address(scope: Scope) -> None:
    contact = _mailable(scope)
    sent = call_tool(
        "send_email", {"to": contact.email, "subject": "Sponsoring", "body": "Hello"}, scope
    )
    body = scope.session.get(OutboxMessage, sent["outbox_id"]).body  # type: ignore[union-attr]
    assert body.startswith("Hello\n\n--\nNorthwind Events\n")
    assert body.endswith("\n".join(ADDRESS_LINES))

    campaign = _email_campaign(scope)
    args = {"campaign_id": campaign.id, "subject": "Agenda", "body": "Hi", "segment": "all"}
    result = call_tool("send_email_campaign", args, scope)
    message = scope.session.get(OutboxMessage, result["outbox_id"])
    assert message is not None and all(line in message.body for line in ADDRESS_LINES)


def test_the_footer_is_added_once_and_has_a_seam_for_the_unsubscribe_link(scope: Scope) -> None:
    once = with_sender_footer(scope, "Hello")
    assert with_sender_footer(scope, once) == once
    linked = with_sender_footer(scope, "Hello", unsubscribe_url="https://x.example/u/1")
    assert linked.endswith("Unsubscribe: https://x.example/u/1")
    assert sender_footer("S", " 1 Main St \n\n Town ").splitlines()[-2:] == ["1 Main St", "Town"]


@pytest.mark.parametrize("tool", ["send_email", "send_email_campaign"])
def test_policy_denies_commercial_email_without_a_postal_address(scope: Scope, tool: str) -> None:
    args = (
        {"to": _mailable(scope).email, "subject": "S", "body": "B"}
        if tool == "send_email"
        else {
            "campaign_id": _email_campaign(scope).id,
            "subject": "S",
            "body": "B",
            "segment": "all",
        }
    )
    allowed = policy.decide(scope, agent="sales", tool=tool, effect="external", args=args)
    assert "missing_postal_address" not in allowed.rules
    _without_address(scope)
    denied = policy.decide(
        scope, agent="sales", tool=tool, effect="external", args=args, mode="full_auto"
    )
    assert denied.outcome == "deny"
    (reason,) = [r for r in denied.reasons if r.rule == "missing_postal_address"]
    assert "CAN-SPAM" in reason.message and "postal address" in reason.message
    with pytest.raises(ToolArgumentError, match="no postal address configured"):
        call_tool(tool, args, scope)  # recording refuses too, if the policy is skipped


def test_transactional_email_does_not_need_the_address(scope: Scope) -> None:
    _without_address(scope)
    decision = policy.decide(
        scope,
        agent="support",
        tool="resend_ticket",
        effect="external",
        args={"order_number": anchors.ORDER_BELOW_REFUND_THRESHOLD},
    )
    assert "missing_postal_address" not in decision.rules
