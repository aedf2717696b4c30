"""The role ladder, key lifetimes and who counts as the same requester (no database)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from domain.api_keys import parse_lifetime
from domain.caller import Caller
from domain.errors import InvalidArgumentError
from domain.models import Approval
from domain.roles import DEFAULT_ROLE, Role
from domain.scope import Scope
from domain.separation import same_requester


def test_each_role_allows_exactly_the_ones_below_it() -> None:
    ladder = [Role.VIEWER, Role.OPERATOR, Role.APPROVER, Role.ADMIN]
    for i, role in enumerate(ladder):
        assert [role.allows(other) for other in ladder] == [j <= i for j in range(4)], role
    assert DEFAULT_ROLE is Role.VIEWER


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90m", timedelta(minutes=90)),
        ("12h", timedelta(hours=12)),
        (" 30d ", timedelta(days=30)),
        ("2w", timedelta(weeks=2)),
    ],
)
def test_lifetimes_are_a_number_and_a_unit(text: str, expected: timedelta) -> None:
    assert parse_lifetime(text) == expected


@pytest.mark.parametrize("text", ["30", "d", "0d", "1y", "-3d", "30 days", "99999w"])
def test_other_lifetimes_are_refused_with_a_sentence(text: str) -> None:
    with pytest.raises(InvalidArgumentError) as refused:
        parse_lifetime(text)
    assert str(refused.value).startswith("expires_in: ")


def _scope(caller: Caller | None) -> Scope:
    return Scope(session=None, tenant_id="t", today=date(2026, 9, 1), caller=caller)  # type: ignore[arg-type]


def _approval(**requested: Any) -> Approval:
    return Approval(requested_by="key:ada", **requested)


def test_the_same_key_or_the_same_persons_email_is_the_same_requester() -> None:
    ada = Caller("key:ada", key_id=1, key_name="ada", person="Ada <Ada@Example.com>")
    assert same_requester(_scope(ada), _approval(requested_key_id=1))
    assert same_requester(
        _scope(ada), _approval(requested_key_id=2, requested_person="ada@example.com")
    )
    assert not same_requester(
        _scope(ada), _approval(requested_key_id=2, requested_person="Bob <bob@example.com>")
    )
    assert not same_requester(_scope(ada), _approval(requested_key_id=None))
    assert not same_requester(_scope(Caller("cli")), _approval(requested_key_id=None))
    assert not same_requester(_scope(None), _approval(requested_key_id=1))
