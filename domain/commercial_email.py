"""CAN-SPAM: every commercial email names its sender and carries a valid postal address.

One place composes the footer that outreach (``send_email``) and campaign
(``send_email_campaign``) emails get when they are recorded for sending. A tenant
without a postal address cannot send them: the policy denies the action with a reason
(``missing_postal_address``) and, should a caller skip the policy, recording refuses
too. The unsubscribe link belongs to the delivery layer (another issue): it passes
``unsubscribe_url`` to ``with_sender_footer`` and the footer carries it; until then
the footer carries no link.
"""

from __future__ import annotations

from domain.errors import DomainError
from domain.models import Tenant
from domain.scope import Scope

FOOTER_SEPARATOR = "\n\n--\n"
COMMERCIAL_EMAIL_TOOLS = frozenset({"send_email", "send_email_campaign"})
"""Tools whose emails are commercial messages under CAN-SPAM."""


class MissingPostalAddressError(DomainError):
    """The tenant has no postal address, so it may not send commercial email."""

    def __init__(self, tenant_id: str) -> None:
        super().__init__(
            f"tenant {tenant_id!r} has no postal address configured; CAN-SPAM requires the "
            "sender's physical postal address in every commercial email, so this email "
            "cannot be sent until one is set"
        )


def sender_postal_address(scope: Scope) -> str | None:
    """The tenant's postal address, or None when it has not been configured."""
    tenant = scope.session.get(Tenant, scope.tenant_id)
    address = (tenant.postal_address or "").strip() if tenant else ""
    return address or None


def sender_footer(sender: str, postal_address: str, unsubscribe_url: str | None = None) -> str:
    """The footer lines: who sends, where they are, and (once delivery adds it) how to opt out."""
    lines = [sender, *(line.strip() for line in postal_address.splitlines() if line.strip())]
    if unsubscribe_url:
        lines.append(f"Unsubscribe: {unsubscribe_url}")
    return FOOTER_SEPARATOR + "\n".join(lines)


def with_sender_footer(scope: Scope, body: str, *, unsubscribe_url: str | None = None) -> str:
    """``body`` with the sender's footer appended once (a body that has it is unchanged).

    Raises:
        MissingPostalAddressError: the tenant has no postal address.
    """
    address = sender_postal_address(scope)
    if address is None:
        raise MissingPostalAddressError(scope.tenant_id)
    tenant = scope.session.get(Tenant, scope.tenant_id)
    footer = sender_footer(tenant.name if tenant else scope.tenant_id, address, unsubscribe_url)
    return body if body.rstrip().endswith(footer.strip()) else body.rstrip() + footer
