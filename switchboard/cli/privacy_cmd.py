"""``switchboard privacy export|erase``: data-subject access and erasure requests.

Exit codes: 0 done; 1 unknown tenant, contact or database; 2 bad input (no or a
malformed identifier, erase without ``--yes``); 3 a thread that mentions the person is
running (nothing was erased; retry when it has finished).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from domain.errors import ConflictError, DomainError, InvalidArgumentError, NotFoundError
from domain.scope import Scope
from switchboard.cli.context import cli_scope, fail, first_line, tenant_transaction
from switchboard.privacy import erase_person, export_person
from switchboard.settings import Settings, get_settings

privacy_app = typer.Typer(
    help="Data-subject requests: export or erase everything held about a person.",
    no_args_is_help=True,
)

EmailOpt = Annotated[
    str | None, typer.Option("--email", help="The person's email address.", show_default=False)
]
ContactOpt = Annotated[
    int | None, typer.Option("--contact-id", help="The person's contact id.", show_default=False)
]
PhoneOpt = Annotated[
    list[str] | None,
    typer.Option("--phone", help="A phone number to search free text for (repeatable)."),
]
TenantOpt = Annotated[
    str | None,
    typer.Option(
        "--tenant", help="Tenant to act for (default: SWITCHBOARD_TENANT).", show_default=False
    ),
]


def _settings(tenant: str | None) -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"tenant": tenant}) if tenant else settings


def _opener(settings: Settings) -> Any:
    @contextmanager
    def open_scope() -> Iterator[Scope]:
        with tenant_transaction(settings) as (session, tenant):
            yield cli_scope(session, tenant, settings)

    return open_scope


@contextmanager
def _one_line_errors() -> Iterator[None]:
    try:
        yield
    except InvalidArgumentError as exc:
        fail(str(exc), code=2)
    except NotFoundError as exc:
        fail(str(exc), code=1)
    except ConflictError as exc:
        fail(str(exc), code=3)
    except DomainError as exc:
        fail(str(exc), code=1)
    except SQLAlchemyError as exc:
        fail(f"database error: {first_line(exc)}", code=1)


def _require_identifier(email: str | None, contact_id: int | None) -> None:
    if email is None and contact_id is None:
        fail("give the person's --email or --contact-id", code=2)


@privacy_app.command("export")
def export(
    email: EmailOpt = None,
    contact_id: ContactOpt = None,
    phone: PhoneOpt = None,
    tenant: TenantOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the JSON here instead of stdout.")
    ] = None,
) -> None:
    """Print everything held about a person as JSON (a data-subject access request)."""
    _require_identifier(email, contact_id)
    settings = _settings(tenant)
    with _one_line_errors():
        data = export_person(
            settings,
            _opener(settings),
            email=email,
            contact_id=contact_id,
            phones=tuple(phone or ()),
        )
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
    Console(stderr=True).print(
        f"{data['row_count']} rows in {len(data['tables'])} tables, "
        f"{len(data['conversations'])} conversations"
    )


@privacy_app.command("erase")
def erase(
    email: EmailOpt = None,
    contact_id: ContactOpt = None,
    phone: PhoneOpt = None,
    tenant: TenantOpt = None,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: erasure cannot be undone.")] = False,
) -> None:
    """Erase a person from the business tables, the audit log and checkpoints; print the receipt."""
    _require_identifier(email, contact_id)
    if not yes:
        fail("erasure cannot be undone; add --yes to confirm", code=2)
    settings = _settings(tenant)
    with _one_line_errors():
        receipt = erase_person(
            settings,
            _opener(settings),
            email=email,
            contact_id=contact_id,
            phones=tuple(phone or ()),
        )
    table = Table(title=f"Erasure receipt {receipt['receipt_id']} ({receipt['subject']})")
    table.add_column("where")
    table.add_column("rows", justify="right")
    for where, count in receipt["rows"].items():
        table.add_row(where, str(count))
    Console(stderr=True).print(table)
    typer.echo(json.dumps(receipt))
