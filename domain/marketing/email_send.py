"""Send a campaign email to a segment: exclusions, one outbox row, a CampaignSend per recipient."""

from __future__ import annotations

from typing import Any

from domain import outbox
from domain.commercial_email import with_sender_footer
from domain.errors import InvalidArgumentError
from domain.marketing.campaign_setup import NEW_STATUS
from domain.marketing.campaigns import get_campaign
from domain.marketing.segments import AudienceFilter, resolve_segment
from domain.models import CampaignSend
from domain.scope import Scope


def send_email_campaign(
    scope: Scope,
    *,
    key: str,
    campaign_id: int,
    subject: str,
    body: str,
    segment: str | None = None,
    rules: AudienceFilter | None = None,
    variant: str = "A",
) -> dict[str, Any]:
    """Send one email of an email campaign to a segment, once per idempotency key.

    Recipients are the segment's contacts (``all`` when only ``rules`` is given) that
    match ``rules``, minus opted-out, bounced and previously unsubscribed contacts,
    which are counted in ``excluded``. The send is one outbox row (kind
    ``email_campaign``, with the recipient count) and one CampaignSend row per
    recipient. A repeat with the same key returns the first result with
    ``duplicate: true`` and creates no sends. ``{first_name}`` in the body is a merge tag.
    The body gets the sender's CAN-SPAM footer (``domain.commercial_email``).

    Raises:
        NotFoundError: unknown campaign (``campaign_id``).
        InvalidArgumentError: not an email campaign, no audience given, unknown segment,
            or nobody mailable in it.
        MissingPostalAddressError: the tenant has no postal address.
    """
    campaign = get_campaign(scope, campaign_id, channel="email")
    if segment is None and rules is None:
        raise InvalidArgumentError("segment", "give a segment name or an audience filter")
    members = resolve_segment(scope, segment or "all")
    if rules is not None:
        members = [p for p in members if rules.matches(p)]
    recipients = [p for p in members if p.mailable]
    excluded = {
        "opted_out": sum(p.opted_out for p in members),
        "bounced": sum(p.bounced and not p.opted_out for p in members),
        "unsubscribed": sum(p.unsubscribed and not (p.opted_out or p.bounced) for p in members),
    }
    if not recipients:
        raise InvalidArgumentError("segment", f"no mailable contacts in {segment or 'the filter'}")
    body = with_sender_footer(scope, body)
    label = segment or "filtered audience"
    payload: dict[str, Any] = {
        "campaign_id": campaign.id,
        "campaign": campaign.name,
        "segment": label,
        "variant": variant,
        "recipients": len(recipients),
        "excluded": excluded,
        "excluded_total": sum(excluded.values()),
        "sent_at": scope.now.isoformat(),
    }
    if campaign.status == NEW_STATUS:
        campaign.status = "active"  # a campaign started as a draft goes live with its first send
    recorded = outbox.record(
        scope,
        key=key,
        kind="email_campaign",
        recipient=f"{len(recipients)} contacts ({label})"[:500],
        subject=subject,
        body=body,
        payload=payload,
    )
    result = {
        **recorded.message.payload,
        "outbox_id": recorded.message.id,
        "subject": recorded.message.subject,
        "duplicate": not recorded.created,
    }
    if not recorded.created:
        return result
    scope.session.add_all(
        CampaignSend(
            tenant_id=scope.tenant_id,
            campaign_id=campaign.id,
            contact_id=p.id,
            variant=variant,
            subject=subject[:300],
            sent_at=scope.now,
        )
        for p in recipients
    )
    scope.session.flush()
    return result
