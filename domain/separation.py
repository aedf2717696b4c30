"""Separation of duties: with the tenant's ``require_distinct_approver`` on, nobody
approves an action they asked for.

"They" is the API key whose run proposed the action (recorded on the approval as
``requested_key_id``) and, when both keys name a person, that person's email: two keys
issued to the same person do not make two people. The local CLI (no key) is the
operator's own shell and is not bound by this rule; it is documented as such.
"""

from __future__ import annotations

from email.utils import parseaddr

from domain.errors import ForbiddenError
from domain.models import Approval, Tenant
from domain.scope import Scope


def _email(person: str | None) -> str | None:
    if not person:
        return None
    address = parseaddr(person)[1] or person
    return address.strip().lower() or None


def same_requester(scope: Scope, row: Approval) -> bool:
    """The deciding caller is the one (key or person) whose run requested ``row``."""
    caller = scope.caller
    if caller is None or caller.key_id is None:
        return False
    if row.requested_key_id is not None and row.requested_key_id == caller.key_id:
        return True
    mine, theirs = _email(caller.person), _email(row.requested_person)
    return mine is not None and mine == theirs


def check_distinct_approver(scope: Scope, row: Approval) -> None:
    """Refuse the decision when the tenant requires a second person and this is the first.

    Raises:
        ForbiddenError: the setting is on and the caller requested the action.
    """
    tenant = scope.session.get(Tenant, scope.tenant_id)
    if tenant is None or not tenant.require_distinct_approver:
        return
    if same_requester(scope, row):
        raise ForbiddenError(
            f"approval {row.id} was requested by {row.requested_by}"
            + (f" ({row.requested_person})" if row.requested_person else "")
            + "; this tenant requires a different key and person to decide it "
            "(require_distinct_approver is on)"
        )
