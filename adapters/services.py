"""The process's long-lived resources, built once from settings and handed to graph builders.

Graph modules never build these at import time: ``graphs.factory`` (for LangGraph
Studio), the CLI and the server each call ``build_services`` when they start, and tests
build their own with an in-memory saver and a scripted model.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from adapters.service_secret import privacy_key
from domain.caller import Caller
from domain.clock import business_today
from domain.db import make_engine, session_factory, tenant_transaction
from domain.errors import NotFoundError
from domain.models import Tenant
from domain.scope import Scope
from switchboard.settings import Settings

if TYPE_CHECKING:  # LangChain and LangGraph load with the first model, not with the database
    from langchain_core.language_models import BaseChatModel

    from adapters.budget_guard import BudgetGuard

_MODEL_BUILD = threading.Lock()
"""Held while a chat model is built, so threads asking at once build it once."""


@dataclass
class Services:
    """Database sessions and the chat model every node uses.

    Whatever model is put here (built from settings, or a test's or a benchmark's) gets
    the budget guard attached as it is assigned, so no model call escapes the tenant's
    and agent's daily budgets (``adapters.budget_guard``).
    """

    settings: Settings
    sessions: sessionmaker[Session]
    model: BaseChatModel

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "model" and value is None:
            return  # built from settings on first use (``__getattr__``)
        if name == "model":
            from langchain_core.language_models import BaseChatModel

            if isinstance(value, BaseChatModel):
                value = self.guarded(value, self.settings.model)
        super().__setattr__(name, value)

    def __getattr__(self, name: str) -> Any:
        """The configured chat model, built when first asked for.

        Only called for attributes not set: ``model`` until it is built or assigned.
        Commands that never call a model (``leads show``, ``relay --once``...) so never
        import the provider packages, LangChain's agents or LangGraph.

        Raises:
            ModelConfigurationError: an unknown provider or a missing provider package.
        """
        if name != "model":
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        from adapters.models import build_chat_model  # the model adapter is heavy; load on use

        with _MODEL_BUILD:
            if "model" not in self.__dict__:  # another thread may have built it meanwhile
                self.model = build_chat_model(self.settings, self)
        model: BaseChatModel = self.__dict__["model"]
        return model

    @cached_property
    def budget_guard(self) -> BudgetGuard:
        """The budget state shared by this process's models (built on first use)."""
        from adapters.budget_guard import BudgetGuard

        return BudgetGuard(self.sessions, self.settings.model_prices)

    @cached_property
    def privacy_key(self) -> bytes:
        """The key of erasure pseudonyms, read once (every scope carries it)."""
        return privacy_key(self.settings)

    def guarded(self, model: BaseChatModel, name: str) -> BaseChatModel:
        """``model`` with the budget guard attached (priced as ``name``), unless disabled."""
        if not self.settings.budgets_enabled:
            return model
        return self.budget_guard.watch(model, name)

    @property
    def engine(self) -> Engine:
        """The business database engine."""
        engine: Engine = self.sessions.kw["bind"]
        return engine

    @contextmanager
    def scope(
        self,
        tenant_id: str,
        *,
        actor: str = "agent",
        idempotency_key: str | None = None,
        caller: Caller | None = None,
    ) -> Iterator[Scope]:
        """A tenant scope in one transaction, committed when the block succeeds.

        On Postgres the transaction runs as the tenant role with row-level security
        bound to ``tenant_id`` (see ``domain.db``), so a query that forgets its filter
        still sees only this tenant's rows.

        Raises:
            NotFoundError: the tenant does not exist.
        """
        with tenant_transaction(self.sessions, tenant_id) as session:
            tenant = session.get(Tenant, tenant_id)
            if tenant is None:
                raise NotFoundError("tenant", tenant_id, argument="tenant_id")
            today = business_today(self.settings.today, tenant.snapshot_date)
            yield Scope(
                session=session,
                tenant_id=tenant_id,
                today=today,
                actor=actor,
                idempotency_key=idempotency_key,
                caller=caller,
                privacy_key=self.privacy_key,
            )


def build_services(settings: Settings, *, model: BaseChatModel | None = None) -> Services:
    """Open the business database; the configured chat model is built on first use
    (``Services.model``) unless ``model`` is given."""
    sessions = session_factory(
        make_engine(settings.resolved_database_url()), tenant_role=settings.database_tenant_role
    )
    return Services(settings=settings, sessions=sessions, model=model)  # type: ignore[arg-type]
