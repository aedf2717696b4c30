"""``switchboard leads`` and ``switchboard pipeline`` as a user runs them (embedded default)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.process_helpers import Processes, cli_env, cli_processes


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Processes]:
    with cli_processes(tmp_path) as processes:
        yield processes


def test_source_runs_every_stage_in_process_and_the_error_queue_answers(
    procs: Processes, fresh_demo_url: str, tmp_path: Path
) -> None:
    env = cli_env(fresh_demo_url, tmp_path)
    sourced = procs.run(
        env,
        "leads",
        "source",
        "--company-id",
        "3",
        "--email",
        "nina.park@initech.example",
        "--first-name",
        "Nina",
        "--last-name",
        "Park",
        "--title",
        "VP Partnerships",
        "--json",
    )
    assert sourced.returncode == 0, sourced.stderr
    out = json.loads(sourced.stdout)
    assert out["created"] is True and "note" not in out
    assert [(s["stage"], s["status"]) for s in out["steps"]] == [
        ("sourced", "done"),
        ("enriched", "done"),
        ("verified", "done"),
        ("scored", "done"),
    ]
    shown = procs.run(env, "leads", "show", str(out["contact_id"]))
    assert shown.returncode == 0 and "scored    done    attempts=1  score=" in shown.stdout

    assert procs.run(env, "pipeline", "errors").stdout.strip() == "the error queue is empty"
    retry = procs.run(env, "pipeline", "retry", "999")
    assert retry.returncode == 2
    assert retry.stderr.strip() == "cannot retry: no failed lead step 999 for this tenant (step_id)"
    malformed = procs.run(env, "leads", "source", "--company-id", "3", "--email", "x@y")
    assert malformed.returncode == 2 and "is not an email address" in malformed.stderr
