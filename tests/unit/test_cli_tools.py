"""`switchboard tools list|call` against a temporary, demo-seeded SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import Field
from typer.testing import CliRunner

from domain.models import Department
from domain.outbox import derive_key, record
from domain.scope import Scope
from switchboard.cli.main import app
from switchboard.settings import get_settings
from tools.common import ToolArgs
from tools.registry import REGISTRY, Effect, register

runner = CliRunner()


def _use_database(mp: pytest.MonkeyPatch, url: str) -> None:
    mp.setenv("SWITCHBOARD_DATABASE_URL", url)
    mp.delenv("SWITCHBOARD_TODAY", raising=False)
    mp.delenv("SWITCHBOARD_TENANT", raising=False)
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One demo-seeded SQLite database (snapshot 2026-09-01) for the whole module."""
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'demo.db'}"
    with pytest.MonkeyPatch.context() as mp:
        _use_database(mp, url)
        seeded = runner.invoke(app, ["seed", "--demo", "--as-of", "2026-09-01", "--json"])
        assert seeded.exit_code == 0, seeded.output
        yield url
    get_settings.cache_clear()


@pytest.fixture
def demo_cli(demo_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Settings pointing at the module's demo database for one test."""
    _use_database(monkeypatch, demo_url)
    yield demo_url
    get_settings.cache_clear()


class EchoArgs(ToolArgs):
    word: str = Field(min_length=1, description="Echoed back.")
    count: int = Field(default=1, gt=0, description="How many times.")


class NotifyArgs(ToolArgs):
    recipient: str = Field(description="Who would be emailed.")


@pytest.fixture
def test_tools() -> Iterator[None]:
    """Three throwaway tools: an echo of the scope, an outbox write, and a bug."""

    @register(
        "cli_test_echo",
        departments=Department.SUPPORT,
        effect=Effect.READ,
        args=EchoArgs,
        description="Echo the scope for CLI tests.",
    )
    def echo(scope: Scope, args: EchoArgs) -> dict[str, Any]:
        return {
            "words": [args.word] * args.count,
            "tenant": scope.tenant_id,
            "today": scope.today,
            "actor": scope.actor,
            "key": scope.idempotency_key,
        }

    @register(
        "cli_test_notify",
        departments=Department.SUPPORT,
        effect=Effect.EXTERNAL,
        args=NotifyArgs,
        description="Record one outbox row for CLI tests.",
    )
    def notify(scope: Scope, args: NotifyArgs) -> dict[str, Any]:
        key = scope.idempotency_key or derive_key("cli_test_notify", args.model_dump())
        recorded = record(scope, key=key, kind="email", recipient=args.recipient)
        return {"outbox_id": recorded.message.id, "duplicate": not recorded.created}

    @register(
        "cli_test_bug",
        departments=Department.SUPPORT,
        effect=Effect.READ,
        args=ToolArgs,
        description="Always fails like a bug would.",
    )
    def bug(scope: Scope, args: ToolArgs) -> dict[str, Any]:
        raise RuntimeError("boom\nsecond line")

    yield
    for name in ("cli_test_echo", "cli_test_notify", "cli_test_bug"):
        REGISTRY.pop(name, None)


def _call(*argv: str) -> Any:
    return runner.invoke(app, ["tools", "call", *argv])


def test_tools_list_json_describes_every_tool() -> None:
    result = runner.invoke(app, ["tools", "list", "--json"])
    assert result.exit_code == 0, result.output
    listed = {tool["name"]: tool for tool in json.loads(result.stdout)}
    assert set(listed) == set(REGISTRY)
    predict = listed["predict_attendance"]
    assert predict["effect"] == "read"
    assert predict["departments"] == ["analytics"]
    assert predict["args_schema"]["type"] == "object"
    assert listed["process_refund"]["effect"] == "external"
    assert predict["description"]


def test_tools_list_filters_by_department() -> None:
    result = runner.invoke(app, ["tools", "list", "--json", "--department", "support"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert listed
    assert all("support" in tool["departments"] for tool in listed)
    assert "process_refund" in {tool["name"] for tool in listed}


def test_tools_list_table_and_unknown_department() -> None:
    table = runner.invoke(app, ["tools", "list"])
    assert table.exit_code == 0, table.output
    assert "predict_attendance" in table.stdout
    bad = runner.invoke(app, ["tools", "list", "--department", "finance"])
    assert bad.exit_code == 2
    assert bad.stderr.startswith("--department must be one of sales, marketing,")


def test_call_with_malformed_json_is_one_line_exit_2() -> None:
    result = _call("predict_attendance", "--args", "{event_id: 1}")
    assert result.exit_code == 2
    assert result.stderr.startswith("--args is not valid JSON: Expecting property name")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.output


def test_call_with_non_object_args_is_exit_2() -> None:
    result = _call("predict_attendance", "--args", "[1, 2]")
    assert result.exit_code == 2
    assert result.stderr == "--args must be a JSON object such as '{}', not list\n"


def test_call_unknown_tool_is_exit_2() -> None:
    result = _call("predict_attendence")
    assert result.exit_code == 2
    assert result.stderr == (
        "no tool named 'predict_attendence'; `switchboard tools list` shows them all\n"
    )


@pytest.mark.usefixtures("demo_cli", "test_tools")
def test_call_builds_the_scope_from_settings_and_tenant() -> None:
    result = _call(
        "cli_test_echo", "--args", '{"word": "hi", "count": 2}', "--json", "--key", "k-1"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1  # compact JSON on one line
    assert json.loads(result.stdout) == {
        "words": ["hi", "hi"],
        "tenant": "demo",
        "today": "2026-09-01",
        "actor": "cli",
        "key": "k-1",
    }


@pytest.mark.usefixtures("demo_cli", "test_tools")
def test_call_today_follows_a_pinned_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SWITCHBOARD_TODAY", "2026-08-15")
    get_settings.cache_clear()
    result = _call("cli_test_echo", "--args", '{"word": "x"}', "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["today"] == "2026-08-15"


@pytest.mark.usefixtures("demo_cli", "test_tools")
def test_call_bad_argument_names_it_with_exit_2() -> None:
    result = _call("cli_test_echo", "--args", '{"word": "hi", "count": -1}')
    assert result.exit_code == 2
    assert result.stderr == "cli_test_echo: argument 'count': Input should be greater than 0\n"


@pytest.mark.usefixtures("demo_cli", "test_tools")
def test_call_commits_and_key_makes_it_act_once() -> None:
    args = ["--args", '{"recipient": "a@example.org"}', "--key", "cli-test-once", "--json"]
    first = _call("cli_test_notify", *args)
    second = _call("cli_test_notify", *args)
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    one, two = json.loads(first.stdout), json.loads(second.stdout)
    assert one["duplicate"] is False
    assert two == {"outbox_id": one["outbox_id"], "duplicate": True}


@pytest.mark.usefixtures("demo_cli", "test_tools")
def test_call_a_failing_tool_is_one_line_not_a_traceback() -> None:
    result = _call("cli_test_bug")
    assert result.exit_code == 1
    assert result.stderr == "cli_test_bug failed: RuntimeError: boom\n"


@pytest.mark.usefixtures("demo_cli")
def test_call_real_tool_prints_json() -> None:
    compact = _call("predict_attendance", "--args", "{}", "--json")
    assert compact.exit_code == 0, compact.output
    assert isinstance(json.loads(compact.stdout), dict)
    pretty = _call("predict_attendance")
    assert pretty.exit_code == 0, pretty.output
    assert json.loads(pretty.stdout) == json.loads(compact.stdout)


@pytest.mark.usefixtures("test_tools")
def test_call_on_a_missing_database_says_to_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "absent.db"
    _use_database(monkeypatch, f"sqlite:///{path}")
    result = _call("cli_test_echo", "--args", '{"word": "hi"}')
    assert result.exit_code == 1
    assert result.stderr == (
        f"no tenant 'demo' in sqlite:///{path}; run `switchboard seed --demo` first\n"
    )
    assert not path.exists()


@pytest.mark.usefixtures("test_tools")
def test_call_on_a_migrated_but_empty_database_says_to_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    _use_database(monkeypatch, url)
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = _call("cli_test_echo", "--args", '{"word": "hi"}')
    assert result.exit_code == 1
    assert result.stderr == f"no tenant 'demo' in {url}; run `switchboard seed --demo` first\n"
