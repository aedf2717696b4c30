"""The embedded model of meaning: sentence vectors from wordllama, loaded with no network.

``sentence_embedder()`` returns the process's one ``SentenceEmbedder``; the model loads
the first time a text is embedded (about 0.2 s import + 0.15 s load), under a lock, so
concurrent first calls load it once. The weights (``l2_supercat``, 256 dimensions, 16 MB)
and the tokenizer ship inside the ``wordllama`` wheel; they are read from the package's
own folder with downloads disabled, so no Hugging Face cache or network is ever used.

Vectors are unit length (cosine similarity is a dot product). An empty or
whitespace-only text embeds to the zero vector instead of wordllama's NaNs.

Routing, the offline model's tool choice and the knowledge-base search use it; nothing
else needs to know which embedding model runs.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from wordllama.inference import WordLlamaInference

MODEL_CONFIG = "l2_supercat"
DIMENSIONS = 256
MODEL_NAME = f"wordllama:{MODEL_CONFIG}-{DIMENSIONS}"


class EmbeddingModelError(RuntimeError):
    """The embedded model could not be loaded (the wheel is incomplete or missing)."""


def _import_wordllama() -> tuple[Any, Path]:
    """Import wordllama without the root-logger configuration its import performs.

    ``wordllama.inference`` calls ``logging.basicConfig(level=INFO)`` at import, which
    would make every library's INFO records appear in a CLI's output. The root logger's
    handlers and level are put back as they were.
    """
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        import wordllama
        from wordllama import WordLlama
    finally:
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
        root.setLevel(level)
    return WordLlama, Path(wordllama.__file__).parent


class SentenceEmbedder:
    """Unit-length sentence vectors from the wordllama model in the installed wheel."""

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self) -> None:
        self._model: WordLlamaInference | None = None
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory already."""
        return self._model is not None

    def model(self) -> WordLlamaInference:
        """The loaded model (loaded now, once, if this is the first call)."""
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    @staticmethod
    def _load() -> WordLlamaInference:
        word_llama, package = _import_wordllama()
        try:
            # The wheel holds weights/<config>_<dim>.safetensors (found as the package's
            # own file) and tokenizers/<config>_tokenizer_config.json (found only through
            # cache_dir, which is why the package folder is passed as the cache).
            model: WordLlamaInference = word_llama.load(
                config=MODEL_CONFIG, dim=DIMENSIONS, cache_dir=package, disable_download=True
            )
        except (FileNotFoundError, OSError) as exc:
            raise EmbeddingModelError(
                f"the wordllama model is not in the installed package ({exc}); "
                "reinstall it with: pip install --force-reinstall wordllama"
            ) from exc
        return model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length float32 row per text (zeros for a text with no words).

        Args:
            texts: the texts, any language; each is embedded on its own.

        Returns:
            An array of shape ``(len(texts), dimensions)``.
        """
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        present = [i for i, text in enumerate(texts) if text.strip()]
        if not present:
            return out
        vectors = self.model().embed([texts[i] for i in present], norm=False)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        out[present] = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
        return out

    def embed_one(self, text: str) -> np.ndarray:
        """The vector of one text."""
        return self.embed([text])[0]


@cache
def sentence_embedder() -> SentenceEmbedder:
    """The process's embedder (the model itself loads on first use)."""
    return SentenceEmbedder()


@cache
def tokenizer_words(min_length: int = 5) -> frozenset[str]:
    """Whole words of ``min_length`` letters or more in the model's tokenizer vocabulary.

    The tokenizer lists the common words of the languages it was trained on (about 7,900
    English words of six letters or more): a dictionary that ships with the wheel, which
    the spelling correctors use to tell a real word from a typo. Empty when the tokenizer
    files cannot be read.
    """
    try:
        _word_llama, package = _import_wordllama()
        words: set[str] = set()
        for config in (package / "tokenizers").glob("*_tokenizer_config.json"):
            vocab = json.loads(config.read_text(encoding="utf-8"))["model"]["vocab"]
            words |= {
                token[1:]
                for token in vocab
                if token.startswith("▁") and token[1:].isalpha() and len(token) > min_length
            }
        return frozenset(words)
    except (ImportError, OSError, KeyError, ValueError):
        return frozenset()
