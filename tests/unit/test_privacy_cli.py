"""`switchboard privacy export|erase` on a private copy of the demo SQLite database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.demo import anchors
from switchboard.cli.privacy_cmd import privacy_app
from switchboard.settings import get_settings

runner = CliRunner()
EMAIL = anchors.ORDER_BUYER_EMAIL


@pytest.fixture(autouse=True)
def demo_db(fresh_demo_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("SWITCHBOARD_DATABASE_URL", fresh_demo_url)
    monkeypatch.setenv("SWITCHBOARD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("SWITCHBOARD_TENANT", raising=False)
    get_settings.cache_clear()
    yield fresh_demo_url
    get_settings.cache_clear()


def test_export_prints_the_person_s_rows_as_json() -> None:
    result = runner.invoke(privacy_app, ["export", "--email", EMAIL])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [o["number"] for o in data["tables"]["orders"]] == [anchors.ORDER_BELOW_REFUND_THRESHOLD]
    assert data["suppressed"] is False and data["conversations"] == []


def test_erase_needs_confirmation_then_prints_a_receipt() -> None:
    refused = runner.invoke(privacy_app, ["erase", "--email", EMAIL])
    assert refused.exit_code == 2
    assert "add --yes to confirm" in refused.stderr
    done = runner.invoke(privacy_app, ["erase", "--email", EMAIL, "--yes"])
    assert done.exit_code == 0, done.output
    receipt = json.loads(done.stdout.strip().splitlines()[-1])
    assert receipt["subject"].startswith("erased:") and receipt["rows"]["orders"] == 1
    assert EMAIL not in done.stdout and "Lindqvist" not in done.stdout
    after = json.loads(runner.invoke(privacy_app, ["export", "--email", EMAIL]).stdout)
    assert (after["row_count"], after["suppressed"]) == (0, True)


@pytest.mark.parametrize(
    ("argv", "code", "sentence"),
    [
        (["export"], 2, "give the person's --email or --contact-id"),
        (["export", "--email", "not-an-address"], 2, "is not an email address"),
        (["erase", "--email", EMAIL, "--phone", "e", "--yes"], 2, "'e' is not a phone number"),
        (["erase", "--contact-id", "999999", "--yes"], 1, "no contact 999999 for this tenant"),
        (["export", "--email", EMAIL, "--tenant", "nobody"], 1, "no tenant 'nobody'"),
    ],
)
def test_bad_requests_exit_with_a_sentence(argv: list[str], code: int, sentence: str) -> None:
    result = runner.invoke(privacy_app, argv)
    assert result.exit_code == code, result.output
    assert sentence in result.stderr
