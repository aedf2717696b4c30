"""``switchboard route``: which departments would handle a request, without running it.

Uses the offline router (local classifier, no model): an unsure route keeps the
classifier's answer and reports ``llm_calls`` 0.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from switchboard.cli.errors import fail


def route_json(text: str) -> dict[str, Any]:
    """The route of ``text`` as the command prints it."""
    from nodes.routing import route  # numpy and the embedded model: only when asked

    decision = route(text)
    return {
        "agents": decision["agents"],
        "confidence": decision["confidence"],
        "llm_calls": decision["llm_calls"],
    }


def read_requests(path: Path) -> list[str]:
    """The ``text`` of every non-blank line of a JSONL file; exit 2 on a bad line."""
    try:
        lines = (sys.stdin.read() if str(path) == "-" else path.read_text("utf-8")).splitlines()
    except FileNotFoundError:
        fail(f"--jsonl: no such file: {path}", code=2)
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"--jsonl: cannot read {path}: {exc}", code=2)
    texts = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            fail(f"--jsonl line {number}: not valid JSON ({exc.msg})", code=2)
        text = row.get("text") if isinstance(row, dict) else None
        if not isinstance(text, str) or not text.strip():
            fail(f'--jsonl line {number}: expected an object with a non-empty "text"', code=2)
        texts.append(text)
    return texts


def route(
    text: Annotated[str | None, typer.Argument(help="The request, in plain words.")] = None,
    jsonl: Annotated[
        Path | None,
        typer.Option(
            "--jsonl",
            help='Route every line {"text": ...} of this file ("-" for stdin); '
            "prints one JSON line per input.",
        ),
    ] = None,
) -> None:
    """Print the departments a request goes to, the confidence and the LLM calls, as JSON."""
    if (text is None) == (jsonl is None):
        fail("give either a request TEXT or --jsonl FILE", code=2)
    if text is not None:
        if not text.strip():
            fail("the request TEXT is empty", code=2)
        typer.echo(json.dumps(route_json(text), ensure_ascii=False))
        return
    assert jsonl is not None
    for request in read_requests(jsonl):
        typer.echo(json.dumps({"text": request, **route_json(request)}, ensure_ascii=False))
