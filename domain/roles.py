"""What an API key may do: four roles, each allowed everything the one below it is.

    viewer < operator < approver < admin

- viewer reads (agents, threads, runs, approvals, activity, metrics);
- operator also starts threads and runs, cancels, retries and posts messages;
- approver also decides approvals (approve, edit, reject, bulk, an AG-UI resume);
- admin also changes agent configuration and tenant settings and manages keys.

Admin includes approver on purpose: an admin can switch an agent to ``full_auto``,
which removes the approval step altogether, so denying admins the approve button
would protect nothing. Who may approve what *someone else* asked for is the job of
the tenant's separation-of-duties setting (``domain.separation``), which binds admins too.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """A key's role, ordered from least to most privileged."""

    VIEWER = "viewer"
    OPERATOR = "operator"
    APPROVER = "approver"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def allows(self, needed: Role) -> bool:
        """This role may do what ``needed`` may do."""
        return self.rank >= needed.rank


DEFAULT_ROLE = Role.VIEWER
"""The role of a key created without ``--role``: least privilege, so a forgotten flag
hands out a read-only key rather than one that can change what agents may do."""

CAN = {
    Role.VIEWER: "read agents, threads, runs, approvals and the activity log",
    Role.OPERATOR: "start threads and runs, cancel and retry runs",
    Role.APPROVER: "approve, edit or reject actions",
    Role.ADMIN: "change agent configuration and tenant settings, and manage API keys",
}
"""What each role adds, as the 403 sentence names it."""
