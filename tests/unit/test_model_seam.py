"""One seam for the model: nothing outside ``adapters/`` knows which model runs.

The application layers (graphs, nodes, tools, prompts, server, domain, the CLI) get
their model from the factory and ask capability questions of ``adapters`` (for
instance ``adapters.models.routing_judge``); they never import the offline model or
test for it. ``evals/``, ``bench/`` and ``tests/`` are exempt: they measure the offline
model itself.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPLICATION = ("graphs", "nodes", "tools", "prompts", "server", "domain", "switchboard")
OFFLINE_PACKAGE = "adapters.offline"
FORBIDDEN_NAMES = ("OfflineChatModel", "is_offline_model")
OFFLINE_TEST = re.compile(
    r"""(==|!=|\bin)\s*\(?\s*['"]offline['"]|['"]offline['"]\s*(==|!=)|OFFLINE\s*=\s*['"]offline"""
)
"""Comparing the model setting with "offline" (the seam's ``model_kind`` says what it is)."""


def application_modules() -> list[Path]:
    """Every Python module of the application layers."""
    return sorted(p for layer in APPLICATION for p in (ROOT / layer).rglob("*.py"))


def offline_imports(source: str) -> list[str]:
    """Modules under ``adapters.offline`` that ``source`` imports, however it spells it."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith(OFFLINE_PACKAGE)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(OFFLINE_PACKAGE):
                found.append(node.module)
            elif node.module == "adapters":
                found += [f"adapters.{a.name}" for a in node.names if a.name == "offline"]
        elif isinstance(node, ast.Call) and node.args:  # import_module("adapters.offline")
            first = node.args[0]
            if isinstance(first, ast.Constant) and str(first.value).startswith(OFFLINE_PACKAGE):
                found.append(str(first.value))
    return found


def test_the_application_layers_are_found() -> None:
    modules = application_modules()
    assert len(modules) > 100
    assert ROOT / "graphs" / "supervisor.py" in modules
    assert ROOT / "nodes" / "routing" / "fallback.py" in modules


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from adapters.offline import OfflineChatModel", ["adapters.offline"]),
        ("import adapters.offline.model as m", ["adapters.offline.model"]),
        ("from adapters import offline", ["adapters.offline"]),
        ("importlib.import_module('adapters.offline.structured')", ["adapters.offline.structured"]),
        ("from adapters.models import routing_judge", []),
        ("from adapters.local_answers import register_local_answer", []),
    ],
)
def test_the_import_check_sees_every_spelling(source: str, expected: list[str]) -> None:
    assert offline_imports(source) == expected


def test_no_application_module_imports_the_offline_model() -> None:
    offenders = {
        str(path.relative_to(ROOT)): found
        for path in application_modules()
        if (found := offline_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}


def test_no_application_module_names_the_offline_model() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in application_modules()
        for name in FORBIDDEN_NAMES
        if name in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("offline = settings.model == 'offline'", True),
        ('if "offline" != name:', True),
        ('OFFLINE = "offline"', True),
        ('model: str = Field(default="offline")', False),
        ('detail = "Offline deterministic model"', False),
    ],
)
def test_the_setting_check_sees_comparisons_only(source: str, found: bool) -> None:
    assert bool(OFFLINE_TEST.search(source)) is found


def test_no_application_module_tests_the_model_setting_for_offline() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in application_modules()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OFFLINE_TEST.search(line)
    ]
    assert offenders == []


def test_the_routing_judge_is_the_seams_answer() -> None:
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    from adapters.models import routing_judge
    from adapters.offline import OfflineChatModel

    provider = GenericFakeChatModel(messages=iter([]))
    assert routing_judge(OfflineChatModel()) is None
    assert routing_judge(provider) is provider
