"""`tokenize_corpus` and `subword tokenize-corpus`: shards read back with numpy are the ids of
each document, encoded one by one, each followed by the separator; resuming after an
interruption gives the bytes of an uninterrupted run.

The reference stream is built here without subword's file reading: each file read whole,
split at "\\n", line endings dropped, empty lines skipped, each line encoded alone with
`Tokenizer.encode(line, add_special_tokens=False)` (and, for GPT-2, checked against the Rust
package on the same lines).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path
from typing import Iterator

import numpy as np
import pytest

from subword import Tokenizer, set_num_workers, tokenize_corpus
from subword.core import line_ranges, pool
from subword.corpus import shards as module
from subword.errors import ArgumentValueError
from subword.models import WordLevel
from subword.pre_tokenizers import Whitespace
from tests.shared_data import corpus_path, fixture_path
from tests.test_cli import run_cli

# End to end (subprocesses, clusters, a browser): left out of the quick tier (-m 'not slow').
pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(line_ranges, "RANGE_BYTES", 2000)
    yield
    set_num_workers(None)


@pytest.fixture(scope="module", autouse=True)
def stop_workers() -> Iterator[None]:
    yield
    pool.shutdown()


def gpt2() -> Tokenizer:
    return Tokenizer.from_file(fixture_path("gpt2/tokenizer.json"))


def corpus(folder: Path) -> list[Path]:
    """Two files: English with blank lines and CRLF, and several scripts (multi-byte offsets)."""
    english = corpus_path("tiny_shakespeare.txt").read_bytes()[:12_000]
    english = english[: english.rfind(b"\n") + 1].replace(b"\n\n", b"\r\n\n", 5)
    other = b"".join(corpus_path(f"multilingual/{name}.txt").read_bytes()[:3000] for name in ("zh", "ru", "emoji"))
    other = other.decode("utf-8", "ignore").encode("utf-8") + b"last line without newline"
    paths = [folder / "en.txt", folder / "other.txt"]
    for path, data in zip(paths, (english, other)):
        path.write_bytes(data)
    return paths


def documents_of(paths: list[Path]) -> list[str]:
    lines = []
    for path in paths:
        for piece in path.read_bytes().decode("utf-8").split("\n"):
            text = piece[:-1] if piece.endswith("\r") else piece
            if text:
                lines.append(text)
    return lines


def reference_ids(tokenizer: Tokenizer, documents: list[str], separator: int) -> list[int]:
    """The documents encoded one by one, whole: the GPT-2 fixture truncates to 50 ids, pretraining data must not."""
    tokenizer = copy.deepcopy(tokenizer)
    tokenizer.no_truncation()
    ids: list[int] = []
    for document in documents:
        ids += tokenizer.encode(document, add_special_tokens=False).ids + [separator]
    return ids


def read_back(folder: Path) -> tuple[dict, np.ndarray]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    shards = [np.fromfile(folder / shard["file"], dtype=manifest["dtype"]) for shard in manifest["shards"]]
    for shard, entry in zip(shards, manifest["shards"]):
        assert len(shard) == entry["tokens"]
    return manifest, np.concatenate(shards)


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


@pytest.mark.parametrize("workers", [0, 2])
def test_shards_hold_each_document_then_the_separator(workers: int, tmp_path: Path) -> None:
    paths = corpus(tmp_path)
    tokenizer = gpt2()
    set_num_workers(workers)
    manifest = tokenize_corpus(tokenizer, paths, tmp_path / "out", shard_tokens=1000)
    documents = documents_of(paths)
    expected = reference_ids(tokenizer, documents, 50256)
    manifest, ids = read_back(tmp_path / "out")
    assert ids.dtype == np.uint16
    assert ids.tolist() == expected
    assert [s["tokens"] for s in manifest["shards"][:-1]] == [1000] * (len(manifest["shards"]) - 1)
    assert manifest["documents"] == sum(s["documents"] for s in manifest["shards"]) == len(documents)
    assert manifest["tokens"] == len(expected) and manifest["complete"]
    assert manifest["separator"] == {"token": "<|endoftext|>", "id": 50256}
    assert manifest["tokenizer_sha256"] == hashlib.sha256(tokenizer.to_str().encode("utf-8")).hexdigest()
    assert [s["path"] for s in manifest["sources"]] == [str(p.resolve()) for p in paths]
    assert sorted(os.listdir(tmp_path / "out")) == ["manifest.json"] + [s["file"] for s in manifest["shards"]]


def test_the_rust_package_gives_the_same_stream(tmp_path: Path) -> None:
    tokenizers = pytest.importorskip("tokenizers", reason="the Rust package is the reference")
    paths = corpus(tmp_path)
    set_num_workers(2)
    tokenize_corpus(gpt2(), paths, tmp_path / "out", shard_tokens=4096)
    rust = tokenizers.Tokenizer.from_file(str(fixture_path("gpt2/tokenizer.json")))
    rust.no_truncation()
    expected = []
    for encoding in rust.encode_batch(documents_of(paths), add_special_tokens=False):
        expected += encoding.ids + [50256]
    assert read_back(tmp_path / "out")[1].tolist() == expected


def word_level(largest: int) -> Tokenizer:
    tokenizer = Tokenizer(WordLevel({"[UNK]": 0, "a": 1, "b": largest - 1, "</s>": largest}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    tokenizer.add_special_tokens(["</s>"])
    return tokenizer


@pytest.mark.parametrize(("largest", "dtype"), [(65535, "uint16"), (65536, "uint32")])
def test_uint16_when_every_id_fits(largest: int, dtype: str, tmp_path: Path) -> None:
    source = tmp_path / "ab.txt"
    source.write_text("a b\nb b a\n\nc\n", encoding="utf-8")
    manifest = tokenize_corpus(word_level(largest), [source], tmp_path / "out")
    assert manifest["dtype"] == dtype
    _, ids = read_back(tmp_path / "out")
    assert ids.dtype == np.dtype(dtype)
    assert ids.tolist() == [1, largest - 1, largest, largest - 1, largest - 1, 1, largest, 0, largest]


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("workers", [0, 2])
@pytest.mark.parametrize("stop_at", ["shard 0", "shard 3", "manifest 2", "manifest 5"])
def test_a_resumed_run_writes_the_bytes_of_an_uninterrupted_one(workers: int, stop_at: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    paths = corpus(tmp_path)
    set_num_workers(workers)
    tokenize_corpus(gpt2(), paths, tmp_path / "whole", shard_tokens=700)
    what, number = stop_at.split()
    calls = {"shard": 0, "manifest": 0}
    real_bytes, real_text = module.atomic_write_bytes, module.atomic_write_text

    def counting(kind: str, real):  # type: ignore[no-untyped-def]
        def write(path, data):  # type: ignore[no-untyped-def]
            if kind == what and calls[kind] == int(number):
                raise Interrupted(path)
            calls[kind] += 1
            return real(path, data)
        return write

    monkeypatch.setattr(module, "atomic_write_bytes", counting("shard", real_bytes))
    monkeypatch.setattr(module, "atomic_write_text", counting("manifest", real_text))
    with pytest.raises(Interrupted):
        tokenize_corpus(gpt2(), paths, tmp_path / "resumed", shard_tokens=700)
    monkeypatch.undo()
    (tmp_path / "resumed" / ".shard_00009.bin.0123456789ab.tmp").write_bytes(b"left by a kill")  # as a kill leaves it
    line_ranges.RANGE_BYTES = 3000  # resuming need not cut the files as the first run did
    tokenize_corpus(gpt2(), paths, tmp_path / "resumed", shard_tokens=700)
    assert folder_bytes(tmp_path / "resumed") == folder_bytes(tmp_path / "whole")


def test_a_complete_run_is_left_alone_and_other_settings_are_refused(tmp_path: Path) -> None:
    paths = corpus(tmp_path)
    out = tmp_path / "out"
    tokenize_corpus(gpt2(), paths, out, shard_tokens=5000)
    before = folder_bytes(out)
    tokenize_corpus(gpt2(), paths, out, shard_tokens=5000)
    assert folder_bytes(out) == before
    with pytest.raises(ArgumentValueError, match=r"other settings \(shard_tokens differ\); pass overwrite=True"):
        tokenize_corpus(gpt2(), paths, out, shard_tokens=4000)
    with pytest.raises(ArgumentValueError, match=r"sources differ"):
        tokenize_corpus(gpt2(), paths[:1], out, shard_tokens=5000)
    tokenize_corpus(gpt2(), paths[:1], out, shard_tokens=4000, overwrite=True)
    manifest, ids = read_back(out)
    assert ids.tolist() == reference_ids(gpt2(), documents_of(paths[:1]), 50256)
    assert sorted(os.listdir(out)) == ["manifest.json"] + [s["file"] for s in manifest["shards"]]


def test_the_separator(tmp_path: Path) -> None:
    source = tmp_path / "ab.txt"
    source.write_text("a b\n", encoding="utf-8")
    tokenizer = Tokenizer(WordLevel({"[UNK]": 0, "a": 1, "b": 2, "<sep>": 3}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = Whitespace()
    with pytest.raises(ArgumentValueError, match=r"no end-of-text token .* separator=\.\.\."):
        tokenize_corpus(tokenizer, [source], tmp_path / "out")
    with pytest.raises(ArgumentValueError, match=r"the separator '<nope>' is not a token"):
        tokenize_corpus(tokenizer, [source], tmp_path / "out", separator="<nope>")
    tokenize_corpus(tokenizer, [source], tmp_path / "out", separator="<sep>")
    assert read_back(tmp_path / "out")[1].tolist() == [1, 2, 3]


def test_json_lines(tmp_path: Path) -> None:
    source = tmp_path / "docs.jsonl"
    records = [{"text": "Hello world", "id": 1}, {"text": "two\nlines", "id": 2}, {"text": ""}]
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    tokenize_corpus(gpt2(), [source], tmp_path / "out", jsonl_field="text")
    assert read_back(tmp_path / "out")[1].tolist() == reference_ids(gpt2(), ["Hello world", "two\nlines"], 50256)
    source.write_text('{"text": "fine"}\n{"body": "x"}\n', encoding="utf-8")
    with pytest.raises(ArgumentValueError, match=r"docs.jsonl, line 2: no 'text' field \(found keys \['body'\]\)"):
        tokenize_corpus(gpt2(), [source], tmp_path / "other", jsonl_field="text")


def test_cli(tmp_path: Path) -> None:
    paths = corpus(tmp_path)
    tokenizer = fixture_path("gpt2/tokenizer.json")
    result = run_cli("tokenize-corpus", "-t", str(tokenizer), "--output", str(tmp_path / "out"),
                     "--shard-tokens", "3000", *map(str, paths))
    assert result.returncode == 0, result.stderr
    manifest, ids = read_back(tmp_path / "out")
    assert ids.tolist() == reference_ids(gpt2(), documents_of(paths), 50256)
    assert result.stdout.startswith(f"{manifest['tokens']} tokens of {manifest['documents']} documents in ")
    result = run_cli("tokenize-corpus", "-t", str(tokenizer), "--output", str(tmp_path / "out"), str(paths[0]))
    assert result.returncode == 2
    assert "other settings" in result.stderr and "--overwrite" in result.stderr


def test_killed_command_resumes_to_the_same_bytes(tmp_path: Path) -> None:
    """A real SIGKILL of `subword tokenize-corpus` once it has written a shard, then the same command."""
    import signal
    import subprocess
    import sys
    import time

    from tests.shared_data import REPO_ROOT

    paths = corpus(tmp_path) * 6
    tokenizer = str(fixture_path("gpt2/tokenizer.json"))
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    command = [sys.executable, "-m", "subword", "tokenize-corpus", "-t", tokenizer, "--shard-tokens", "2000", *map(str, paths)]
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "SUBWORD_NUM_WORKERS": "1"}
    assert subprocess.run([*command, "-o", str(whole)], env=environment, capture_output=True).returncode == 0
    process = subprocess.Popen([*command, "-o", str(resumed)], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline and not (resumed / "shard_00001.bin").exists():
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert subprocess.run([*command, "-o", str(resumed)], env=environment, capture_output=True).returncode == 0
    assert folder_bytes(resumed) == folder_bytes(whole)
