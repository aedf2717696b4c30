"""The embedded sentence model: offline loading, one load per process, meaningful vectors."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading

import numpy as np
import pytest

from adapters.embeddings import DIMENSIONS, SentenceEmbedder, sentence_embedder

NO_NETWORK = """
import json, socket, sys
def refuse(*args, **kwargs):
    raise OSError("network disabled in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
from adapters.embeddings import sentence_embedder
vector = sentence_embedder().embed(["where is my refund"])[0]
print(json.dumps({"norm": float((vector ** 2).sum() ** 0.5), "modules": sorted(sys.modules)}))
"""


def test_model_loads_and_embeds_with_the_network_and_the_hub_cache_unavailable(tmp_path) -> None:
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "HOME": str(tmp_path),  # no ~/.cache/wordllama or Hugging Face cache to fall back on
        "PYTHONPATH": os.getcwd(),
    }
    out = subprocess.run(
        [sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, env=env, check=True
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["norm"] == pytest.approx(1.0, abs=1e-5)
    assert "huggingface_hub" not in result["modules"]
    assert not (tmp_path / ".cache").exists()


def test_vectors_are_unit_length_and_blank_text_is_zero() -> None:
    vectors = sentence_embedder().embed(["refund my ticket", "", "   ", "forecast attendance"])
    assert vectors.shape == (4, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0, 0.0, 0.0, 1.0], abs=1e-5)
    assert sentence_embedder().embed([]).shape == (0, DIMENSIONS)


def test_paraphrases_are_closer_than_other_topics() -> None:
    embed = sentence_embedder().embed_one
    money_back = embed("I would like my money returned")
    assert money_back @ embed("refund this order") > money_back @ embed("forecast attendance")
    car = embed("where can I leave my car")
    assert car @ embed("parking at the venue") > car @ embed("wi-fi password")


def test_the_model_loads_once_under_concurrent_first_calls(monkeypatch) -> None:
    embedder = SentenceEmbedder()
    loads = []
    real_load = SentenceEmbedder._load

    def counting_load() -> object:
        loads.append(threading.get_ident())
        return real_load()

    monkeypatch.setattr(SentenceEmbedder, "_load", staticmethod(counting_load))
    models: list[object] = []
    threads = [threading.Thread(target=lambda: models.append(embedder.model())) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(loads) == 1
    assert len({id(model) for model in models}) == 1
    assert embedder.loaded


def test_the_process_has_one_embedder() -> None:
    assert sentence_embedder() is sentence_embedder()


def test_importing_wordllama_leaves_the_root_logger_alone() -> None:
    probe = """
import logging, json
from adapters.embeddings import sentence_embedder
sentence_embedder().embed(["x"])
root = logging.getLogger()
print(json.dumps({"handlers": len(root.handlers), "level": root.level}))
"""
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "handlers": 0,
        "level": logging.WARNING,
    }
    assert "INFO" not in out.stderr
