"""``/session``: the console's sign-in; a key in, an HttpOnly cookie out (``console_session``).

Browser plumbing, not part of the REST API a client codes against: hidden from the
OpenAPI document like ``/app`` and ``/copilotkit``. Scripts keep using Bearer keys.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel, Field

from domain.api_keys import Refusal, authenticate
from domain.db import system_transaction
from server import console_session
from server.deps import PrincipalDep, RuntimeDep
from server.schemas.request_body import RequestBody

router = APIRouter(prefix="/session", tags=["console session"], include_in_schema=False)


class SignIn(RequestBody):
    """The API key a person signs in with."""

    key: str = Field(min_length=1, max_length=200)


class SessionView(BaseModel):
    """Who the session acts as."""

    tenant_id: str
    key_name: str | None
    role: str
    person: str | None


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.post("", response_model=SessionView)
def sign_in(body: SignIn, request: Request, response: Response, runtime: RuntimeDep) -> SessionView:
    """Check the key and set the session cookie; a bad key is a 401 with the reason."""
    with system_transaction(runtime.services.sessions) as session:
        key = authenticate(session, body.key.strip())
        if isinstance(key, Refusal):
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, key.reason)
        token = console_session.issue(runtime.services.settings, key)
        view = SessionView(
            tenant_id=key.tenant_id, key_name=key.name, role=str(key.role), person=key.person
        )
    console_session.set_cookie(response, runtime.services.settings, token, secure=_secure(request))
    return view


@router.get("", response_model=SessionView)
def whoami(principal: PrincipalDep) -> SessionView:
    """The signed-in key's tenant, name, role and person (401 when signed out)."""
    return SessionView(
        tenant_id=principal.tenant_id,
        key_name=principal.key_name,
        role=str(principal.role),
        person=principal.person,
    )


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
def sign_out(request: Request) -> Response:
    """Forget the session cookie in this browser."""
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    console_session.clear_cookie(response, secure=_secure(request))
    return response
