"""The serving benchmark waits a settable time for its server and says why it gave up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import concurrent_clients
from switchboard.settings import Settings


def test_a_server_that_never_gets_ready_fails_with_the_wait_and_the_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[subprocess.Popen[bytes]] = []
    real_popen = subprocess.Popen

    def silent_server(argv: list[str], **kwargs: Any) -> subprocess.Popen[bytes]:
        # A process that stays up and never answers on the port it was given.
        started.append(
            real_popen(
                [sys.executable, "-uc", "import time; print('starting'); time.sleep(60)"], **kwargs
            )
        )
        return started[-1]

    monkeypatch.setattr(concurrent_clients.subprocess, "Popen", silent_server)
    settings = Settings(data_dir=tmp_path)
    with (
        pytest.raises(RuntimeError, match=r"(?s)within 0\.5 s .*--ready-seconds.*starting"),
        concurrent_clients.server_process(settings, 0.0, tmp_path, ready_seconds=0.5),
    ):
        pytest.fail("the server was taken as ready")
    assert started and started[0].poll() is not None  # stopped on the way out


def test_the_default_wait_is_long_enough_for_a_loaded_machine() -> None:
    assert concurrent_clients.READY_SECONDS >= 300
    with pytest.raises(SystemExit):
        concurrent_clients.main(["--ready-seconds", "0"])
