"""The console script starts without importing the graph, the server or scikit-learn, and
commands that run no graph never import it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.core import TyperCommand, TyperGroup

from switchboard.cli.main import LAZY_COMMANDS, load_command

HEAVY = ["langgraph", "langchain_core", "sklearn", "fastapi", "sqlalchemy", "server", "graphs"]

PROBE = """
import json, sys
from switchboard.cli.main import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))
"""


def loaded_after(*argv: str) -> set[str]:
    """Top-level modules imported by a fresh interpreter running ``switchboard ARGV``."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *argv], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [["--help"], ["--version"]])
def test_help_imports_nothing_heavy(argv: list[str]) -> None:
    loaded = loaded_after(*argv)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


@pytest.mark.parametrize("name", sorted(LAZY_COMMANDS))
def test_every_listed_command_loads(name: str) -> None:
    command = load_command(name)
    assert isinstance(command, TyperCommand | TyperGroup)
    assert command.name == name
    assert command.help  # its own docstring, shown by `switchboard NAME --help`


GRAPH_STACK = ["langgraph", "langchain_core", "langchain", "sklearn", "fastapi", "server", "graphs"]
"""What a command that runs no graph must not import (each costs its process seconds)."""

COMMAND_PROBE = """
import json, sys
from switchboard.cli.main import app
try:
    app(sys.argv[1:])
    code = 0
except SystemExit as exc:
    code = exc.code or 0
print(json.dumps({"code": code, "modules": sorted({m.split('.')[0] for m in sys.modules})}))
"""


def run_command(
    database_url: str, folder: Path, *argv: str, settings: dict[str, str] | None = None
) -> tuple[int, str, set[str]]:
    """Exit code, the command's own output, and the top-level modules it imported
    (``settings``: more ``SWITCHBOARD_*`` variables)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWITCHBOARD_")}
    env |= {"SWITCHBOARD_DATABASE_URL": database_url, "SWITCHBOARD_DATA_DIR": str(folder)}
    env |= settings or {}
    done = subprocess.run(
        [sys.executable, "-c", COMMAND_PROBE, *argv],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=folder,
    )
    *output, last = done.stdout.strip().splitlines()
    report = json.loads(last)
    return report["code"], "\n".join(output) + done.stderr, set(report["modules"])


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["approvals", "--json"], "["),
        (["crons", "list", "--json"], '"crons": []'),
        (["tenants", "list"], "demo"),
    ],
)
def test_a_command_that_runs_no_graph_imports_none_of_it(
    fresh_demo_url: str, tmp_path: Path, argv: list[str], says: str
) -> None:
    code, output, loaded = run_command(fresh_demo_url, tmp_path, *argv)
    assert code == 0, output
    assert says in output
    assert not loaded & set(GRAPH_STACK), sorted(loaded & set(GRAPH_STACK))


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["leads", "show", "1"], "contact_id: 1"),
        (["pipeline", "errors"], "the error queue is empty"),
        (["relay", "--once"], '"claimed": 0'),
    ],
)
def test_a_command_that_calls_no_model_builds_none(
    fresh_demo_url: str, tmp_path: Path, argv: list[str], says: str
) -> None:
    """The chat model (and with it LangChain and LangGraph) is built on first use only."""
    smtp = {"SWITCHBOARD_SMTP_URL": "smtp://127.0.0.1:1"}  # never dialled: the outbox is empty
    code, output, loaded = run_command(fresh_demo_url, tmp_path, *argv, settings=smtp)
    assert code == 0, output
    assert says in output
    assert not loaded & set(GRAPH_STACK), sorted(loaded & set(GRAPH_STACK))


def test_a_scheduler_pass_with_nothing_due_builds_no_graph(
    fresh_demo_url: str, tmp_path: Path
) -> None:
    code, output, loaded = run_command(fresh_demo_url, tmp_path, "scheduler", "--once")
    assert code == 0, output
    assert '{"started": [], "skipped": 0, "failed": 0}' in output
    # graphs.context (a dataclass) is all of ``graphs`` it needs
    stack = set(GRAPH_STACK) - {"graphs"}
    assert not loaded & stack, sorted(loaded & stack)


def test_seed_imports_no_graph(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    code, output, loaded = run_command(url, tmp_path, "seed", "--demo", "--as-of", "2026-09-01")
    assert code == 0, output
    assert "Demo tenant 'demo' as of 2026-09-01" in output
    assert not loaded & set(GRAPH_STACK), sorted(loaded & set(GRAPH_STACK))
