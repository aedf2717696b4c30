"""Data-subject requests end to end: the business database and the checkpoint store.

The CLI and the REST API both call these. An erasure runs in this order, so that a
failure can simply be retried: resolve the person (names come from the rows about to
be erased), delete the checkpoints of the tenant's threads that mention them, then
anonymise the business rows, close those threads and write the receipt in one
transaction, then compact an embedded SQLite file so freed pages keep no bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import make_url

from adapters.checkpoint_erasure import (
    compact_sqlite,
    conversation,
    delete_threads,
    threads_mentioning,
)
from domain.errors import ConflictError
from domain.models import ErasureReceipt, ThreadRecord
from domain.privacy.erase import erase_subject
from domain.privacy.export import export_subject, plain
from domain.privacy.subject import DataSubject, find_subject
from domain.privacy.suppression import is_suppressed
from domain.privacy.text_match import Matcher
from domain.scope import Scope
from switchboard.settings import Settings

ScopeOpener = Callable[[], AbstractContextManager[Scope]]
"""Opens a tenant scope in its own transaction (committed when the block succeeds)."""


def export_person(
    settings: Settings,
    open_scope: ScopeOpener,
    *,
    email: str | None = None,
    contact_id: int | None = None,
    phones: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Everything held about the person: business rows per table and their conversations.

    Raises:
        InvalidArgumentError: no usable identifier.
        NotFoundError: unknown contact id.
    """
    with open_scope() as scope:
        subject = find_subject(scope, email=email, contact_id=contact_id, phones=phones)
        data = export_subject(
            scope, subject, suppressed=is_suppressed(scope, subject.primary_email)
        )
        threads = _tenant_threads(scope)
    matcher = Matcher(dict.fromkeys(subject.needles, ""))
    data["conversations"] = [
        plain(conversation(settings, thread_id, matcher))
        for thread_id in threads_mentioning(settings, threads, subject.needles)
    ]
    return data


def erase_person(
    settings: Settings,
    open_scope: ScopeOpener,
    *,
    email: str | None = None,
    contact_id: int | None = None,
    phones: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Erase the person everywhere; the receipt, which holds no personal data.

    Raises:
        InvalidArgumentError: no usable identifier.
        NotFoundError: unknown contact id.
        ConflictError: a thread that mentions the person is running (a run could write
            a checkpoint after the deletion); nothing was erased.
        ErasureIncompleteError: a mention survived the sweep (nothing was committed).
    """
    with open_scope() as scope:
        subject: DataSubject = find_subject(
            scope, email=email, contact_id=contact_id, phones=phones
        )
        threads = _tenant_threads(scope)
    affected = threads_mentioning(settings, threads, subject.needles)
    with open_scope() as scope:
        _refuse_running(scope, affected)
    delete_threads(settings, affected)
    with open_scope() as scope:
        receipt = receipt_json(erase_subject(scope, subject, erased_threads=affected))
    business = make_url(settings.resolved_database_url())
    if business.drivername.startswith("sqlite") and business.database not in (None, ":memory:"):
        compact_sqlite(Path(str(business.database)))
    return receipt


def receipt_json(receipt: ErasureReceipt) -> dict[str, Any]:
    """The receipt as the CLI and API show it."""
    return {
        "receipt_id": receipt.id,
        "subject": receipt.subject,
        "erased_at": receipt.erased_at.isoformat(),
        "requested_by": receipt.requested_by,
        "rows": dict(receipt.rows),
        "threads": list(receipt.threads),
    }


def _refuse_running(scope: Scope, thread_ids: list[str]) -> None:
    busy = list(
        scope.session.scalars(
            select(ThreadRecord.id).where(
                ThreadRecord.tenant_id == scope.tenant_id,
                ThreadRecord.id.in_(thread_ids),
                ThreadRecord.status == "busy",
            )
        )
    )
    if busy:
        raise ConflictError(
            f"thread {busy[0]} mentions the person and is running; erase once it has finished"
        )


def _tenant_threads(scope: Scope) -> list[str]:
    return list(
        scope.session.scalars(
            select(ThreadRecord.id).where(ThreadRecord.tenant_id == scope.tenant_id)
        )
    )
