"""Run-scoped context (LangGraph ``context_schema``): who is asking, for which tenant."""

from __future__ import annotations

from dataclasses import dataclass

from domain.caller import Caller


@dataclass(frozen=True)
class Context:
    """Passed with every run (``graph.invoke(..., context=Context(...))``).

    Plain fields only, so LangGraph Studio can render and edit it.

    Attributes:
        tenant_id: every tool call and query is scoped to this tenant.
        actor: the user (or API key) the run acts for, recorded in audit rows.
        key_id, key_name: the API key the run was started or resumed with (None from
            the CLI or Studio); audit rows and approval requests name it.
        person: who the key was issued to (``Ada <ada@example.com>``), if recorded.
    """

    tenant_id: str = "demo"
    actor: str = "user"
    key_id: int | None = None
    key_name: str | None = None
    person: str | None = None

    @property
    def caller(self) -> Caller:
        """The identity scopes opened for this run act for."""
        return Caller(
            actor=self.actor, key_id=self.key_id, key_name=self.key_name, person=self.person
        )
