"""A working folder of its own for each ``langgraph dev`` process.

``langgraph dev`` (langgraph_runtime_inmem) keeps its threads, runs and checkpoints as
pickles in ``.langgraph_api/`` under its working folder, and reads them back at start.
Two servers started from the repository at once (two pytest-xdist workers, or a test
beside a benchmark) would share those files and load each other's half-written state.
Here each server runs in a folder of its own, from a copy of ``langgraph.json`` whose
paths point back into the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _absolute(entry: str) -> str:
    """``./graphs/factory.py:make_graph`` → the same path from the repository root."""
    path, colon, attribute = entry.partition(":")
    if path.startswith((".", "/")) or "/" in path:
        path = str((REPO / path).resolve())
    return f"{path}{colon}{attribute}"


def isolated_config(folder: Path) -> Path:
    """Write ``folder/langgraph.json`` for a server whose working folder is ``folder``.

    Run ``langgraph dev --config <returned path>`` with ``cwd=folder``.
    """
    config = json.loads((REPO / "langgraph.json").read_text())
    config["dependencies"] = [_absolute(dep) for dep in config.get("dependencies", [])]
    config["graphs"] = {name: _absolute(spec) for name, spec in config["graphs"].items()}
    target = folder / "langgraph.json"
    target.write_text(json.dumps(config, indent=2))
    return target
