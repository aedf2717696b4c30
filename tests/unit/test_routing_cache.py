"""The trained router is kept on disk between processes, and never trusted blindly."""

from __future__ import annotations

from pathlib import Path

import pytest

from nodes.routing import classifier
from nodes.routing.classifier import DepartmentClassifier, cache_key, trained_classifier

TEXT = "I want a refund for ORD-10501, I can't come anymore"


@pytest.fixture
def trainings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the trainings; each returns this process's trained model (no second second)."""
    model = trained_classifier()
    calls: list[int] = []

    def train() -> DepartmentClassifier:
        calls.append(1)
        return model

    monkeypatch.setattr(classifier, "train", train)
    return calls


def test_a_second_process_loads_what_the_first_trained(
    tmp_path: Path, trainings: list[int]
) -> None:
    first = classifier._load_or_train(tmp_path)
    [kept] = tmp_path.glob("router-*.pickle")
    assert kept.name == f"router-{cache_key()}.pickle"
    assert not list(tmp_path.glob(".router-*"))  # no temporary file left behind

    second = classifier._load_or_train(tmp_path)

    assert len(trainings) == 1
    assert second is not first  # read back from the file
    assert second.scores(TEXT) == first.scores(TEXT)
    assert (second.ngram_weights == first.ngram_weights).all()


def test_an_unreadable_cache_file_is_trained_again_and_replaced(
    tmp_path: Path, trainings: list[int]
) -> None:
    path = tmp_path / f"router-{cache_key()}.pickle"
    path.write_bytes(b"not a pickle")

    model = classifier._load_or_train(tmp_path)

    assert len(trainings) == 1
    assert classifier.best(model.scores(TEXT))[0] == "support"
    assert path.read_bytes() != b"not a pickle"
    classifier._load_or_train(tmp_path)
    assert len(trainings) == 1


def test_an_unwritable_folder_still_gives_a_classifier(
    tmp_path: Path, trainings: list[int]
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")

    model = classifier._load_or_train(blocked)

    assert classifier.best(model.scores(TEXT))[0] == "support"
    classifier._load_or_train(blocked)
    assert len(trainings) == 2  # nothing kept: each process trains, as before caching


def test_no_folder_means_no_cache(tmp_path: Path, trainings: list[int]) -> None:
    classifier._load_or_train(None)
    classifier._load_or_train(None)
    assert len(trainings) == 2


def test_the_key_follows_the_training_file(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache_key()
    real = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = real(path)
        return data + b"\n" if path.name == classifier.TRAINING_FILE else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert cache_key() != before
