"""Counting and training from files on the worker pool: the counts of one process, whatever the
number of workers and however the files are cut into ranges.

The references are independent of subword's file reading: each file read whole by Python and
split at "\\n" (endings kept), its lines cut by `Tokenizer.words` and counted with a Counter; and
for training, the Rust package trained on the same files.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import given, settings, strategies as st

from subword import Tokenizer, TrainingError, count_words_in_files, set_num_workers
from subword import pre_tokenizers
from subword.core import line_ranges, pool
from subword.models import BPE
from subword.trainers import BpeTrainer
from tests.shared_data import corpus_path

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the pool is tested on POSIX")


@pytest.fixture(autouse=True)
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Ranges of a few hundred bytes, so that small files still make many ranges."""
    monkeypatch.setattr(line_ranges, "RANGE_BYTES", 300)
    yield
    set_num_workers(None)


@pytest.fixture(scope="module", autouse=True)
def stop_workers() -> Iterator[None]:
    yield
    pool.shutdown()


def byte_level() -> Tokenizer:
    tokenizer = Tokenizer(BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    return tokenizer


def reference_counts(tokenizer: Tokenizer, paths: list[Path]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for path in paths:
        pieces = path.read_bytes().decode("utf-8").split("\n")
        lines = [piece + "\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
        for line in lines:
            counts.update(tokenizer.words(line))
    return counts


def write(folder: Path, texts: list[str]) -> list[Path]:
    paths = []
    for index, text in enumerate(texts):
        path = folder / f"part{index}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


@pytest.mark.parametrize("workers", [0, 1, 2])
def test_counts_of_a_corpus_equal_one_process_counting(workers: int, tmp_path: Path) -> None:
    source = corpus_path("tiny_shakespeare.txt").read_bytes()[:60_000].decode("utf-8", "ignore")
    paths = write(tmp_path, [source[:25_000], "", source[25_000:] + "no newline at the end"])
    set_num_workers(workers)
    tokenizer = byte_level()
    counts = count_words_in_files(tokenizer, paths)
    assert dict(counts) == reference_counts(tokenizer, paths)
    if workers == 2:
        assert pool.worker_pids(), "the counting should have gone through the workers"


def test_relative_paths_after_the_workers_started_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the workers keep the working folder they started in: the ranges must name files absolutely
    source = corpus_path("tiny_shakespeare.txt").read_bytes()[:20_000].decode("utf-8", "ignore")
    set_num_workers(2)
    tokenizer = byte_level()
    count_words_in_files(tokenizer, write(tmp_path, [source]))  # starts the workers here
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    (moved / "corpus.txt").write_text(source + "moved", encoding="utf-8")
    monkeypatch.chdir(moved)
    counts = count_words_in_files(tokenizer, ["corpus.txt"])
    assert dict(counts) == reference_counts(tokenizer, [moved / "corpus.txt"])
    assert pool.worker_pids(), "the counting should have gone through the workers"


@settings(max_examples=15)
@given(
    texts=st.lists(st.text(st.sampled_from("ab c\n\r\té€"), max_size=900), min_size=1, max_size=3),
    workers=st.sampled_from([0, 1, 2]),
    size=st.integers(1, 400),
)
def test_any_files_any_ranges_any_workers(tmp_path_factory: pytest.TempPathFactory, texts: list[str], workers: int, size: int) -> None:
    paths = write(tmp_path_factory.mktemp("corpus"), texts)
    set_num_workers(workers)
    line_ranges.RANGE_BYTES = size
    tokenizer = Tokenizer(BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    assert dict(count_words_in_files(tokenizer, paths)) == reference_counts(tokenizer, paths)


def test_ranges_cover_each_file_at_line_starts(tmp_path: Path) -> None:
    data = b"one\ntwo\r\n\nthree four\nfive"
    [path] = write(tmp_path, [data.decode()])
    for size in range(1, len(data) + 2):
        ranges = list(line_ranges.line_ranges([str(path)], size))
        assert b"".join(line_ranges.read_bytes(r) for r in ranges) == data
        assert all(data[start - 1 : start] == b"\n" for _, start, _ in ranges[1:])


@pytest.mark.parametrize("workers", [0, 2])
def test_training_from_files_equals_the_rust_package(workers: int, tmp_path: Path) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="the Rust package is the reference")
    source = corpus_path("en_prose.txt").read_bytes()[:40_000].decode("utf-8", "ignore")
    paths = write(tmp_path, [source[:15_000], source[15_000:]])
    set_num_workers(workers)
    tokenizer = byte_level()
    tokenizer.train([str(p) for p in paths], BpeTrainer(vocab_size=400, show_progress=False,
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    rust = tokenizers.Tokenizer(tokenizers.models.BPE())
    rust.pre_tokenizer = tokenizers.pre_tokenizers.ByteLevel(add_prefix_space=False)
    rust.train([str(p) for p in paths], tokenizers.trainers.BpeTrainer(
        vocab_size=400, show_progress=False, initial_alphabet=tokenizers.pre_tokenizers.ByteLevel.alphabet()))
    assert tokenizer.get_vocab() == rust.get_vocab()
    assert tokenizer.to_str() == rust.to_str()


@pytest.mark.parametrize("workers", [0, 2])
def test_a_file_that_is_not_utf8_names_its_line(workers: int, tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"fine line\n" * 100 + b"caf\xe9\n" + b"more\n" * 100)
    set_num_workers(workers)
    with pytest.raises(TrainingError, match=r"latin1.txt, line 101: not valid UTF-8 \(invalid continuation byte at byte 3\)"):
        count_words_in_files(byte_level(), [path])


def _workers_seen_by_a_worker(tokenizer: Tokenizer, chunk: list) -> list[int]:
    return [pool.num_workers() for _ in chunk]


def test_a_worker_starts_no_workers_of_its_own() -> None:
    set_num_workers(2)
    assert byte_level().map_in_workers(_workers_seen_by_a_worker, list(range(8))) == [0] * 8


def test_training_from_files_stops_the_workers_before_learning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = write(tmp_path, ["to be or not to be\n" * 50, "that is the question\n" * 50])
    set_num_workers(2)
    tokenizer = byte_level()
    events: list[tuple[str, list[int]]] = []
    shutdown, learn = pool.shutdown, BpeTrainer.feed_counts
    monkeypatch.setattr(pool, "shutdown", lambda: (events.append(("counted", pool.worker_pids())), shutdown())[1])
    monkeypatch.setattr(BpeTrainer, "feed_counts", lambda self, counts: (events.append(("learn", pool.worker_pids())), learn(self, counts))[1])
    tokenizer.train([str(p) for p in paths], BpeTrainer(vocab_size=300, show_progress=False))
    assert [name for name, _ in events] == ["counted", "learn"]
    assert len(events[0][1]) == 2 and events[1][1] == []  # counted by 2 workers, gone before learning


def test_a_tokenizer_trained_after_pooled_counting_sends_its_trained_self(tmp_path: Path) -> None:
    # counting sends the untrained tokenizer to the workers; the batch after training must not
    from subword.tokenizer.training import train_tokenizer_from_files

    paths = write(tmp_path, ["to be or not to be\n" * 50, "that is the question\n" * 50])
    set_num_workers(2)
    tokenizer = byte_level()
    train_tokenizer_from_files(tokenizer, [str(p) for p in paths], BpeTrainer(vocab_size=300, show_progress=False))
    texts = ["to be or not to be, that is the question"] * 80
    pooled = tokenizer.encode_batch(texts)
    set_num_workers(0)
    assert pooled == tokenizer.encode_batch(texts) and pooled[0].ids
