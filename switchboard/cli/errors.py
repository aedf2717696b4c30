"""One-line CLI failures (a module light enough for commands that must start fast)."""

from __future__ import annotations

from typing import NoReturn

import typer


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` as one line on stderr and leave with exit ``code``."""
    typer.echo(" ".join(message.split()), err=True)
    raise typer.Exit(code)
