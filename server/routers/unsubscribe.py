"""One-click unsubscribe (RFC 8058): the signed link in an outreach email opts out.

No API key: the person who clicks has only the link. ``GET`` shows a confirmation
page (link scanners fetch URLs, and a fetch must not opt anybody out); ``POST`` — the
page's button, or a mail client's one-click ``List-Unsubscribe=One-Click`` — opts the
address out of the tenant's mail at once. The token names its tenant, so a link can
only ever affect the tenant that sent it.
"""

from __future__ import annotations

import asyncio
import html
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from adapters.service_secret import service_secret
from domain.base import utcnow
from domain.db import transaction
from domain.mail.unsubscribe import opt_out, read_token
from server.deps import RuntimeDep
from server.runtime import AppRuntime
from server.schemas.common import error_responses

router = APIRouter(prefix="/unsubscribe", tags=["unsubscribe"])

TokenQuery = Annotated[
    str,
    Query(min_length=10, max_length=600, description="The token from the email's link."),
]


@router.get(
    "",
    response_class=HTMLResponse,
    summary="Show the unsubscribe confirmation page",
    responses=error_responses(422, json_only=True),
)
def confirm_page(token: TokenQuery, runtime: RuntimeDep) -> HTMLResponse:
    """A page naming the address, with one button that unsubscribes it."""
    _, address = read_token(service_secret(runtime.services.settings), token)
    return HTMLResponse(
        _page(
            "Unsubscribe",
            f"Stop all emails to <b>{html.escape(address)}</b>?"
            f'<form method="post" action="?token={html.escape(token)}">'
            '<button type="submit">Unsubscribe</button></form>',
        )
    )


@router.post(
    "",
    response_class=HTMLResponse,
    summary="Unsubscribe the address a link names (one click)",
    responses=error_responses(422, json_only=True),
)
async def unsubscribe(token: TokenQuery, runtime: RuntimeDep) -> HTMLResponse:
    """Opt the address out of the tenant's mail now; repeating it changes nothing."""
    await asyncio.to_thread(_opt_out, runtime, token)
    return HTMLResponse(_page("Unsubscribed", "You will not receive these emails any more."))


def _opt_out(runtime: AppRuntime, token: str) -> None:
    tenant_id, address = read_token(service_secret(runtime.services.settings), token)
    with transaction(runtime.services.sessions) as session:
        opt_out(session, tenant_id, address, now=utcnow())


def _page(title: str, content: str) -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body style='font-family:sans-serif;max-width:32rem;margin:4rem auto'>"
        f"<h1>{title}</h1><p>{content}</p></body></html>"
    )
