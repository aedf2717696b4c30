"""The console script starts without importing the graph, the server or scikit-learn."""

from __future__ import annotations

import json
import subprocess
import sys

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
