"""What the Dask and Spark tests share: the tokenizers (subword's and the Rust package's, from
the same fixture) and lines of the shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from subword import Tokenizer
from tests.shared_data import corpus_lines, corpus_path, fixture_path

TOKENIZERS = ["bert-base-uncased", "gpt2"]


def tokenizer_file(name: str) -> Path:
    return fixture_path(f"{name}/tokenizer.json")


def subword_tokenizer(name: str) -> Tokenizer:
    return Tokenizer.from_file(tokenizer_file(name))


def rust_tokenizer(name: str):  # type: ignore[no-untyped-def]
    tokenizers = pytest.importorskip("tokenizers")
    return tokenizers.Tokenizer.from_file(str(tokenizer_file(name)))


def texts() -> list[str]:
    """English prose and some lines of other scripts (with emoji), about 300 lines in all."""
    lines = corpus_lines(corpus_path("en_prose.txt"), 200)
    for language in ("de", "ru", "zh", "ar", "emoji"):
        lines += corpus_lines(corpus_path(f"multilingual/{language}.txt"), 20)
    return lines
